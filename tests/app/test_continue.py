"""Continue this video: a finished clip's exact last frame becomes the next shot's first frame, judged like any
upload and uploaded at submit; History's button opens Generate on it."""

from __future__ import annotations

import io

from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, page_text, settle
from tests.videos import make_clip
from videogen import studio
from videogen.images.kept import KeptImages
from videogen.provider.protocol import Task

WHITE, BLUE = (250, 250, 250), (40, 60, 220)


def finished_clip(data_dir, model: str, payload: dict, colour=WHITE):
    """A finished task of `model` whose saved video's very last frame alone is `colour`."""
    store = studio.store(data_dir)
    store.record_intent("k-clip", {"model": model, "prompt": "a heron takes off", **payload}, estimated_cost=0.5)
    store.mark_submitted("k-clip", "task_clip")
    store.tracking.update_from_api(
        Task("task_clip", "completed", 100, video_urls=("http://x/v.mp4",), expires_at=2_000_000_000)
    )
    video = data_dir / "videos" / "task_clip.mp4"
    video.parent.mkdir(parents=True, exist_ok=True)
    make_clip(video, [BLUE, BLUE], last=colour)
    store.tracking.mark_saved("task_clip", str(video))
    return store


def continued(live) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/history.py")
    at.run()
    at.button(key="detail_continue").click().run()
    return at


def centre(data: bytes) -> tuple[int, int, int]:
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    return picture.getpixel((picture.width // 2, picture.height // 2))


def test_the_last_frame_is_the_next_first_frame_and_is_uploaded_at_submit(live, data_dir):
    finished_clip(data_dir, "kling-v3", {"duration": 5, "aspect_ratio": "16:9", "mode": "std"})
    at = continued(live)
    assert not at.exception
    assert at.selectbox(key="model").value == "kling-v3"  # it takes a first frame: the same model
    assert at.text_area(key="prompt").value == "a heron takes off"
    assert "Continuing `task_clip`: its last frame (at 1.92 s)" in page_text(at)
    kept = KeptImages(data_dir / "inputs").get(at.session_state["first_frame_kept"])
    assert kept is not None and all(abs(a - b) <= 12 for a, b in zip(centre(kept.data), WHITE, strict=True))
    at.switch_page("pages/generate.py")  # AppTest reruns the page it was last told to; the app went there
    at.text_area(key="prompt").input("the heron lands on the far bank").run()
    assert "Continuing `task_clip`" in page_text(at)  # said while its frame is the first frame
    assert not at.button(key="submit_button").disabled, page_text(at)
    settle(at.button(key="submit_button").click().run())
    body = live.state.submissions[-1]
    uploaded, _ = next(iter(live.state.uploads.values()))
    assert body["model"] == "kling-v3" and body["prompt"] == "the heron lands on the far bank"
    assert uploaded == kept.data  # the exact frame, uploaded as the first frame
    assert body["image_urls"][0].endswith(next(iter(live.state.uploads)))
    assert "Continuing" not in page_text(settle(at.run()))  # sent: the next shot is an ordinary one


def test_a_model_without_first_frames_continues_on_the_default_one(live, data_dir):
    finished_clip(data_dir, "sora-2-preview", {"duration": 4, "aspect_ratio": "landscape"})
    at = continued(live)
    assert not at.exception and at.selectbox(key="model").value != "sora-2-preview"
    assert at.session_state["first_frame_kept"]


def test_a_saved_file_that_cannot_be_read_is_said(live, data_dir):
    finished_clip(data_dir, "kling-v3", {"duration": 5})
    (data_dir / "videos" / "task_clip.mp4").write_bytes(b"not a video")
    at = continued(live)
    assert not at.exception and "could not be read to take its last frame" in page_text(at)


def test_generates_latest_video_continues_on_the_same_page(app, live, clock):
    """Generate's own finished video offers the same: its last frame becomes the first frame, here."""
    at = app(model="Kling v3")
    at.text_area(key="prompt").input("a paper boat sets off").run()
    settle(at.button(key="submit_button").click().run())
    clock.advance(60)
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not [b for b in at.button if b.key == "latest_continue"]:
        time.sleep(0.3)
        at.run()
    at.button(key="latest_continue").click().run()
    assert not at.exception
    assert at.session_state["first_frame_kept"] and "Continuing `task_" in page_text(at)
    assert at.text_area(key="prompt").value == "a paper boat sets off"


def test_a_veo_video_is_extended_by_its_own_model_from_history_once(live, data_dir):
    """History's "Extend (+7 s, $0.14)" on a Veo video sends Veo's remix of that task, once."""
    from videogen.provider.sandbox.tasks import SimTask

    payload = {"model": "veo3.1-fast", "prompt": "a lighthouse", "duration": 8, "aspect_ratio": "16:9"}
    live.state.tasks["task_clip"] = SimTask("task_clip", payload, live.state.clock() - 600, cost=0.14)
    store = finished_clip(data_dir, "veo3.1-fast", {"duration": 8, "aspect_ratio": "16:9", "resolution": "720p"})
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/history.py")
    at.run()
    at.text_area(key="detail_extend_prompt").input("the light turns on").run()
    at.button(key="detail_extend_send").click().run()
    assert not at.exception and live.state.counts.get("remix") == 1
    sent = live.state.submissions[-1]
    assert sent["remix_of"] == "task_clip" and sent["raw"] is True and sent["prompt"] == "the light turns on"
    extension = [r for r in store.listing.page(limit=10) if r.idempotency_key != "k-clip"]
    assert len(extension) == 1 and extension[0].estimated_cost == 0.14 and extension[0].duration == 7
    at.switch_page("pages/history.py").run()
    assert live.state.counts.get("remix") == 1  # a rerun sends nothing more
