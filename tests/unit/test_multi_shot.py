"""Kling v3's multi-shot: several shots, each its own words and seconds, in one call. The request checks the shots
as the API documents them (1-6, each text at most 512 characters, each at least 1 s, their sum the duration);
the simulator refuses what the API refuses; a storyboard whose shots fit goes as one call, one task under one
key, and its film is that one video."""

from __future__ import annotations

import av
import numpy as np
import pytest

from videogen.films import one_call
from videogen.films.runner import shot_key
from videogen.films.store import FilmState
from videogen.films.storyboard import CONTINUE, EXTEND, Shot, Storyboard, read_file
from videogen.money.budget import Budget, OverBudget
from videogen.provider import errors
from videogen.provider.sandbox.render import COLOURS
from videogen.request import GenerationRequest
from videogen.request.body import BodyRefused, read_body
from videogen.studio import Studio
from videogen.tasks.schema import Origin
from videogen.tasks.states import TaskState

ORIGIN = Origin(session_id="s1", simulated=True)


def kling(prompt: str, seconds: int = 5, **fields) -> GenerationRequest:
    return GenerationRequest("kling-v3", prompt, seconds, fields.pop("aspect_ratio", "16:9"), **fields)


def three_kling_shots(*, one_call_on: bool = True) -> Storyboard:
    shots = (
        Shot(kling("a red balloon over a field", 4)),
        Shot(kling("the balloon climbs past a white cloud", 3), CONTINUE),
        Shot(kling("it vanishes into a blue sky", 5)),
    )
    return Storyboard("Balloon", shots, one_call_on)


@pytest.fixture
def studio(store, client, simulator, tmp_path):
    return Studio(store, client, tmp_path, simulator.base_url, sandbox=True)


def test_the_shots_go_as_multi_prompt_and_come_back_the_same(catalog):
    request = GenerationRequest("kling-v3", "", resolution="pro", shots=(("a red car", 3), ("a blue sky", 4)))
    valid = request.validate(catalog)
    body = valid.payload()
    assert body["duration"] == 7 and body["multi_shot"] is True and body["shot_type"] == "customize"
    assert body["multi_prompt"] == [
        {"index": 1, "prompt": "a red car", "duration": 3},
        {"index": 2, "prompt": "a blue sky", "duration": 4},
    ]
    assert "prompt" not in body  # every shot has its own words
    assert valid.estimate() == pytest.approx(7 * 0.0896)  # per second, as one 7 s video
    assert read_body(body, catalog).request == valid.request


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (GenerationRequest("kling-v3", "", 8, shots=(("a", 3), ("b", 4))), "request.shots_sum"),
        (GenerationRequest("kling-v3", "", shots=(("a", 1), ("b", 1))), "request.shots_length"),
        (GenerationRequest("kling-v3", "", shots=tuple((f"s{n}", 2) for n in range(7))), "request.shots_count"),
        (GenerationRequest("kling-v3", "", shots=(("a", 3), (" ", 4))), "request.shot_prompt"),
        (GenerationRequest("kling-v3", "", shots=(("a" * 513, 3), ("b", 4))), "request.shot_long"),
        (GenerationRequest("kling-v3", "", shots=(("a", 0), ("b", 4))), "request.shot_seconds"),
        (GenerationRequest("sora-2", "x", shots=(("a", 3), ("b", 4))), "request.shots_none"),
    ],
)
def test_shots_the_api_refuses_are_refused_before_paying(catalog, request_, code):
    notes = request_.check(catalog)
    assert notes["shots"].code == code
    assert notes["shots"].text("en") and notes["shots"].text("zh") != notes["shots"].text("en")


def test_six_shots_of_512_characters_are_the_most_one_call_takes(catalog):
    request = GenerationRequest("kling-v3-omni", "", shots=tuple(("x" * 512, 2) for _ in range(6)))
    assert request.validate(catalog).payload()["duration"] == 12


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"multi_shot": True, "shot_type": "customize", "multi_prompt": [{"index": 2, "prompt": "a", "duration": 5}]},
         "invalid_multi_prompt"),
        ({"multi_shot": True, "shot_type": "customize"}, "invalid_multi_prompt"),
        ({"multi_shot": True, "shot_type": "storyboard"}, "invalid_shot_type"),
        ({"multi_prompt": [{"index": 1, "prompt": "a", "duration": 5}]}, "invalid_multi_shot"),
        ({"multi_shot": True, "shot_type": "customize", "duration": 9,
          "multi_prompt": [{"index": 1, "prompt": "a", "duration": 4}, {"index": 2, "prompt": "b", "duration": 4}]},
         "invalid_multi_prompt"),
    ],
)  # fmt: skip
def test_the_simulator_refuses_a_malformed_multi_shot_as_the_api_would(client, simulator, catalog, body, code):
    full = {"model": "kling-v3", "duration": 5, **body}
    with pytest.raises(BodyRefused) as read:
        read_body(full, catalog)
    assert read.value.code == code
    with pytest.raises(errors.ApiError) as refused:
        client.submit(full, f"vg-{code}-{len(simulator.state.submissions)}")
    assert refused.value.status == 400 and not simulator.state.tasks


