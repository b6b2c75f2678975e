"""The prompt helper's call (MiniMax-H3-Context-IR) over HTTP: the simulator takes what its page documents and
refuses the rest with its codes, answers `result.prompt` and no video; the tracker keeps the words as the task's
and stops following it (nothing to save); its $0.08 is the task's estimate, in the ledger like a video's."""

from __future__ import annotations

import pytest

from videogen.provider import errors, prompt_help
from videogen.request import GenerationRequest
from videogen.tasks import prompt_helper
from videogen.tasks.schema import Origin
from videogen.tasks.tracker import Tracker


def test_the_body_is_brought_within_what_the_helper_takes():
    assert prompt_help.body_for(" a kite ", 20, "adaptive") == {
        "model": prompt_help.MODEL,
        "prompt": "a kite",
        "duration": 15,
        "aspect_ratio": "16:9",
    }
    assert prompt_help.body_for("x" * 9000, 2, "9:16")["prompt"] == "x" * 7000


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"prompt": ""}, "invalid_prompt"),
        ({"prompt": "x" * 7001}, "invalid_prompt"),
        ({"duration": 20}, "invalid_duration"),
        ({"aspect_ratio": "adaptive"}, "invalid_aspect_ratio"),
        ({"resolution": "2K"}, "unknown_parameter"),
    ],
)
def test_the_simulator_refuses_what_the_helpers_page_refuses(client, simulator, change, code):
    body = {**prompt_help.body_for("a kite", 5, "16:9"), **change}
    with pytest.raises(errors.ApiError) as refused:
        client.submit(body, f"vp-{code}")
    assert (refused.value.status, refused.value.code) == (400, code)
    assert not simulator.state.tasks


def test_the_words_come_back_as_the_tasks_and_it_is_not_followed_after(store, client, tmp_path, clock):
    request = GenerationRequest("kling-v3", "a lighthouse", 8, "9:16")
    record = prompt_helper.ask(store, client, request, "vp-1", origin=Origin("s1"))
    assert record.task_id and record.estimated_cost == prompt_help.PRICE
    again = prompt_helper.ask(store, client, request, "vp-1", origin=Origin("s1"))
    assert again.task_id == record.task_id and len(store.listing.page(limit=5)) == 1  # the same key: sent once
    clock.advance(60)
    task = client.get_task(record.task_id)
    assert task.prompt and task.prompt.startswith("A lighthouse. Opening wide shot in 9:16") and not task.video_urls
    tracker = Tracker(store, client, tmp_path / "videos")
    report = tracker.refresh()
    kept = store.listing.by_key("vp-1")
    assert kept.result_text == task.prompt and kept.status == "completed" and kept.video_path is None
    assert report.saved == 0 and report.errors == 0 and store.tracking.to_track() == []  # done: nothing to save
    assert store.listing.page(limit=5)[0].model == prompt_help.MODEL
