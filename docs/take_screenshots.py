"""Retake the README's screenshots: the app in sandbox mode, driven by Debian's Chromium.

    python3 docs/take_screenshots.py              # writes docs/screenshots/*.png
    python3 docs/take_screenshots.py storyboard   # only the Storyboard's (storyboard*.png)
    python3 docs/take_screenshots.py choose       # only "which model" and "also send to" (choose.png)

Everything runs on loopback: the app's own sandbox and a local image host."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, RunningApp, _env, wait_idle  # noqa: E402
from tests.e2e.test_generate_flow import choose_model  # noqa: E402
from tests.faultserver import FaultServer, serve_bytes  # noqa: E402
from videogen import catalog as catalog_module  # noqa: E402
from videogen.request import batch_file  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
]


def heron_at_dusk() -> bytes:
    """A portrait picture to check: a dusk sky, a sun, water, a heron's silhouette."""
    import io

    from PIL import Image, ImageDraw

    width, height = 1080, 1920
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / height
        sky = (int(250 - 120 * t), int(170 - 110 * t), int(110 + 60 * t))
        draw.line([(0, y), (width, y)], fill=sky if y < height * 0.62 else (40, 60, int(90 + 40 * t)))
    draw.ellipse((640, 820, 860, 1040), fill=(255, 214, 140))
    draw.polygon([(300, 1190), (330, 900), (360, 880), (345, 1000), (420, 1100), (380, 1190)], fill=(25, 25, 35))
    draw.line([(330, 1190), (320, 1380)], fill=(25, 25, 35), width=8)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88)
    return out.getvalue()