def test_intelligence_lets_the_model_cut_the_prompt_itself(client, simulator):
    body = {"model": "kling-v3", "prompt": "a day at the beach", "duration": 10, "multi_shot": True}
    client.submit({**body, "shot_type": "intelligence"}, "vg-intelligence")
    assert len(simulator.state.tasks) == 1


def test_a_storyboard_fits_one_call_only_when_its_shots_share_one(catalog):
    fits = one_call.fit(three_kling_shots(), catalog)
    assert fits.fits and fits.valid.request.duration == 12 and len(fits.valid.request.shots) == 3
    total = three_kling_shots().check(catalog).total
    assert fits.valid.estimate() == pytest.approx(total)  # the same money, shot by shot or in one call
    board = three_kling_shots()

    def reasons(changed: Storyboard) -> list[str]:
        return [n.code for n in one_call.fit(changed, catalog).reasons]

    veo = GenerationRequest("veo3.1-fast", "y", 8, "16:9")
    assert reasons(board.changed(1, Shot(veo))) == ["film.one_call.other_model"]
    assert reasons(board.changed(2, Shot(kling("z", 5, resolution="pro")))) == ["film.one_call.settings"]
    assert reasons(board.changed(2, Shot(kling("z", 5), EXTEND))) == ["film.one_call.extend"]
    assert reasons(board.changed(2, Shot(kling("z", 5, first_frame="https://x.test/a.png")))) == [
        "film.one_call.images"
    ]
    assert reasons(board.changed(2, Shot(kling("z", 9)))) == ["request.shots_length"]  # 16 s: more than 15
    assert reasons(Storyboard("x", tuple(Shot(kling(f"s{n}", 2)) for n in range(7)))) == ["film.one_call.many"]
    assert reasons(Storyboard("x", (Shot(veo), Shot(veo)))) == ["film.one_call.model"]
    assert reasons(Storyboard("x", board.shots[:1])) == ["film.one_call.few"]


def test_the_file_keeps_one_call(catalog):
    board = three_kling_shots()
    assert read_file(board.to_toml().encode(), "f.toml") == board and "one_call = true" in board.to_toml()
    assert read_file(board.to_json().encode(), "f.json") == board
    assert read_file(three_kling_shots(one_call_on=False).to_toml().encode()).one_call is False


def test_a_film_in_one_call_is_one_task_under_one_key_and_its_film_is_that_video(studio, simulator, clock, catalog):
    films = studio.films
    board = three_kling_shots()
    film_id = films.table.save_draft(board, ORIGIN)
    total = board.check(catalog).total
    with pytest.raises(OverBudget):
        films.start(film_id, budget=Budget(total - 0.01, 0, True), origin=ORIGIN)
    assert not simulator.state.submissions
    shots = films.start(film_id, budget=Budget(total, 0, True), origin=ORIGIN)
    films.start(film_id, budget=None, origin=ORIGIN)  # a double click: nothing more
    assert len(simulator.state.submissions) == 1
    sent = simulator.state.submissions[0]
    assert [s["prompt"] for s in sent["multi_prompt"]] == [s.request.prompt for s in board.shots]
    assert sent["duration"] == 12
    record = shots[0].record
    assert record.idempotency_key == shot_key(film_id, board.shots[0], one_call=True)
    assert all(s.record.idempotency_key == record.idempotency_key for s in shots)
    assert studio.store.money.committed(0, simulated=True) == pytest.approx(total)
    clock.advance(30)
    studio.tracker().refresh()
    film = films.film(film_id)
    assert film.state == FilmState.SHOT and len(studio.store.film_shots(film_id)) == 1
    joined = films.make(film_id)
    assert abs(joined.seconds - 12) < 0.5 and films.cost(film) == pytest.approx(total)
    with av.open(str(joined.path)) as container:
        last = None
        for frame in container.decode(video=0):
            last = frame.to_ndarray(format="rgb24")
    assert last is not None
    middle = last[: last.shape[0] // 2].reshape(-1, 3).mean(axis=0)
    assert np.abs(middle - np.array(COLOURS["blue"])).max() < 12  # it ends on the last shot's colour


def test_a_one_call_film_that_fails_is_retried_as_one_call(studio, simulator, clock):
    board = Storyboard("x", (Shot(kling("a red kite [sim:fail]", 3)), Shot(kling("a green field", 4))), True)
    films = studio.films
    film_id = films.table.save_draft(board, ORIGIN)
    films.start(film_id, budget=None, origin=ORIGIN)
    clock.advance(30)
    studio.tracker().refresh()
    shots = films.progress(films.film(film_id))
    assert films.film(film_id).state == FilmState.STOPPED and all(s.ended_without_video for s in shots)
    films.retry(film_id, 2, budget=None, origin=ORIGIN)  # any shot's retry is the call's
    again = films.progress(films.film(film_id))
    assert [s.takes for s in again] == [2, 2] and len(simulator.state.submissions) == 2
    assert again[1].record.idempotency_key == shot_key(film_id, board.shots[0], 2, one_call=True)
    assert again[0].record.state in (TaskState.SUBMITTED, TaskState.INTENT)
