import json

import pytest

from tests.app.conftest import fill, page_text, preview_blocks, settle, submit, task_ids
from tests.conftest import TEST_KEY

# --- the form ---------------------------------------------------------------------------


def test_labels_of_the_contract(app):
    at = app()
    assert at.selectbox(key="model").label == "Model"
    assert at.text_area(key="prompt").label == "Prompt"
    assert [r.label for r in at.main.radio] == ["Duration", "Aspect ratio", "Resolution"]
    assert at.text_area(key="image_url").label == "Reference image URL"
    assert at.button(key="submit_button").label == "Submit"
    assert not at.exception


def test_resolution_follows_the_model(app):
    at = app()
    assert at.radio(key="resolution").disabled
    assert "has one resolution" in page_text(at)
    at.selectbox(key="model").set_value("sora-2-pro-preview").run()
    assert not at.radio(key="resolution").disabled
    at.selectbox(key="model").set_value("sora-2-preview").run()
    assert at.radio(key="resolution").disabled


def test_prompt_required_disables_submit(app):
    at = app()
    assert at.button(key="submit_button").disabled
    assert "Prompt is required" in page_text(at)
    fill(at)
    assert not at.button(key="submit_button").disabled


def test_values_come_from_the_link(app):
    at = app(model="Sora 2 Pro", prompt="from a link", duration="12 s", aspect_ratio="Portrait 9:16", resolution="High")
    assert at.selectbox(key="model").value == "sora-2-pro-preview"
    assert (at.radio(key="duration").value, at.radio(key="aspect_ratio").value) == (12, "9:16")
    assert at.radio(key="resolution").value == "high" and at.text_area(key="prompt").value == "from a link"
    assert "$4.80" in page_text(at)  # 12 s x $0.40


def test_cost_estimate_and_preview(app):
    at = fill(app(), model="sora-2-pro-preview", duration=8)
    assert not at.code  # folded, the preview draws nothing
    shown = preview_blocks(at)
    text = page_text(at)
    assert "$1.92" in text and "8 s x $0.24/s" in text
    assert "$APIMART_API_KEY" in text and TEST_KEY not in text
    body = json.loads(shown[0])
    assert body == {
        "model": "sora-2-pro-preview",
        "prompt": "a red kite over green hills",
        "duration": 8,
        "aspect_ratio": "landscape",
        "resolution": "standard",
    }


# --- submit ---------------------------------------------------------------------------------


def test_exact_json_reaches_the_api_and_the_task_is_shown(app, live):
    at = fill(app(), model="sora-2-pro-preview", duration=12, aspect_ratio="9:16", resolution="high")
    submit(at)
    assert live.state.submissions == [
        {
            "model": "sora-2-pro-preview",
            "prompt": "a red kite over green hills",
            "duration": 12,
            "aspect_ratio": "portrait",
            "resolution": "high",
        }
    ]
    task_id = next(iter(live.state.tasks))
    assert task_id in task_ids(at) and not at.code  # text, not a code block (the browser's highlighter: issue 30)
    assert any(task_id in t.value for t in at.toast)
    table = at.dataframe[-1].value
    assert list(table["Task id"]) == [task_id] and list(table["Resolution"]) == ["High"]  # words, not "high"
    assert "Today so far: $4.80 estimated" in page_text(at)  # counted in the same click
    assert TEST_KEY not in page_text(at)


def test_second_click_does_not_post_again(app, live):
    at = submit(fill(app()))
    submit(at)
    submit(at)
    assert len(live.state.submissions) == 1
    assert "already submitted" in page_text(at)
    at.button(key="submit_again").click().run()
    submit(at)
    assert len(live.state.submissions) == 2 and len(at.dataframe[-1].value) == 2


def test_changing_the_form_is_a_new_intent(app, live):
    at = submit(fill(app()))
    at.radio(key="duration").set_value(8).run()
    submit(at)
    assert [s["duration"] for s in live.state.submissions] == [4, 8]


