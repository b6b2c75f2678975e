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
    tone: float | None = None,
) -> Path:
    """An H.264 MP4: one second of each colour in turn; `last`: the very last frame alone in this colour;
    `tone`: a sine of that pitch (Hz) as its AAC sound track, as long as the picture."""
    width, height = size
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        sound = container.add_stream("aac", rate=48_000, layout="mono") if tone else None
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
        if sound is not None and tone is not None:
            count = 48_000 * len(colours)
            wave = (0.3 * np.sin(2 * np.pi * tone * np.arange(count) / 48_000)).astype(np.float32)
            for start in range(0, count, 1024):
                chunk = av.AudioFrame.from_ndarray(wave[None, start : start + 1024], format="fltp", layout="mono")
                chunk.sample_rate, chunk.pts = 48_000, start
                for packet in sound.encode(chunk):
                    container.mux(packet)
            for packet in sound.encode():
                container.mux(packet)
    return path
