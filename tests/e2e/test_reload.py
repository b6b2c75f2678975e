"""A reload right after Submit: the page still lists what this browser submitted, and keeps Number of videos."""

import pytest

from tests.e2e.conftest import wait_idle
from tests.e2e.test_generate_flow import open_generate, shown_task_id, type_into

pytestmark = pytest.mark.e2e


def test_a_reload_after_submit_still_lists_this_browsers_tasks(live_app, simulator, page):
    open_generate(page, live_app)
    type_into(page, "Prompt", "a paper boat on a puddle after rain")
    type_into(page, "Number of videos", "3")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Submitted 3 videos").wait_for(timeout=30_000)
    assert len(simulator.state.tasks) == 3
    page.reload()
    wait_idle(page)
    page.get_by_text("Generate a video").wait_for()
    page.get_by_label("Number of videos", exact=True).and_(page.locator('[value="3"]')).wait_for()
    page.get_by_text("Tasks in this session").wait_for()
    page.wait_for_function(
        "ids => ids.some(id => document.body.innerText.includes(id))", arg=list(simulator.state.tasks)
    )  # the table is drawn on a canvas: the latest video's id is the text to find
    assert "No tasks yet" not in page.inner_text("body")
    assert len(simulator.state.tasks) == 3  # the reload sent nothing


def test_another_browser_does_not_see_them(live_app, simulator, page, browser):
    open_generate(page, live_app)
    type_into(page, "Prompt", "a kite over the dunes")
    page.get_by_role("button", name="Submit").click()
    task_id = shown_task_id(page)
    other = browser.new_context().new_page()
    open_generate(other, live_app)
    other.get_by_text("No tasks yet").wait_for()
    assert task_id not in other.content()
