"""AppTest harness: the real app script, a fresh data folder, and the simulator as the configured API."""

from __future__ import annotations

import re
import time
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
    from ui.shell import resources

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
        """The Generate page, on Sora 2 unless the query names a model: the tests written when it was the
        default (its key still lists it; new forms open on a current model, tested on its own)."""
        query.setdefault("model", "Sora 2")
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


def task_ids(at: AppTest) -> list[str]:
    """The task ids the page shows as text (`task_...` in a line of its own or in a status line)."""
    lines = [m.value for kind in ("markdown", "success", "error", "info") for m in getattr(at, kind)]
    return [found for line in lines for found in re.findall(r"`(task_[^`]+)`", line)]


def preview_blocks(at: AppTest) -> list[str]:
    """The request preview opened (folded, nothing in it is drawn): its code blocks, the JSON body and the curl."""
    at.session_state["preview"] = True
    at.run()
    return [c.value for c in at.code]


def fill(at, prompt="a red kite over green hills", **choices):
    if "model" in choices:
        at.selectbox(key="model").set_value(choices.pop("model")).run()  # Resolution reacts to this
    for key, value in choices.items():
        at.radio(key=key).set_value(value)
    at.text_area(key="prompt").input(prompt)
    return at.run()


def settle(at, timeout: float = 40.0):
    """Run the page again until the submit running in its thread has answered (AppTest has no clock, so
    the page's own polling of it never fires)."""
    deadline = time.monotonic() + timeout
    while "submit_state" in at.session_state and at.session_state["submit_state"].sending is not None:
        assert time.monotonic() < deadline, "the submit never answered"
        time.sleep(0.1)
        at.run()
    return at


def submit(at):
    return settle(at.button(key="submit_button").click().run())
