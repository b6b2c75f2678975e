import json
import logging
import socket
import time

import pytest

from tests.conftest import FAST_RETRY, TEST_KEY
from tests.faultserver import reset, respond
from videogen.provider import errors
from videogen.provider.answers import parse_task
from videogen.provider.apimart import ApimartClient
from videogen.provider.retrying import RetryPolicy, parse_retry_after
from videogen.request import GenerationRequest

OK_SUBMIT = json.dumps({"code": 200, "data": [{"status": "submitted", "task_id": "task_A"}]}).encode()


def body(catalog, prompt="a lighthouse in a storm", **kw):
    return GenerationRequest(kw.pop("model", "sora-2-preview"), prompt, **kw).validate(catalog).payload()


def fault_client(faults, **kw):
    sleeps = []
    client = ApimartClient(
        faults.url, TEST_KEY, retry=kw.pop("retry", FAST_RETRY), timeout=kw.pop("timeout", (1, 1)), sleep=sleeps.append
    )
    return client, sleeps


# --- against the simulator ------------------------------------------------------------


def test_submit_sends_the_exact_body_and_returns_the_task_id(simulator, client, catalog):
    payload = body(catalog, model="sora-2-pro-preview", duration=8, aspect_ratio="9:16", resolution="high")
    task_id = client.submit(payload, "key-1")
    assert task_id.startswith("task_")
    assert simulator.state.submissions == [payload]


def test_same_idempotency_key_replays_the_same_task(simulator, client, catalog):
    payload = body(catalog)
    first = client.submit(payload, "key-same")
    second = client.submit(payload, "key-same")
    assert first == second
    assert len(simulator.state.tasks) == 1


def test_task_moves_to_completed_with_a_video_list(client, catalog, clock):
    task_id = client.submit(body(catalog), "k")
    first = client.get_task(task_id)
    assert first.status in ("pending", "processing") and not first.finished
    clock.advance(1.1)
    done = client.get_task(task_id)
    assert done.status == "completed" and done.progress == 100 and done.finished
    assert len(done.video_urls) == 1 and done.video_urls[0].endswith(".mp4")
    assert done.expires_at > time.time() and done.cost == pytest.approx(0.32)


def test_failed_task_carries_the_api_message(client, catalog, clock):
    task_id = client.submit(body(catalog, "dancing [sim:fail]"), "k")
    clock.advance(0.6)
    task = client.get_task(task_id)
    assert task.status == "failed" and "content policy" in task.error.message


@pytest.mark.parametrize(
    "marker,error_type",
    [
        ("[sim:400]", errors.InvalidRequestError),
        ("[sim:401]", errors.AuthenticationError),
        ("[sim:402]", errors.PaymentRequiredError),
        ("[sim:403]", errors.ForbiddenError),
        ("[sim:429]", errors.RateLimitedError),
        ("[sim:500]", errors.ServerError),
    ],
)
def test_each_status_maps_to_its_error(client, catalog, marker, error_type):
    with pytest.raises(error_type) as info:
        client.submit(body(catalog, f"x {marker}"), f"k{marker}")
    assert info.value.message and info.value.next_step


def test_wrong_key_is_an_authentication_error(simulator, catalog):
    other = ApimartClient(simulator.base_url, "wrong-key", retry=FAST_RETRY)
    with pytest.raises(errors.AuthenticationError):
        other.submit(body(catalog), "k")


def test_api_validation_message_is_passed_on(simulator, client):
    with pytest.raises(errors.InvalidRequestError) as info:
        client.submit({"model": "sora-2-preview", "prompt": "x", "seed": 3}, "k")
    assert "seed" in info.value.message


def test_unknown_model_says_so(client, simulator):
    with pytest.raises(errors.ModelUnavailableError, match="no available channel for model sora-1") as info:
        client.submit({"model": "sora-1", "prompt": "x"}, "k")
    assert "choose another model" in info.value.next_step and info.value.code == "model_not_found"
    assert simulator.state.counts["submit"] == 1  # a missing model is not retried


def test_unknown_task_is_not_found(client):
    with pytest.raises(errors.NotFoundError):
        client.get_task("task_DOESNOTEXIST")


def test_upload_returns_a_url_the_simulator_serves(client):
    import requests

    from tests.images import make

    data = make("PNG", (64, 36))
    url = client.upload_image(data, "ref.png", "image/png")
    assert requests.get(url, timeout=5).content == data


