"""A 1,000-row batch at 60 requests per minute on a test clock, against the simulator over HTTP: the most
sends in any minute (never above the limit), and what scheduling costs per row: the queue's own work
(store, rate window, intents) with the POSTs taken out, and its rate decision against the naive one that
counts every send so far."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.measure import Row
from devtools.clocks import SteppedClock
from videogen import catalog as catalog_module
from videogen.provider.apimart import ApimartClient
from videogen.provider.sandbox.simulator import Simulator, SimulatorState
from videogen.request import batch_file
from videogen.tasks.batch_runner import BatchRunner
from videogen.tasks.batches import BatchQueue
from videogen.tasks.rate_window import WINDOW, RateWindow, most_in_any_window
from videogen.tasks.store import TaskStore

ROWS = 1000
PER_MINUTE = 60


class Timed:
    """The real client; each submit's test-clock time and wall time noted."""

    def __init__(self, client: ApimartClient, clock: SteppedClock):
        self.client, self.clock = client, clock
        self.times: list[float] = []
        self.posting = 0.0

    def for_queue(self) -> Timed:
        self.client = self.client.for_queue()
        return self

    def submit_receipt(self, payload, key, *, on_retry=None):
        self.times.append(self.clock())
        started = time.perf_counter()
        try:
            return self.client.submit_receipt(payload, key, on_retry=on_retry)
        finally:
            self.posting += time.perf_counter() - started

    def __getattr__(self, name):
        return getattr(self.client, name)


def naive_wait(log: list[float], now: float, limit: int) -> float:
    """The naive window: count every send of the last minute by scanning the whole log."""
    recent = [t for t in log if t > now - WINDOW]
    return 0.0 if len(recent) < limit else min(recent) + WINDOW - now


def decisions(limit: int) -> tuple[float, float]:
    """Seconds per rate decision over ROWS sends: (naive, ours)."""
    results = []
    for decide in ("naive", "ours"):
        clock, log, window = SteppedClock(), [], RateWindow(limit)
        started = time.perf_counter()
        for _ in range(ROWS):
            wait = naive_wait(log, clock(), limit) if decide == "naive" else window.wait(clock())
            clock.sleep(wait)
            log.append(clock())
            window.sent(clock())
        results.append((time.perf_counter() - started) / ROWS)
    return results[0], results[1]


def batch(runs: int) -> list[Row]:
    catalog = catalog_module.builtin()
    data = ("prompt,model,duration\n" + "".join(f"take {n},sora-2-preview,4\n" for n in range(ROWS))).encode()
    read = batch_file.read(data, catalog)
    with (
        Simulator(SimulatorState(api_key="bench", complete_after=3600)) as simulator,
        tempfile.TemporaryDirectory() as folder,
    ):
        store = TaskStore(Path(folder) / "history.sqlite3")
        queue = BatchQueue(store.tables)
        queue.create("bench", [(r.number, r.request.request, r.estimate) for r in read.ready], per_minute=PER_MINUTE)
        clock = SteppedClock()
        provider = Timed(ApimartClient(simulator.base_url, "bench"), clock)
        runner = BatchRunner(
            queue, store, provider, catalog=lambda: catalog, budget=lambda: None, simulated=False, clock=clock
        )
        started = time.perf_counter()
        runner.run_until_idle(clock.sleep)
        wall = time.perf_counter() - started
        sent = len(simulator.state.tasks)
    most = most_in_any_window(provider.times)
    scheduling = (wall - provider.posting) / ROWS
    naive, ours = decisions(PER_MINUTE)
    return [
        Row(
            f"batch of {ROWS} rows at {PER_MINUTE}/min on a test clock, simulator over HTTP",
            "-",
            f"{sent} sent in {(provider.times[-1] - provider.times[0]) / 60:.1f} test minutes; most in any minute: {most}",
            "never above" if most <= PER_MINUTE else f"OVER by {most - PER_MINUTE}",
            f"<= {PER_MINUTE} in any minute",
            f"wall {wall:.1f} s, of which POSTs {provider.posting:.1f} s; scheduling "
            f"{scheduling * 1000:.2f} ms per row (store, window, intents)",
        ),
        Row(
            f"rate decision per row ({ROWS} sends, limit {PER_MINUTE}/min)",
            f"{naive * 1e6:.1f} us (scan every send)",
            f"{ours * 1e6:.2f} us (last {PER_MINUTE} only)",
            f"{naive / ours:.0f}x faster",
            "O(1) per row",
        ),
    ]
