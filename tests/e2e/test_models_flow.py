"""A model with a square shape and a first and a last frame, end to end in a real browser: chosen by its
name, its form drawn, one frame uploaded and one given by URL, submitted once, exactly as previewed."""

import json

import pytest

from tests import images
from tests.e2e.conftest import screenshot, wait_idle
from tests.e2e.test_generate_flow import choose_model, open_generate, shown_task_id, type_into
from tests.faultserver import serve_bytes

pytestmark = pytest.mark.e2e


def test_square_video_with_a_first_and_a_last_frame(live_app, simulator, faults, page, tmp_path):
    last = faults.route("/last.png", serve_bytes(images.make("PNG", (1024, 1024), color="orange"), "image/png"))
    first = tmp_path / "first.jpg"
    first.write_bytes(images.make("JPEG", (1024, 1024), color="teal"))
    open_generate(page, live_app)
    choose_model(page, "Kling v3", "kling-v3")
    page.get_by_role("radiogroup", name="Aspect ratio").get_by_text("Square 1:1").click()
    wait_idle(page)
    page.get_by_label("First frame file", exact=True).locator("input[type=file]").set_input_files(str(first))
    # An upload is sent, checked and drawn again: on a loaded machine (three test workers) this took over 30 s.
    page.get_by_text("JPEG · 1024x1024 px").wait_for(timeout=90_000)
    type_into(page, "Last frame URL", last)
    page.get_by_text("PNG · 1024x1024 px").wait_for(timeout=90_000)
    page.get_by_text("The red frame is the video's shape: Square 1:1, 720x720.").first.wait_for()
    type_into(page, "Prompt", "a teal square turns into an orange one")
    page.get_by_text("Request preview (JSON and curl)").click()
    preview = json.loads(page.locator('[data-testid="stCode"]').first.inner_text())
    assert preview["aspect_ratio"] == "1:1" and preview["model"] == "kling-v3"
    page.get_by_role("button", name="Submit").click()
    task_id = shown_task_id(page)
    sent = simulator.state.submissions
    assert len(sent) == 1 and list(simulator.state.tasks) == [task_id]
    assert len(simulator.state.uploads) == 1  # the first frame's file, uploaded before the POST
    assert sent[0]["image_urls"][0].startswith(simulator.base_url) and sent[0]["image_urls"][1] == last
    assert {k: v for k, v in sent[0].items() if k != "image_urls"} == {
        k: v for k, v in preview.items() if k != "image_urls"
    }
    screenshot(page, "generate-kling-first-and-last-frame")
