"""Two people signed in through a local OpenID Connect provider (oidc-provider-mock, on loopback): each
sees only their own tasks in History; without signing in, nothing but the way to sign in is shown."""

import pytest

from tests.e2e.conftest import RunningApp, _env, wait_idle
from tests.e2e.test_generate_flow import type_into

pytestmark = pytest.mark.e2e


@pytest.fixture
def provider():
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def signed_in_app(provider, simulator, tmp_path):
    app = RunningApp(
        _env(tmp_path / "data", APIMART_API_KEY=simulator.state.api_key, APIMART_BASE_URL=simulator.base_url)
    )
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{app.url}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-that-is-long-enough"\n'
        'client_id = "videogen"\n'
        'client_secret = "videogen-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    app.args = ("--secrets.files", str(secrets))
    yield app.start()
    app.stop()


def sign_in(browser, app, who: str):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(app.url)
    wait_idle(page)
    page.get_by_text("Sign in to make videos").wait_for()
    assert page.get_by_text("Generate a video").count() == 0  # nothing else before signing in
    page.get_by_role("button", name="Sign in").click()
    page.locator('input[name="sub"]').fill(who)  # the provider's own form
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text("Generate a video").wait_for(timeout=30_000)
    page.get_by_text(f"Signed in as {who}").wait_for()
    return page


def test_two_people_each_see_only_their_own_tasks(signed_in_app, simulator, browser):
    ada = sign_in(browser, signed_in_app, "ada@example.com")
    type_into(ada, "Prompt", "a red kite over green hills")
    ada.get_by_role("button", name="Submit").click()
    ada.get_by_text("Submitted. Task id:").wait_for(timeout=30_000)
    task_id = next(iter(simulator.state.tasks))

    bo = sign_in(browser, signed_in_app, "bo@example.com")
    bo.get_by_role("link", name="History").click()
    wait_idle(bo)
    bo.get_by_text("No tasks yet.").wait_for()
    assert bo.get_by_text(task_id).count() == 0

    ada.get_by_role("link", name="History").click()
    wait_idle(ada)
    ada.get_by_text("Tasks found: 1").wait_for(timeout=60_000)  # hers, and only hers
    assert ada.get_by_text(task_id).count() >= 1  # in the table (a grid cell drawn on a canvas: hidden text)


def test_the_first_deep_link_after_a_start_still_meets_the_sign_in(signed_in_app, browser):
    """Streamlit ran `pages/history.py` on its own for the first deep link after a start (no `st.navigation` yet
    in any session): no sign-in, and everyone's History. Every page now goes through app.py first."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(signed_in_app.url + "/history")  # the app's very first request
    wait_idle(page)
    page.get_by_text("Sign in to make videos").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Export CSV").count() == 0
    assert page.get_by_text("Tasks found").count() == 0
