"""Every API fault during a submit ends, in bounded time, in a stored row the user can act on."""

import json
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import FAST_RETRY, TEST_KEY, send
from tests.faultserver import reset, respond
from videogen.catalog import builtin
from videogen.provider.apimart import ApimartClient
from videogen.request import GenerationRequest
from videogen.tasks.states import TaskState
from videogen.tasks.submission import intent_key
from videogen.tasks.tracker import Tracker

ROOT = Path(__file__).resolve().parents[2]
REQUEST = GenerationRequest("sora-2-preview", "a fox in the snow", 4, "landscape")


def error(status, kind, message="x"):
    return json.dumps({"error": {"code": status, "message": message, "type": kind}}).encode()


FAULTS = {
    "timeout after send": (lambda c, r: time.sleep(3), TaskState.UNKNOWN, "check History"),
    "reset after send": (lambda c, r: reset(c), TaskState.UNKNOWN, "check History"),
    "502 with html": (
        lambda c, r: respond(c, 502, b"<html>Bad Gateway</html>", content_type="text/html"),
        TaskState.UNKNOWN,
        "Bad Gateway",
    ),
    "invalid json": (lambda c, r: respond(c, 200, b"{oops"), TaskState.UNKNOWN, "not JSON"),
    "unexpected shape": (
        lambda c, r: respond(c, 200, b'{"code":200,"data":{"weird":1}}'),
        TaskState.UNKNOWN,
        "no task id",
    ),
    "429 retry-after": (
        lambda c, r: respond(c, 429, error(429, "rate_limit_error"), {"Retry-After": "1"}),
        TaskState.REJECTED,
        "tried 4 times",
    ),
    "429 no retry-after": (
        lambda c, r: respond(c, 429, error(429, "rate_limit_error")),
        TaskState.REJECTED,
        "Submit again in a minute",
    ),
    "429 absurd retry-after": (
        lambda c, r: respond(c, 429, error(429, "rate_limit_error"), {"Retry-After": "999999999"}),
        TaskState.REJECTED,
        "limiting requests",
    ),
    "401": (lambda c, r: respond(c, 401, error(401, "authentication_error")), TaskState.REJECTED, "Check the API key"),
    "402": (lambda c, r: respond(c, 402, error(402, "payment_required")), TaskState.REJECTED, "Top up"),
    "403": (lambda c, r: respond(c, 403, error(403, "permission_error")), TaskState.REJECTED, "may not use"),
    "400": (
        lambda c, r: respond(c, 400, error(400, "invalid_request_error", "duration must be 4, 8 or 12")),
        TaskState.REJECTED,
        "duration must be",
    ),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_submit_fault_ends_in_a_stored_actionable_row(faults, store, name):
    handler, state, words = FAULTS[name]
    faults.route("/v1/videos/generations", handler)
    sleeps = []
    client = ApimartClient(faults.url, TEST_KEY, retry=FAST_RETRY, timeout=(1.0, 0.5), sleep=sleeps.append)
    key = intent_key("n", REQUEST)
    started = time.monotonic()
    send(store, client, builtin(), REQUEST, key)
    assert time.monotonic() - started < 5  # bounded
    assert all(s <= FAST_RETRY.retry_after_max for s in sleeps)  # an absurd Retry-After is capped
    row = store.listing.by_key(key)
    assert row is not None and row.state == state and words in row.error_text
    assert row.prompt == "a fox in the snow" and row.payload  # nothing lost: the request can be reconciled
    again = send(store, client, builtin(), REQUEST, key)
    assert again.sent is False  # the same intent is never POSTed again on its own


def test_task_processing_forever_is_never_marked_failed(simulator, client, store, tmp_path, clock):
    task_id = client.submit({"model": "sora-2-preview", "prompt": "x [sim:stuck]"}, "k-stuck")
    store.add_task(task_id)
    tracker = Tracker(store, client, tmp_path)
    clock.advance(1.2)  # past the normal completion time
    for _ in range(3):
        tracker.refresh()
    row = store.listing.by_task_id(task_id)
    assert row.status == "processing" and row.progress == 99 and not row.error_text
    assert store.tracking.has_unfinished()


def test_streamlit_settings_for_users():
    config = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    # The uploader takes more than every model's limit so that the app itself can say what is wrong and what to do.
    from ui.generate.reference_panel import UPLOAD_LIMIT_MB

    assert config["server"]["maxUploadSize"] == UPLOAD_LIMIT_MB > builtin().reference.max_bytes // (1024 * 1024)
    assert set(config["theme"]) == {"light", "dark"}  # both: the system's choice is followed


def test_secrets_file_is_ignored_and_an_example_is_committed():
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().split()
    example = tomllib.loads((ROOT / ".streamlit/secrets.example.toml").read_text())
    assert example["APIMART_API_KEY"] == "sk-..."
