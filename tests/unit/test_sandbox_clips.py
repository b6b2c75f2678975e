"""The sandbox's clip is rendered from the request: its length, its shape, its first frame, and an ending of
its own, so that continuing, joining and posters can be checked with no key."""

import io
import time

import av
import numpy as np
import requests
from PIL import Image

from videogen.provider.sandbox.render import COLOURS, FPS, ending_colour, frame_size

KLING = {"model": "kling-v3", "duration": 5, "mode": "std"}


def _finished_clip(client, clock, payload: dict) -> bytes:
    return _finished_task(client, clock, payload)[1]


def _finished_task(client, clock, payload: dict) -> tuple[str, bytes]:
    task_id = client.submit(payload, f"key-{time.monotonic_ns()}")
    clock.advance(5)
    task = client.get_task(task_id)
    assert task.status == "completed"
    return task_id, requests.get(task.video_urls[0], timeout=10).content


def _frames(data: bytes) -> list[np.ndarray]:
    with av.open(io.BytesIO(data)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def test_a_clip_is_as_long_as_asked_and_in_the_shape_asked(client, clock):
    for seconds, shape, size in ((5, "16:9", (640, 360)), (10, "9:16", (360, 640)), (5, "1:1", (640, 640))):
        frames = _frames(
            _finished_clip(client, clock, {**KLING, "duration": seconds, "aspect_ratio": shape, "prompt": "x"})
        )
        assert len(frames) == seconds * FPS
        assert (frames[0].shape[1], frames[0].shape[0]) == size


def test_a_clip_ends_on_the_colour_its_prompt_names_and_otherwise_on_one_of_its_own(client, clock):
    red = _frames(_finished_clip(client, clock, {**KLING, "prompt": "a red balloon"}))[-1]
    top = red[: red.shape[0] // 2]  # above the progress bar
    assert np.abs(top.astype(int) - COLOURS["red"]).max() <= 6
    # Two tasks, two endings: each ends on the colour its own task id picks (two random ids' colours can be close,
    # so each is held to its own rather than the two to a distance).
    endings = []
    for _ in range(2):
        task_id, clip = _finished_task(client, clock, {**KLING, "prompt": "a cat"})
        last = _frames(clip)[-1]
        assert np.abs(last[: last.shape[0] // 2].astype(int) - ending_colour("a cat", task_id)).max() <= 6
        endings.append(ending_colour("a cat", task_id))
    assert endings[0] != endings[1]
    assert ending_colour("the sky turns blue, then green", "t") == COLOURS["green"]  # the last one named


def test_a_clip_starts_on_the_uploaded_first_frame_in_its_shape(client, clock):
    picture = np.zeros((400, 300, 3), dtype=np.uint8)
    picture[:200] = (250, 200, 0)  # a yellow top half over a black bottom half, portrait
    out = io.BytesIO()
    Image.fromarray(picture).save(out, "PNG")
    url = client.upload_image(out.getvalue(), "first.png", "image/png")
    payload = {"model": "wan2.6-i2v", "prompt": "the sun sets", "duration": 5, "image_urls": [url]}
    frames = _frames(_finished_clip(client, clock, payload))
    first = frames[0]
    assert (first.shape[1], first.shape[0]) == frame_size(None, Image.fromarray(picture)) == (480, 640)
    assert np.abs(first[10:300].astype(int) - (250, 200, 0)).max() <= 12  # yellow at the top
    assert first[340:630].max() <= 12  # black below
    assert len(frames) == 5 * FPS


def test_a_first_frame_from_elsewhere_is_not_fetched(client, clock, simulator):
    payload = {"model": "wan2.6-i2v", "prompt": "x", "duration": 5, "image_urls": ["https://example.com/a.png"]}
    frames = _frames(_finished_clip(client, clock, payload))
    assert (frames[0].shape[1], frames[0].shape[0]) == (640, 360)  # no picture: the default shape, nothing fetched
