"""Test clips made with PyAV, in the test's own folder (no media committed): each second its own colour, so
a test can tell which frame it was given."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def make_clip(
    path: Path,
    colours: list[tuple[int, int, int]],
    *,
    size: tuple[int, int] = (160, 96),
    fps: int = 12,
    last: tuple[int, int, int] | None = None,
) -> Path:
    """An H.264 MP4: one second of each colour in turn; `last`: the very last frame alone in this colour."""
    width, height = size
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = Fraction(1, fps)
        frames = [colour for colour in colours for _ in range(fps)]
        if last is not None:
            frames[-1] = last
        for number, colour in enumerate(frames):
            picture = np.zeros((height, width, 3), dtype=np.uint8)
            picture[:, :] = colour
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = number
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path
