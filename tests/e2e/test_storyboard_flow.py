"""In Chromium: a three-shot storyboard (Kling, then a continue on Veo, then a cut on Seedance) priced as the
sum of its shots before it runs, `kill -9` of the app between shots, a restart that finishes the film with
still three tasks, and "Make the film": one MP4 as long as its shots, whose continue join shows the first
shot's exact last frame."""

from __future__ import annotations

import io
import re
import signal
import sqlite3
import time
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import RunningApp, screenshot, wait_idle
from videogen.provider.sandbox.render import FPS
from videogen.videos.frames import last_frame

pytestmark = pytest.mark.e2e


def shot_box(page, number: int):
    return page.locator('[class*="st-key-storyboard_"][class*="_shot"]').nth(number - 1)


def fill_shot(page, number: int, model: str | None, prompt: str, join: str | None = None) -> None:
    box = shot_box(page, number)
    box.wait_for(timeout=60_000)  # a shot just added appears when its run is drawn (slow on a loaded machine)
    if model is not None:
        box.get_by_label("Model", exact=True).click()
        page.keyboard.type(model)
        page.get_by_role("option", name=model, exact=True).click()
        wait_idle(page)
        box = shot_box(page, number)
    if join is not None:
        box.get_by_text(join, exact=True).click()
        wait_idle(page)
    field = shot_box(page, number).get_by_label("Prompt", exact=True)
    field.fill(prompt)
    field.press("Tab")
    wait_idle(page)


def until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def test_a_three_shot_film_survives_a_kill_and_joins_into_one_mp4(start_app, simulator, page, tmp_path):
    simulator.state.complete_after = 3.0
    env = dict(APIMART_API_KEY=simulator.state.api_key, APIMART_BASE_URL=simulator.base_url)
    app = start_app(**env)
    page.set_viewport_size({"width": 1300, "height": 1600})
    page.goto(app.url + "/storyboard")
    page.get_by_role("button", name="Run storyboard").wait_for(timeout=60_000)
    wait_idle(page)
    fill_shot(page, 1, "Kling v3", "a red balloon rises over a field")
    page.get_by_role("button", name="Add shot").click()
    wait_idle(page)
    fill_shot(page, 2, "Veo 3.1 Fast", "the balloon drifts into a blue sky")  # continues, as added
    page.get_by_role("button", name="Add shot").click()
    wait_idle(page)
    fill_shot(page, 3, "Seedance 2.0", "a green kite on a beach", join="Cut")
    # Kling's 5 s, Veo's 8 s, and the shot added after Veo kept its 8 s: every shot valid, priced in the total.
    page.get_by_text(re.compile(r"3 shots · 21 s · about")).wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"Estimated \$")).nth(2).wait_for(timeout=30_000)  # each shot's price drawn
    wait_idle(page)
    text = page.locator("[data-testid='stMain']").first.inner_text()
    estimates = [float(m) for m in re.findall(r"Estimated \$(\d+\.\d\d)", text)]
    found = re.search(r"3 shots · (\d+) s · about \$(\d+\.\d\d) in all", text)
    seconds, total = int(found.group(1)), float(found.group(2))
    assert len(estimates) == 3 and total == pytest.approx(sum(estimates), abs=0.011)
    screenshot(page, "storyboard-composed")
    page.get_by_role("button", name="Run storyboard").click()
    until(lambda: len(simulator.state.submissions) == 2, 30, "the two cuts sent")
    assert not any("/files/images/" in str(s) for s in simulator.state.submissions)  # the continue waits
    app.stop(signal.SIGKILL)  # before the first shot is made: its continue is still waiting
    again = RunningApp(app.env).start()
    try:
        page.goto(again.url + "/storyboard")
        page.get_by_role("button", name="Make the film").wait_for(timeout=120_000)  # no click: the tracker went on
        assert len(simulator.state.submissions) == 3
        page.get_by_role("button", name="Make the film").click()
        page.get_by_role("button", name="Download the film").wait_for(timeout=60_000)
        wait_idle(page)
        screenshot(page, "storyboard-film")
    finally:
        again.stop()
    store = sqlite3.connect(Path(app.env["VIDEOGEN_DATA_DIR"]) / "history.sqlite3")
    rows = store.execute("SELECT shot, video_path FROM tasks WHERE film_id IS NOT NULL ORDER BY shot").fetchall()
    film_path = store.execute("SELECT film_path FROM films WHERE state = 'made'").fetchone()[0]
    assert [shot for shot, _ in rows] == [1, 2, 3] and all(path for _, path in rows)  # three tasks, one a shot
    with av.open(film_path) as container:
        frames = [f.to_ndarray(format="rgb24").astype(int) for f in container.decode(video=0)]
    assert abs(len(frames) - seconds * FPS) <= 3  # the sum of the shots' lengths, within one frame each
    shot_one_end = last_frame(Path(rows[0][1]))
    expected = np.asarray(Image.open(io.BytesIO(shot_one_end.data)))
    assert np.abs(frames[5 * FPS - 1] - expected.astype(int)).mean() < 3  # the film shows shot 1's last frame ...
    assert np.abs(frames[5 * FPS] - expected.astype(int)).mean() < 3  # ... and shot 2 starts on it
