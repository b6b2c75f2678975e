"""Films: a storyboard checked and priced as a whole, run with one key per shot (a continue shot sent when the
shot before it is saved, with that video's exact last frame), never a shot twice, and joined into one MP4."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from videogen.films.runner import FilmNotReady, FilmNotShot, shot_key
from videogen.films.store import FilmState
from videogen.films.storyboard import CONTINUE, CUT, Shot, Storyboard, StoryboardFileError, read_file
from videogen.money.budget import Budget, OverBudget
from videogen.provider.sandbox.render import FPS
from videogen.request import GenerationRequest
from videogen.studio import Studio
from videogen.tasks.schema import Origin
from videogen.tasks.states import TaskState
from videogen.videos.frames import last_frame

KLING = GenerationRequest("kling-v3", "a red balloon rises over a field", duration=5, aspect_ratio="16:9")
VEO = GenerationRequest("veo3.1-fast", "the balloon drifts into a blue sky", duration=8, aspect_ratio="16:9")
SEEDANCE = GenerationRequest("seedance-2.0", "a green kite on a beach", duration=5, aspect_ratio="16:9")
ORIGIN = Origin(session_id="s1", simulated=True)


def three_shots() -> Storyboard:
    return Storyboard("Balloon", (Shot(KLING), Shot(VEO, CONTINUE), Shot(SEEDANCE, CUT)))


@pytest.fixture
def studio(store, client, simulator, tmp_path):
    made = Studio(store, client, tmp_path, simulator.base_url, sandbox=True)
    yield made


def posts(simulator) -> int:
    return len(simulator.state.submissions)


def finish_round(studio, clock) -> None:
    """Time passes (the simulator's tasks complete) and the tracker does one round, films included."""
    clock.advance(30)
    studio.tracker().refresh()


def test_the_storyboard_is_priced_as_the_sum_of_its_shots_and_its_joins_are_checked(catalog):
    check = three_shots().check(catalog)
    assert check.ready
    estimates = [GenerationRequest.validate(r, catalog, uploads_allowed=True).estimate() for r in (KLING, SEEDANCE)]
    assert check.total == pytest.approx(sum(estimates) + check.shots[1].estimate)
    assert check.shots[1].estimate > 0 and check.seconds == 18
    first_continues = Storyboard("x", (Shot(KLING, CONTINUE),)).check(catalog)
    assert [n.code for n in first_continues.shots[0].problems] == ["film.first_continues"]
    no_frame = Storyboard("x", (Shot(KLING), Shot(GenerationRequest("flux-3-video", "x"), CONTINUE))).check(catalog)
    assert "film.no_first_frame" in [n.code for n in no_frame.shots[1].problems] and not no_frame.ready
    portrait = Storyboard("x", (Shot(KLING), Shot(GenerationRequest("kling-v3", "y", 5, "9:16")))).check(catalog)
    assert [n.code for n in portrait.shots[1].notes] == ["film.shape_differs"] and portrait.ready
    assert [n.code for n in Storyboard("x").check(catalog).problems] == ["film.empty"]


def test_a_storyboard_file_goes_and_comes_back_and_its_mistakes_are_named_by_line(catalog):
    board = three_shots()
    for text, name in ((board.to_toml(), "f.toml"), (board.to_json(), "f.json")):
        again = read_file(text.encode(), name)
        assert again == board
    broken = (
        board.to_toml().replace('model = "veo3.1-fast"', "model = 3").replace('join = "cut"', 'join = "dissolve"', 1)
    )
    with pytest.raises(StoryboardFileError) as refused:
        read_file(broken.encode(), "f.toml")
    said = [n.text() for n in refused.value.notes]
    lines = board.to_toml().splitlines()
    headers = [n for n, line in enumerate(lines, start=1) if line == "[[shots]]"]
    assert said[0].startswith(f"Shot 1 (line {headers[0]}): `join` must be one of")
    assert said[1].startswith(f"Shot 2 (line {headers[1]}): `model` is missing")
    with pytest.raises(StoryboardFileError, match="Line 2"):
        read_file(b'version = 1\nname = "x\n', "f.toml")
    with pytest.raises(StoryboardFileError, match="newer version"):
        read_file(board.to_json().replace('"version": 1', '"version": 9').encode(), "f.json")


def test_a_film_runs_each_shot_once_and_a_continue_starts_on_the_exact_last_frame(studio, simulator, clock, catalog):
    films = studio.films
    film_id = films.table.save_draft(three_shots(), ORIGIN)
    shots = films.start(film_id, budget=None, origin=ORIGIN)
    assert [s.record.state for s in shots] == [TaskState.SUBMITTED, TaskState.WAITING, TaskState.SUBMITTED]
    assert posts(simulator) == 2  # the two cuts at once; the continue waits
    check = three_shots().check(catalog)
    assert studio.store.money.committed(0, simulated=True) == pytest.approx(check.total)  # the whole film counted
    films.start(film_id, budget=None, origin=ORIGIN)  # a double click, a reload: nothing more is sent
    assert posts(simulator) == 2
    finish_round(studio, clock)  # shots 1 and 3 saved; shot 2 released with shot 1's last frame
    assert posts(simulator) == 3
    finish_round(studio, clock)
    film = films.film(film_id)
    assert film is not None and film.state == FilmState.SHOT
    done = films.progress(film)
    assert all(s.saved for s in done) and len(studio.store.film_shots(film_id)) == 3 and posts(simulator) == 3
    # The second shot was sent with the first shot's exact last frame, as uploaded.
    sent = simulator.state.submissions[2]
    name = next(v for v in sent.values() if isinstance(v, list | str) and "/files/images/" in str(v))
    upload = simulator.state.uploads[str(name[0] if isinstance(name, list) else name).rpartition("/")[2]][0]
    expected = last_frame(Path(done[0].record.video_path))
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(upload))), np.asarray(Image.open(io.BytesIO(expected.data))))
    # The film: the sum of the shots' lengths, and the continue join shows shot 1's last frame then the same picture.
    joined = films.make(film_id)
    assert joined.how == "remux" and abs(joined.seconds - 18) <= 3 / FPS
    with av.open(str(joined.path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    end_of_one, start_of_two = frames[5 * FPS - 1].astype(int), frames[5 * FPS].astype(int)
    assert np.abs(end_of_one - start_of_two).mean() < 3
    assert films.film(film_id).state == FilmState.MADE and films.cost(film) == pytest.approx(check.total)


def test_a_film_over_the_cap_is_blocked_whole_before_anything_is_sent(studio, simulator, catalog):
    films = studio.films
    film_id = films.table.save_draft(three_shots(), ORIGIN)
    total = three_shots().check(catalog).total
    with pytest.raises(OverBudget):
        films.start(film_id, budget=Budget(total - 0.01, 0, True), origin=ORIGIN)
    assert posts(simulator) == 0 and studio.store.film_shots(film_id) == []
    assert films.film(film_id).state == FilmState.DRAFT
    films.start(film_id, budget=Budget(total, 0, True), origin=ORIGIN)  # exactly the cap: it runs
    assert posts(simulator) == 2


def test_a_storyboard_with_problems_records_nothing(studio, simulator):
    film_id = studio.films.table.save_draft(Storyboard("x", (Shot(KLING, CONTINUE),)), ORIGIN)
    with pytest.raises(FilmNotReady) as refused:
        studio.films.start(film_id, budget=None, origin=ORIGIN)
    assert not refused.value.check.ready and posts(simulator) == 0 and studio.store.film_shots(film_id) == []


def test_a_failed_shot_holds_back_the_one_that_continues_it_and_a_retry_goes_on(studio, simulator, clock):
    failing = GenerationRequest("kling-v3", "a red balloon [sim:fail]", duration=5, aspect_ratio="16:9")
    board = Storyboard("x", (Shot(failing), Shot(VEO, CONTINUE)))
    films = studio.films
    film_id = films.table.save_draft(board, ORIGIN)
    films.start(film_id, budget=None, origin=ORIGIN)
    finish_round(studio, clock)
    film = films.film(film_id)
    shots = films.progress(film)
    assert film.state == FilmState.STOPPED and shots[0].ended_without_video
    assert shots[1].record.state == TaskState.REJECTED and "shot 1" in shots[1].record.error_text
    assert studio.store.money.committed(0, simulated=True) == 0  # nothing of it is counted any more
    with pytest.raises(FilmNotShot):
        films.make(film_id)
    films.retry(film_id, 1, budget=None, origin=ORIGIN)  # a new take of 1 (it fails again) and of 2
    again = films.progress(films.film(film_id))
    assert [s.takes for s in again] == [2, 2] and again[1].record.state == TaskState.WAITING
    assert again[1].record.idempotency_key == shot_key(film_id, board.shots[1], 2)


def test_a_restart_between_shots_finishes_the_film_without_sending_a_shot_twice(studio, simulator, clock, store):
    films = studio.films
    film_id = films.table.save_draft(three_shots(), ORIGIN)
    films.start(film_id, budget=None, origin=ORIGIN)
    assert posts(simulator) == 2
    # The process is gone; a new one (a new studio over the same store) follows with no page open.
    after = Studio(store, studio.provider, studio.data_dir, studio.base_url, sandbox=True)
    for _ in range(3):
        finish_round(after, clock)
    assert after.films.film(film_id).state == FilmState.SHOT
    assert posts(simulator) == 3 and len(store.film_shots(film_id)) == 3
