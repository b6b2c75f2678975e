"""中文 in a real browser: the sidebar switch turns the page Chinese without losing what was typed, the
request is submitted once in Chinese and followed to its video, and the link carries the language."""

import pytest

from tests.e2e.conftest import screenshot, wait_idle
from tests.e2e.test_generate_flow import open_generate, type_into

pytestmark = pytest.mark.e2e


def test_switch_to_chinese_and_submit(start_app, simulator, page):
    app = start_app(APIMART_API_KEY=simulator.state.api_key, APIMART_BASE_URL=simulator.base_url)
    open_generate(page, app)
    type_into(page, "Prompt", "a paper boat on a rainy street")
    page.get_by_text("中文", exact=True).click()  # the switch's option
    wait_idle(page)
    page.get_by_text("生成视频").first.wait_for()
    assert "lang=zh" in page.url  # a shared link opens in Chinese
    prompt = page.get_by_label("提示词", exact=True)
    assert prompt.input_value() == "a paper boat on a rainy street"  # nothing typed is lost
    page.get_by_text("预估费用").wait_for()
    assert page.get_by_label("Prompt", exact=True).count() == 0

    page.get_by_role("button", name="提交").click()
    page.get_by_text("已提交。任务 ID：").wait_for(timeout=30_000)
    assert len(simulator.state.tasks) == 1 and len(simulator.state.idempotency) == 1
    page.get_by_text("完成：", exact=False).wait_for(timeout=60_000)
    page.get_by_role("button", name="下载视频").first.wait_for()
    screenshot(page, "generate-zh-done")

    page.get_by_role("link", name="历史").click()
    wait_idle(page)
    page.get_by_text("按 ID 添加任务").wait_for()
    assert len(simulator.state.tasks) == 1  # switching pages sent nothing


def test_uploaders_speak_the_page_language_and_the_app_limits(start_app, page):
    """Streamlit's uploader says "Upload" and "64MB per file" in English whatever the language: the page's style
    puts the app's words there, with the model's own limit (10 MB) and the batch file's (2 MB)."""
    app = start_app()
    open_generate(page, app, model="Kling v3")

    def seen(selector: str, expected: str | None = None) -> str:
        """What the style puts after the element (waiting, up to 10 s, for `expected` when given)."""
        read = "e => getComputedStyle(e, '::after').content"
        for _ in range(50):
            content = page.locator(selector).first.evaluate(read)
            if expected is None or content == expected:
                break
            page.wait_for_timeout(200)
        return content

    zone = '[data-testid="stFileUploaderDropzone"]'
    note = f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] span'
    button = f'{zone} button [data-testid="stMarkdownContainer"] p'
    assert seen(note) == '"JPEG, PNG, WEBP, up to 10 MB"' and seen(button) == '"Upload"'
    page.get_by_text("中文", exact=True).click()
    wait_idle(page)
    page.get_by_text("生成视频").first.wait_for()
    page.locator(zone).first.wait_for()
    assert seen(button, '"上传"') == '"上传"' and "最大 10 MB" in seen(note)
    page.get_by_role("link", name="批量").click()
    wait_idle(page)
    page.locator(zone).first.wait_for()
    assert seen(note, '"CSV 或 TXT，最大 2 MB"') == '"CSV 或 TXT，最大 2 MB"'


def test_the_first_deep_link_after_a_start_keeps_its_page_and_its_language(start_app, page):
    """The app's very first request, `/history?lang=zh`, goes through app.py (its sidebar) and still opens
    History in Chinese: the link's query is carried through the detour."""
    app = start_app()
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(app.url + "/history?lang=zh")
    wait_idle(page)
    page.get_by_role("heading", name="历史").wait_for(timeout=30_000)
    page.get_by_text("沙盒模式").first.wait_for()  # the sidebar: app.py ran
    assert "lang=zh" in page.url
