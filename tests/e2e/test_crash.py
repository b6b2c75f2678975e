"""kill -9 of the app between writing the intent and receiving the task id: nothing is lost."""

import signal
import time
from contextlib import contextmanager

import pytest

from tests.e2e.conftest import RunningApp, wait_idle
from tests.e2e.test_generate_flow import open_generate, shown_task_id, type_into
from tests.e2e.test_history_flow import open_history

pytestmark = pytest.mark.e2e


@contextmanager
def killed_and_restarted(app, page):
    """`kill -9` of the app, a new one on the same data folder, and the browser on its History page."""
    app.stop(signal.SIGKILL)
    again = RunningApp(app.env).start()
    try:
        page.goto(again.url)
        wait_idle(page)
        open_history(page)
        yield again
    finally:
        again.stop()


def test_kill_during_submit_leaves_a_reconcilable_intent(start_app, simulator, page):
    simulator.state.hang_seconds = 120.0  # the API made the task but the answer never comes
    simulator.state.complete_after = 3.0
    app = start_app(APIMART_API_KEY=simulator.state.api_key, APIMART_BASE_URL=simulator.base_url)
    open_generate(page, app)
    type_into(page, "Prompt", "a crane taking off [sim:hang]")
    page.get_by_role("button", name="Submit").click()
    deadline = time.monotonic() + 20
    while not simulator.state.tasks and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(simulator.state.tasks) == 1  # billed at the provider, id never received
    with killed_and_restarted(app, page):
        page.get_by_text("The outcome of this request is unknown").wait_for()
        real_id = next(iter(simulator.state.tasks))
        box = page.get_by_label("Real task id (from your APIMart dashboard)")
        box.fill(real_id)
        box.press("Tab")
        wait_idle(page)
        page.get_by_role("button", name="Link this task id").click()
        wait_idle(page)
        page.locator("video").wait_for(timeout=60_000)
        assert len(simulator.state.submissions) == 1  # never re-sent on its own


def test_a_sandbox_task_finishes_after_kill_and_restart(start_app, page):
    """The embedded simulator keeps its tasks in the data folder: the README's promise that tracking
    resumes after a restart holds in the sandbox too."""
    app = start_app()  # no key: sandbox mode
    open_generate(page, app)
    type_into(page, "Prompt", "a kite over the dunes, then a crash")
    page.get_by_role("button", name="Submit").click()
    task_id = shown_task_id(page)
    with killed_and_restarted(app, page):
        page.locator('[data-testid="stMarkdownContainer"]', has_text=task_id).first.wait_for()
        page.locator("video").wait_for(timeout=60_000)  # the restarted sandbox finished it
        assert page.get_by_text("does not exist").count() == 0
