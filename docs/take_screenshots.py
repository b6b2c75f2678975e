"""Retake the README's screenshots: the app in sandbox mode, driven by Debian's Chromium.

    python3 docs/take_screenshots.py        # writes docs/screenshots/*.png

Everything runs on loopback: the app's own sandbox and a local image host."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests import images  # noqa: E402
from tests.e2e.conftest import CHROMIUM, RunningApp, _env, wait_idle  # noqa: E402
from tests.faultserver import FaultServer, serve_bytes  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-quic", "--no-first-run"]


def type_into(page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Tab")
    time.sleep(0.8)
    wait_idle(page)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    host = FaultServer()
    portrait = host.route("/portrait.jpg", serve_bytes(images.noisy_jpeg((1080, 1920), quality=80)))
    app = RunningApp(_env(Path(tempfile.mkdtemp()) / "data", VIDEOGEN_ALLOW_PRIVATE_URLS="1")).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(app.url)
            wait_idle(page)
            for prompt in ("a paper boat on a river at dawn", "a fox in fresh snow [sim:fail]"):
                type_into(page, "Prompt", prompt)
                page.get_by_role("button", name="Submit", exact=True).click()
                page.locator('[data-testid="stCode"]', has_text="task_").first.wait_for(timeout=30_000)
                time.sleep(1)
            type_into(page, "Prompt", "a heron fishing at dusk, slow camera push")
            type_into(page, "Reference image URL", portrait)
            page.get_by_text("override").first.wait_for(timeout=30_000)
            time.sleep(1)
            page.screenshot(path=str(OUT / "generate.png"), full_page=True)
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            phone.goto(page.url)
            wait_idle(phone)
            time.sleep(2)
            phone.screenshot(path=str(OUT / "generate-phone.png"))
            time.sleep(16)  # the sandbox finishes its tasks
            page.get_by_role("link", name="History").click()
            wait_idle(page)
            page.locator("video").first.wait_for(timeout=30_000)
            time.sleep(1)
            page.screenshot(path=str(OUT / "history.png"), full_page=True)
            browser.close()
    finally:
        app.stop()
        host.close()
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
