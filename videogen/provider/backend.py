"""Which API the app talks to: the configured APIMart base URL, or the embedded sandbox simulator."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from videogen import settings
from videogen.provider.apimart import ApimartClient
from videogen.provider.sandbox.simulator import Simulator, SimulatorState

SANDBOX_KEY = "sandbox"
SANDBOX_FILE = "sandbox.sqlite3"
_sandbox: Simulator | None = None
_sandbox_lock = threading.Lock()


@dataclass(frozen=True)
class Backend:
    base_url: str
    sandbox: bool  # no key configured: the embedded simulator answers


def sandbox_simulator() -> Simulator:
    """The embedded simulator, started once per process on a free loopback port. Its tasks are kept in
    the data folder, so after a crash and a restart it still knows them and finishes them."""
    global _sandbox
    with _sandbox_lock:
        if _sandbox is None:
            kept = settings.data_dir() / SANDBOX_FILE
            state = SimulatorState.kept_in(kept, api_key=SANDBOX_KEY, complete_after=settings.sandbox_seconds())
            _sandbox = Simulator(state).start()
        return _sandbox


def current(key: str | None = None, base: str | None = None) -> tuple[Backend, ApimartClient]:
    """The backend for a key and base URL (default: from configuration), and a client for it.
    No key means sandbox mode."""
    key = settings.api_key() if key is None else key
    if key:
        base = base or settings.base_url()
        return Backend(base, sandbox=False), ApimartClient(base, key)
    simulator = sandbox_simulator()
    return Backend(simulator.base_url, sandbox=True), ApimartClient(simulator.base_url, SANDBOX_KEY, secret=False)
