"""Videos as inputs, in Chromium: a Kling v3 motion-control request with a picture and a motion video (its file
checked on the page, its link sent: APIMart takes no uploaded video), then a Wan 2.7 VideoEdit of the video it
made, chosen as a saved video; each sent once with the documented fields and priced on its input's length."""

import json
import sqlite3
import time

import pytest

from tests import images
from tests.e2e.conftest import screenshot, wait_idle
from tests.e2e.test_generate_flow import choose_model, open_generate, shown_task_id, type_into
from tests.faultserver import serve_bytes
from tests.videos import make_clip

pytestmark = pytest.mark.e2e


def saved_video(store, task_id: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = sqlite3.connect(store).execute("SELECT video_path FROM tasks WHERE task_id = ?", (task_id,)).fetchone()
        if row and row[0]:
            return row[0]
        time.sleep(0.3)
    raise AssertionError(f"{task_id}'s video was not saved in {seconds} s")


def test_motion_control_then_an_edit_of_its_video(live_app, simulator, faults, page, tmp_path):
    picture = faults.route("/dancer.png", serve_bytes(images.make("PNG", (720, 1280)), "image/png"))
    clip = make_clip(tmp_path / "moves.mp4", [(200, 40, 40)] * 6, size=(320, 240))
    moves = faults.route("/moves.mp4", serve_bytes(clip.read_bytes(), content_type="video/mp4"))
    open_generate(page, live_app, model=None)
    choose_model(page, "Kling v3 Motion Control", "kling-v3-motion-control")
    page.get_by_text("Length: the motion video's own").wait_for()
    type_into(page, "Reference image URL", picture)
    page.get_by_text("PNG · 720x1280 px").wait_for(timeout=90_000)
    # A file is checked on the page, and its link asked for (APIMart takes no uploaded videos).
    page.get_by_label("Motion video file", exact=True).locator("input[type=file]").set_input_files(str(clip))
    page.get_by_text("APIMart takes no uploaded videos").wait_for(timeout=90_000)
    type_into(page, "Motion video URL", moves)
    page.get_by_text("6.0 s · 320×240").first.wait_for(timeout=60_000)
    page.get_by_text("$0.62").first.wait_for()  # 6 s x $0.10288: the motion video's length
    screenshot(page, "generate-motion-control")
    page.get_by_role("button", name="Submit").click()
    first = shown_task_id(page)
    assert len(simulator.state.submissions) == 1
    sent = simulator.state.submissions[0]
    assert sent["image_url"] == picture and sent["video_url"] == moves and "duration" not in sent
    store = tmp_path / "data" / "history.sqlite3"
    saved_video(store, first)

    choose_model(page, "Wan 2.7 VideoEdit", "wan2.7-videoedit")
    saved = page.get_by_label("Use a saved video", exact=True)
    saved.scroll_into_view_if_needed()  # the list opens where it is seen, after the page settles there
    wait_idle(page)
    saved.click()
    page.get_by_role("option").filter(has_text=first).first.click()
    wait_idle(page)
    page.get_by_text(f"the link the provider gave task {first}").wait_for(timeout=60_000)
    type_into(page, "Prompt", "make it snow")
    page.get_by_role("button", name="Submit").click()
    shown_task_id(page, other_than=first)
    assert len(simulator.state.submissions) == 2
    edit = simulator.state.submissions[1]
    url = sqlite3.connect(store).execute("SELECT video_urls FROM tasks WHERE task_id = ?", (first,)).fetchone()[0]
    assert edit["model"] == "wan2.7-videoedit" and edit["video_urls"] == [json.loads(url)[0]]
    cost = (
        sqlite3.connect(store)
        .execute("SELECT estimated_cost, duration FROM tasks WHERE model = 'wan2.7-videoedit'")
        .fetchone()
    )
    rate = {"720P": 0.0664, "1080P": 0.1096}[edit["resolution"]]  # 720p carried over from motion control's Standard
    assert cost[1] == 5 and abs(cost[0] - 5 * rate) < 1e-3  # the saved video's 5 s
