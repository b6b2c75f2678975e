import time

from tests.conftest import FAST_RETRY, TEST_KEY
from tests.faultserver import respond
from videogen.provider.apimart import ApimartClient
from videogen.tasks.states import TaskState
from videogen.tasks.tracker import Tracker

PAYLOAD = {"model": "sora-2-preview", "prompt": "a heron", "duration": 4, "aspect_ratio": "landscape"}


def submitted(store, client, prompt="a heron"):
    key = "key-" + prompt.replace(" ", "-")
    task_id = client.submit(dict(PAYLOAD, prompt=prompt), key)
    store.record_intent(key, dict(PAYLOAD, prompt=prompt), estimated_cost=0.32)
    store.mark_submitted(key, task_id)
    return task_id


def test_progress_then_completion_saves_the_video(store, client, tmp_path, clock):
    task_id = submitted(store, client)
    tracker = Tracker(store, client, tmp_path / "videos")
    tracker.refresh()
    assert store.listing.by_task_id(task_id).status in ("pending", "processing")
    clock.advance(1.1)
    report = tracker.refresh()
    row = store.listing.by_task_id(task_id)
    assert report.finished == 1 and report.saved == 1 and row.status == "completed"
    saved = tmp_path / "videos" / f"{task_id}.mp4"
    assert row.video_path == str(saved) and saved.read_bytes()[4:8] == b"ftyp"
    assert list((tmp_path / "videos").glob("*.part*")) == []
    assert tracker.refresh().polled == 0


def test_failed_task(store, client, tmp_path, clock):
    task_id = submitted(store, client, "x [sim:fail]")
    clock.advance(0.6)
    Tracker(store, client, tmp_path).refresh()
    row = store.listing.by_task_id(task_id)
    assert row.status == "failed" and "content policy" in row.error_text and row.video_path is None


def test_many_tasks_are_polled_concurrently(store, simulator, client, tmp_path):
    simulator.state.latency = 0.2
    simulator.state.complete_after = 60.0  # still processing: the round polls and saves nothing
    for n in range(10):
        submitted(store, client, f"scene {n}")
    started = time.monotonic()
    report = Tracker(store, client, tmp_path).refresh()
    assert report.polled == 10 and time.monotonic() - started < 1.0  # one after another would take 2 s


def test_transient_errors_never_mark_failed(store, faults, tmp_path):
    calls = []

    def flaky(conn, request):
        calls.append(1)
        if len(calls) == 1:
            respond(
                conn, 429, b'{"error":{"code":429,"message":"slow","type":"rate_limit_error"}}', {"Retry-After": "1"}
            )
        else:
            respond(conn, 503, b"<html>down</html>", content_type="text/html")

    faults.route("/v1/tasks/task_F", flaky)
    client = ApimartClient(faults.url, TEST_KEY, retry=FAST_RETRY)
    store.add_task("task_F")
    Tracker(store, client, tmp_path).refresh()
    row = store.listing.by_task_id("task_F")
    assert row.status == "submitted" and row.poll_failures == 1 and row.poll_error_text
    assert row.next_poll_at > time.time()


def test_unknown_task_id_is_kept_with_a_note(store, client, tmp_path):
    store.add_task("task_GONE")
    Tracker(store, client, tmp_path).refresh()
    row = store.listing.by_task_id("task_GONE")
    assert row.state == TaskState.SUBMITTED and "no longer knows" in row.poll_error_text


def test_expired_link_is_not_saved_and_says_so(store, simulator, client, tmp_path, clock):
    simulator.state.link_ttl = 0.5
    task_id = submitted(store, client)
    clock.advance(1.1)
    tracker = Tracker(store, client, tmp_path)
    tracker.client.get_task(task_id)  # completed
    clock.advance(0.6)  # the link has expired before we save
    tracker.refresh()
    row = store.listing.by_task_id(task_id)
    assert row.video_path is None and "Saving the video failed" in (row.save_error_text or "")


def test_resume_after_restart(store, simulator, client, tmp_path, clock):
    task_id = submitted(store, client)
    clock.advance(1.1)
    # A new process: new store object, new tracker, nothing in memory.
    from videogen.tasks.store import TaskStore

    fresh = TaskStore(store.where)
    Tracker(fresh, client, tmp_path).refresh()
    assert fresh.listing.by_task_id(task_id).video_path


def test_each_backend_follows_only_its_own_tasks(store, client, simulator, tmp_path):
    """Sandbox tasks were polled by the live client for ever ('does not exist'); and the other way round."""
    from videogen.tasks.tracker import Tracker

    live = client.submit({"model": "sora-2-preview", "prompt": "a live one"}, "k-live")
    store.add_task(live)
    store.add_task("task_FROMTHESANDBOX0000", simulated=True)
    before = simulator.state.counts.get("get_task", 0)
    report = Tracker(store, client, tmp_path / "videos", simulated=False).refresh()
    assert report.polled == 1 and simulator.state.counts["get_task"] - before == 1
    assert store.listing.by_task_id("task_FROMTHESANDBOX0000").poll_error is None


def test_another_key_replaces_the_tracker_and_stops_the_old_one(store, client, tmp_path):
    from videogen.tasks.tracker import Following, Tracker

    following = Following()
    first = following.tracker(("url", "key-a"), lambda: Tracker(store, client, tmp_path))
    assert following.tracker(("url", "key-a"), lambda: Tracker(store, client, tmp_path)) is first
    second = following.tracker(("url", "key-b"), lambda: Tracker(store, client, tmp_path))
    assert second is not first and first._stop.is_set() and not second._stop.is_set()
    second.stop()


def test_a_task_is_followed_in_the_language_of_whoever_asked(store, client, simulator, catalog, tmp_path, clock):
    from tests.conftest import send
    from videogen.request import GenerationRequest

    chinese = send(
        store, client, catalog, GenerationRequest("sora-2-preview", "纸船 [sim:fail]"), "zh-1", language="zh"
    )
    english = send(store, client, catalog, GenerationRequest("sora-2-preview", "a boat [sim:fail]"), "en-1")
    clock.advance(0.6)
    Tracker(store, client, tmp_path).refresh()
    asked = simulator.state.languages
    assert asked[chinese.record.task_id] == "zh" and asked[english.record.task_id] == "en"
    failed = store.listing.by_key("zh-1")
    assert failed.language == "zh" and "内容政策" in failed.error_text  # the provider's own words, in Chinese
    assert "content policy" in store.listing.by_key("en-1").error_text
