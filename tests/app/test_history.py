import csv
import io
import json
import time

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, page_text
from tests.conftest import TEST_KEY
from ui.tasks import exports
from videogen import studio
from videogen.i18n import Note
from videogen.provider.protocol import Task, TaskError
from videogen.tasks.store import EXPORT_FIELDS


def seeded(data_dir, n=3):
    store = studio.store(data_dir)
    for i in range(n):
        model = "sora-2-pro-preview" if i % 2 else "sora-2-preview"
        payload = {"model": model, "prompt": f"scene number {i}", "duration": 8, "aspect_ratio": "portrait"}
        if model == "sora-2-pro-preview":
            payload["resolution"] = "high"
        store.record_intent(f"k{i}", payload, estimated_cost=1.0 + i)
        store.mark_submitted(f"k{i}", f"task_{i}")
        time.sleep(0.01)
    store.tracking.update_from_api(Task("task_0", "failed", 0, error=TaskError(400, "refused by policy", "moderation")))
    return store


def history(live) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/history.py")
    return at.run()


def test_lists_newest_first_with_spend(live, data_dir):
    seeded(data_dir)
    at = history(live)
    table = at.dataframe[0].value
    assert list(table["Task id"]) == ["task_2", "task_1", "task_0"]
    assert list(table["Status"]) == ["submitted", "submitted", "failed"]
    assert "$5.00" in page_text(at)  # all time, estimated: 2 + 3 (task_0 failed: refunded)
    assert not at.exception


def test_filters(live, data_dir):
    seeded(data_dir)
    at = history(live)
    at.selectbox(key="history_status").set_value("failed").run()
    assert list(at.dataframe[0].value["Task id"]) == ["task_0"]
    at.selectbox(key="history_status").set_value(None)
    at.selectbox(key="history_model").set_value("sora-2-pro-preview").run()
    assert list(at.dataframe[0].value["Task id"]) == ["task_1"]
    at.selectbox(key="history_model").set_value(None)
    at.text_input(key="history_text").input("number 2").run()
    assert list(at.dataframe[0].value["Task id"]) == ["task_2"]


def test_detail_shows_error_and_use_these_settings(live, data_dir):
    seeded(data_dir)
    at = history(live)
    at.selectbox(key="history_selected").set_value(at.selectbox(key="history_selected").options[2])
    at.run()
    assert "refused by policy" in page_text(at)
    at.selectbox(key="history_selected").set_value(at.selectbox(key="history_selected").options[1]).run()
    at.button(key="detail_use").click().run()
    assert at.text_area(key="prompt").value == "scene number 1"
    assert at.selectbox(key="model").value == "sora-2-pro-preview"
    assert (at.radio(key="duration").value, at.radio(key="aspect_ratio").value) == (8, "9:16")
    assert at.radio(key="resolution").value == "high"


def test_saved_video_is_played_and_downloadable(live, data_dir):
    store = seeded(data_dir, 1)
    video = data_dir / "videos" / "task_0.mp4"
    video.parent.mkdir(parents=True)
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    store.tracking.update_from_api(
        Task("task_0", "completed", 100, video_urls=("http://x/v.mp4",), expires_at=2_000_000_000)
    )
    store.tracking.mark_saved("task_0", str(video))
    at = history(live)
    assert at.get("video") and "Download video" in [b.label for b in at.get("download_button")]


def made_elsewhere(live, prompt="made elsewhere") -> str:
    from videogen.provider.apimart import ApimartClient

    return ApimartClient(live.base_url, TEST_KEY).submit(
        {"model": "sora-2-preview", "prompt": prompt}, "elsewhere-" + prompt.replace(" ", "-")
    )


def choose(at, words):
    box = at.selectbox(key="history_selected")
    return box.select_index(next(i for i, label in enumerate(box.options) if words in label)).run()


def test_add_a_task_by_id_and_reconcile_unknown(live, data_dir):
    store = seeded(data_dir, 1)
    store.record_intent("lost", {"model": "sora-2-preview", "prompt": "lost one"}, estimated_cost=0.32)
    store.mark_unknown("lost", Note("submit.unknown", {"kind": "outcome_unknown", "message": "no answer"}))
    elsewhere, real = made_elsewhere(live), made_elsewhere(live, "the lost one")
    at = history(live)
    at.text_input(key="history_add_id").input(elsewhere).run()
    at.button(key="history_add").click().run()
    assert elsewhere in list(at.dataframe[0].value["Task id"])
    choose(at, "unknown")
    at.text_input(key="detail_real_id").input(real).run()
    at.button(key="detail_link").click().run()
    assert store.listing.by_key("lost").task_id == real
    assert not at.exception and "Linked" in page_text(at)


