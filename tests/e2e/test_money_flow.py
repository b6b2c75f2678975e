"""Money in a real browser: two variations over a daily cap are blocked with the figures, the cap is raised
on purpose, the two are sent once each and shown side by side, and the Spending page accounts for them;
then a batch file is checked, started, and sent."""

import pytest

from tests.e2e.conftest import screenshot, wait_idle
from tests.e2e.test_generate_flow import open_generate, type_into

pytestmark = pytest.mark.e2e


def test_variations_under_a_cap_then_the_ledger_and_a_batch(start_app, simulator, page, tmp_path):
    app = start_app(
        APIMART_API_KEY=simulator.state.api_key,
        APIMART_BASE_URL=simulator.base_url,
        VIDEOGEN_DAILY_BUDGET_USD="0.50",
    )
    open_generate(page, app)
    type_into(page, "Prompt", "a lantern drifting over a lake at night")
    type_into(page, "Number of videos", "2")
    page.get_by_text("2 videos x $0.32 each").wait_for()
    page.get_by_text("over the $0.50 cap").wait_for()
    assert page.get_by_role("button", name="Submit").is_disabled()
    page.get_by_role("button", name="Raise the daily cap to $1.00").click()
    wait_idle(page)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Submitted 2 videos").wait_for(timeout=30_000)
    assert len(simulator.state.tasks) == 2 and len(simulator.state.idempotency) == 2
    screenshot(page, "variations")

    page.get_by_role("link", name="Spending").click()
    wait_idle(page)
    page.get_by_text("Cap in force: $1.00 a day (set on this page)").wait_for()
    page.get_by_text("Per model").wait_for()
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == "$0.64"

    csv = tmp_path / "lanterns.csv"
    csv.write_text("prompt,model,duration\na lantern,sora-2-preview,4\ntwo lanterns,sora-2-preview,4\n")
    page.get_by_role("link", name="Batch").click()
    wait_idle(page)
    page.locator('input[type="file"]').set_input_files(str(csv))
    page.get_by_text("2 rows ready").wait_for()
    page.get_by_text("would take today past the daily cap").wait_for()
    page.get_by_role("button", name="Start batch").click()
    page.get_by_text("daily budget", exact=False).last.wait_for(timeout=30_000)
    page.get_by_text("stopped").first.wait_for(timeout=30_000)
    assert len(simulator.state.tasks) == 3  # one row fitted under the cap; the other waits
    screenshot(page, "batch-stopped-at-cap")
