"""Paying once: a reload or a second tab asks before repeating a request, Submit is locked while a
request is in flight (with its retries shown), and an unknown outcome offers its three real choices."""

import pytest
from streamlit.testing.v1 import AppTest

from tests import images
from tests.app.conftest import APP, fill, page_text, settle, submit


def prompts(live) -> list[str]:
    return [s["prompt"] for s in live.state.submissions]


def test_a_reload_asks_before_paying_twice(app, live):
    first = submit(fill(app()))
    assert len(live.state.tasks) == 1
    task_id = next(iter(live.state.tasks))
    again = submit(fill(app()))  # a new session: what a reload or a second tab gets
    assert len(live.state.submissions) == 1, "nothing is sent before the user confirms"
    question = next(w.value for w in again.warning if "You submitted this exact request" in w.value)
    assert task_id in question and "Submit another?" in question
    again.button(key="submit_repeat_confirm").click().run()
    settle(again)
    assert len(live.state.tasks) == 2
    submit(again)  # the same form again in this session: the intent is recorded, nothing is sent
    assert len(live.state.tasks) == 2 and not first.exception and not again.exception


def test_cancel_sends_nothing(app, live):
    submit(fill(app()))
    again = submit(fill(app()))
    again.button(key="submit_repeat_cancel").click().run()
    assert len(live.state.submissions) == 1 and "You submitted this exact request" not in page_text(again)


def test_the_same_picture_uploaded_in_a_second_tab_is_the_same_request(app, live):
    data = images.make("PNG", (1280, 720))
    for _ in range(2):
        at = app()
        at.file_uploader(key="reference_file").upload("ref.png", data, "image/png")
        submit(fill(at.run()))
    assert len(live.state.tasks) == 1 and "You submitted this exact request" in page_text(at)


def test_a_changed_request_is_not_a_repeat(app, live):
    submit(fill(app()))
    submit(fill(app(), duration=8))
    assert len(live.state.tasks) == 2


def test_after_the_retries_the_message_is_still_true(app, live):
    at = submit(fill(app(), prompt="a busy scene [sim:429]"))
    assert set(prompts(live)) == {"a busy scene [sim:429]"} and len(prompts(live)) == 4
    assert "tried 4 times" in page_text(at) and "Submit again in a minute" in page_text(at)
    assert "wait 3 seconds" not in page_text(at)
    assert not at.button(key="submit_button").disabled


def test_each_retry_is_noted_while_it_waits(simulator, store, catalog):
    from tests.conftest import TEST_KEY, send
    from videogen.provider.apimart import ApimartClient
    from videogen.provider.retrying import RetryPolicy
    from videogen.request import GenerationRequest
    from videogen.tasks.submission import Sending, intent_key

    waits = []
    client = ApimartClient(simulator.base_url, TEST_KEY, retry=RetryPolicy(), sleep=waits.append)
    request = GenerationRequest("sora-2-preview", "x [sim:429]")
    notes = []
    sending = Sending(
        lambda on_retry: send(
            store,
            client,
            catalog,
            request,
            intent_key("n", request),
            on_retry=lambda note: (notes.append(note.text()), on_retry(note)),
        )
    )
    assert sending.wait(10)
    assert notes == [f"Rate limited (HTTP 429): retrying in 3 s, attempt {n} of 4." for n in (2, 3, 4)]
    assert sending.note.text() == notes[-1] and waits == [3.0, 3.0, 3.0]


@pytest.fixture
def hanging(app, live, monkeypatch):
    from ui.shell import resources

    live.state.hang_seconds = 1.0
    at = app()
    # The app's client waits 30 s for an answer; this test's patience is shorter.
    monkeypatch.setattr(resources.studio().provider, "timeout", (2.0, 0.5))
    return submit(fill(at, prompt="a slow one [sim:hang]"))


def test_an_unknown_outcome_offers_three_choices_with_their_cost(hanging, live):
    text = page_text(hanging)
    assert "Retry safely" in text and "Check History" in text and "Make a new task anyway" in text
    assert "you pay twice ($0.32 more)" in text
    assert "New task with the same settings" not in text  # that button belongs to a success


def test_a_safe_retry_says_what_it_found(hanging, live):
    hanging.button(key="submit_retry").click().run()
    settle(hanging)
    assert len(live.state.tasks) == 1 and len(live.state.submissions) == 2
    assert "The retry found the task the first request had made" in page_text(hanging)


def test_a_new_task_anyway_makes_exactly_one_more(hanging, live):
    hanging.button(key="submit_new_anyway").click().run()
    settle(hanging)
    assert len(live.state.tasks) == 2


def test_sandbox_messages_keep_the_word_sandbox(data_dir, monkeypatch):
    monkeypatch.delenv("APIMART_API_KEY", raising=False)
    at = AppTest.from_file(APP, default_timeout=30).run()
    submit(fill(at, prompt="a scene [sim:400]"))
    text = page_text(at)
    assert "rejected by the sandbox" in text and "<hidden>" not in text


def page_until(at, words: str, timeout: float = 10.0) -> str:
    """Run the page again until it shows `words` (the tracker follows the task in the background)."""
    import time

    deadline = time.monotonic() + timeout
    while words not in page_text(at):
        assert time.monotonic() < deadline, f"the page never said {words!r}"
        time.sleep(0.3)
        at.run()
    return page_text(at)


def test_a_failed_task_is_explained_where_the_user_looks(app, live):
    at = submit(fill(app(), prompt="a scene [sim:fail]"))
    text = page_until(at, "failed: The request was refused by the content policy")
    assert "It is refunded: nothing is charged" in text and "Submitted. Task id:" not in text


def test_a_stuck_task_says_it_takes_longer_than_usual(app, live):
    at = submit(fill(app(), prompt="a scene [sim:stuck]"))
    text = page_until(at, "taking longer than usual")
    assert "processing 99%" in text and "so far" in text


def test_sandbox_money_is_marked_simulated_and_survives_a_reload(data_dir, monkeypatch):
    monkeypatch.delenv("APIMART_API_KEY", raising=False)
    at = AppTest.from_file(APP, default_timeout=30).run()
    asked = fill(at).metric[0].value  # the default model's estimate, as Generate shows it
    submit(at)
    reloaded = AppTest.from_file(APP, default_timeout=30).run()
    sidebar = " ".join(c.value for c in reloaded.sidebar.caption)
    assert f"Today: {asked} estimated" in sidebar and "simulated" in sidebar
    reloaded.switch_page("pages/history.py").run()
    money = next(m.value for m in reloaded.markdown if "**Today**" in m.value)  # History's one line of money
    assert "(simulated)" in money and f"\\{asked} estimated" in money


def test_the_panel_keeps_its_state_in_one_object_under_its_key(app, live):
    """Its nonce, last intent, send in flight, pending repeat and toast live in one `SubmitState`, not in loose
    session keys another piece could write by string; what a send found waits in the panel's notice slot."""
    at = submit(fill(app()))
    kept = at.session_state["submit_state"]
    record_key = kept.last
    assert record_key and kept.sending is None and kept.repeat is None
    loose = {"submit_nonce", "submit_last", "submit_sending", "submit_repeat", "submit_repeat_ok", "submit_toast"}
    assert not [name for name in loose if name in at.session_state]
    nonce = kept.nonce
    at.button(key="submit_again").click().run()  # "New task with the same settings": a new nonce, said yes to
    kept = at.session_state["submit_state"]
    assert kept.nonce != nonce and kept.repeat_ok == kept.nonce and kept.last is None
