import threading

from tests.conftest import FAST_RETRY, TEST_KEY, send
from tests.images import make
from videogen.provider.apimart import ApimartClient
from videogen.request import GenerationRequest
from videogen.tasks.states import TaskState
from videogen.tasks.submission import Attached, intent_key, retry_same_key

REQUEST = GenerationRequest("sora-2-preview", "a kite over the dunes", 8, "landscape")


def test_same_form_same_key_other_session_other_key():
    assert intent_key("n1", REQUEST) == intent_key("n1", REQUEST)
    assert intent_key("n1", REQUEST) != intent_key("n2", REQUEST)
    assert intent_key("n1", REQUEST) != intent_key("n1", REQUEST, image_digest="abc")


def test_submit_records_then_posts_once(store, client, simulator, catalog):
    key = intent_key("n", REQUEST)
    first = send(store, client, catalog, REQUEST, key, session_id="s")
    second = send(store, client, catalog, REQUEST, key, session_id="s")
    assert first.sent and not second.sent and first.record.task_id == second.record.task_id
    assert len(simulator.state.submissions) == 1
    assert first.record.estimated_cost == 0.64 and first.record.state == TaskState.SUBMITTED


def test_concurrent_clicks_make_one_post(store, client, simulator, catalog):
    key = intent_key("n", REQUEST)
    outcomes = []
    threads = [
        threading.Thread(target=lambda: outcomes.append(send(store, client, catalog, REQUEST, key))) for _ in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(o.sent for o in outcomes) == 1 and len(simulator.state.submissions) == 1


def test_definite_refusal_is_rejected(store, client, catalog):
    request = GenerationRequest("sora-2-preview", "x [sim:402]")
    outcome = send(store, client, catalog, request, intent_key("n", request))
    assert outcome.record.state == TaskState.REJECTED and "Top up" in outcome.record.error_text


def test_unknown_outcome_then_safe_retry_with_same_key(store, simulator, catalog):
    slow = ApimartClient(simulator.base_url, TEST_KEY, retry=FAST_RETRY, timeout=(1, 0.5))
    request = GenerationRequest("sora-2-preview", "x [sim:hang]")
    key = intent_key("n", request)
    outcome = send(store, slow, catalog, request, key)
    assert outcome.record.state == TaskState.UNKNOWN and "check History" in outcome.record.error_text
    assert send(store, slow, catalog, request, key).sent is False  # a second click does not re-send
    retried = retry_same_key(store, slow, key)
    assert retried.record.state == TaskState.SUBMITTED and len(simulator.state.tasks) == 1


def test_upload_runs_only_for_a_new_intent(store, client, simulator, catalog):
    attached = Attached("digest", upload=(make(), "ref.jpg", "image/jpeg"))
    key = intent_key("n", REQUEST, "digest")
    send(store, client, catalog, REQUEST, key, attached=attached)
    send(store, client, catalog, REQUEST, key, attached=attached)
    sent_url = simulator.state.submissions[0]["image_urls"][0]
    assert simulator.state.counts["upload"] == 1 and sent_url.startswith(simulator.base_url)
