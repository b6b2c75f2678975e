"""Shots joined into one film: copied when they share a format, encoded again when not; the picture at each
join is the next shot's first frame; sound kept where a shot has it and silence where it has none."""

import av
import numpy as np
import pytest

from tests.videos import make_clip
from videogen.provider.sandbox.render import render
from videogen.videos.frames import UnreadableVideo
from videogen.videos.joining import FILM_FPS, join, probe

RED, GREEN, BLUE, WHITE = (220, 30, 30), (30, 200, 60), (30, 60, 220), (240, 240, 240)


def _colours(path) -> list[tuple[int, int, int]]:
    with av.open(str(path)) as container:
        return [tuple(int(c) for c in f.to_ndarray(format="rgb24")[8, 8]) for f in container.decode(video=0)]


def _near(a, b, tolerance=12) -> bool:
    return max(abs(x - y) for x, y in zip(a, b, strict=True)) <= tolerance


def test_shots_in_one_format_are_copied_and_each_join_starts_the_next_shot(tmp_path):
    shots = [
        make_clip(tmp_path / "a.mp4", [RED, RED]),
        make_clip(tmp_path / "b.mp4", [GREEN]),
        make_clip(tmp_path / "c.mp4", [BLUE, BLUE, BLUE]),
    ]
    film = join(shots, tmp_path / "film.mp4")
    assert film.how == "remux" and (film.width, film.height) == (160, 96) and film.shots == 3
    assert abs(film.seconds - sum(probe(s).seconds for s in shots)) <= 3 / 12  # within one frame a shot
    colours = _colours(film.path)
    assert len(colours) == 12 * 6
    assert _near(colours[23], RED) and _near(colours[24], GREEN)  # the join: the last red, the first green
    assert _near(colours[35], GREEN) and _near(colours[36], BLUE)
    assert not (tmp_path / "film.mp4.part").exists()


def test_shots_of_other_sizes_and_rates_are_encoded_again_at_the_films_size(tmp_path):
    shots = [
        make_clip(tmp_path / "a.mp4", [RED, RED], size=(160, 96), fps=12),
        make_clip(tmp_path / "b.mp4", [GREEN, GREEN], size=(96, 160), fps=24),  # portrait, twice the rate
    ]
    film = join(shots, tmp_path / "film.mp4")
    assert film.how == "encode" and (film.width, film.height) == (160, 96)
    assert abs(film.seconds - 4.0) <= 2 / FILM_FPS
    with av.open(str(film.path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == 4 * FILM_FPS
    portrait = frames[-1]
    assert portrait[48, 4].max() <= 16 and _near(tuple(int(c) for c in portrait[48, 80]), GREEN)  # bars, then the shot


def test_sound_is_kept_where_a_shot_has_it_and_silence_fills_the_others(tmp_path):
    shots = [
        make_clip(tmp_path / "quiet.mp4", [RED, RED]),
        make_clip(tmp_path / "tone.mp4", [GREEN, GREEN], tone=440.0),
    ]
    film = join(shots, tmp_path / "film.mp4")
    assert film.how == "encode"  # one shot has sound, one has none: not one format
    with av.open(str(film.path)) as container:
        assert container.streams.audio, "the film keeps the sound"
        rate = container.streams.audio[0].rate
        samples = np.concatenate([f.to_ndarray()[0] for f in container.decode(audio=0)])
    first, second = samples[: 2 * rate - 2048], samples[2 * rate + 2048 : 4 * rate - 2048]
    assert np.sqrt(np.mean(first**2)) < 0.01 < np.sqrt(np.mean(second**2))  # silence, then the tone
    assert abs(len(samples) / rate - 4.0) < 0.1


def test_sandbox_clips_of_one_shape_join_by_copy(tmp_path):
    paths = []
    for number, colour in enumerate((RED, BLUE)):
        path = tmp_path / f"s{number}.mp4"
        path.write_bytes(render(seconds=2, size=(640, 360), ending=colour))
        paths.append(path)
    film = join(paths, tmp_path / "film.mp4")
    assert film.how == "remux" and abs(film.seconds - 4.0) <= 2 / 8


def test_a_damaged_shot_is_named_and_no_film_is_left(tmp_path):
    good = make_clip(tmp_path / "a.mp4", [RED])
    broken = tmp_path / "b.mp4"
    broken.write_bytes(good.read_bytes()[:300])
    with pytest.raises(UnreadableVideo, match="b.mp4"):
        join([good, broken], tmp_path / "film.mp4")
    assert not (tmp_path / "film.mp4").exists() and not (tmp_path / "film.mp4.part").exists()
    with pytest.raises(UnreadableVideo):
        join([], tmp_path / "film.mp4")
