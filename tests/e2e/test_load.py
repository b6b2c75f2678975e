"""Load: 20 browser sessions submit at once against one app in sandbox mode; every page shows its own task within
30 s of its click (by the page's own clock), then its video (30 and 50 sessions are measured by `python -m benchmarks --only sessions`)."""

import os
import signal
import sqlite3
import time

import pytest

from tests.e2e import shown as shown_by
from tests.e2e.conftest import screenshot, wait_idle

# The timing-heavy browser tests share one worker: never two of them at once on two cores.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("heavy"), pytest.mark.alone]
SESSIONS = 20
DISPLAY_WITHIN = 30.0  # seconds after its own click by which every session shows its task id (issue 30)
LOOKING = 30.0  # more seconds the test may take to look at twenty pages (the pages' own clocks are judged)
VIDEO_WITHIN = 60.0  # seconds after that by which every session shows its video (the sandbox makes it in 5 s)


def _watch(page, events: list) -> None:
    """Note what a session's connection does (for a report when its display stalls)."""
    page.on("websocket", lambda ws: ws.on("close", lambda _: events.append("websocket closed")))
    page.on(
        "console",
        lambda message: (
            events.append(f"console {message.type}: {message.text[:200]}")
            if message.type in ("error", "warning")
            else None
        ),
    )


@pytest.mark.timeout(300)
def test_twenty_sessions_submit_at_once(start_app, browser, tmp_path):
    app = start_app()  # sandbox: no key
    pages, events, contexts = [], [], []
    for _ in range(SESSIONS):  # twenty browsers (each its own context), opening the page together
        contexts.append(browser.new_context(viewport={"width": 1200, "height": 900}))
        page = contexts[-1].new_page()
        events.append([])
        _watch(page, events[-1])
        page.goto(app.url, wait_until="commit")
        pages.append(page)
    try:
        _submit_at_once(app, pages, events, tmp_path)
    finally:  # the browsers leave before the server stops (twenty open sessions hold its shutdown)
        for context in contexts:
            context.close()


def _submit_at_once(app, pages, events, tmp_path) -> None:
    prompts = [f"session {n}: a lantern drifting on a lake" for n in range(SESSIONS)]
    for page, prompt in zip(pages, prompts, strict=True):
        wait_idle(page, timeout=60_000)
        box = page.get_by_label("Prompt", exact=True)
        box.fill(prompt)
        box.press("Tab")
    for page, prompt in zip(pages, prompts, strict=True):  # Submit is enabled once the prompt's run has happened
        page.get_by_text(f"{len(prompt)} characters").wait_for(timeout=60_000)
        wait_idle(page, timeout=60_000)
    for page in pages:  # each page times its own click and its own task id (see `shown`)
        shown_by.watch(page)
    started = time.monotonic()
    for page in pages:  # every session clicks twice, all at once: 40 clicks in flight
        page.get_by_role("button", name="Submit").dblclick(no_wait_after=True)
    store = tmp_path / "data" / "history.sqlite3"
    shown, stalls, late = {}, [], []
    # The pages are looked at one after another, each until a deadline that leaves the test's own looking (slow with
    # twenty pages on two cores) out of the figure: what counts is the page's own clock, judged below.
    deadline = time.monotonic() + DISPLAY_WITHIN + LOOKING
    for n, page in enumerate(pages):
        shown_by.wait(page, deadline - time.monotonic())
        seen = shown_by.read(page)
        took = seen.after()
        if took is not None and took <= DISPLAY_WITHIN:
            shown[n] = seen.task
            continue
        # The server made the task, but this page did not show it in time: counted and reported with what is
        # known (its screenshot, the server's threads), never hidden. Before issue 30 this happened in about 3
        # of 10 loads: every page's timer fragments kept the server's event loop starting script threads, and
        # the pages' own answers waited in its queue.
        screenshot(page, f"load-session-{n}-stalled")
        os.kill(app.process.pid, signal.SIGUSR1)  # the server's threads, as they stand, into its log
        made = sqlite3.connect(store).execute("SELECT task_id FROM tasks WHERE prompt = ?", (prompts[n],)).fetchall()
        assert len(made) == 1 and made[0][0], f"session {n}: its task was not made once: {made}"
        stalls.append((n, "never" if took is None else f"{took:.1f} s", events[n][-3:]))
    elapsed = time.monotonic() - started
    times = [shown_by.read(page).after() for page in pages]
    for n, page in enumerate(pages):  # then each its video, once the sandbox has made it
        try:
            page.locator('[data-testid="stVideo"]').first.wait_for(timeout=VIDEO_WITHIN * 1000)
        except Exception:
            screenshot(page, f"load-session-{n}-no-video")
            late.append(n)

    db = sqlite3.connect(store)
    rows = db.execute("SELECT prompt, state, task_id FROM tasks").fetchall()
    by_prompt = {prompt: task for prompt, _, task in rows}
    log = app.log.read_text(errors="replace")
    print(
        f"\n{SESSIONS} sessions x 2 clicks: {len(rows)} intents, {len(set(shown.values()))} task ids; slowest page "
        f"{max((took for took in times if took is not None), default=float('nan')):.1f} s from its click to its task id by its own clock "
        f"(the test's looking ended {elapsed:.1f} s after the first click); {len(stalls)} display(s) stalled: {stalls}"
    )
    assert len(rows) == SESSIONS and sorted(r[0] for r in rows) == sorted(prompts)  # one intent per session
    assert all(state == "submitted" and task for _, state, task in rows)  # no lost task
    assert all(shown[n] == by_prompt[prompts[n]] for n in shown)  # each session shows its own task
    assert not stalls, f"sessions whose page did not show their task within {DISPLAY_WITHIN:.0f} s: {stalls}"
    assert not late, f"sessions whose page never showed their video: {late}"
    assert "database is locked" not in log and "Traceback" not in log
