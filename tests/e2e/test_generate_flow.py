"""Generate in a real browser: the form, Resolution, the override warning, upload, submit, double-click."""

import pytest
from playwright.sync_api import expect

from tests import images
from tests.e2e import shown
from tests.e2e.conftest import screenshot, wait_idle
from tests.faultserver import serve_bytes

pytestmark = pytest.mark.e2e


def open_generate(page, app, model: str | None = "Sora 2"):
    """Generate, on Sora 2 unless told otherwise: the flows written when it was the default (the test key still
    lists it); `model=None` opens on the catalogue's own default."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(app.url + (f"?model={model.replace(' ', '+')}" if model else ""))
    wait_idle(page)
    page.get_by_text("Generate a video").wait_for()


def type_into(page, label, text):
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Tab")  # a text area sends its value when it loses focus
    if label == "Prompt":  # the run that enables Submit has happened once the count shows
        page.get_by_text(f"{len(text.strip())} characters").wait_for()
    wait_idle(page)


MODEL_IDS = {"Sora 2": "sora-2-preview", "Sora 2 Pro": "sora-2-pro-preview"}


def choose_model(page, name, model_id=None):
    page.get_by_label("Model", exact=True).click()
    page.keyboard.type(name)  # the list draws only the options in view: filter to the one wanted first
    page.get_by_role("option", name=name, exact=True).click()
    page.get_by_text(model_id or MODEL_IDS[name], exact=True).wait_for()  # the new model's run has happened
    wait_idle(page)


def shown_task_id(page, other_than: str | None = None) -> str:
    """The task id the page shows after a submit (waiting for it, not for an idle state that may come
    before the click's run has even started); `other_than`: an earlier one, still shown, that is not it."""
    code = page.locator(shown.TASK_ID, has_text="task_")
    if other_than is not None:
        code = code.filter(has_not_text=other_than)
    code.first.wait_for(timeout=30_000)
    return code.first.inner_text().strip()


def resolution(page):
    return page.get_by_role("radiogroup", name="Resolution").get_by_role("radio").first


def test_fill_switch_model_and_submit(live_app, simulator, page):
    open_generate(page, live_app)
    expect(resolution(page)).to_be_disabled()
    choose_model(page, "Sora 2 Pro")
    expect(resolution(page)).to_be_enabled()
    page.get_by_role("radiogroup", name="Resolution").get_by_text("High").click()
    page.get_by_role("radiogroup", name="Duration").get_by_text("8 s").click()
    wait_idle(page)
    choose_model(page, "Sora 2")
    expect(resolution(page)).to_be_disabled()
    page.get_by_text("Resolution was reset to Standard: Sora 2 has one resolution.").wait_for()
    choose_model(page, "Sora 2 Pro")  # High does not come back on its own, with its price
    page.get_by_text("$1.92").first.wait_for()
    page.get_by_role("radiogroup", name="Resolution").get_by_text("High").click()
    wait_idle(page)
    type_into(page, "Prompt", "a lighthouse in a storm, waves crashing")
    page.get_by_role("button", name="Submit").click()
    task_id = shown_task_id(page)
    assert list(simulator.state.tasks) == [task_id]
    assert simulator.state.submissions[0]["resolution"] == "high"
    assert simulator.state.submissions[0]["duration"] == 8
    assert simulator.state.api_key not in page.content()  # the whole rendered page, sidebar included
    screenshot(page, "generate-submitted")


def test_double_click_makes_one_task(live_app, simulator, page):
    open_generate(page, live_app)
    type_into(page, "Prompt", "two clicks, one video")
    submit = page.get_by_role("button", name="Submit")
    submit.dblclick()
    submit.click()  # and once more while the first may still be in flight
    task_id = shown_task_id(page)
    page.wait_for_timeout(1500)  # time for any further run a stray click would start
    wait_idle(page)
    assert len(simulator.state.submissions) == 1 and list(simulator.state.tasks) == [task_id]


def test_portrait_url_with_landscape_warns_override(live_app, faults, page):
    url = faults.route("/portrait.jpg", serve_bytes(images.make("JPEG", (720, 1280), color="navy")))
    open_generate(page, live_app)
    type_into(page, "Reference image URL", url)
    warning = page.locator('[data-testid="stAlert"]', has_text="override")
    warning.wait_for()
    assert "Portrait 9:16" in warning.inner_text()
    warning.scroll_into_view_if_needed()
    screenshot(page, "generate-override-warning")


def test_upload_a_file_and_submit(live_app, simulator, page, tmp_path):
    path = tmp_path / "reference.png"
    path.write_bytes(images.make("PNG", (1280, 720), color="orange"))
    open_generate(page, live_app)
    page.get_by_label("Reference image file", exact=True).locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("PNG · 1280x720 px").wait_for()
    type_into(page, "Prompt", "an orange sunset")
    page.get_by_role("button", name="Submit").click()
    shown_task_id(page)
    assert len(simulator.state.uploads) == 1
    assert "/files/images/" in simulator.state.submissions[0]["image_urls"][0]
