"""With sign-in, each task and batch belongs to whoever asked: lists, spend, the ledger and batches of one
person hold only theirs (on SQLite and on PostgreSQL); without sign-in (no owner), everything is listed."""

from videogen.request import GenerationRequest
from videogen.tasks.batches import BatchQueue
from videogen.tasks.schema import Origin
from videogen.tasks.store import NewIntent

PAYLOAD = {"model": "sora-2-preview", "prompt": "a heron", "duration": 4}


def test_each_person_sees_only_their_own(store):
    for n, owner in enumerate(("ada@example.com", "ada@example.com", "bo@example.com")):
        key = f"k{n}"
        store.record_intents([NewIntent(key, dict(PAYLOAD, prompt=f"scene {n}"), 0.32, Origin(owner=owner))])
        store.mark_submitted(key, f"task_{n}")
    store.add_task("task_9", owner="bo@example.com")
    assert [r.task_id for r in store.listing.page(owner="ada@example.com")] == ["task_1", "task_0"]
    assert {r.task_id for r in store.listing.page(owner="bo@example.com")} == {"task_2", "task_9"}
    assert store.listing.count(owner="ada@example.com") == 2 and store.listing.count() == 4  # no sign-in: all of them
    assert (
        store.money.spend(owner="ada@example.com")[0] == 0.64 and store.money.spend(owner="bo@example.com")[0] == 0.32
    )
    assert [r.task_id for r in store.money.ledger(owner="bo@example.com")] == ["task_2", "task_9"]
    assert store.listing.page(owner="cy@example.com") == []


def test_a_batch_and_its_tasks_belong_to_who_queued_it(store):
    queue = BatchQueue(store.tables)
    request = GenerationRequest("sora-2-preview", "a kite", 4)
    mine = queue.create("mine.csv", [(2, request, 0.32)], per_minute=10, owner="ada@example.com")
    queue.create("theirs.csv", [(2, request, 0.32)], per_minute=10, owner="bo@example.com")
    assert [b.id for b in queue.batches(owner="ada@example.com")] == [mine]
    assert queue.batch(mine).owner == "ada@example.com" and len(queue.batches()) == 2
