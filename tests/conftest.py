"""Shared fixtures: the simulator and a fault server on loopback, a fake resolver, a fresh data folder."""

from __future__ import annotations

import fcntl
import os
import socket
import tempfile
import time
from pathlib import Path

import pytest

from devtools.clocks import AheadClock
from tests.faultserver import FaultServer
from videogen import catalog as catalog_module
from videogen import settings
from videogen.provider.apimart import ApimartClient
from videogen.provider.retrying import RetryPolicy
from videogen.provider.sandbox.simulator import Simulator, SimulatorState
from videogen.tasks.store import TaskStore


@pytest.fixture(autouse=True, scope="session")
def components_found_once():
    """Every AppTest scans the installed packages for Streamlit components on its first run (about 0.75 s here,
    and a test makes one or more); a real server does it once at start. The tests share one scan per process."""
    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.testing.v1 import app_test

    found = BidiComponentManager()
    found.discover_and_register_components(start_file_watching=False)
    found.discover_and_register_components = lambda **_: None  # type: ignore[method-assign]
    original = app_test.BidiComponentManager
    app_test.BidiComponentManager = lambda: found  # type: ignore[assignment,misc]
    yield
    app_test.BidiComponentManager = original  # type: ignore[misc]


def _alone(item) -> bool:
    return item is not None and item.get_closest_marker("alone") is not None


def _first(item) -> tuple[int, int]:
    """The order the workers take the tests in (each group whole): the timing-heavy browser tests first, the two that
    run alone at their head, one after the other; the quick piece tests next, so that the tests the other workers
    are in when the lone ones start end within a second (the lone ones wait for them); then the long browser tests,
    the other browser tests, the other long tests (`long`), the page tests and the rest, so that the long ones start
    early and the short ones fill the end of the run."""
    path = item.nodeid
    if path.startswith("tests/e2e/") and (item.get_closest_marker("xdist_group") or _alone(item)):
        return 0, 0 if _alone(item) else 1
    if path.startswith("tests/ui/"):
        return 1, 0
    if path.startswith("tests/e2e/"):
        return (2 if item.get_closest_marker("long") else 3), 0
    if item.get_closest_marker("long"):
        return 4, 0
    return (5 if path.startswith("tests/app/") else 6), 0


def pytest_collection_modifyitems(items):
    items.sort(key=_first)  # stable: each file's own order is kept


