"""The answers APIMart documents for idempotency and for refusals sent with HTTP 500 or with a code word, held
against the simulator (which gives them as the API does): each ends as the right outcome, in the right words."""

from __future__ import annotations

import pytest

from tests.conftest import send
from videogen.provider import errors
from videogen.request import GenerationRequest
from videogen.tasks.states import TaskState
from videogen.tasks.store import TaskStore
from videogen.tasks.submission import intent_key


@pytest.fixture
def history(tmp_path):
    return TaskStore(tmp_path / "history.sqlite3")


def sent(history, client, catalog, prompt: str):
    request = GenerationRequest("sora-2-preview", prompt)
    return send(history, client, catalog, request, intent_key("n", request))


def test_in_progress_is_waited_out_and_sent_again_with_the_same_key(history, client, simulator, catalog):
    outcome = sent(history, client, catalog, "a kite [sim:409-busy]")
    assert outcome.record.state == TaskState.SUBMITTED and len(simulator.state.tasks) == 1
    keys = {s["prompt"] for s in simulator.state.submissions}
    assert len(simulator.state.submissions) == 2 and keys == {"a kite [sim:409-busy]"}  # the same request twice
    assert list(simulator.state.idempotency) == [outcome.record.idempotency_key]  # ...under one key


def test_a_reused_key_is_the_studios_fault_and_nothing_was_made(history, client, simulator, catalog):
    client.submit({"model": "sora-2-preview", "prompt": "one"}, "vg-same")
    with pytest.raises(errors.KeyReusedError) as refused:
        client.submit({"model": "sora-2-preview", "prompt": "another"}, "vg-same")
    assert refused.value.status == 409 and refused.value.code == "idempotency_key_reused"
    assert "fault in the studio" in refused.value.note().text("en") and len(simulator.state.tasks) == 1


def test_an_indeterminate_result_is_an_unknown_outcome_never_sent_again(history, client, simulator, catalog):
    outcome = sent(history, client, catalog, "a kite [sim:409-indeterminate]")
    assert outcome.record.state == TaskState.UNKNOWN and "check History" in outcome.record.error_text
    assert len(simulator.state.submissions) == 1 and len(simulator.state.tasks) == 1  # it exists: reconcile


def test_not_executed_is_a_refusal_that_is_safe_to_submit_again(history, client, simulator, catalog):
    outcome = sent(history, client, catalog, "a kite [sim:503-not-run]")
    assert outcome.record.state == TaskState.REJECTED and not simulator.state.tasks
    assert "did not run the request: nothing was made or charged" in outcome.record.error_text
    assert len(simulator.state.submissions) == 4  # a 503 with the same key is retried: it was not run


def test_a_500_with_a_code_is_a_refusal_not_a_lost_request(history, client, simulator, catalog):
    outcome = sent(history, client, catalog, "a kite [sim:500-build]")
    assert outcome.record.state == TaskState.REJECTED  # refused: nothing to reconcile
    assert "invalid size: 3:5" in outcome.record.error_text and "change the resolution" in outcome.record.error_text
    plain = sent(history, client, catalog, "a kite [sim:500]")
    assert plain.record.state == TaskState.UNKNOWN  # a 500 without a code stays unknown


@pytest.mark.parametrize(
    "marker,words,chinese",
    [
        ("[sim:nsfw]", "safety check refused the prompt", "安全检查"),
        ("[sim:bad-resolution]", "choose another resolution", "请选择其他分辨率"),
    ],
)
def test_model_codes_have_their_own_words(history, client, catalog, marker, words, chinese):
    from videogen.i18n import words as stored_words

    outcome = sent(history, client, catalog, f"a kite {marker}")
    assert outcome.record.state == TaskState.REJECTED and words in outcome.record.error_text
    assert chinese in stored_words(outcome.record.error, "zh")


@pytest.mark.parametrize(
    "asked,sent_as", [("zh", "zh"), ("zh-CN", "zh"), ("PT_br", "pt"), ("es", "es"), ("sv", "en"), (None, "en")]
)
def test_the_status_is_asked_in_a_language_the_api_takes(client, simulator, asked, sent_as):
    """Ten bare codes (the simulator refuses `zh-CN`, as the API does); any other language asks in English."""
    task_id = client.submit({"model": "sora-2-preview", "prompt": "a kite"}, f"vg-lang-{sent_as}-{asked}")
    assert client.get_task(task_id, language=asked).id == task_id
    assert simulator.state.languages[task_id] == sent_as


def test_under_five_cents_every_call_answers_402_the_balance_call_too(client, simulator):
    simulator.state.start_balance = 0.30
    client.submit({"model": "sora-2-preview", "prompt": "a kite"}, "vg-spend")  # $0.32: the account is at -$0.02
    balance = client.balance()
    assert balance.below_minimum and balance.remaining == pytest.approx(-0.02)  # read from "current: ... USD"
    with pytest.raises(errors.PaymentRequiredError):
        client.submit({"model": "sora-2-preview", "prompt": "another kite"}, "vg-more")
    assert len(simulator.state.tasks) == 1
