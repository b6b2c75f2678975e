"""Refreshing 50 unfinished tasks: one after another, against the tracker's concurrent round."""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.measure import Row, timed
from videogen.provider.apimart import ApimartClient
from videogen.provider.sandbox.simulator import Simulator, SimulatorState
from videogen.tasks.store import TaskStore
from videogen.tasks.tracker import Tracker

TASKS = 50
LATENCY = 0.1


def refresh(runs: int) -> list[Row]:
    state = SimulatorState(api_key="bench", complete_after=3600)  # they stay unfinished
    with Simulator(state) as simulator, tempfile.TemporaryDirectory() as folder:
        client = ApimartClient(simulator.base_url, "bench")
        store = TaskStore(Path(folder) / "history.sqlite3")
        ids = [client.submit({"model": "sora-2-preview", "prompt": f"task {n}"}, f"bench-{n}") for n in range(TASKS)]
        for task_id in ids:
            store.add_task(task_id)
        state.latency = LATENCY
        one, _ = timed(lambda: client.get_task(ids[0]), runs)
        naive, _ = timed(lambda: [store.tracking.update_from_api(client.get_task(t)) for t in ids], runs)
        tracker = Tracker(store, client, Path(folder) / "videos")
        ours, report = timed(tracker.refresh, runs)
    return [
        Row(
            f"refresh {TASKS} unfinished tasks, {LATENCY * 1000:.0f} ms per request",
            naive.text() + " (one after another)",
            ours.text() + f" ({report.polled} polled at once)",
            f"{naive.median / ours.median:.0f}x faster",
            ">= 10x; within 3x one request",
            f"one request {one.median * 1000:.0f} ms: the round is {ours.median / one.median:.1f}x that",
        )
    ]
