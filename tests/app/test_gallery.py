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
    store.tracking.update_from_api(
        Task(task_id, "completed", 100, video_urls=("http://x/v.mp4",), expires_at=2_000_000_000)
    )
    video = data_dir / "videos" / f"{task_id}.mp4"
    video.parent.mkdir(parents=True, exist_ok=True)
    make_clip(video, [colour])
    store.tracking.mark_saved(task_id, str(video))


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


def test_a_star_marks_a_keeper_and_the_filters_narrow_the_cards(live, data_dir):
    saved(data_dir, 1, "a red kite", RED)
    saved(data_dir, 2, "a blue boat", BLUE)
    store = studio.store(data_dir)
    store.record_intent("k-3", {"model": "veo3.1-fast", "prompt": "a veo sunrise", "duration": 8}, estimated_cost=0.4)
    store.mark_submitted("k-3", "task_0003")
    store.tracking.update_from_api(
        Task("task_0003", "completed", 100, video_urls=("http://x/v.mp4",), expires_at=2_000_000_000)
    )
    video = data_dir / "videos" / "task_0003.mp4"
    make_clip(video, [BLUE])
    store.tracking.mark_saved("task_0003", str(video))
    at = gallery(live)
    at.button(key="gallery_k-1_star").click().run()
    assert store.listing.by_key("k-1").keeper == 1 and at.button(key="gallery_k-1_star").label == "Kept"
    at.toggle(key="gallery_keepers").set_value(True).run()
    text = page_text(at)
    assert "a red kite" in text and "a blue boat" not in text
    at.toggle(key="gallery_keepers").set_value(False).run()
    at.selectbox(key="gallery_model").set_value("veo3.1-fast").run()
    text = page_text(at)
    assert "a veo sunrise" in text and "a red kite" not in text
    at.selectbox(key="gallery_model").set_value("").run()
    at.selectbox(key="gallery_when").set_value("today").run()
    assert "a blue boat" in page_text(at)  # made today
    at.toggle(key="gallery_keepers").set_value(True).run()
    at.button(key="gallery_k-1_star").click().run()  # the star taken off: no keeper left
    assert "No saved video matches these filters" in page_text(at) and not at.exception


def test_a_made_film_is_a_card_that_opens_in_the_storyboard(live, data_dir):
    from videogen.films.storyboard import Shot, Storyboard
    from videogen.request import GenerationRequest
    from videogen.tasks.schema import Origin

    store = studio.store(data_dir)
    from videogen.films.store import FilmStore

    films = FilmStore(store.tables)
    film_id = films.save_draft(
        Storyboard("Kites at dusk", (Shot(GenerationRequest("kling-v3", "a kite", 5)),)), Origin()
    )
    path = data_dir / "films" / f"{film_id}.mp4"
    path.parent.mkdir(parents=True)
    make_clip(path, [RED, BLUE])
    films.mark_made(film_id, str(path))
    at = gallery(live)
    assert "Kites at dusk" in page_text(at) and "1 shot · $" in page_text(at)
    at.button(key=f"gallery_film_{film_id}").click().run()
    at.switch_page("pages/storyboard.py").run()
    assert not at.exception and "The film is made." in page_text(at)