def test_hang_marker_is_outcome_unknown_and_the_same_key_replays(simulator, catalog):
    slow = ApimartClient(simulator.base_url, TEST_KEY, retry=FAST_RETRY, timeout=(1.0, 0.5))
    payload = body(catalog, "a slow one [sim:hang]")
    with pytest.raises(errors.OutcomeUnknownError):
        slow.submit(payload, "key-hang")
    assert len(simulator.state.tasks) == 1  # the task exists although we never heard of it
    assert len(simulator.state.submissions) == 1  # and the client did not re-send on its own
    replayed = slow.submit(payload, "key-hang")
    assert replayed in simulator.state.tasks and len(simulator.state.tasks) == 1


# --- against the fault server -------------------------------------------------------


def test_object_envelope_is_accepted(faults, catalog):
    faults.route(
        "/v1/videos/generations",
        lambda c, r: respond(c, 200, b'{"code":200,"data":{"id":"task_OBJ","status":"submitted"}}'),
    )
    client, _ = fault_client(faults)
    assert client.submit(body(catalog), "k") == "task_OBJ"


def test_timeout_after_send_is_outcome_unknown_and_not_resent(faults, catalog):
    faults.route("/v1/videos/generations", lambda c, r: time.sleep(3))
    client, _ = fault_client(faults, timeout=(1, 0.5))
    with pytest.raises(errors.OutcomeUnknownError) as info:
        client.submit(body(catalog), "k")
    assert "History" in info.value.next_step
    assert len(faults.hits) == 1


def test_reset_after_send_is_outcome_unknown(faults, catalog):
    faults.route("/v1/videos/generations", lambda c, r: reset(c))
    client, _ = fault_client(faults)
    with pytest.raises(errors.OutcomeUnknownError):
        client.submit(body(catalog), "k")
    assert len(faults.hits) == 1


def test_nothing_listening_is_unreachable_and_retried():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    sleeps = []
    client = ApimartClient(f"http://127.0.0.1:{port}", TEST_KEY, retry=FAST_RETRY, sleep=sleeps.append)
    with pytest.raises(errors.UnreachableError):
        client.submit({"model": "sora-2-preview", "prompt": "x"}, "k")
    assert len(sleeps) == FAST_RETRY.attempts - 1  # connect failures are retried: nothing was sent


