"""Timing helpers and the table the benchmarks print."""

from __future__ import annotations

import io
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image


@dataclass
class Figures:
    samples: list[float]  # seconds

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def text(self) -> str:
        low, high = min(self.samples), max(self.samples)
        return f"{self.median * 1000:,.1f} ms ({low * 1000:,.1f}-{high * 1000:,.1f})"


def timed(work: Callable[[], object], runs: int) -> tuple[Figures, object]:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        samples.append(time.perf_counter() - started)
    return Figures(samples), result


def photo_jpeg(size: tuple[int, int], target_bytes: int) -> bytes:
    """A photo-like JPEG (noise that compresses like a photo) close to `target_bytes`, never over."""
    width, height = size
    small = Image.frombytes("RGB", (width // 4, height // 4), os.urandom(width // 4 * (height // 4) * 3))
    picture = small.resize(size, Image.Resampling.BILINEAR)
    best = b""
    low, high = 30, 95
    while low <= high:
        quality = (low + high) // 2
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=quality)
        if out.tell() <= target_bytes:
            best, low = out.getvalue(), quality + 1
        else:
            high = quality - 1
    return best


def photo_png(target_bytes: int) -> bytes:
    """A photo-like PNG of about `target_bytes` (noise compresses little, so the size follows the pixels)."""
    side = int((target_bytes / 3.01) ** 0.5)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG", compress_level=1)
    return out.getvalue()


@dataclass
class Row:
    what: str
    naive: str
    ours: str
    ratio: str
    target: str
    note: str = ""


def table(rows: list[Row]) -> str:
    head = ("what", "naive way", "this project", "ratio", "target", "notes")
    cells = [head] + [(r.what, r.naive, r.ours, r.ratio, r.target, r.note) for r in rows]
    lines = ["| " + " | ".join(c) + " |" for c in cells]
    lines.insert(1, "|" + "---|" * len(head))
    return "\n".join(lines)