_held: tuple | None = None  # this worker's gate and room, kept from a lone test to the lone test it runs next


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """A test marked `alone` runs while no other worker runs a test: it measures time (clicks 5 ms apart, pages
    within 30 s) and the two cores are its own; the others wait for it, then go on. Two locks shared by the
    workers of one run: a gate the lone test closes first (so no new test starts while it waits), then the room
    it takes whole once the tests running in it have left; a lone test followed by another on the same worker keeps
    both for it (one wait for the room, not two). Without workers (`-n 0`) nothing waits."""
    global _held
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        yield
        return
    alone = _alone(item)
    if _held is not None:
        gate, room = _held  # the lone test before this one kept them
    else:
        folder = Path(tempfile.gettempdir())
        gate = open(folder / f"videogen-tests-{run}.gate", "a")  # noqa: SIM115 - closed below, or by the next lone test
        room = open(folder / f"videogen-tests-{run}.room", "a")  # noqa: SIM115
        fcntl.flock(gate, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        fcntl.flock(room, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        if not alone:
            fcntl.flock(gate, fcntl.LOCK_UN)  # in: the gate is open to the next test, or to a lone one
    try:
        yield
    finally:
        if alone and _alone(nextitem):
            _held = (gate, room)
        else:
            _held = None
            fcntl.flock(room, fcntl.LOCK_UN)
            fcntl.flock(gate, fcntl.LOCK_UN)
            room.close()
            gate.close()


TEST_KEY = "sk-test-SECRET-5f1e2d3c4b5a69788796a5b4c3d2e1f0"
FAST_RETRY = RetryPolicy(backoff=0.01, backoff_max=0.05, retry_after_max=0.2)


@pytest.fixture(autouse=True)
def secrets_read_at_once(monkeypatch):
    """A test that writes a secrets file and reads a setting right after sees it at once (a running app looks at
    the files at most once a second: `test_settings` checks that)."""
    monkeypatch.setattr(settings, "LOOK_AGAIN", 0.0)


@pytest.fixture
def catalog():
    return catalog_module.builtin()


@pytest.fixture
def clock():
    return AheadClock()


@pytest.fixture
def simulator(clock):
    # The test key's model list still names Sora 2 (retired upstream): the tests written on it stay meaningful.
    state = SimulatorState(api_key=TEST_KEY, complete_after=1.0, hang_seconds=3.0, clock=clock, lists_retired=True)
    sim = Simulator(state).start()
    yield sim
    sim.stop()


@pytest.fixture
def client(simulator):
    c = ApimartClient(simulator.base_url, TEST_KEY, retry=FAST_RETRY, timeout=(2.0, 2.0))
    yield c
    c.close()


@pytest.fixture
def faults():
    server = FaultServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL cluster for the whole run, started when a test first needs it. Missing PostgreSQL fails
    the test that needs it, saying how to install it: it never passes silently."""
    from devtools.postgres import Cluster

    try:
        cluster = Cluster().start()
    except RuntimeError as missing:
        pytest.fail(str(missing))
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """The task store, once in a SQLite file and once in PostgreSQL: every test that takes it runs on both."""
    if request.param == "sqlite":
        yield TaskStore(tmp_path / "history.sqlite3")
        return
    store = TaskStore(request.getfixturevalue("postgres").migrated())  # a copy of a migrated database
    yield store
    store.database.close()


def _numeric(name: str) -> bool:
    """A literal address in any form the C library accepts (dotted, decimal, hex, octal, IPv6)."""
    try:
        socket.inet_aton(name)
        return True
    except OSError:
        pass
    try:
        socket.inet_pton(socket.AF_INET6, name.strip("[]"))
        return True
    except OSError:
        return False


@pytest.fixture
def fake_dns(monkeypatch):
    """Names other than localhost resolve through this table only: nothing asks a real resolver."""
    table: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        if name in table:
            address = table[name]
            fam = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port or 0, 0, 0) if fam == socket.AF_INET6 else (address, port or 0)
            return [(fam, socket.SOCK_STREAM, 6, "", sockaddr)]
        if name == "localhost" or _numeric(name):
            return real(host, port, family, type, proto, flags)  # loopback, or a literal: no lookup happens
        raise socket.gaierror(socket.EAI_NONAME, f"fake resolver: {name} is not in the table")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


PUBLIC_IP = "93.184.216.34"  # a global address; nothing is ever sent there (see public_host)


@pytest.fixture
def connections(monkeypatch):
    """Every connect() attempted, in order. The global guard still refuses any non-loopback one."""
    attempts: list = []
    guarded = socket.socket.connect

    def connect(self, address):
        attempts.append(address)
        return guarded(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.fixture
def public_host(faults, fake_dns, monkeypatch):
    """`images.example.com` resolves to a public address, so the default (strict) policy lets it through;
    the connection itself is rerouted to the loopback fault server at the very last step."""
    import urllib3.util.connection as urllib3_connection

    real = urllib3_connection.create_connection

    def create_connection(address, *args, **kwargs):
        host, port = address
        if host == PUBLIC_IP and port == 80:
            address = ("127.0.0.1", faults.port)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3_connection, "create_connection", create_connection)
    fake_dns["images.example.com"] = PUBLIC_IP
    return faults


@pytest.fixture(autouse=True, scope="session")
def no_tracker_outlives_the_run():
    """Every tracker a test starts is stopped by the test's own teardown: none is left polling a server
    that is gone (which slowed the browser tests that came later)."""
    import threading

    yield
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        left = [t for t in threading.enumerate() if t.name in ("videogen-tracker", "videogen-batches") and t.is_alive()]
        if not left:
            return
        time.sleep(0.1)
    pytest.fail(f"{len(left)} tracker thread(s) still running after the tests")


def send(store, provider, catalog, request, key, *, on_retry=None, **intent):
    """Submit `request` (validated against `catalog`) under `key`, as the studio does."""
    from videogen.tasks.submission import Intent, submit

    return submit(store, provider, Intent(request.validate(catalog), key, **intent), on_retry)
