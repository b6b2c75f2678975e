"""Money up front: what the page says before a submit costs more than the account holds or the day's cap
allows, and the variations of one request."""

import os
import time
from pathlib import Path

from tests.app.conftest import fill, page_text, submit, task_ids


def _store_path() -> Path:
    return Path(os.environ["VIDEOGEN_DATA_DIR"]) / "history.sqlite3"


def test_a_request_dearer_than_the_balance_is_warned_with_both_figures(app, live):
    live.state.start_balance = 1.0
    at = app()
    at.selectbox(key="model").set_value("sora-2-pro-preview").run()
    at.radio(key="duration").set_value(12).run()
    at.radio(key="resolution").set_value("high").run()
    at.text_area(key="prompt").input("a kite").run()
    warning = [w.value for w in at.warning if "left on the account" in w.value]
    assert warning and "$4.80" in warning[0] and "$1.00" in warning[0]
    at.radio(key="duration").set_value(4).run()
    at.radio(key="resolution").set_value("standard").run()
    assert not [w for w in at.warning if "left on the account" in w.value]  # $0.96 fits


def test_a_request_over_the_daily_cap_is_blocked_with_figures_and_the_cap_can_be_raised(app, live, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_DAILY_BUDGET_USD", "0.90")
    at = fill(app())  # sora-2-preview, 4 s: $0.32
    at.number_input(key="count").set_value(3).run()  # $0.96
    assert at.metric[0].value == "$0.96"
    blocked = [e.value for e in at.error if "daily budget" in e.value]
    assert blocked and "$0.00 is already asked" in blocked[0] and "$0.96" in blocked[0] and "$0.90 cap" in blocked[0]
    assert at.button(key="submit_button").disabled
    assert at.button(key="budget_raise").label == "Raise the daily cap to $1.00"
    at.button(key="budget_raise").click().run()  # deliberately
    assert not at.button(key="submit_button").disabled
    assert "Daily budget: $1.00" in page_text(at)
    submit(at)
    assert len(live.state.tasks) == 3


def test_three_variations_are_three_tasks_shown_side_by_side(app, live, clock):
    at = fill(app())
    at.number_input(key="count").set_value(3).run()
    assert "3 videos x $0.32 each" in page_text(at)
    submit(at)
    assert len(live.state.tasks) == 3 and len(set(live.state.idempotency)) == 3
    assert "Submitted 3 videos" in page_text(at)
    assert len(set(task_ids(at))) >= 3
    clock.advance(60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "(3 finished)" not in page_text(at):
        time.sleep(0.3)
        at.run()
    assert "(3 finished)" in page_text(at)
    deadline = time.monotonic() + 30  # every video saved
    while time.monotonic() < deadline and len(at.get("video")) < 3:
        time.sleep(0.3)
        at.run()
    assert len(at.get("video")) == 3  # the set's three, and not the last of them drawn again as "Latest video"
    assert "Latest video" not in page_text(at)


def test_a_cap_taken_by_another_session_meanwhile_sends_nothing(app, live, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_DAILY_BUDGET_USD", "0.50")
    at = fill(app())  # $0.32 fits
    assert not at.button(key="submit_button").disabled
    from videogen.tasks.store import TaskStore

    store = TaskStore(_store_path())
    store.record_intent("other-session", {"model": "sora-2-preview", "prompt": "x"}, estimated_cost=0.32)
    submit(at)
    assert not live.state.tasks
    # The click's own run counts again before anything is sent (and the store counts once more, atomically,
    # when the intent is written: see tests/unit/test_budget.py for the race itself).
    assert any("$0.32 is already asked for today" in e.value for e in at.error)


def test_a_time_zone_that_is_not_one_is_said_where_the_budget_is(app, live, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_TIMEZONE", "Mars/Olympus_Mons")
    at = fill(app())
    warned = [w.value for w in at.warning if "VIDEOGEN_TIMEZONE" in w.value]
    assert warned and "'Mars/Olympus_Mons' is not a time zone name" in warned[0] and "UTC" in warned[0]
    assert not at.button(key="submit_button").disabled  # the day is UTC's meanwhile: nothing is blocked


def test_a_balance_under_the_floor_is_said_and_credits_are_not_dollars(app, live, monkeypatch):
    """The API answers 402 to the balance call itself under $0.05: the sidebar says so (not "unavailable: HTTP
    402"); a balance counted in credits is shown as credits, never as dollars, and never held against an estimate."""
    live.state.start_balance = 0.01
    at = app()
    assert any("Balance below $0.05" in w.value for w in at.sidebar.warning)
    assert not any("unavailable" in c.value for c in at.sidebar.caption)
    from ui.shell import balance

    balance.refresh()
    live.state.start_balance = 250.0
    monkeypatch.setenv("VIDEOGEN_BALANCE_UNIT", "credits")
    at = app()  # AppTest keeps the sidebar of the first run only
    captions = [c.value for c in at.sidebar.caption]
    assert "Balance: 250.00 credits (not dollars)" in captions and not any("$250" in c for c in captions)
