"""Which model for this request (issue 29): opened, the table prices the request as it stands on every usable
model, and each price is the one the cost box shows once that model is picked (the form carries the request
over as the table says); a model the request lacks an input for says what it needs; folded, nothing is worked
out."""

from __future__ import annotations

import pytest

from tests.app.conftest import page_text
from videogen.catalog import builtin

CATALOG = builtin()

PRICE = "Price of this request"
CHANGES = "What changes"

# (the model the request starts on, its settings, the model picked from the table): ten requests across families.
REQUESTS = [
    ("Kling v3", {}, "seedance-2.0"),
    ("Kling v3", {"duration": 12, "resolution": "pro"}, "wan2.7"),
    ("Kling v3", {"duration": 10}, "MiniMax-Hailuo-02"),
    ("Seedance 2.5", {"resolution": "1080p", "duration": 8}, "kling-v3-omni"),
    ("Wan 2.7", {"duration": 9, "resolution": "720P"}, "happyhorse-1.0"),
    ("Veo 3.1 Fast", {}, "Omni-Flash-Ext"),
    ("MiniMax H3", {"duration": 6}, "pixverse-v6"),
    ("Seedance 2.0", {"duration": 15, "aspect_ratio": "21:9"}, "viduq3-pro"),
    ("HappyHorse 1.0", {"resolution": "720P"}, "grok-imagine-video-1.5"),
    ("Vidu Q3 Pro", {}, "skyreels-v4-std"),
]


def table(at):
    frames = [d.value for d in at.dataframe if PRICE in d.value.columns]
    assert len(frames) == 1, page_text(at)
    return frames[0]


def price_of(frame, name: str) -> float:
    row = frame[frame["Model"].str.replace("● ", "", regex=False) == name]
    assert len(row) == 1, (name, list(frame["Model"]))
    return float(row[PRICE].iloc[0])


@pytest.mark.parametrize(("start", "settings", "target"), REQUESTS)
def test_the_tables_price_is_the_cost_box_once_that_model_is_picked(app, live, start, settings, target):
    at = app(model=start)
    at.text_area(key="prompt").input("a lighthouse in a storm").run()
    for name, value in settings.items():
        at.session_state[name] = value
    at.session_state["fit"] = True  # the section opened
    at.run()
    assert not at.exception
    frame = table(at)
    here = CATALOG.model(at.selectbox(key="model").value)
    assert price_of(frame, here.name) == pytest.approx(float(at.metric[0].value.strip("$")))  # the cost box's own
    expected = price_of(frame, CATALOG.model(target).name)
    at.session_state["model"] = target  # what a click on its row does
    at.run()
    assert not at.exception and at.selectbox(key="model").value == target
    assert float(at.metric[0].value.strip("$")) == pytest.approx(expected), (start, settings, target, page_text(at))


def test_a_model_the_request_lacks_an_input_for_says_what_it_needs_and_is_not_priced(app, live):
    at = app(model="Kling v3")
    at.session_state["fit"] = True
    at.run()
    frame = table(at)
    motion = frame[frame["Model"] == "Kling v3 Motion Control"]
    assert motion[PRICE].isna().all() and "needs reference pictures" in motion[CHANGES].iloc[0]
    flash = frame[frame["Model"] == "Wan 2.6 Flash (from a first frame)"]
    assert "needs a first frame" in flash[CHANGES].iloc[0]
    assert not frame["Model"].str.contains("Sora").any()  # retired models are not offered
    priced = frame[PRICE].dropna()
    assert list(priced) == sorted(priced)  # cheapest first


def test_folded_the_table_is_not_worked_out(app, live):
    at = app(model="Kling v3")
    assert not [d for d in at.dataframe if PRICE in d.value.columns]
