"""The Spending page: the cap set for every session, and the ledger (estimate, billed, refunded) with its
charts and CSV, marked simulated in the sandbox."""

from __future__ import annotations

import os
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, fill, page_text, preview_blocks, settle, submit
from videogen.tasks.store import TaskStore


def spending(at: AppTest) -> AppTest:
    at.switch_page("pages/spending.py")
    return at.run()


def test_the_cap_set_on_the_page_blocks_every_session(app, live):
    at = spending(app())
    assert "No daily cap is in force" in page_text(at)
    at.number_input(key="cap_value").set_value(0.30).run()  # typed, then saved, as in a browser
    at.button(key="cap_save").click().run()
    assert "Cap in force: $0.30 a day (set on this page)" in page_text(at)
    other = fill(app())  # a second session, on Generate: $0.32 does not fit
    assert other.button(key="submit_button").disabled
    assert any("$0.30 cap" in e.value for e in other.error)
    at.button(key="cap_none").click().run()  # lifted deliberately
    assert "No daily cap is in force" in page_text(at)
    assert not fill(app()).button(key="submit_button").disabled


def test_a_configured_cap_that_is_not_a_number_blocks_and_says_why(app, live, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_DAILY_BUDGET_USD", "twenty")
    at = fill(app())
    assert at.button(key="submit_button").disabled
    assert any("'twenty' is not a number of dollars" in e.value for e in at.error)


def test_the_ledger_shows_estimate_billed_and_refunded_and_exports_them(app, live, clock):
    at = fill(app())
    submit(at)
    fill(at, prompt="a kite that fails [sim:fail]")
    submit(at)
    clock.advance(60)
    store = TaskStore(Path(os.environ["VIDEOGEN_DATA_DIR"]) / "history.sqlite3")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and store.money.committed(0, simulated=False) != 0.32:
        time.sleep(0.2)  # the tracker reads the tasks: one completes (billed), one fails (refunded)
    at = spending(settle(at))
    text = page_text(at)
    assert "$0.32 Estimated" in text and "$0.32 Refunded" in text and "2 Tasks" in text
    assert len(at.get("vega_lite_chart")) == 2  # per day, per model
    assert at.get("download_button"), "the ledger's CSV is offered"
    table = at.dataframe[0].value
    assert sorted(table["Refunded"]) == [False, True] and list(table["Estimate"]) == [0.32, 0.32]
    assert sum(1 for b in table["Billed"] if b == 0.32) == 1  # the completed one, as the API reported


def test_sandbox_figures_are_marked_simulated(data_dir, monkeypatch):
    monkeypatch.delenv("APIMART_API_KEY", raising=False)
    at = AppTest.from_file(APP, default_timeout=30).run()
    at = spending(at)
    assert "these figures are simulated" in page_text(at)
    fill(at.switch_page("app.py").run())
    asked = at.metric[0].value  # the default model's estimate, as Generate shows it
    submit(at)
    at = spending(at)
    assert f"{asked} Estimated (simulated)" in page_text(at)


def test_no_cap_shows_an_empty_field_and_no_configured_cap_to_go_back_to(data_dir, monkeypatch):
    monkeypatch.delenv("APIMART_API_KEY", raising=False)
    monkeypatch.delenv("VIDEOGEN_DAILY_BUDGET_USD", raising=False)
    at = spending(AppTest.from_file(APP, default_timeout=30).run())
    assert "No daily cap is in force" in page_text(at)
    assert at.number_input(key="cap_value").value is None and at.button(key="cap_save").disabled
    at.number_input(key="cap_value").set_value(3.0).run()
    at.button(key="cap_save").click().run()
    assert "Cap in force: $3.00" in page_text(at)
    assert not [b for b in at.button if b.key == "cap_config"]  # no configured cap to go back to


def test_the_sandbox_curl_names_the_api_not_the_simulator(data_dir, monkeypatch):
    monkeypatch.delenv("APIMART_API_KEY", raising=False)
    monkeypatch.delenv("APIMART_BASE_URL", raising=False)
    at = fill(AppTest.from_file(APP, default_timeout=30).run())
    curl = next(c for c in preview_blocks(at) if c.startswith("curl"))
    assert "https://api.apimart.ai/v1/videos/generations" in curl and "127.0.0.1" not in curl
