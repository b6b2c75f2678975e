"""The prompt helper on Generate (issue 29): "Improve the prompt" calls the provider's MiniMax-H3-Context-IR once
($0.08, in the ledger), shows its words beside the prompt with what changed, and the words go into the prompt only on
"Use this prompt"; no generation is sent meanwhile (the simulator counts POSTs). A helper that fails or is over the
cap leaves the prompt as it was."""

from __future__ import annotations

import time

from tests.app.conftest import page_text, submit
from videogen.provider import prompt_help

PROMPT = "a lighthouse in a storm"


def asked(app, clock, prompt: str = PROMPT):
    at = app(model="Kling v3")
    at.text_area(key="prompt").input(prompt).run()
    at.button(key="helper_ask").click().run()
    clock.advance(60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(b.key == "helper_use" for b in at.button) and not at.warning:
        time.sleep(0.3)
        at.run()
    return at


def test_the_better_prompt_goes_to_generation_only_after_use_this_prompt(app, live, clock):
    at = asked(app, clock)
    assert not at.exception
    calls = [b for b in live.state.submissions if b["model"] == prompt_help.MODEL]
    assert calls == [{"model": prompt_help.MODEL, "prompt": PROMPT, "duration": 5, "aspect_ratio": "16:9"}]
    assert "The prompt helper proposes" in page_text(at) and "Opening wide shot" in page_text(at)
    assert at.text_area(key="prompt").value == PROMPT  # not yet
    assert len(live.state.submissions) == 1  # the helper's call only: nothing sent for generation
    submit(at)  # Submit before accepting: the prompt sent is the person's own
    assert live.state.submissions[-1]["prompt"] == PROMPT and live.state.submissions[-1]["model"] == "kling-v3"
    at.button(key="helper_use").click().run()
    assert at.text_area(key="prompt").value.startswith("A lighthouse in a storm. Opening wide shot")
    assert len(live.state.submissions) == 2  # using the words sent nothing
    submit(at)
    assert live.state.submissions[-1]["prompt"].startswith("A lighthouse in a storm. Opening")
    assert len(live.state.submissions) == 3


def test_keep_mine_leaves_the_prompt_and_the_call_is_in_the_ledger(app, live, clock):
    from videogen import studio

    at = asked(app, clock)
    at.button(key="helper_keep").click().run()
    assert at.text_area(key="prompt").value == PROMPT and "proposes" not in page_text(at)
    rows = [r for r in studio.open_studio().store.listing.page(limit=10) if r.model == prompt_help.MODEL]
    assert len(rows) == 1 and rows[0].estimated_cost == prompt_help.PRICE and rows[0].video_path is None


def test_a_helper_that_fails_keeps_the_prompt_and_says_so(app, live, clock):
    at = asked(app, clock, "a kite [sim:fail]")
    assert any("Your prompt is kept as it was" in w.value for w in at.warning), page_text(at)
    assert at.text_area(key="prompt").value == "a kite [sim:fail]"


def test_over_the_cap_the_helper_is_not_asked(app, live, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_DAILY_BUDGET_USD", "0.05")
    at = app(model="Kling v3")
    at.text_area(key="prompt").input(PROMPT).run()
    at.button(key="helper_ask").click().run()
    assert any("was not asked" in e.value for e in at.error), page_text(at)
    assert not live.state.submissions
