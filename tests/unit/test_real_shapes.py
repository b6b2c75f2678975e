"""The real APIMart's shapes (contract sections 6-8), against the simulator and the fault server: errors
with HTTP 200, billed cost and credits, a retired model, no POST retried on 500, idempotency as the
provider's client sends it, string error codes, balance, `language=`, and a sandbox that keeps its word
across a restart."""

import json

import pytest

from tests.conftest import FAST_RETRY, TEST_KEY, send
from tests.faultserver import respond
from tests.unit.test_client import body, fault_client
from videogen.provider import errors
from videogen.provider.answers import parse_task
from videogen.provider.apimart import ApimartClient
from videogen.provider.sandbox.simulator import Simulator, SimulatorState
from videogen.request import GenerationRequest
from videogen.tasks.states import TaskState
from videogen.tasks.submission import DEFINITE, intent_key
from videogen.tasks.tracker import Tracker


def sent(store, client, catalog, prompt):
    request = GenerationRequest("sora-2-preview", prompt)
    return send(store, client, catalog, request, intent_key("n", request)).record


@pytest.mark.parametrize("marker", ["[sim:200-error]", "[sim:success-false]"])
def test_a_refusal_with_http_200_is_a_definite_refusal(store, client, catalog, simulator, marker):
    record = sent(store, client, catalog, f"a scene {marker}")
    assert record.state == TaskState.REJECTED and "refused" in record.error_text
    assert simulator.state.tasks == {} and simulator.state.counts["submit"] == 1


def test_http_200_error_keeps_its_string_code(faults, catalog):
    faults.route(
        "/v1/videos/generations",
        lambda c, r: respond(
            c,
            200,
            json.dumps(
                {
                    "error": {
                        "code": "nsfw_content_detected",
                        "message": "refused",
                        "type": "invalid_request_error",
                        "param": "prompt",
                    }
                }
            ).encode(),
        ),
    )
    client, _ = fault_client(faults)
    with pytest.raises(errors.InvalidRequestError) as info:
        client.submit(body(catalog), "k")
    assert (info.value.code, info.value.param, info.value.status) == ("nsfw_content_detected", "prompt", 200)
    assert isinstance(info.value, DEFINITE)


def test_success_false_on_the_balance_is_an_authentication_error(faults):
    faults.route("/v1/balance", lambda c, r: respond(c, 200, b'{"success": false, "message": "Token Not Found"}'))
    client, _ = fault_client(faults)
    with pytest.raises(errors.AuthenticationError, match="Token Not Found"):
        client.balance()


def test_string_error_codes_and_param_are_kept(client, catalog):
    with pytest.raises(errors.InvalidRequestError) as info:
        client.submit({"model": "sora-2-preview", "prompt": "x", "duration": 5}, "k")
    assert info.value.code == "invalid_duration" and info.value.param == "duration"


def test_cost_is_dollars_and_credits_are_kept_apart():
    task = parse_task({"id": "t", "status": "completed", "cost": 0.32, "credits_cost": 3.2})
    assert task.cost == 0.32 and task.credits == 3.2
    assert parse_task({"id": "t", "status": "completed", "credits_cost": 3.2}).cost is None


def test_billed_cost_and_credits_reach_the_store(store, client, catalog, simulator, tmp_path, clock):
    record = sent(store, client, catalog, "a quiet harbour")
    clock.advance(1.1)
    Tracker(store, client, tmp_path / "videos").refresh()
    done = store.listing.by_task_id(record.task_id)
    assert done.status == "completed" and done.billed_cost == 0.32 and done.billed_credits == 3.2
    assert done.export()["billed_credits"] == 3.2


@pytest.mark.parametrize("status", [503, 400])
def test_a_retired_model_is_refused_at_once_and_named(faults, catalog, store, status):
    faults.route(
        "/v1/videos/generations",
        lambda c, r: respond(
            c,
            status,
            json.dumps(
                {
                    "error": {
                        "code": "model_not_found",
                        "type": "new_api_error",
                        "message": "no available channel for model sora-2-preview under group default (distributor)",
                    }
                }
            ).encode(),
        ),
    )
    client, sleeps = fault_client(faults)
    request = GenerationRequest("sora-2-preview", "x")
    record = send(store, client, catalog, request, intent_key("n", request)).record
    assert record.state == TaskState.REJECTED and "choose another model" in record.error_text
    assert len(faults.hits) == 1 and sleeps == []  # not retried


def test_the_chinese_no_channel_message_is_understood(faults, catalog):
    faults.route(
        "/v1/videos/generations",
        lambda c, r: respond(
            c, 503, json.dumps({"error": {"message": "当前分组 default 下对于模型 veo3 无可用渠道"}}).encode()
        ),
    )
    client, _ = fault_client(faults)
    with pytest.raises(errors.ModelUnavailableError):
        client.submit(body(catalog), "k")
    assert len(faults.hits) == 1


def test_the_sandbox_can_say_a_model_is_gone(store, client, catalog, simulator):
    record = sent(store, client, catalog, "a scene [sim:model-gone]")
    assert record.state == TaskState.REJECTED and "not available for this API key" in record.error_text
    assert simulator.state.counts["submit"] == 1


