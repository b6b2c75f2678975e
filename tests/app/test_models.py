"""The Generate page walked once per family: the chosen model's own controls, its images by role, its rules
live, and the exact preview body reaching the API; plus models this key cannot use."""

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import images
from tests.app.conftest import APP, page_text, preview_blocks, settle, submit
from tests.faultserver import serve_bytes


@pytest.fixture
def host(faults, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_ALLOW_PRIVATE_URLS", "1")
    return faults


# family -> (model, what to set: duration, aspect ratio, resolution; the image roles to give; options)
WALKS = {
    "Sora 2": ("sora-2-pro-preview", {"duration": 8, "aspect_ratio": "9:16", "resolution": "high"}, ["reference"]),
    "Veo 3.1": ("veo3.1-quality", {"aspect_ratio": "9:16", "resolution": "1080p"}, ["first_frame", "last_frame"]),
    "Kling": ("kling-v3", {"duration": 7, "aspect_ratio": "1:1", "resolution": "pro"}, ["first_frame", "last_frame"]),
    "Seedance": ("seedance-2.0-fast", {"duration": 12, "aspect_ratio": "21:9", "resolution": "480p"}, ["reference"]),
    "Wan": ("wan2.6", {"duration": 10, "aspect_ratio": "3:4", "resolution": "1080p"}, []),
    "MiniMax": ("MiniMax-Hailuo-02", {"duration": 10, "resolution": "512p"}, ["first_frame"]),
    "Vidu Q3": ("viduq3", {"duration": 9, "aspect_ratio": "4:3"}, ["reference"]),
    "Grok Imagine": ("grok-imagine-1.5-video-apimart", {"duration": 20, "aspect_ratio": "2:3"}, []),
    "Gemini Omni": ("Omni-Flash-Ext", {"duration": 4, "resolution": "4k"}, []),
    "HappyHorse": ("happyhorse-1.1", {"duration": 3, "aspect_ratio": "1:1"}, []),
    "PixVerse": ("pixverse-v6", {"duration": 15, "aspect_ratio": "21:9", "resolution": "360p"}, []),
    "SkyReels": ("skyreels-v4-fast", {"duration": 3, "resolution": "480p"}, ["first_frame"]),
}
URL_BOXES = {"reference": "image_url", "first_frame": "first_frame_url", "last_frame": "last_frame_url"}
WIDGETS = {"duration": "radio", "aspect_ratio": "radio", "resolution": "radio"}


def set_choice(at, name, value):
    if name == "duration" and at.select_slider(key="duration") is not None:
        try:
            return at.select_slider(key="duration").set_value(value)
        except KeyError:
            pass
    return at.radio(key=name).set_value(value)


def widget(at, kind, key):
    found = [w for w in getattr(at, kind) if w.key == key]
    return found[0] if found else None


@pytest.mark.parametrize("family", WALKS)
def test_each_familys_form_sends_exactly_its_preview(app, live, host, catalog, family):
    model_id, choices, roles = WALKS[family]
    model = catalog.models[model_id]
    picture = host.route("/frame.jpg", serve_bytes(images.make("JPEG", (1280, 720), color="teal")))
    at = app()
    at.selectbox(key="model").set_value(model_id).run()
    assert model.family in at.selectbox(key="model").format_func(model_id)  # each option names its family
    slider = widget(at, "select_slider", "duration")
    assert (slider is not None) == (model.duration_is_range and len(model.durations) > 6)
    if "aspect_ratio" in choices:
        assert at.radio(key="aspect_ratio").options == [catalog.shapes[r].label for r in model.ratios]
    assert at.radio(key="resolution").disabled == (not model.resolutions)
    for name, value in choices.items():
        (slider if name == "duration" and slider is not None else at.radio(key=name)).set_value(value)
    at.text_area(key="prompt").input(f"a {family} test")
    for role in roles:
        at.text_area(key=URL_BOXES[role]).input(picture)
    at.run()
    for role in ("first_frame", "last_frame"):
        assert (widget(at, "text_area", URL_BOXES[role]) is not None) == model.images.takes(role)
    preview = json.loads(preview_blocks(at)[0])
    assert preview["model"] == model_id and preview["prompt"] == f"a {family} test"
    assert not at.button(key="submit_button").disabled, page_text(at)
    submit(at)
    assert live.state.submissions[-1] == preview
    assert not at.exception


def test_a_rule_holds_live_and_says_why(app):
    at = app()
    at.selectbox(key="model").set_value("MiniMax-Hailuo-2.3").run()
    at.radio(key="duration").set_value(10).run()
    at.radio(key="resolution").set_value("1080p").run()
    assert at.radio(key="duration").options == ["6 s"] and at.radio(key="duration").value == 6
    text = page_text(at)
    assert "Duration was reset to 6 s: Hailuo 2.3 makes 1080p only at 6 s." in text
    assert "Some lengths are off: Hailuo 2.3 makes 1080p only at 6 s." in text
    at.radio(key="resolution").set_value("768p").run()
    assert at.radio(key="duration").options == ["6 s", "10 s"]


def test_an_extra_field_is_a_widget_and_reaches_the_payload(app, live):
    at = app()
    at.selectbox(key="model").set_value("kling-v2-6").run()
    at.toggle(key="request_kling-v2-6_audio").set_value(True).run()
    assert at.radio(key="resolution").value == "pro"  # sound is made only in Pro
    assert "Resolution was reset to Pro 1080p: Sound is made only in Pro." in page_text(at)
    at.text_area(key="prompt").input("a drummer").run()
    assert "$0.62" in page_text(at)  # 5 s x $0.125/s with sound
    submit(at)
    assert live.state.submissions[-1]["audio"] is True and live.state.submissions[-1]["mode"] == "pro"


def test_a_model_this_key_cannot_use_is_shown_and_never_opened_on(app, live):
    live.state.hidden_models = frozenset({"sora-2-preview"})
    at = app()
    assert at.selectbox(key="model").value == "veo3.1-fast"  # the replacement the catalogue names
    assert "Sora 2 is not available for this API key now; Veo 3.1 Fast is chosen instead." in page_text(at)
    assert at.selectbox(key="model").format_func("sora-2-preview").endswith("not available for this key")
    at.selectbox(key="model").set_value("sora-2-preview").run()
    at.text_area(key="prompt").input("a kite").run()
    assert at.button(key="submit_button").disabled
    assert "Choose Veo 3.1 Fast instead." in page_text(at)


def test_a_refusal_for_a_missing_model_marks_it_and_offers_the_replacement(app, live):
    at = app()
    at.text_area(key="prompt").input("a kite [sim:model-gone]").run()
    settle(submit(at))
    at.run()
    assert "not available for this key" in at.selectbox(key="model").format_func("sora-2-preview")
    assert "Choose Veo 3.1 Fast instead." in page_text(at)


def test_the_whole_catalogue_is_listed_with_prices(app, catalog):
    at = app()
    at.session_state["request_all"] = True  # the table of every model, opened
    at.run()
    table = at.dataframe[0].value
    assert len(table) == len(catalog.models) and set(table["Family"]) == set(catalog.families())
    assert "$0.0672-0.429/s" in list(table["Price (estimate)"])


def test_with_a_key_a_models_drift_from_the_providers_schema_is_named(app, data_dir, live):
    mine = (Path(__file__).resolve().parents[2] / "videogen/models/kling.toml").read_text()
    (data_dir / "models").mkdir(parents=True, exist_ok=True)
    (data_dir / "models" / "kling.toml").write_text(mine.replace("range = [3, 15]", "range = [3, 12]", 1))
    at = app()
    at.selectbox(key="model").set_value("kling-v3").run()
    text = page_text(at)
    assert "kling-v3: `duration` maximum: the provider says 15, here 12" in text
    asked = live.state.counts["model_schema"]  # Sora 2 (the page opened on it), then Kling v3
    at.selectbox(key="model").set_value("kling-v3-omni").run()
    at.selectbox(key="model").set_value("kling-v3").run()
    at.selectbox(key="model").set_value("kling-v3-omni").run()
    assert asked == 2 and live.state.counts["model_schema"] == 3  # each model's schema asked once, then kept


def test_use_these_settings_brings_back_frames_and_the_models_own_fields(app, live, catalog):
    from ui.tasks.task_detail import settings_of
    from videogen.request import GenerationRequest
    from videogen.tasks.store import TaskStore

    valid = GenerationRequest(
        "kling-v3", "a kite", 7, "1:1", "pro", first_frame="https://a.example/1.jpg", options=(("audio", True),)
    ).validate(catalog)
    store = TaskStore(Path(os.environ["VIDEOGEN_DATA_DIR"]) / "history.sqlite3")
    record, _ = store.record_intent("vg-kling", valid.payload(), estimated_cost=1.0, columns=valid.columns())
    values = settings_of(record, catalog)
    assert values["first_frame_url"] == "https://a.example/1.jpg" and values["request_kling-v3_audio"] is True
    assert (values["duration"], values["aspect_ratio"], values["resolution"]) == (7, "1:1", "pro")


def test_with_a_first_frame_an_image_led_model_takes_its_shape(app, host):
    frame = host.route("/tall.jpg", serve_bytes(images.make("JPEG", (720, 1280), color="navy")))
    at = app()
    at.selectbox(key="model").set_value("wan2.6").run()
    assert not at.radio(key="aspect_ratio").disabled
    at.text_area(key="first_frame_url").input(frame).run()
    at.text_area(key="prompt").input("the sea").run()
    assert at.radio(key="aspect_ratio").disabled
    text = page_text(at)
    assert "Wan 2.6 gives the video this image's own shape (9:16, about Portrait 9:16)" in text
    assert "Not used: the video takes the image's own shape." in text
    body = json.loads(preview_blocks(at)[0])
    assert body["image_urls"] == [frame] and "aspect_ratio" not in body
    captions = list(at.radio(key="resolution").proto.captions)  # sizes in the image's shape, not 16:9's
    assert captions[0] == "~720x1280" and all(int(c.split("x")[1]) > int(c[1:].split("x")[0]) for c in captions)


def test_a_new_form_opens_on_a_current_model_and_sora_is_retired(data_dir, monkeypatch):
    """Sandbox: the simulated key's list no longer names Sora 2 (shut upstream on 2026-09-24), as the real API's
    does not: new forms open on the catalogue's current default, with no retirement warning, and Sora is
    marked as not available here."""
    monkeypatch.delenv("APIMART_API_KEY", raising=False)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert at.selectbox(key="model").value == "kling-v3-omni"
    warnings = " ".join(w.value for w in at.warning) + " ".join(c.value for c in at.caption)
    assert "retired upstream" not in warnings and "being retired" not in warnings
    options = at.selectbox(key="model").options
    assert any("Sora 2" in option and "not available" in option for option in options)


def test_models_json_names_the_default_and_each_status(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "videogen", "models", "--json"], capture_output=True, text=True, check=True, cwd=root
    )
    listed = json.loads(done.stdout)
    status = {row["id"]: row["status"] for row in listed["models"]}
    assert listed["default"] == "kling-v3-omni" and status[listed["default"]] == "current"
    assert {status[m] for m in ("sora-2-preview", "sora-2-pro-preview")} == {"retired"}


