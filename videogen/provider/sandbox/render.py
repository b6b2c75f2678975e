"""The sandbox's clip, rendered from the request: as long as asked, in the shape asked (or the first
frame's), starting on the first frame when one was given and ending on a colour of this task's own, so that
continuing a clip, joining shots and posters can be seen and tested with no key. H.264 with PyAV."""

from __future__ import annotations

import hashlib
import io
import re
from fractions import Fraction

import av
import numpy as np
from PIL import Image

FPS = 8  # a sandbox clip needs to be seen, not watched: few frames keep a 5-second render near 0.15 s
LONG_SIDE = 640  # 640x360 for 16:9: every model's smallest first frame (300 px) fits its short side
MAX_SECONDS = 20  # a longer ask is rendered this long (a sandbox, not a render farm)
DEFAULT_SECONDS = 4

# A colour named in the prompt ends the clip in that colour (a storyboard can be read by eye); otherwise the
# task's id chooses one.
COLOURS = {
    "red": (200, 40, 40),
    "orange": (230, 130, 30),
    "yellow": (230, 200, 40),
    "green": (40, 160, 70),
    "blue": (40, 80, 200),
    "purple": (130, 50, 170),
    "pink": (230, 120, 170),
    "white": (235, 235, 235),
    "black": (20, 20, 20),
    "grey": (128, 128, 128),
    "红": (200, 40, 40),
    "绿": (40, 160, 70),
    "蓝": (40, 80, 200),
}
START = (24, 28, 40)  # the opening colour of a clip with no first frame: the studio's dark slate


def ending_colour(prompt: str, task_id: str) -> tuple[int, int, int]:
    """The colour the clip ends on: the last colour the prompt names, else one from the task id."""
    named = [(m.start(), rgb) for word, rgb in COLOURS.items() for m in re.finditer(re.escape(word), prompt.lower())]
    if named:
        return max(named)[1]
    digest = hashlib.sha256(task_id.encode()).digest()
    return (60 + digest[0] % 180, 60 + digest[1] % 180, 60 + digest[2] % 180)


def frame_size(aspect_ratio: str | None, first: Image.Image | None) -> tuple[int, int]:
    """The clip's size: the first frame's shape when one was given (the video follows its image), else the
    asked shape; 640 px on the longer side, even sides (H.264's 4:2:0 needs them)."""
    if first is not None:
        ratio: float = first.width / max(1, first.height)
    else:
        named = {"portrait": "9:16", "landscape": "16:9", "square": "1:1"}.get(str(aspect_ratio), str(aspect_ratio))
        match = re.fullmatch(r"(\d+(?:\.\d+)?)[:x](\d+(?:\.\d+)?)", named)
        ratio = float(match.group(1)) / float(match.group(2)) if match and float(match.group(2)) else 16 / 9
    ratio = min(max(ratio, 0.25), 4.0)
    width, height = (LONG_SIDE, LONG_SIDE / ratio) if ratio >= 1 else (LONG_SIDE * ratio, LONG_SIDE)
    return int(round(width / 2)) * 2, int(round(height / 2)) * 2


def seconds_of(duration: object) -> int:
    """The clip's length in whole seconds: the request's duration, within 1 and MAX_SECONDS."""
    try:
        asked = int(float(str(duration).rstrip("s")))
    except ValueError:
        asked = DEFAULT_SECONDS
    return min(max(asked, 1), MAX_SECONDS)


def render(
    *, seconds: int, size: tuple[int, int], ending: tuple[int, int, int], first: Image.Image | None = None
) -> bytes:
    """An MP4 (H.264, FPS frames a second) of `seconds` seconds: the first frame (or the opening colour) fading
    to `ending` over the clip, with a thin bar that grows along the bottom as it plays. Its first frame is the
    given picture and its last frame is the ending colour with the bar full."""
    width, height = size
    end = np.array(ending, dtype=np.float32)
    if first is not None:
        start = np.asarray(first.convert("RGB").resize(size, Image.Resampling.BILINEAR), dtype=np.float32)
        change = end - start  # per pixel: the picture fades to the ending colour
    else:
        start = np.array(START, dtype=np.float32)
        change = end - start  # one colour fading to another: each frame is one colour, made at once
    total = seconds * FPS
    bar = max(2, height // 60)
    blend = np.empty((height, width, 3), dtype=np.float32) if first is not None else None
    picture = np.empty((height, width, 3), dtype=np.uint8)
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=FPS, options={"preset": "ultrafast", "crf": "18"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = Fraction(1, FPS)
        for number in range(total):
            along = number / max(1, total - 1)
            if blend is not None:
                np.multiply(change, along, out=blend)
                np.add(blend, start, out=blend)
                picture[:] = blend  # float to uint8 in place (the values stay within 0-255)
            else:
                picture[:] = (start + change * along).astype(np.uint8)
            if number:  # the first frame is the given picture, untouched
                picture[height - bar :, : int(width * along)] = (250, 250, 250)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = number
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def last_picture(clip: bytes) -> Image.Image | None:
    """The last frame of a rendered clip (what an extension goes on from); None when it cannot be read."""
    try:
        with av.open(io.BytesIO(clip), "r") as container:
            last = None
            for frame in container.decode(video=0):
                last = frame
            return last.to_image() if last is not None else None
    except (av.FFmpegError, OSError, ValueError):
        return None
