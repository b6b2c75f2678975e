"""History in a real browser: progress to a playing video, after a reload, and after an app restart."""

import signal

import pytest

from tests.e2e.conftest import RunningApp, screenshot, wait_idle
from tests.e2e.test_generate_flow import open_generate, shown_task_id, type_into

pytestmark = pytest.mark.e2e


def submit_one(page, app, prompt) -> str:
    open_generate(page, app)
    type_into(page, "Prompt", prompt)
    page.get_by_role("button", name="Submit").click()
    return shown_task_id(page)


def shown(page, task_id):
    """The task's detail (the newest task is shown by default) names it."""
    page.locator('[data-testid="stMarkdownContainer"]', has_text=task_id).first.wait_for()


def open_history(page):
    """Go to History by its link. A click that lands while the page is still busy (a submit's own run on a
    loaded machine) can be lost: the link is clicked again, as a person would, up to three times."""
    heading = page.get_by_role("heading", name="History")
    for _ in range(3):
        page.get_by_role("link", name="History").click()
        wait_idle(page)
        try:
            heading.wait_for(timeout=15_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's timeout: click again
            continue
    heading.wait_for(timeout=15_000)


def test_sandbox_task_completes_and_plays_in_history(start_app, page):
    app = start_app()  # no key: sandbox mode, the embedded simulator (5 s a task here: VIDEOGEN_SANDBOX_SECONDS)
    task_id = submit_one(page, app, "a paper boat on a river at dawn")
    open_history(page)
    shown(page, task_id)
    video = page.locator("video")
    video.wait_for(timeout=60_000)
    src = video.get_attribute("src")
    assert src and "/media/" in src  # served by the app from the saved file, not the provider's link
    assert page.evaluate("(v) => v.readyState >= 1 || v.networkState !== 3", video.element_handle())
    video.scroll_into_view_if_needed()
    screenshot(page, "history-completed")
    # A reload is a new session: the task is still there, read from the store.
    page.reload()
    wait_idle(page)
    open_history(page)
    page.locator("video").wait_for(timeout=30_000)
    shown(page, task_id)


def test_restart_with_an_unfinished_task_then_it_completes(start_app, simulator, page, tmp_path):
    simulator.state.complete_after = 8.0
    env = dict(APIMART_API_KEY=simulator.state.api_key, APIMART_BASE_URL=simulator.base_url)
    app = start_app(**env)
    task_id = submit_one(page, app, "a task that outlives its app")
    app.stop(signal.SIGKILL)  # no clean shutdown: the store alone must remember
    again = RunningApp(app.env).start()
    try:
        page.goto(again.url)
        wait_idle(page)
        open_history(page)
        shown(page, task_id)
        page.locator("video").wait_for(timeout=60_000)
    finally:
        again.stop()


def test_a_clicked_row_opens_its_task_and_dark_mode_is_followed(live_app, simulator, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    first = submit_one(page, live_app, "the first of two")
    page.get_by_role("button", name="New task with the same settings").click()
    wait_idle(page)
    type_into(page, "Prompt", "the second of two")
    page.get_by_role("button", name="Submit").click()
    shown_task_id(page, other_than=first)
    open_history(page)
    background = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
    red, green, blue = [int(v) for v in background[background.index("(") + 1 : -1].split(",")[:3]]
    assert red + green + blue < 150, f"the system's dark theme is followed, not forced light: {background}"
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for()
    box = table.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 36 + 35 + 17)  # the second row's selection cell: the older task
    wait_idle(page)
    screenshot(page, "history-dark-row-clicked")
    shown(page, first)  # the detail below now names the clicked task
    context.close()