def test_a_post_is_never_retried_on_500_but_a_get_is(faults, catalog):
    faults.route("/v1/videos/generations", lambda c, r: respond(c, 500, b'{"error": {"message": "boom"}}'))
    faults.route("/v1/tasks/t1", lambda c, r: respond(c, 500, b'{"error": {"message": "boom"}}'))
    client, _ = fault_client(faults)
    with pytest.raises(errors.ServerError):
        client.submit(body(catalog), "k")
    assert len(faults.hits) == 1
    with pytest.raises(errors.ServerError):
        client.get_task("t1")
    assert len(faults.hits) == 1 + FAST_RETRY.attempts


def test_idempotency_is_sent_as_the_providers_client_sends_it(client, catalog, simulator):
    receipt = client.submit_receipt(body(catalog), "key-obj")
    again = client.submit_receipt(body(catalog), "key-obj")
    assert receipt.task_id == again.task_id and not receipt.replayed and again.replayed
    assert len(simulator.state.tasks) == 1


def test_both_data_shapes_come_from_the_simulator(simulator, catalog):
    import requests

    headers = {"Authorization": f"Bearer {TEST_KEY}", "Idempotency-Key": "k1"}
    as_object = requests.post(
        simulator.base_url + "/v1/videos/generations",
        json=body(catalog),
        timeout=5,
        headers={**headers, "X-APIMart-Response-Version": "2026-07-27"},
    ).json()
    as_list = requests.post(
        simulator.base_url + "/v1/videos/generations",
        json=body(catalog, "other"),
        timeout=5,
        headers={**headers, "Idempotency-Key": "k2"},
    ).json()
    assert as_object["data"]["object"] == "generation.task" and as_object["data"]["id"].startswith("task_")
    assert as_list["data"][0]["task_id"].startswith("task_")


def test_language_is_asked_for_on_the_status_call(faults):
    faults.route("/v1/tasks/t1", lambda c, r: respond(c, 200, b'{"code":200,"data":{"id":"t1","status":"pending"}}'))
    client, _ = fault_client(faults)
    client.get_task("t1")
    client.get_task("t1", language="zh")
    assert [h.path for h in faults.hits] == ["/v1/tasks/t1?language=en", "/v1/tasks/t1?language=zh"]


def test_cancelled_and_a_plain_string_url_are_followed(store, client, catalog, simulator, tmp_path, clock):
    cancelled = sent(store, client, catalog, "a scene [sim:cancel]")
    plain = sent(store, client, catalog, "a scene [sim:url-string]")
    clock.advance(1.1)
    Tracker(store, client, tmp_path / "videos").refresh()
    gone = store.listing.by_task_id(cancelled.task_id)
    assert gone.status == "cancelled" and gone.billed_cost == 0.0 and "cancelled" in gone.error_text
    saved = store.listing.by_task_id(plain.task_id)
    assert saved.status == "completed" and saved.video_path and saved.urls[0].endswith(".mp4")


@pytest.mark.parametrize("status,cls", [(429, errors.RateLimitedError), (500, errors.ServerError)])
def test_upload_faults_are_not_retried(client, simulator, status, cls):
    simulator.state.upload_status = status
    with pytest.raises(cls):
        client.upload_image(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "a.png", "image/png")
    assert simulator.state.counts["upload"] == 1


def test_balance_goes_down_with_each_task_and_is_marked_simulated(client, catalog, store, simulator):
    before = client.balance()
    sent(store, client, catalog, "one scene")
    sent(store, client, catalog, "a scene that fails [sim:fail]")
    after = client.balance()
    assert before.simulated and before.remaining == 25.0
    assert after.remaining == pytest.approx(25.0 - 0.32) and after.used == pytest.approx(0.32)


def test_a_restarted_sandbox_keeps_its_word(tmp_path, catalog, store, clock):
    kept = tmp_path / "sandbox.sqlite3"
    first = Simulator(SimulatorState.kept_in(kept, api_key=TEST_KEY, complete_after=1.0, clock=clock)).start()
    client = ApimartClient(first.base_url, TEST_KEY, retry=FAST_RETRY)
    receipt = client.submit_receipt(body(catalog), "key-kept")
    first.stop()
    again = Simulator(SimulatorState.kept_in(kept, api_key=TEST_KEY, complete_after=1.0, clock=clock)).start()
    try:
        client = ApimartClient(again.base_url, TEST_KEY, retry=FAST_RETRY)
        clock.advance(1.1)
        task = client.get_task(receipt.task_id)
        assert task.status == "completed" and again.base_url in task.video_urls[0]
        assert client.submit_receipt(body(catalog), "key-kept").replayed  # the key is remembered too
    finally:
        again.stop()


def test_the_model_list_is_read_as_gateways_answer_it(client, catalog):
    listed = client.list_models()
    assert {m.id for m in listed} == set(catalog.models) | {
        "MiniMax-H3-Regeneration",
        "wan2.7-r2v",
        "MiniMax-H3-Context-IR",  # the prompt helper
    }  # 2 not described
    assert all(m.category == "video" and m.owned_by for m in listed)


def test_a_model_list_without_data_is_a_bad_answer(faults):
    faults.route("/v1/models", lambda c, r: respond(c, 200, b'{"object": "list"}'))
    client, _ = fault_client(faults)
    with pytest.raises(errors.BadResponseError):
        client.list_models()
