"""The catalogue held against APIMart's newest documentation (issue 25): each drift mended in the data, and what
the request, the estimate and History make of it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from videogen.request import GenerationRequest, InvalidRequest


def test_renamed_seedance_ids_are_sent_as_documented_and_old_ids_still_resolve(catalog):
    for old, new in [
        ("doubao-seedance-1-5-pro", "seedance-1-5-pro"),
        ("doubao-seedance-1-0-pro-fast", "seedance-1-0-pro-fast"),
        ("doubao-seedance-1-0-pro-quality", "seedance-1-0-pro-quality"),
    ]:
        assert new in catalog.models and old not in catalog.models
        assert catalog.model(old).id == new  # History's rows and old recipes find the model
        body = GenerationRequest(old, "a kite", 5).validate(catalog).payload()
        assert body["model"] == new  # a request made from an old recipe is sent under the documented id


def test_a_history_row_under_an_old_id_opens_generate_on_the_renamed_model(catalog, tmp_path):
    from ui.tasks.task_detail import settings_of
    from videogen.tasks.store import TaskStore

    store = TaskStore(tmp_path / "history.sqlite3")
    payload = {"model": "doubao-seedance-1-5-pro", "prompt": "a kite", "duration": 5}
    record, _ = store.record_intent("k-old", payload, estimated_cost=0.22)
    assert settings_of(record, catalog)["model"] == "seedance-1-5-pro"


def test_happyhorse_needs_words_with_references_but_not_with_a_first_frame(catalog):
    for model in ("happyhorse-1.0", "happyhorse-1.1"):
        with pytest.raises(InvalidRequest) as refused:
            GenerationRequest(model, "", image_urls=("https://a.example/ref.jpg",)).validate(catalog)
        assert "prompt" in refused.value.notes  # a sure 400 upstream: "R2V mode: required"
        GenerationRequest(model, "", first_frame="https://a.example/first.jpg").validate(catalog)  # I2V: optional


def test_h3_max_offers_1080p_and_references(catalog):
    model = catalog.models["MiniMax-H3-Max"]
    assert model.estimate(10, "1080P") == pytest.approx(1.28)  # $0.128/s on the price list of 2026-09-21
    body = GenerationRequest("MiniMax-H3-Max", "a kite", 5, image_urls=("https://a.example/r.jpg",)).validate(catalog)
    assert body.payload()["image_urls"] == ["https://a.example/r.jpg"]


def test_veo_official_sound_is_offered_and_priced(catalog):
    fast, quality = catalog.models["veo3.1-fast-official"], catalog.models["veo3.1-quality-official"]
    assert fast.estimate(8, "720p", {"generate_audio": True}) == pytest.approx(0.64)  # 720P-audio $0.08/s
    assert fast.estimate(8, "4K", {"generate_audio": True}) == pytest.approx(1.92)  # 4K-audio $0.24/s
    assert quality.estimate(8, "4K", {"generate_audio": True}) == pytest.approx(3.84)  # 4K-audio $0.48/s
    assert fast.estimate(8, "720p") == pytest.approx(0.512)  # silent, as before
    body = GenerationRequest("veo3.1-fast-official", "a kite", 8, options=(("generate_audio", True),))
    assert body.validate(catalog).payload()["generate_audio"] is True
    assert "generate_audio" not in GenerationRequest("veo3.1-fast-official", "a kite", 8).validate(catalog).payload()


def test_skyreels_prompt_is_held_to_its_token_limit(catalog):
    with pytest.raises(InvalidRequest):
        GenerationRequest("skyreels-v4-fast", "word " * 300).validate(catalog)  # 1,500 characters


def test_seedance_face_is_retired_and_seedance_25_says_it_is_settled_later(catalog):
    face = catalog.models["seedance-2.0-face"]
    assert face.retired and face.replacement == "seedance-2.0"
    assert catalog.models["seedance-2.5"].settled_later and not catalog.models["seedance-2.0"].settled_later
    assert "return_last_frame" in {o.field for o in catalog.models["seedance-2.0-mini"].options}


def test_models_json_shows_the_drifts():
    out = subprocess.run(
        [sys.executable, "-m", "videogen", "models", "--json"], capture_output=True, text=True, check=True
    ).stdout
    listed = json.loads(out)
    models = {m["id"]: m for m in listed["models"]} if isinstance(listed, dict) else {m["id"]: m for m in listed}
    assert models["seedance-2.0-face"]["status"] == "retired"
    assert "seedance-1-5-pro" in models and "doubao-seedance-1-5-pro" not in models