def test_the_cost_box_says_when_a_model_is_settled_later_and_happyhorse_asks_for_words(app):
    at = app()
    at.selectbox(key="model").set_value("seedance-2.5").run()
    assert "Seedance 2.5 is billed by tokens after the video is made" in page_text(at)
    at.selectbox(key="model").set_value("seedance-2.0").run()
    assert "billed by tokens" not in page_text(at)
    at.selectbox(key="model").set_value("happyhorse-1.1").run()
    assert "A prompt is required] unless the video starts from a first frame" in page_text(at)


# The models added from APIMart's newest documentation (issue 25): model -> (choices, image roles to give).
ADDED = {
    "wan2.6-i2v": ({"duration": 10, "resolution": "1080p"}, ["first_frame"]),
    "wan3.0-video": ({"duration": 20, "aspect_ratio": "9:16", "resolution": "480P"}, []),
    "wan3.0-video-prime": ({"duration": 2, "resolution": "1080P"}, ["first_frame", "last_frame"]),
    "MiniMax-Hailuo-2.3-Fast": ({"duration": 10}, ["first_frame"]),
    "gemini-omni-1.1-flash": ({"duration": 3, "resolution": "360p"}, ["first_frame", "last_frame"]),
    "grok-imagine-video": ({"duration": 15, "aspect_ratio": "3:2", "resolution": "720p"}, ["reference"]),
    "grok-imagine-video-1.5": ({"resolution": "1080p"}, []),
    "flux-3-video": ({"duration": 20, "aspect_ratio": "2:3", "resolution": "fhd"}, []),
}