@pytest.mark.parametrize(
    "marker,words",
    [
        ("[sim:401]", "Check the API key"),
        ("[sim:402]", "Top up the balance"),
        ("[sim:403]", "may not use this model"),
        ("[sim:400]", "rejected by the sandbox"),
        ("[sim:429]", "made no task. Submit again in a minute"),
        ("[sim:500]", "check History before submitting again"),
    ],
)
def test_each_error_has_its_next_step(app, marker, words):
    at = submit(fill(app(), prompt=f"a scene {marker}"))
    assert words in page_text(at)
    assert not at.exception


def test_unknown_outcome_is_kept_and_retried_safely(app, live, monkeypatch):
    from ui.shell import resources

    live.state.hang_seconds = 1.0
    at = app()
    # The app's client waits 30 s for an answer; this test's patience is shorter.
    monkeypatch.setattr(resources.studio().provider, "timeout", (2.0, 0.5))
    submit(fill(at, prompt="a slow one [sim:hang]"))
    assert "check History before submitting again" in page_text(at)
    assert len(live.state.tasks) == 1
    submit(at)
    assert len(live.state.submissions) == 1  # not re-sent on its own
    settle(at.button(key="submit_retry").click().run())
    assert len(live.state.tasks) == 1 and len(live.state.submissions) == 2  # a replay, not a new task
    assert list(live.state.tasks)[0] in task_ids(at)


def test_sandbox_mode_says_so(data_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    monkeypatch.delenv("APIMART_API_KEY", raising=False)
    at = AppTest.from_file(APP, default_timeout=30).run()
    text = page_text(at)
    assert "no real video is made and nothing is charged" in text and "Sandbox mode" in text
    fill(at)
    submit(at)
    assert task_ids(at)


def test_a_hidden_choice_never_brings_a_higher_price_back(app):
    at = fill(app(), model="sora-2-pro-preview", resolution="high")
    assert "$0.40/s" in page_text(at)
    at.selectbox(key="model").set_value("sora-2-preview").run()
    assert at.radio(key="resolution").value == "standard"
    assert "Resolution was reset to Standard: Sora 2 has one resolution." in page_text(at)
    at.selectbox(key="model").set_value("sora-2-pro-preview").run()
    assert at.radio(key="resolution").value == "standard" and "$0.96" in page_text(at)


def test_a_long_prompt_stays_out_of_the_link(app):
    at = fill(app(), prompt="a short one")
    assert at.query_params["prompt"] == ["a short one"] or at.query_params["prompt"] == "a short one"
    at = fill(at, prompt="word " * 4000)
    assert "prompt" not in at.query_params and "Too long to keep in the page's link" in page_text(at)


@pytest.mark.parametrize(
    "first,tier,second,kept",
    [
        ("Omni-Flash-Ext", "720p", "happyhorse-1.1", "720P"),  # was reset to the pricier 1080P, "does not offer 720p"
        ("veo3.1-fast", "1080p", "kling-v3", "pro"),  # "does not offer 1080p" beside "Pro 1080p"
        ("happyhorse-1.1", "720P", "pixverse-v6", "720p"),
        ("kling-v3", "std", "veo3.1-fast", "720p"),
    ],
)
def test_a_model_switch_keeps_the_tier_by_its_pixels(app, first, tier, second, kept):
    at = fill(app(), model=first)
    at.radio(key="resolution").set_value(tier).run()
    at.selectbox(key="model").set_value(second).run()
    assert at.radio(key="resolution").value == kept
    assert "Resolution was reset" not in page_text(at)


def test_a_tier_the_new_model_lacks_becomes_the_nearest_that_costs_no_more(app):
    at = fill(app(), model="pixverse-v6")
    at.radio(key="resolution").set_value("360p").run()
    at.selectbox(key="model").set_value("happyhorse-1.1").run()  # 720P and 1080P: the cheaper one, not the default
    assert at.radio(key="resolution").value == "720P"
    text = page_text(at)
    assert "Resolution was reset to 720p: HappyHorse 1.1 does not offer 360p" in text and "360p" in text
