"""The last frame of a saved video, exactly: the first frame of the next shot."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.videos import make_clip
from videogen.videos.frames import UnreadableVideo, last_frame

RED, GREEN, BLUE, WHITE = (220, 30, 30), (30, 200, 60), (40, 60, 220), (250, 250, 250)


def colour_of(frame) -> tuple[int, int, int]:
    import io

    picture = Image.open(io.BytesIO(frame.data)).convert("RGB")
    return picture.getpixel((picture.width // 2, picture.height // 2))


def close(a, b, tolerance=12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_the_last_frame_is_the_very_last_one_not_the_last_keyframe(tmp_path):
    """Five seconds (each its colour) whose very last frame alone is white: the frame returned is that one,
    decoded from a keyframe near the end, at the clip's own size and time."""
    clip = make_clip(tmp_path / "clip.mp4", [RED, GREEN, BLUE, GREEN, RED], last=WHITE)
    frame = last_frame(clip)
    assert close(colour_of(frame), WHITE)
    assert (frame.width, frame.height) == (160, 96) and frame.mime == "image/png"
    assert frame.seconds == pytest.approx(5 - 1 / 12, abs=1e-3)
    assert frame.name == "clip-last-frame.png"


def test_a_short_clip_is_read_from_its_start(tmp_path):
    frame = last_frame(make_clip(tmp_path / "short.mp4", [GREEN], fps=8, last=BLUE))
    assert close(colour_of(frame), BLUE) and frame.seconds == pytest.approx(7 / 8, abs=1e-3)


@pytest.mark.parametrize("content", [b"", b"not a video at all", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64])
def test_a_file_that_is_not_a_video_is_said_not_raised(tmp_path, content):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(content)
    with pytest.raises(UnreadableVideo):
        last_frame(broken)
    with pytest.raises(UnreadableVideo):
        last_frame(tmp_path / "gone.mp4")