@pytest.mark.parametrize("model_id", ADDED)
def test_each_added_model_has_its_own_form_says_it_has_no_page_and_sends_its_preview(
    app, live, host, catalog, model_id
):
    choices, roles = ADDED[model_id]
    model = catalog.models[model_id]
    picture = host.route("/frame.jpg", serve_bytes(images.make("JPEG", (1280, 720), color="teal")))
    at = app()
    at.selectbox(key="model").set_value(model_id).run()
    slider = widget(at, "select_slider", "duration")
    for name, value in choices.items():
        (slider if name == "duration" and slider is not None else at.radio(key=name)).set_value(value)
    at.text_area(key="prompt").input("a kite over the sea")
    for role in roles:
        at.text_area(key=URL_BOXES[role]).input(picture)
    at.run()
    text = page_text(at)
    assert "No APIMart page was found" in text or "page for FLUX 3 Video was not found" in text
    preview = json.loads(preview_blocks(at)[0])
    assert preview["model"] == model_id
    options = {o.field: o.default for o in model.options if o.audio and o.default}
    duration = choices.get("duration", model.default_duration)
    expected = model.estimate(duration, choices.get("resolution", model.default_tier), options)
    assert at.metric[0].value == f"${expected:.2f}"
    assert not at.button(key="submit_button").disabled, text
    submit(at)
    assert live.state.submissions[-1] == preview and not at.exception


def test_the_table_of_every_model_is_drawn_when_opened(app):
    at = app()
    assert not any(len(d.value) > 40 for d in at.dataframe)  # folded: not made on every run
    at.session_state["request_all"] = True  # the expander opened
    at.run()
    table = next(d.value for d in at.dataframe if len(d.value) > 40)
    assert "Kling v3 Motion Control" in list(table["Model"]) and not at.exception
