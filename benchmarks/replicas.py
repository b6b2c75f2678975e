"""1,000 unfinished tasks followed by two replicas on one PostgreSQL: polls per task per round (counted at
the simulator) and the round's time, against the naive way (each replica follows every task)."""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.measure import Row
from devtools.postgres import Cluster
from videogen.provider.apimart import ApimartClient
from videogen.provider.sandbox.simulator import Simulator, SimulatorState
from videogen.tasks.store import TaskStore
from videogen.tasks.tracker import Tracker

TASKS = 1000
LATENCY = 0.02


class _Naive(Tracker):
    """A replica without leases: every unfinished task it finds, it polls."""

    def refresh(self):
        records = self.store.tracking.to_track()
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            list(pool.map(self._follow, records))


def _rounds(store: TaskStore, trackers: list[Tracker], state: SimulatorState, runs: int) -> tuple[float, list[float]]:
    """Polls per task per round, and each round's time (both replicas at once)."""
    polls, times = [], []
    for _ in range(runs):
        with store.database.connect() as db:  # every task due again: a round as it comes every 2 s
            db.execute("UPDATE tasks SET next_poll_at = 0")
        state.polls.clear()
        started = time.perf_counter()
        threads = [threading.Thread(target=t.refresh) for t in trackers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        times.append(time.perf_counter() - started)
        polls.append(len(state.polls) / TASKS)
    return statistics.median(polls), times


def follow(runs: int) -> list[Row]:
    cluster = Cluster().start()
    state = SimulatorState(api_key="bench", complete_after=3600)  # they stay unfinished
    try:
        with Simulator(state) as simulator, tempfile.TemporaryDirectory() as folder:
            setup = ApimartClient(simulator.base_url, "bench")
            results = {}
            for name, kind in (("naive", _Naive), ("ours", Tracker)):
                store = TaskStore(cluster.fresh())
                for n in range(TASKS):
                    store.add_task(setup.submit({"model": "sora-2-preview", "prompt": f"{name} {n}"}, f"{name}-{n}"))
                state.latency = LATENCY
                trackers = [
                    kind(store, ApimartClient(simulator.base_url, "bench"), Path(folder), owner=f"replica-{r}")
                    for r in (1, 2)
                ]
                results[name] = _rounds(store, trackers, state, runs)
                state.latency = 0.0
                store.database.close()
    finally:
        cluster.stop()
    (naive_polls, naive_times), (our_polls, our_times) = results["naive"], results["ours"]
    ours_ms, naive_ms = statistics.median(our_times) * 1000, statistics.median(naive_times) * 1000
    return [
        Row(
            f"{TASKS} unfinished tasks, two replicas on one PostgreSQL, {LATENCY * 1000:.0f} ms per request",
            f"{naive_polls:.2f} polls per task per round; round {naive_ms:.0f} ms (each replica polls all)",
            f"{our_polls:.2f} polls per task per round; round {ours_ms:.0f} ms (a lease per task)",
            f"{naive_polls / our_polls:.1f}x fewer polls, round {naive_ms / ours_ms:.1f}x faster",
            "exactly 1 poll per task per round",
            f"rounds {min(our_times) * 1000:.0f}-{max(our_times) * 1000:.0f} ms over {runs} runs",
        )
    ]
