"""Choosing well, in Chromium (issue 29): the "which model" table picks a model with a click on its row, and one
request sent to three models at once ("Also send to") makes three tasks with three keys, shown side by side; the
first one's saved video, dropped back on Generate, fills the form with exactly the body it was made from."""

import json
import time

import pytest

from tests.e2e.conftest import screenshot, wait_idle
from tests.e2e.test_generate_flow import choose_model, open_generate, shown_task_id, type_into
from tests.e2e.test_video_inputs_flow import saved_video

pytestmark = pytest.mark.e2e


def also_send_to(page, *names: str) -> None:
    """Pick other models in "Also send to" (the list filtered by typing, as a person would)."""
    also = page.get_by_label("Also send to", exact=True)
    for name in names:
        also.click()
        page.keyboard.type(name)
        page.get_by_role("option", name=name, exact=True).click()
        wait_idle(page)
    page.keyboard.press("Escape")
    page.get_by_text(f"{len(names) + 1} videos on {len(names) + 1} models").wait_for(timeout=30_000)


def test_a_row_picks_a_model_then_one_request_goes_to_three_models_and_a_video_brings_its_request_back(
    live_app, simulator, page, tmp_path
):
    open_generate(page, live_app, model=None)
    choose_model(page, "Kling v3", "kling-v3")
    type_into(page, "Prompt", "a lighthouse in a storm")
    page.get_by_text("Which model for this request").click()
    page.get_by_text("Price of this request").first.wait_for(timeout=30_000)
    wait_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)  # the first row's selection box: the cheapest model
    deadline = time.monotonic() + 30
    while page.locator('[data-testid="stSelectbox"]').first.inner_text().endswith("Kling v3"):
        assert time.monotonic() < deadline, "a click on a row did not pick its model"
        time.sleep(0.3)
    wait_idle(page)

    choose_model(page, "Kling v3", "kling-v3")
    also_send_to(page, "Seedance 2.0", "Wan 2.7")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Submitted 3 videos").wait_for(timeout=30_000)
    assert [b["model"] for b in simulator.state.submissions] == ["kling-v3", "seedance-2.0", "wan2.7"]
    assert len(simulator.state.idempotency) == 3
    page.get_by_text("Video 3, wan2.7").wait_for(timeout=30_000)
    screenshot(page, "one-request-three-models")

    # The Kling video, saved, dropped back on Generate: the form is its request again, exactly.
    first = shown_task_id(page)
    video = saved_video(tmp_path / "data" / "history.sqlite3", first)
    type_into(page, "Prompt", "something else entirely")
    page.get_by_text("Recipes: save this request").click()
    drop = page.get_by_label("Open a recipe file, or a video made here", exact=True)
    drop.locator("input[type=file]").set_input_files(video)
    page.get_by_role("button", name="Use this recipe").click()
    wait_idle(page)
    page.get_by_label("Prompt", exact=True).filter(has_text="a lighthouse in a storm").wait_for(timeout=30_000)
    page.get_by_text("Request preview (JSON and curl)").click()
    shown = page.locator('[data-testid="stCode"]', has_text='"model"').first.inner_text()
    assert json.loads(shown) == simulator.state.submissions[0]  # the body it was made from
    screenshot(page, "recipe-from-a-video")
