"""Each unfinished task followed by one tracker at a time (a lease per task), on SQLite and on PostgreSQL."""

import threading
import time

from tests.unit.test_tracker import submitted
from videogen.tasks.tracker import Tracker

PAYLOAD = {"model": "sora-2-preview", "prompt": "a heron", "duration": 4, "aspect_ratio": "landscape"}


def tasks(store, n):
    for i in range(n):
        store.record_intent(f"k{i}", dict(PAYLOAD, prompt=f"scene {i}"), estimated_cost=0.32)
        store.mark_submitted(f"k{i}", f"task_{i:02d}")


def test_two_replicas_claiming_at_once_never_get_the_same_task(store):
    tasks(store, 50)
    claimed: dict[str, list[str]] = {}
    start = threading.Barrier(2)

    def claim(owner):
        start.wait()
        claimed[owner] = [r.task_id for r in store.tracking.claim(owner, lease=30, limit=30)]

    threads = [threading.Thread(target=claim, args=(owner,)) for owner in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(claimed["a"]) & set(claimed["b"]) == set()  # never both
    assert len(claimed["a"]) + len(claimed["b"]) == 50  # and none left out
    assert store.tracking.claim("a", lease=30) and {r.task_id for r in store.tracking.claim("a", lease=30)} == set(
        claimed["a"]
    )


def test_a_replica_keeps_its_tasks_while_it_renews_and_loses_them_when_it_dies(store):
    tasks(store, 10)
    now = time.time()
    mine = store.tracking.claim("a", lease=30, now=now)
    assert len(mine) == 10 and all(r.lease_owner == "a" for r in mine)
    assert store.tracking.claim("b", lease=30, now=now + 1) == []  # held: b polls none of them
    assert len(store.tracking.claim("a", lease=30, now=now + 20)) == 10  # a renews its own each round
    assert store.tracking.claim("b", lease=30, now=now + 45) == []  # renewed at +20: held until +50
    taken = store.tracking.claim("b", lease=30, now=now + 51)  # a died at +20: its leases lapsed, b takes over
    assert len(taken) == 10 and all(r.lease_owner == "b" for r in taken)


def test_a_tracker_that_stops_releases_its_tasks_at_once(store):
    tasks(store, 3)
    store.tracking.claim("a", lease=300)
    assert store.tracking.release("a") == 3
    assert len(store.tracking.claim("b", lease=300)) == 3


def test_two_trackers_poll_each_task_once_a_round(store, client, simulator, tmp_path):
    ids = [submitted(store, client, f"a kite {n}") for n in range(12)]
    simulator.state.counts.clear()
    first = Tracker(store, client, tmp_path / "videos", owner="replica-1")
    second = Tracker(store, client, tmp_path / "videos", owner="replica-2")
    reports = []
    threads = [threading.Thread(target=lambda t=t: reports.append(t.refresh())) for t in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert simulator.state.counts.get("get_task") == len(ids)  # one poll per task, not two
    assert sum(r.polled for r in reports) == len(ids)