def test_html_502_is_a_server_error_with_readable_text(faults):
    faults.route(
        "/v1/tasks/t1",
        lambda c, r: respond(c, 502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html"),
    )
    client, sleeps = fault_client(faults)
    with pytest.raises(errors.ServerError) as info:
        client.get_task("t1")
    assert "502 Bad Gateway" in info.value.message and "<" not in info.value.message
    assert len(faults.hits) == FAST_RETRY.attempts  # GETs retry on 502


def test_get_recovers_after_transient_503(faults):
    calls = []

    def flaky(conn, request):
        calls.append(1)
        if len(calls) < 3:
            respond(conn, 503, b"busy", content_type="text/plain")
        else:
            respond(conn, 200, b'{"code":200,"data":{"id":"t1","status":"processing","progress":40}}')

    faults.route("/v1/tasks/t1", flaky)
    client, sleeps = fault_client(faults)
    assert client.get_task("t1").progress == 40 and len(sleeps) == 2


def test_submit_on_502_is_retried_with_the_same_key(faults, catalog):
    calls = []

    def gateway(conn, request):
        calls.append(request.headers.get("idempotency-key"))
        if len(calls) == 1:
            respond(conn, 502, b"<html>bad gateway</html>", content_type="text/html")
        else:
            respond(conn, 200, OK_SUBMIT)

    faults.route("/v1/videos/generations", gateway)
    client, _ = fault_client(faults)
    assert client.submit(body(catalog), "key-502") == "task_A"
    assert calls == ["key-502", "key-502"]


def test_invalid_json_is_a_bad_response(faults):
    faults.route("/v1/tasks/t1", lambda c, r: respond(c, 200, b"{not json"))
    client, _ = fault_client(faults)
    with pytest.raises(errors.BadResponseError):
        client.get_task("t1")


def test_unexpected_shape_on_submit_is_outcome_unknown(faults, catalog):
    faults.route("/v1/videos/generations", lambda c, r: respond(c, 200, b'{"code":200,"data":[]}'))
    client, _ = fault_client(faults)
    with pytest.raises(errors.OutcomeUnknownError):
        client.submit(body(catalog), "k")


def test_unexpected_shape_on_status_is_a_bad_response(faults):
    faults.route("/v1/tasks/t1", lambda c, r: respond(c, 200, b'{"code":200,"data":{"weird":true}}'))
    client, _ = fault_client(faults)
    with pytest.raises(errors.BadResponseError):
        client.get_task("t1")


CAPPED = RetryPolicy(backoff=0.01, backoff_max=0.05, retry_after_max=30)


@pytest.mark.parametrize("header,expected_wait", [("2", 2.0), ("9999", 30.0), (None, None)])
def test_429_retry_after_is_honoured_and_capped(faults, header, expected_wait):
    headers = {"Retry-After": header} if header else {}
    faults.route(
        "/v1/tasks/t1",
        lambda c, r: respond(
            c, 429, b'{"error":{"code":429,"message":"slow down","type":"rate_limit_error"}}', headers
        ),
    )
    client, sleeps = fault_client(faults, retry=CAPPED)  # sleeps are recorded, not slept
    with pytest.raises(errors.RateLimitedError) as info:
        client.get_task("t1")
    assert len(sleeps) == FAST_RETRY.attempts - 1
    if expected_wait is not None:
        assert sleeps == [expected_wait] * len(sleeps)
        assert "in a minute" in info.value.next_step and "tried 4 times" in info.value.message
    else:
        assert all(0 <= s <= FAST_RETRY.backoff_max * 1.5 for s in sleeps)


def test_upload_is_not_retried_once_sent(faults):
    faults.route(
        "/v1/uploads/images",
        lambda c, r: respond(c, 500, b'{"error":{"code":500,"message":"x","type":"server_error"}}'),
    )
    client, sleeps = fault_client(faults)
    with pytest.raises(errors.ServerError):
        client.upload_image(b"\x89PNG\r\n\x1a\n", "a.png")
    assert len(faults.hits) == 1 and sleeps == []


def test_gateway_json_shape_success_false(faults):
    faults.route("/v1/tasks/t1", lambda c, r: respond(c, 403, b'{"success": false, "message": "model not allowed"}'))
    client, _ = fault_client(faults)
    with pytest.raises(errors.ForbiddenError, match="model not allowed"):
        client.get_task("t1")


# --- parsing ----------------------------------------------------------------------------


def test_url_string_or_list_both_give_a_list():
    as_string = parse_task({"id": "t", "status": "completed", "result": {"videos": [{"url": "https://x/v.mp4"}]}})
    as_list = parse_task({"id": "t", "status": "completed", "result": {"videos": [{"url": ["https://x/v.mp4"]}]}})
    assert as_string.video_urls == as_list.video_urls == ("https://x/v.mp4",)


def test_retry_after_as_http_date():
    future = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= parse_retry_after(future) <= 31
    assert parse_retry_after("soon") is None


def test_backoff_grows_and_is_capped():
    policy = RetryPolicy(backoff=1, backoff_max=4, jitter=0)
    assert [policy.wait(n, None) for n in (1, 2, 3, 4)] == [1, 2, 4, 4]


# --- the key stays secret ---------------------------------------------------------------


def test_key_never_in_errors_reprs_or_debug_logs(faults, catalog, caplog):
    faults.route(
        "/v1/videos/generations",
        lambda c, r: respond(
            c,
            401,
            json.dumps(
                {"error": {"code": 401, "message": f"bad key {TEST_KEY}", "type": "authentication_error"}}
            ).encode(),
        ),
    )
    faults.route("/v1/tasks/t1", lambda c, r: reset(c))
    client, _ = fault_client(faults)
    caplog.set_level(logging.DEBUG)
    seen = [repr(client)]
    for call in (lambda: client.submit(body(catalog), "k"), lambda: client.get_task("t1")):
        with pytest.raises(errors.ApiError) as info:
            call()
        seen += [str(info.value), repr(info.value), info.value.next_step]
    seen.append(caplog.text)
    assert faults.hits[0].headers["authorization"] == f"Bearer {TEST_KEY}"  # it was sent, to the API only
    assert all(TEST_KEY not in text for text in seen)
