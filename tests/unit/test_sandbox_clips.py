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
    task_id = client.submit(payload, f"key-{time.monotonic_ns()}")
    clock.advance(5)
    task = client.get_task(task_id)
    assert task.status == "completed"
    return requests.get(task.video_urls[0], timeout=10).content


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
    one = _frames(_finished_clip(client, clock, {**KLING, "prompt": "a cat"}))[-1]
    two = _frames(_finished_clip(client, clock, {**KLING, "prompt": "a cat"}))[-1]
    assert np.abs(one.astype(int) - two.astype(int)).mean() > 10  # two tasks, two endings
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
