"""Which models this key can use: the API's list (cached for minutes), its refusals, the catalogue alone when
the list fails; and the simulator's model list and schemas, over HTTP."""

import requests

from tests.conftest import FAST_RETRY, TEST_KEY
from tests.faultserver import respond
from videogen.provider.apimart import ApimartClient
from videogen.studio import Studio
from videogen.studio.availability import LIST_TTL, Availability
from videogen.tasks.store import TaskStore


class Ticks:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_list_is_asked_once_per_few_minutes_and_unlisted_models_are_unusable(simulator, client, catalog):
    simulator.state.hidden_models = frozenset({"sora-2-preview"})
    ticks = Ticks()
    availability = Availability(clock=ticks)
    availability.refresh(client)
    availability.refresh(client)
    assert simulator.state.counts["models"] == 1
    assert not availability.usable("sora-2-preview") and availability.usable("kling-v3")
    assert availability.undescribed(catalog) == ["MiniMax-H3-Regeneration", "wan2.7-r2v"]
    ticks.now += LIST_TTL + 1
    availability.refresh(client)
    assert simulator.state.counts["models"] == 2


def test_without_a_list_the_catalogue_alone_is_used(faults):
    faults.route("/v1/models", lambda conn, request: respond(conn, 502, b"<html>bad gateway</html>", {}, "text/html"))
    client = ApimartClient(f"http://127.0.0.1:{faults.port}", TEST_KEY, retry=FAST_RETRY, timeout=(1.0, 1.0))
    availability = Availability()
    availability.refresh(client)
    client.close()
    assert availability.failed and availability.usable("sora-2-preview") and availability.usable("kling-v3")


def test_a_model_the_api_refuses_is_marked_unavailable(simulator, client, tmp_path, catalog):
    from videogen.request import GenerationRequest

    studio = Studio(TaskStore(tmp_path / "h.sqlite3"), client, tmp_path, simulator.base_url, sandbox=True)
    assert studio.usable("sora-2-preview")
    simulator.state.hidden_models = frozenset({"sora-2-preview"})  # listed a minute ago, gone now
    valid = GenerationRequest("sora-2-preview", "a kite").validate(catalog)
    outcome = studio.submit(valid, "vg-refused-model")
    assert outcome.record.state == "rejected" and "not available" in outcome.record.error_text
    assert not studio.usable("sora-2-preview") and studio.usable("kling-v3")


def test_the_simulator_serves_each_models_schema(simulator):
    answer = requests.get(
        f"{simulator.base_url}/v1/model-schema",
        params={"model": "kling-v3", "operation": "video_generation"},
        headers={"Authorization": f"Bearer {TEST_KEY}"},
        timeout=5,
    )
    schema = answer.json()
    assert answer.status_code == 200 and schema["model"] == "kling-v3" and schema["operation"] == "video_generation"
    properties = schema["input_schema"]["properties"]
    assert properties["duration"]["minimum"] == 3 and properties["mode"]["enum"] == ["std", "pro", "4k"]
    missing = requests.get(
        f"{simulator.base_url}/v1/model-schema",
        params={"model": "nope"},
        headers={"Authorization": f"Bearer {TEST_KEY}"},
        timeout=5,
    )
    assert missing.status_code == 404


def test_the_client_reads_a_schema_and_a_hidden_model_is_refused_at_submit(simulator, client):
    assert client.model_schema("seedance-2.5")["input_schema"]["properties"]["size"]["default"] == "adaptive"
    simulator.state.hidden_models = frozenset({"kling-v3"})
    answer = requests.post(
        f"{simulator.base_url}/v1/videos/generations",
        json={"model": "kling-v3", "prompt": "a kite"},
        headers={"Authorization": f"Bearer {TEST_KEY}"},
        timeout=5,
    )
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "model_not_found"
    assert "kling-v3" not in [m.id for m in client.list_models()]
