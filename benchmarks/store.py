"""The task store's calls as a page run makes them: a SQLite connection opened and closed per call (the naive
way, and this project's before issue 30) against one idle connection per thread used again."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.measure import Row, timed
from videogen.tasks.database import SqliteDatabase
from videogen.tasks.store import TaskStore

CALLS_PER_RUN = 6  # the Generate page's store calls per run (issue 30's count)
TASKS = 1000


def _seeded(folder: Path) -> Path:
    path = folder / "history.sqlite3"
    store = TaskStore(path)
    for n in range(TASKS):
        store.record_intent(f"k{n}", {"model": "kling-v3", "prompt": f"scene {n}"}, estimated_cost=0.34)
    return path


def _page_run(store: TaskStore) -> None:
    """What one Generate run asks the store: spend, the cap's figure, unfinished tasks, a page, one record."""
    now = time.time()
    store.money.spend(since=now - 86400, simulated=False)
    store.money.committed(now - 86400, simulated=False)
    store.tracking.has_unfinished("bench")
    store.listing.page(session_id="bench", limit=20)
    store.listing.by_key("k1")
    store.money.spend(simulated=False)


def calls(runs: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        path = _seeded(Path(folder))
        stores = {reuse: TaskStore(SqliteDatabase(path, reuse=reuse)) for reuse in (False, True)}
        figures = {}
        for reuse, store in stores.items():
            _page_run(store)  # warm: the file in the page cache, the statements compiled once
            figures[reuse], _ = timed(lambda store=store: [_page_run(store) for _ in range(50)], runs)
    naive, ours = figures[False], figures[True]
    per_run = lambda f: f"{f.median / 50 * 1000:.2f} ms"  # noqa: E731
    return [
        Row(
            f"one Generate run's {CALLS_PER_RUN} store calls, {TASKS:,} tasks (SQLite)",
            per_run(naive),
            per_run(ours),
            f"{naive.median / ours.median:.1f}x",
            "one connection per page run",
            "a connection per call vs one idle connection per thread",
        )
    ]
