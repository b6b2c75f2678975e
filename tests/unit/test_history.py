import sqlite3
import threading
import time

from videogen.i18n import Note
from videogen.provider.protocol import Task, TaskError
from videogen.tasks import schema
from videogen.tasks import store as history
from videogen.tasks.schema import Origin
from videogen.tasks.states import TaskState
from videogen.tasks.store import TaskStore

PAYLOAD = {"model": "sora-2-preview", "prompt": "a heron", "duration": 4, "aspect_ratio": "landscape"}


def test_intent_is_recorded_once_per_key(store):
    first, created = store.record_intent("k1", PAYLOAD, estimated_cost=0.32)
    again, created_again = store.record_intent("k1", PAYLOAD, estimated_cost=0.32)
    assert created and not created_again and first.id == again.id
    assert store.listing.count() == 1 and first.state == TaskState.INTENT


def test_wal_mode_and_schema_version(store):
    with store.database.connect() as db:
        assert store.database.version(db) == schema.SCHEMA_VERSION
    if store.path is not None:  # SQLite: readers never wait for the writer
        assert sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migration_from_the_first_schema_keeps_rows(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(schema.MIGRATIONS[0])
    db.execute(
        "INSERT INTO tasks (idempotency_key, state, task_id, model, prompt, created_at, updated_at) "
        "VALUES ('old', 'submitted', 'task_OLD', 'sora-2-preview', 'kept', 1, 1)"
    )
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    store = TaskStore(path)
    record = store.listing.by_task_id("task_OLD")
    assert record.prompt == "kept" and record.source == "app" and record.poll_failures == 0
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_two_threads_writing_at_once(store):
    errors = []

    def writer(prefix):
        try:
            for n in range(100):
                store.record_intent(f"{prefix}-{n}", PAYLOAD, estimated_cost=0.32)
                store.mark_submitted(f"{prefix}-{n}", f"task_{prefix}_{n}")
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and store.listing.count() == 200 and store.listing.count(status="submitted") == 200


def test_crash_between_intent_and_task_id_is_recoverable(store):
    store.record_intent("crashed", PAYLOAD, estimated_cost=0.32)
    assert store.recover_interrupted(older_than=60) == 0  # still fresh: it may be in flight
    reopened = TaskStore(store.where)  # as after a restart
    assert reopened.recover_interrupted(older_than=0) == 1
    row = reopened.listing.by_key("crashed")
    assert row.state == TaskState.UNKNOWN and "may exist" in row.error_text
    reopened.reconcile("crashed", " task_REAL ")
    assert reopened.listing.by_key("crashed").task_id == "task_REAL"
    assert [r.task_id for r in reopened.tracking.to_track()] == ["task_REAL"]


def test_dismiss_unknown(store):
    store.record_intent("u", PAYLOAD, estimated_cost=0.32)
    store.mark_unknown("u", Note("submit.unknown", {"kind": "outcome_unknown", "message": "no answer"}))
    store.dismiss("u")
    assert store.listing.by_key("u").display_status == TaskState.DISMISSED


def test_update_from_api_and_tracking_set(store):
    store.record_intent("k", PAYLOAD, estimated_cost=0.32)
    store.mark_submitted("k", "task_1")
    store.tracking.update_from_api(
        Task("task_1", "completed", 100, video_urls=("http://x/v.mp4",), expires_at=int(time.time()) + 60, cost=0.3)
    )
    row = store.listing.by_task_id("task_1")
    assert row.urls == ["http://x/v.mp4"] and row.billed_cost == 0.3 and row.finished
    assert [r.task_id for r in store.tracking.to_track()] == ["task_1"]  # completed but not saved yet
    store.tracking.mark_saved("task_1", "/videos/task_1.mp4")
    assert store.tracking.to_track() == []


def test_failed_task_is_refunded_and_not_tracked(store):
    store.record_intent("k", PAYLOAD, estimated_cost=0.32)
    store.mark_submitted("k", "task_1")
    store.tracking.update_from_api(Task("task_1", "failed", 0, error=TaskError(400, "refused", "moderation")))
    row = store.listing.by_task_id("task_1")
    assert row.error_text == "refused" and row.billed_cost == 0.0 and store.tracking.to_track() == []


def test_filters_pages_and_spend(store):
    for n in range(30):
        payload = dict(
            PAYLOAD,
            prompt=f"scene {n} 100%_done" if n % 10 == 0 else f"scene {n}",
            model="sora-2-pro-preview" if n % 2 else "sora-2-preview",
        )
        store.record_intent(f"k{n}", payload, estimated_cost=1.0, origin=Origin("s1" if n < 5 else "s2"))
        store.mark_submitted(f"k{n}", f"task_{n}")
    assert [r.task_id for r in store.listing.page(limit=3)] == ["task_29", "task_28", "task_27"]
    assert store.listing.count(model="sora-2-pro-preview") == 15
    assert store.listing.count(text="100%_") == 3 and store.listing.count(text="%") == 3
    assert store.listing.count(session_id="s1") == 5
    assert store.money.spend("s1") == (5.0, 0.0) and store.money.spend() == (30.0, 0.0)
    store.tracking.update_from_api(Task("task_0", "failed", 0))  # refunded: counts no more
    assert store.money.spend("s1") == (4.0, 0.0)


def test_export_has_fixed_fields_only(store):
    store.record_intent("k", PAYLOAD, estimated_cost=0.32)
    row = store.listing.by_key("k").export()
    assert tuple(row) == history.EXPORT_FIELDS and "idempotency_key" not in row


def test_add_task_by_id_twice_is_one_row(store):
    store.add_task("task_X")
    store.add_task(" task_X ")
    assert store.listing.count() == 1 and store.listing.by_task_id("task_X").source == "added"


def test_poll_error_never_changes_status(store):
    store.record_intent("k", PAYLOAD, estimated_cost=0.32)
    store.mark_submitted("k", "task_1")
    store.tracking.mark_poll_error("task_1", Note("poll.failed", {"message": "HTTP 502"}), time.time() + 60)
    row = store.listing.by_task_id("task_1")
    assert row.status == "submitted" and row.poll_failures == 1 and store.tracking.to_track() == []
