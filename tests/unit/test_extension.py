"""Veo's own extension (POST /v1/videos/{task_id}/remix): the client sends the source task in the path, the
simulator answers as documented (a successful task, the same model), the sandbox's extension goes on from the
source's last frame, and a storyboard's Extend join is priced by the extension and sent once its shot is saved."""

from __future__ import annotations

import io
import time

import av
import numpy as np
import pytest
import requests

from tests.unit.test_films import ORIGIN, finish_round, posts
from videogen.films.store import FilmState
from videogen.films.storyboard import EXTEND, Shot, Storyboard
from videogen.provider.errors import ApiError
from videogen.provider.sandbox.render import FPS
from videogen.request import GenerationRequest, InvalidRequest
from videogen.studio import Studio

VEO = GenerationRequest("veo3.1-fast", "a lighthouse at dusk", duration=8, aspect_ratio="16:9")


@pytest.fixture
def studio(store, client, simulator, tmp_path):
    return Studio(store, client, tmp_path, simulator.base_url, sandbox=True)


def _frames(url: str) -> list[np.ndarray]:
    data = requests.get(url, timeout=10).content
    with av.open(io.BytesIO(data)) as container:
        return [f.to_ndarray(format="rgb24").astype(int) for f in container.decode(video=0)]


def test_an_extension_is_priced_per_call_and_sent_to_the_remix_path(client, clock, catalog, simulator):
    source = client.submit(VEO.validate(catalog).payload(), f"k-{time.monotonic_ns()}")
    extension = GenerationRequest("veo3.1-fast", "the light turns on", extends=source).validate(catalog)
    body = extension.payload()
    assert body == {
        "model": "veo3.1-fast",
        "prompt": "the light turns on",
        "raw": True,
        "remix_of": source,
        "resolution": "720p",
    }
    assert extension.estimate() == 0.14 and extension.request.duration == 7
    with pytest.raises(ApiError) as early:  # the source is not finished yet
        client.submit(body, f"k-{time.monotonic_ns()}")
    assert early.value.status == 400
    clock.advance(5)
    task_id = client.submit(body, f"k-{time.monotonic_ns()}")
    assert simulator.state.counts.get("remix") == 2 and simulator.state.tasks[task_id].payload["remix_of"] == source
    clock.advance(5)
    before, after = client.get_task(source), client.get_task(task_id)
    frames, extended = _frames(before.video_urls[0]), _frames(after.video_urls[0])
    assert len(extended) == 7 * FPS  # the seconds added, alone (`raw`)
    assert np.abs(frames[-1] - extended[0]).mean() < 3  # it goes on from the source's last frame


def test_an_extension_is_refused_for_another_model_or_a_model_that_cannot_extend(client, clock, catalog):
    source = client.submit(VEO.validate(catalog).payload(), f"k-{time.monotonic_ns()}")
    clock.advance(5)
    with pytest.raises(ApiError) as other:
        client.submit({"model": "veo3.1-quality", "prompt": "x", "raw": True, "remix_of": source}, "k-other")
    assert other.value.status == 400 and "original video's model" in other.value.message
    with pytest.raises(ApiError) as missing:
        client.submit({"model": "veo3.1-fast", "prompt": "x", "remix_of": "task_nope"}, "k-missing")
    assert missing.value.status == 404
    with pytest.raises(InvalidRequest) as refused:
        GenerationRequest("kling-v3", "x", extends=source).validate(catalog)
    assert "cannot extend a video" in refused.value.problems["extends"]


def test_a_storyboard_extend_shot_waits_for_its_source_and_is_sent_as_its_extension(studio, simulator, clock, catalog):
    board = Storyboard("Lighthouse", (Shot(VEO), Shot(GenerationRequest("veo3.1-fast", "the light turns on"), EXTEND)))
    check = board.check(catalog)
    assert check.ready and check.total == pytest.approx(0.28) and check.seconds == 15
    other = Storyboard("x", (Shot(VEO), Shot(GenerationRequest("veo3.1-quality", "y"), EXTEND))).check(catalog)
    assert [n.code for n in other.shots[1].problems] == ["film.extend_other_model"]
    films = studio.films
    film_id = films.table.save_draft(board, ORIGIN)
    films.start(film_id, budget=None, origin=ORIGIN)
    assert posts(simulator) == 1
    finish_round(studio, clock)
    assert simulator.state.counts.get("remix") == 1
    finish_round(studio, clock)
    assert films.film(film_id).state == FilmState.SHOT
    shots = films.progress(films.film(film_id))
    assert shots[1].record.task_id and '"remix_of"' in shots[1].record.payload
    joined = films.make(film_id)
    assert joined.how == "remux" and abs(joined.seconds - 15) <= 2 / FPS