def test_linking_an_id_history_already_follows_merges_it(live, data_dir):
    """It used to crash (UNIQUE constraint failed: tasks.task_id) and leave both rows in the spend."""
    store = seeded(data_dir, 0)
    store.record_intent("lost", {"model": "sora-2-preview", "prompt": "lost one"}, estimated_cost=0.32)
    store.mark_unknown("lost", Note("submit.unknown", {"kind": "outcome_unknown", "message": "no answer"}))
    real = made_elsewhere(live, "the lost one")
    store.add_task(real)
    at = history(live)
    choose(at, "unknown")
    at.text_input(key="detail_real_id").input(real).run()
    at.button(key="detail_link").click().run()
    assert not at.exception
    assert store.listing.count() == 1 and store.listing.by_task_id(real).idempotency_key == "lost"
    estimated, billed = store.money.spend()
    assert estimated == 0.32 and billed in (0.0, 0.32)  # counted once (billed once the 1 s task completes)
    assert "counted once" in page_text(at)
    assert at.selectbox(key="history_selected").value == "lost"  # the place is kept


def test_adding_a_known_id_says_so(live, data_dir):
    store = seeded(data_dir, 1)
    at = history(live)
    at.text_input(key="history_add_id").input("task_0").run()
    at.button(key="history_add").click().run()
    assert not at.exception and "already in History" in page_text(at) and store.listing.count() == 1


def test_ids_that_are_not_ids_or_unknown_to_the_api_are_not_kept(live, data_dir):
    store = seeded(data_dir, 0)
    at = history(live)
    for text, words in [
        ("not a task id at all; DROP TABLE", "is not a task id"),
        ("task_NOPE0000", "does not know the task"),
    ]:
        at.text_input(key="history_add_id").input(text).run()
        at.button(key="history_add").click().run()
        assert words in page_text(at) and not at.exception
    assert store.listing.count() == 0


def test_remove_local_record(live, data_dir):
    store = seeded(data_dir, 2)
    at = history(live)
    at.button(key="detail_remove").click().run()
    assert store.listing.count() == 1 and store.listing.by_task_id("task_1") is None


def test_exports_are_fixed_fields_without_the_key(live, data_dir):
    store = seeded(data_dir)
    rows = [r.export() for r in store.listing.page(limit=10)]
    as_json = json.loads(exports.as_json(rows))
    assert [tuple(r) for r in as_json] == [EXPORT_FIELDS] * 3
    parsed = list(csv.DictReader(io.StringIO(exports.as_csv(rows))))
    assert [r["task_id"] for r in parsed] == ["task_2", "task_1", "task_0"]
    assert TEST_KEY not in exports.as_csv(rows) + exports.as_json(rows)
    at = history(live)
    assert {"Export CSV", "Export JSON"} <= {b.label for b in at.get("download_button")}


def test_pagination_for_many_rows(live, data_dir):
    store = studio.store(data_dir)
    for i in range(120):
        store.add_task(f"task_{i:03d}")
    at = history(live)
    assert len(at.dataframe[0].value) == 50 and "of 3" in at.number_input(key="history_page").label
    at.number_input(key="history_page").set_value(3).run()
    assert len(at.dataframe[0].value) == 20


def test_the_detail_shows_the_body_that_was_sent_beside_the_request_in_words(app, live):
    from tests.app.conftest import fill, submit

    at = fill(app(model="Kling v3"), prompt="a lantern on the water")
    submit(at)
    sent = live.state.submissions[0]
    at.switch_page("pages/history.py").run()
    body = json.loads(at.json[0].value)
    assert body == sent and "mode" in body and "resolution" not in body  # as sent: `mode: std`
    assert any("Kling v3 · 5 s · Landscape 16:9 · Standard 720p" in c.value for c in at.caption)


def test_a_task_added_by_id_says_what_is_not_known_and_counts_no_estimate(live, data_dir):
    """The API's task answer has no model, prompt or price: History says so instead of showing $0.00, the
    ledger leaves the estimate blank, and the task counts from when the API says it was made."""
    from videogen.tasks import ledger

    store = seeded(data_dir, 0)
    live.state.clock.advance(-3600)  # made an hour before it is added
    elsewhere = made_elsewhere(live)
    made_at = live.state.tasks[elsewhere].created
    at = history(live)
    at.text_input(key="history_add_id").input(elsewhere).run()
    at.button(key="history_add").click().run()
    text = page_text(at)
    assert not at.exception
    assert "No estimate: the task was added by its id" in text and "Estimate $0.00" not in text
    assert "Model not known" in text
    record = store.listing.by_task_id(elsewhere)
    assert record.estimated_cost is None and abs(record.created_at - made_at) < 1
    entry = ledger.entry(record)
    assert entry.estimate is None and entry.counted == 0.0
    assert entry.row()["estimate_usd"] == ""


def test_a_run_reads_the_page_of_rows_once(live, data_dir, monkeypatch):
    """The list and the task box below it are drawn from one read of the page's rows (they were two)."""
    from videogen.tasks.listing import TaskListing

    seeded(data_dir)
    reads = []
    real = TaskListing.page

    def page(self, *args, **kwargs):
        reads.append(kwargs.get("limit"))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(TaskListing, "page", page)
    at = history(live)
    assert list(at.dataframe[0].value["Task id"]) == ["task_2", "task_1", "task_0"]
    assert at.selectbox(key="history_selected").options  # the box below is drawn from the same rows
    assert len(reads) == 1, reads
    at.text_input(key="history_text").input("number 1").run()
    assert list(at.dataframe[0].value["Task id"]) == ["task_1"] and len(reads) == 2