def type_into(page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Tab")
    time.sleep(0.8)
    wait_idle(page)


def shoot(page, name: str, height: int = 1900) -> None:
    """The whole page: Streamlit scrolls an inner container, so the window is made tall instead."""
    page.set_viewport_size({"width": 1280, "height": height})
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("for (const e of document.querySelectorAll('*')) { if (e.scrollTop) e.scrollTop = 0; }")
    page.mouse.move(1, 1)
    time.sleep(6)  # toasts fade
    wait_idle(page)
    page.screenshot(path=str(OUT / name))
    page.set_viewport_size({"width": 1280, "height": 800})


def storyboard(browser, app) -> None:
    """A three-shot film composed (Kling, a continue on Veo, a cut on Seedance), run in the sandbox, made."""
    from tests.e2e.test_storyboard_flow import fill_shot

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(app.url + "/storyboard")
    page.get_by_role("button", name="Run storyboard").wait_for(timeout=60_000)
    wait_idle(page)
    type_into(page, "Film name", "The red balloon")
    fill_shot(page, 1, "Kling v3", "a red balloon rises over a wheat field at dawn")
    page.get_by_role("button", name="Add shot").click()
    wait_idle(page)
    fill_shot(page, 2, "Veo 3.1 Fast", "the balloon drifts up into a clear blue sky")
    page.get_by_role("button", name="Add shot").click()
    wait_idle(page)
    fill_shot(page, 3, "Seedance 2.0", "a green kite on a beach, a child running", join="Cut")
    page.get_by_text("3 shots · 21 s").wait_for(timeout=30_000)
    shoot(page, "storyboard.png", height=2700)
    page.get_by_role("button", name="Run storyboard").click()
    page.get_by_role("button", name="Make the film").wait_for(timeout=120_000)
    page.get_by_role("button", name="Make the film").click()
    page.get_by_role("button", name="Download the film").wait_for(timeout=60_000)
    shoot(page, "storyboard-film.png", height=1500)
    chinese = browser.new_page(viewport={"width": 1280, "height": 800})
    chinese.goto(f"{app.url}/storyboard?lang=zh")
    chinese.get_by_role("button", name="下载影片").wait_for(timeout=60_000)
    shoot(chinese, "storyboard-zh.png", height=1500)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(f"{app.url}/storyboard")
    phone.get_by_role("button", name="Download the film").wait_for(timeout=60_000)
    time.sleep(2)
    phone.screenshot(path=str(OUT / "storyboard-phone.png"))


def choose(browser, app) -> None:
    """Kling v3's request priced on every model ("which model for this request"), and sent to two more."""
    from tests.e2e.test_choose_flow import also_send_to

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(app.url + "/?model=Kling+v3")
    page.get_by_text("Generate a video").wait_for(timeout=60_000)
    wait_idle(page)
    type_into(page, "Prompt", "a lighthouse in a storm, waves breaking over the rocks")
    page.get_by_text("Which model for this request").click()
    page.get_by_text("Price of this request").first.wait_for(timeout=30_000)
    also_send_to(page, "Seedance 2.0", "Wan 2.7")
    shoot(page, "choose.png", height=1500)


SCENES = {"storyboard": storyboard, "choose": choose}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    if sys.argv[1:2] and sys.argv[1] in SCENES:
        app = RunningApp(_env(Path(tempfile.mkdtemp()) / "data")).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                SCENES[sys.argv[1]](browser, app)
                browser.close()
        finally:
            app.stop()
        print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob(f"{sys.argv[1]}*.png"))))
        return 0
    host = FaultServer()
    portrait = host.route("/portrait.jpg", serve_bytes(heron_at_dusk()))
    app = RunningApp(_env(Path(tempfile.mkdtemp()) / "data", VIDEOGEN_ALLOW_PRIVATE_URLS="1")).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(app.url)
            wait_idle(page)
            for prompt in ("a fox in fresh snow [sim:fail]", "a paper boat on a river at dawn"):
                type_into(page, "Prompt", prompt)
                page.get_by_role("button", name="Submit", exact=True).click()
                page.locator('[data-testid="stCode"]', has_text="task_").first.wait_for(timeout=30_000)
                time.sleep(1)
            type_into(page, "Prompt", "a heron fishing at dusk, slow camera push")
            type_into(page, "Reference image URL", portrait)
            page.get_by_text("override").first.wait_for(timeout=30_000)
            shoot(page, "generate.png")
            kling = browser.new_page(viewport={"width": 1280, "height": 800})
            kling.goto(app.url)
            wait_idle(kling)
            choose_model(kling, "Kling v3", "kling-v3")
            kling.get_by_role("radiogroup", name="Aspect ratio").get_by_text("Square 1:1").click()
            wait_idle(kling)
            type_into(kling, "Prompt", "a heron takes off from the water at dusk")
            type_into(kling, "First frame URL", portrait)
            kling.get_by_text("Fit the image to the video's frame").wait_for(timeout=30_000)
            shoot(kling, "generate-kling.png", height=2300)
            type_into(kling, "Number of videos", "2")
            kling.get_by_role("button", name="Submit", exact=True).click()
            kling.get_by_text("Submitted 2 videos").wait_for(timeout=30_000)
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            phone.goto(page.url)
            wait_idle(phone)
            time.sleep(2)
            phone.screenshot(path=str(OUT / "generate-phone.png"))
            time.sleep(16)  # the sandbox finishes its tasks
            page.get_by_role("link", name="History").click()
            wait_idle(page)
            page.locator("video").first.wait_for(timeout=30_000)
            shoot(page, "history.png")
            phone_history = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            phone_history.goto(page.url)
            wait_idle(phone_history)
            phone_history.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
            time.sleep(1)
            phone_history.screenshot(path=str(OUT / "history-phone.png"))
            page.get_by_role("link", name="Spending").click()
            wait_idle(page)
            type_into(page, "Daily budget cap (USD)", "5")
            page.get_by_role("button", name="Save cap").click()
            page.get_by_text("Cap in force: $5.00").wait_for(timeout=30_000)
            shoot(page, "spending.png", height=1500)
            page.get_by_role("link", name="Batch").click()
            wait_idle(page)
            template = batch_file.template(catalog_module.builtin()).encode()
            page.locator('input[type="file"]').set_input_files(
                files=[{"name": "kites.csv", "mimeType": "text/csv", "buffer": template + b"a kite,kling-v3,2\n"}]
            )
            page.get_by_text("row(s) ready").wait_for(timeout=30_000)
            shoot(page, "batch.png", height=1100)
            chinese = browser.new_page(viewport={"width": 1280, "height": 800})
            chinese.goto(f"{app.url}/?lang=zh&model=Kling+v3")
            wait_idle(chinese)
            type_into(chinese, "提示词", "黄昏时分，一只苍鹭从水面起飞")
            type_into(chinese, "首帧 URL", portrait)
            chinese.get_by_text("将图片适配到视频画面").wait_for(timeout=30_000)
            shoot(chinese, "generate-zh.png", height=2300)
            chinese.get_by_role("link", name="历史").click()
            wait_idle(chinese)
            chinese.locator("video").first.wait_for(timeout=30_000)
            shoot(chinese, "history-zh.png")
            phone_zh = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            phone_zh.goto(f"{app.url}/?lang=zh")
            wait_idle(phone_zh)
            time.sleep(2)
            phone_zh.screenshot(path=str(OUT / "generate-phone-zh.png"))
            phone_zh.goto(f"{app.url}/history?lang=zh")
            wait_idle(phone_zh)
            phone_zh.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
            time.sleep(1)
            phone_zh.screenshot(path=str(OUT / "history-phone-zh.png"))
            storyboard(browser, app)
            choose(browser, app)
            browser.close()
    finally:
        app.stop()
        host.close()
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
