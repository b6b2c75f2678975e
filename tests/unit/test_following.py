"""What a page keeps asking about, and how often (issue 30): one definition of "still followed" for the SQL and for
a row already read, the page's own timer leaving out what another timer follows, and an interval that grows with
the sessions one process serves."""

import time
import tomllib
from pathlib import Path

import pytest

from ui.shell import polling
from videogen.i18n import Note
from videogen.provider.protocol import Task, TaskStatus
from videogen.tasks.schema import Origin
from videogen.tasks.store import NewIntent

PAYLOAD = {"model": "sora-2-preview", "prompt": "a heron", "duration": 4, "aspect_ratio": "landscape"}


def _row(store, key: str, setup) -> None:
    store.record_intent(key, dict(PAYLOAD, prompt=key), estimated_cost=0.4, origin=Origin("s1"))
    setup(store, key)


def _submitted(status=None, **task):
    def setup(store, key):
        store.mark_submitted(key, f"task_{key}")
        if status is not None:
            store.tracking.update_from_api(Task(f"task_{key}", status, **task))

    return setup


def _saved(store, key):
    _submitted(TaskStatus.COMPLETED, video_urls=("https://x.invalid/v.mp4",))(store, key)
    store.tracking.mark_saved(f"task_{key}", "/videos/v.mp4")


ROWS = {
    "intent": lambda store, key: None,
    "rejected": lambda store, key: store.mark_rejected(key, Note("submit.refused")),
    "unknown": lambda store, key: store.mark_unknown(key, Note("submit.app_failed")),
    "submitted, not polled": _submitted(),
    "pending": _submitted(TaskStatus.PENDING),
    "in progress": _submitted(TaskStatus.PROCESSING, progress=40),
    "completed, video not saved": _submitted(TaskStatus.COMPLETED, video_urls=("https://x.invalid/v.mp4",)),
    "completed, link expired": _submitted(TaskStatus.COMPLETED, expires_at=int(time.time()) - 60),
    "completed, saved": _saved,
    "completed with words (prompt helper)": _submitted(TaskStatus.COMPLETED, prompt="a better prompt"),
    "failed": _submitted(TaskStatus.FAILED),
    "cancelled": _submitted(TaskStatus.CANCELLED),
}


@pytest.mark.parametrize("name", list(ROWS))
def test_a_rows_followed_flag_is_the_trackers_own_query(store, name):
    _row(store, "k", ROWS[name])
    record = store.listing.by_key("k")
    assert record.followed == store.tracking.has_unfinished("s1")  # the Python rule and the SQL, row by row
    assert record.followed == bool(store.tracking.to_track())


def test_the_flags_cover_both_answers():
    # Not all rows followed or all not: the parametrized test above compares both sides of the rule.
    followed = {"submitted, not polled", "pending", "in progress", "completed, video not saved"}
    assert followed < set(ROWS) and set(ROWS) - followed


def test_what_a_page_follows_above_is_left_out_of_its_tables_timer(store):
    _row(store, "mine", _submitted(TaskStatus.PROCESSING))
    assert store.tracking.has_unfinished("s1") and not store.tracking.has_unfinished("s1", other_than="mine")
    _row(store, "older", _submitted(TaskStatus.PENDING))
    assert store.tracking.has_unfinished("s1", other_than="mine")  # another task of the session: the table asks
    store.tracking.update_from_api(Task("task_older", TaskStatus.FAILED))
    assert not store.tracking.has_unfinished("s1", other_than="mine")


def test_a_set_followed_above_is_left_out_by_its_group(store):
    keys = ("g-1", "g-2")
    store.record_intents([NewIntent(key, dict(PAYLOAD, prompt=key), 0.4, Origin("s1"), group_id="g") for key in keys])
    for key in keys:
        store.mark_submitted(key, f"task_{key}")
    assert store.tracking.has_unfinished("s1") and not store.tracking.has_unfinished("s1", other_than="g")


@pytest.mark.parametrize(
    ("sessions", "seconds"), [(1, 2.0), (8, 2.0), (10, 2.5), (20, 5.0), (30, 7.5), (50, 10.0), (500, 10.0)]
)
def test_the_interval_grows_with_the_sessions_so_all_of_them_ask_about_four_times_a_second(sessions, seconds):
    assert polling.every(sessions) == seconds
    if sessions >= polling.QUIET and seconds < polling.SLOWEST:
        assert sessions / polling.every(sessions) == pytest.approx(polling.QUIET / polling.FASTEST)


def test_outside_a_running_app_the_interval_is_the_quiet_one():
    assert polling.active_sessions() == 1 and polling.every() == polling.FASTEST
    assert polling.when(False) is None and polling.when(True) == polling.FASTEST


def test_a_page_run_is_not_followed_by_a_full_garbage_collection():
    """Streamlit collects every generation after every script run by default: about 50 ms in the app's process, three
    times a Generate run's own script, after each run of every session's timers too; under twenty sessions it was most
    of the server's Python time (py-spy). Python's own collector still runs, by its thresholds."""
    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit/config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
