"""The Gallery: saved videos as cards with a poster each, newest first; open one in History or continue it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, page_text
from tests.videos import make_clip
from videogen import studio
from videogen.provider.protocol import Task

RED, BLUE = (220, 30, 30), (40, 60, 220)


def saved(data_dir, n: int, prompt: str, colour) -> None:
    store = studio.store(data_dir)
    key, task_id = f"k-{n}", f"task_{n:04d}"
    store.record_intent(key, {"model": "kling-v3", "prompt": prompt, "duration": 5}, estimated_cost=0.34)
    store.mark_submitted(key, task_id)
    store.update_from_api(Task(task_id, "completed", 100, video_urls=("http://x/v.mp4",), expires_at=2_000_000_000))
    video = data_dir / "videos" / f"{task_id}.mp4"
    video.parent.mkdir(parents=True, exist_ok=True)
    make_clip(video, [colour])
    store.mark_saved(task_id, str(video))


def gallery(live) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/gallery.py")
    return at.run()


def test_saved_videos_are_cards_with_posters_newest_first(live, data_dir):
    saved(data_dir, 1, "a red kite", RED)
    saved(data_dir, 2, "a blue boat", BLUE)
    studio.store(data_dir).record_intent("k-3", {"model": "kling-v3", "prompt": "not saved yet"}, estimated_cost=0.3)
    at = gallery(live)
    assert not at.exception
    text = page_text(at)
    assert text.index("a blue boat") < text.index("a red kite") and "not saved yet" not in text
    assert len(at.get("image")) == 2 and (data_dir / "videos" / "posters" / "task_0001.jpg").exists()
    assert "Kling v3 · 5 s" in text


def test_a_card_opens_its_task_in_history_or_continues_it(live, data_dir):
    saved(data_dir, 1, "a red kite", RED)
    at = gallery(live)
    at.button(key="gallery_k-1_open").click().run()
    assert at.selectbox(key="history_selected").value == "k-1"
    at = gallery(live)
    at.button(key="gallery_k-1_continue").click().run()
    assert not at.exception and at.session_state["first_frame_kept"]
    assert at.text_area(key="prompt").value == "a red kite"


def test_an_empty_gallery_says_how_videos_arrive(live, data_dir):
    at = gallery(live)
    assert "No saved videos yet" in page_text(at) and not at.exception
