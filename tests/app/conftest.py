"""AppTest harness: the real app script, a fresh data folder, and the simulator as the configured API."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import TEST_KEY

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("VIDEOGEN_ALLOW_PRIVATE_URLS", raising=False)
    yield tmp_path / "data"
    # AppTest runs the app in this process, where cached resources outlive the test: stop its tracker (it
    # would poll a simulator that is gone, for the rest of the run) and drop the cached store and client.
    from components import resources

    resources.stop_following(str(tmp_path / "data" / "history.sqlite3"))
    st.cache_resource.clear()


@pytest.fixture
def live(simulator, data_dir, monkeypatch):
    """The app configured for 'a live API' that is the test simulator, so tests can see what reached it."""
    monkeypatch.setenv("APIMART_API_KEY", TEST_KEY)
    monkeypatch.setenv("APIMART_BASE_URL", simulator.base_url)
    return simulator


@pytest.fixture
def app(live):
    def make(**query) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for name, value in query.items():
            at.query_params[name] = value
        return at.run()

    return make


def page_text(at: AppTest) -> str:
    """Every text the page shows, for assertions about what a person can read."""
    parts = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "code",
        "toast",
        "title",
        "subheader",
        "metric",
        "json",
    ):
        for element in getattr(at, kind):
            parts.append(str(getattr(element, "value", "")) + " " + str(getattr(element, "label", "")))
    return "\n".join(parts)
