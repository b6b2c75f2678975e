"""One request on several models (issue 29): "Also send to" carries the request to up to four other models, prices
them together against the day's cap, sends one intent and one key per model (never twice on a rerun or a second
click), and shows the videos side by side, each with its model; a retired model is not offered."""

from __future__ import annotations

import pytest

from tests.app.conftest import page_text, settle
from videogen.catalog import builtin

CATALOG = builtin()


def three_models(app):
    at = app(model="Kling v3")
    at.text_area(key="prompt").input("a lighthouse in a storm").run()
    at.multiselect(key="also").select("seedance-2.0").select("wan2.7").run()
    return at


def test_one_request_on_three_models_makes_three_tasks_with_three_keys(app, live):
    at = three_models(app)
    assert not at.exception and at.multiselect(key="also").label == "Also send to"
    prices = [
        CATALOG.model(m).estimate(5, r) for m, r in (("kling-v3", "std"), ("seedance-2.0", "720p"), ("wan2.7", "720P"))
    ]
    assert f"${prices[1]:.2f}" in page_text(at) and f"${prices[2]:.2f}" in page_text(at)
    assert "3 videos on 3 models" in page_text(at)
    assert at.metric[0].value == f"${sum(prices):.2f}"  # the estimate is what all three cost
    settle(at.button(key="submit_button").click().run())
    bodies = live.state.submissions
    assert [b["model"] for b in bodies] == ["kling-v3", "seedance-2.0", "wan2.7"]
    assert all(b["prompt"] == "a lighthouse in a storm" for b in bodies)
    assert len(live.state.idempotency) == 3  # one key each
    at.run()
    at.button(key="submit_button").click().run()  # the same form: the set is found, nothing is sent again
    settle(at)
    assert len(live.state.submissions) == 3
    captions = " ".join(c.value for c in at.caption)
    assert "Video 2, seedance-2.0" in captions and "Video 3, wan2.7" in captions  # side by side, each its model


def test_the_models_are_checked_against_the_cap_together(app, live, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_DAILY_BUDGET_USD", "1.00")
    at = three_models(app)
    total = sum(
        CATALOG.model(m).estimate(5, r) for m, r in (("kling-v3", "std"), ("seedance-2.0", "720p"), ("wan2.7", "720P"))
    )
    assert total > 1.00  # each alone is under the cap; together they are not
    assert at.button(key="submit_button").disabled
    assert any("daily budget" in e.value and f"${total:.2f}" in e.value for e in at.error), page_text(at)
    assert not live.state.submissions


def test_a_retired_model_and_the_model_in_use_are_not_offered(app, live):
    at = app(model="Kling v3")
    offered = at.multiselect(key="also").options
    assert "Kling v3" not in offered and not any("Sora" in o for o in offered)
    assert "Seedance 2.0" in offered and len(offered) == len([m for m in CATALOG.models.values() if not m.retired]) - 1


@pytest.mark.parametrize("count", [2])
def test_variations_and_other_models_go_together(app, live, count):
    at = three_models(app)
    at.number_input(key="count").set_value(count).run()
    settle(at.button(key="submit_button").click().run())
    assert [b["model"] for b in live.state.submissions] == ["kling-v3", "kling-v3", "seedance-2.0", "wan2.7"]
