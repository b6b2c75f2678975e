"""Load: 20 browser sessions submit at once against one app in sandbox mode."""

import os
import signal
import sqlite3
import time

import pytest

from tests.e2e.conftest import screenshot, wait_idle

pytestmark = pytest.mark.e2e
SESSIONS = 20


def test_twenty_sessions_submit_at_once(start_app, browser, tmp_path):
    app = start_app()  # sandbox: no key
    pages = []
    for _ in range(SESSIONS):
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        page.goto(app.url)
        pages.append(page)
    prompts = [f"session {n}: a lantern drifting on a lake" for n in range(SESSIONS)]
    for page, prompt in zip(pages, prompts, strict=True):
        wait_idle(page, timeout=60_000)
        box = page.get_by_label("Prompt", exact=True)
        box.fill(prompt)
        box.press("Tab")
    for page, prompt in zip(pages, prompts, strict=True):  # Submit is enabled once the prompt's run has happened
        page.get_by_text(f"{len(prompt)} characters").wait_for(timeout=60_000)
        wait_idle(page, timeout=60_000)
    started = time.monotonic()
    for page in pages:  # every session clicks twice, all at once: 40 clicks in flight
        page.get_by_role("button", name="Submit").dblclick(no_wait_after=True)
    task_ids = []
    for n, page in enumerate(pages):
        code = page.locator('[data-testid="stCode"]', has_text="task_").first
        try:
            code.wait_for(timeout=90_000)
        except Exception as exc:
            screenshot(page, f"load-session-{n}-stuck")  # what that session shows, for the failure report
            rows = (
                sqlite3.connect(tmp_path / "data" / "history.sqlite3")
                .execute("SELECT prompt, state, task_id, error FROM tasks")
                .fetchall()
            )
            shown = page.locator('[data-testid="stMain"]').inner_text()[-1500:]
            os.kill(app.process.pid, signal.SIGUSR1)  # the server's threads, as they stand, into its log
            time.sleep(1)
            log = app.log.read_text(errors="replace")[-12000:]
            raise AssertionError(
                f"session {n} shows no task id.\nIt shows: {shown}\nStore: {rows}\nApp log: {log}"
            ) from exc
        task_ids.append(code.inner_text().strip())
    elapsed = time.monotonic() - started

    db = sqlite3.connect(tmp_path / "data" / "history.sqlite3")
    rows = db.execute("SELECT prompt, state, task_id FROM tasks").fetchall()
    prompts = sorted(r[0] for r in rows)
    log = app.log.read_text(errors="replace")
    print(
        f"\n{SESSIONS} sessions x 2 clicks: {len(rows)} intents, {len(set(task_ids))} task ids, "
        f"all shown in {elapsed:.1f} s"
    )
    assert len(rows) == SESSIONS and prompts == sorted(
        f"session {n}: a lantern drifting on a lake" for n in range(SESSIONS)
    )
    assert all(state == "submitted" and task for _, state, task in rows)  # no lost task
    assert sorted(task_ids) == sorted(r[2] for r in rows)  # each session shows its own task
    assert "database is locked" not in log and "Traceback" not in log
