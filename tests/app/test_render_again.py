"""Draft, then final: a finished video rendered again on another model from History, with the same prompt
and images, and the two compared side by side."""

from __future__ import annotations

import time

from tests.app.conftest import fill, page_text, settle, submit


def finished(at, clock):
    """Until the task is done and its video saved (the sandbox renders each clip: saving takes a moment)."""
    clock.advance(60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        at.run()
        if "Done:" in page_text(at) and at.get("video"):
            return at
        time.sleep(0.3)
    raise AssertionError("the task never finished")


def test_a_draft_is_rendered_again_on_another_model_and_compared(app, live, clock):
    at = fill(app(), prompt="a paper boat in a puddle")
    submit(at)
    at = finished(at, clock)
    at.switch_page("pages/history.py").run()
    detail = [b for b in at.button if b.key and b.key.endswith("_redo")]
    assert detail, "a finished video offers Render again"
    prefix = detail[0].key[: -len("_redo")]
    at.selectbox(key=f"{prefix}_redo_model").set_value("sora-2-pro-preview").run()
    [b for b in at.button if b.key == f"{prefix}_redo"][0].click().run()
    assert at.selectbox(key="model").value == "sora-2-pro-preview"
    assert at.text_area(key="prompt").value == "a paper boat in a puddle"
    assert "Rendering task" in page_text(at) and "again with the same prompt" in page_text(at)
    at.switch_page("pages/generate.py")  # AppTest reruns the page it was last told to; the app went there
    submit(at)
    bodies = [b for b in live.state.submissions if isinstance(b, dict)]
    assert [b["model"] for b in bodies] == ["sora-2-preview", "sora-2-pro-preview"]
    assert bodies[1]["prompt"] == bodies[0]["prompt"]
    at.run()
    assert "Compare" in page_text(at) and "First render: Sora 2" in page_text(at)
    clock.advance(120)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len([v for v in at.get("video")]) < 2:
        time.sleep(0.3)
        settle(at.run())
    assert len(at.get("video")) >= 2  # both videos, side by side
    assert "Rendering task" not in page_text(at)  # sent: the next submit is an ordinary one
