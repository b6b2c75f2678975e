"""The Batch page: a CSV checked row by row with the total before anything is sent, then queued and sent in
the background, paused and resumed; the template to start from."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from tests.app.conftest import page_text
from videogen import catalog as catalog_module
from videogen.request import batch_file


def batch_page(at: AppTest) -> AppTest:
    at.switch_page("pages/batch.py")
    return at.run()


def upload(at: AppTest, data: bytes, name: str = "kites.csv") -> AppTest:
    """AppTest cannot drive a file uploader: the file is put where the uploader keeps it, as a browser would."""
    from streamlit.proto.Common_pb2 import FileURLs
    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    turn = at.session_state["batch_turn"]
    rec = UploadedFileRec(file_id="f1", name=name, type="text/csv", data=data)
    at.session_state[f"batch_file_{turn}"] = UploadedFile(rec, FileURLs(file_id="f1"))
    return at.run()


ROWS = b"prompt,model,duration\na kite,sora-2-preview,4\nanother kite,sora-2-preview,8\nbad,sora-2-preview,7\n"


def test_rows_are_checked_and_priced_before_anything_is_sent(app, live):
    at = upload(batch_page(app()), ROWS)
    text = page_text(at)
    assert "2 rows ready" in text and "1 with problems" in text and "$0.96" in text  # 0.32 + 0.64
    table = at.dataframe[0].value
    assert list(table["Line"]) == [2, 3, 4]
    assert "Duration 7 is not allowed" in table["Problems"][2]
    assert not live.state.tasks  # nothing sent before Start
    assert at.number_input(key="batch_rate").value == 10  # the default limit


def test_a_file_with_problems_cannot_start(app, live):
    at = upload(batch_page(app()), b"prompt,colour\nhi,red\n")
    assert any("Unknown column(s) colour" in e.value for e in at.error)
    assert at.button(key="batch_start").disabled


def test_a_started_batch_is_sent_in_the_background(app, live):
    at = upload(batch_page(app()), ROWS)
    at.button(key="batch_start").click().run()
    assert "Batch queued" in page_text(at)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(live.state.tasks) < 2:
        time.sleep(0.2)
    assert len(live.state.tasks) == 2  # the two ready rows, once each
    # The simulator has a task as soon as its POST arrives; the batch is "all sent" once the sender has written the
    # answer down: the page is asked again until then (it once looked a moment too early, under a loaded suite).
    while True:
        at.run()
        if "all sent" in page_text(at) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert "kites.csv** · all sent · 10 per minute" in page_text(at)
    assert len(live.state.tasks) == 2  # and nothing more was sent meanwhile
    assert "2 of 2 sent" in at.get("progress")[0].proto.text


def test_pause_holds_the_queue_and_resume_lets_it_go(app, live):
    live.state.rate_limit_next, live.state.rate_limit_retry_after = 1, 2  # the first send waits 2 s
    at = upload(batch_page(app()), ROWS)
    at.button(key="batch_start").click().run()
    toggle = next(b for b in at.button if b.key and b.key.endswith("_toggle"))
    assert toggle.label == "Pause"
    toggle.click().run()
    time.sleep(3)
    assert not live.state.tasks and "paused" in page_text(at)
    next(b for b in at.button if b.key and b.key.endswith("_toggle")).click().run()  # Resume
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(live.state.tasks) < 2:
        time.sleep(0.2)
    assert len(live.state.tasks) == 2


def test_the_template_is_a_file_the_page_accepts(app, live):
    data = batch_file.template(catalog_module.builtin()).encode()
    at = upload(batch_page(app()), data)
    assert "3 rows ready" in page_text(at) and not at.button(key="batch_start").disabled


def test_the_list_keeps_refreshing_until_the_last_task_ends(app, live, clock):
    """Once every row is sent the batch is 'all sent', but its tasks are still being made: the list must keep
    refreshing ('4 of 4 sent, 2 finished' stayed on screen while the store had all four done)."""
    from ui.batch import batch_list
    from ui.shell import resources

    live.state.complete_after = 600.0  # tasks take ten minutes of the simulator's clock
    at = upload(batch_page(app()), ROWS)
    at.button(key="batch_start").click().run()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(live.state.tasks) < 2:
        time.sleep(0.2)
    studio = resources.studio()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(b.state == "running" for b in studio.batches.batches(simulated=False)):
        time.sleep(0.2)
    assert all(b.state != "running" for b in studio.batches.batches(simulated=False))  # every row sent
    assert batch_list.running(studio)  # ...and the tasks are not done: keep refreshing
    clock.advance(700)  # the simulator's tasks complete
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and batch_list.running(studio):
        time.sleep(0.3)
    assert not batch_list.running(studio)
    at.run()
    assert "kites.csv** · finished · 10 per minute" in page_text(at)  # not "all sent" once every task ended


def test_the_rows_say_model_prompt_and_when_the_next_goes(app, live):
    """Each row names its model and prompt beside its status (not "None"), and the next waiting row says when
    it goes at one a minute."""
    at = upload(batch_page(app()), ROWS)
    at.number_input(key="batch_rate").set_value(1).run()
    at.button(key="batch_start").click().run()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(live.state.tasks) < 1:
        time.sleep(0.2)
    at.run()
    table = at.dataframe[0].value
    assert list(table["Model"]) == ["Sora 2", "Sora 2"]  # the ready rows were queued
    assert list(table["Prompt"]) == ["a kite", "another kite"]
    assert table["Task id"][0].startswith("task_") and table["Task id"][1] == ""
    assert table["Status"][1].startswith("next, at about ")
    assert "None" not in " ".join(str(v) for v in table.to_numpy().ravel())
