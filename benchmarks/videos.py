"""The video wing: a saved video's poster (made once, then read from disk) and ten shots joined into a film
by copying their packets, against reading the same shots (issue 27's targets: a poster in 50 ms or less; a
remux in at most twice the time it takes to read the shots)."""

from __future__ import annotations

import shutil
import tempfile
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from benchmarks.measure import Row, timed
from videogen.videos.frames import poster
from videogen.videos.joining import join

SHOTS, SECONDS, SIZE = 10, 8, (1280, 720)


def _shot(path: Path) -> Path:
    """A shot with a real video's bitrate (a textured picture drifting, 24 frames a second, H.264 at about
    3 Mbit/s), not a flat colour that compresses to nothing and makes every fixed cost look large."""
    width, height = SIZE
    rng = np.random.default_rng(7)
    texture = rng.integers(0, 255, (height // 8, width // 8, 3), dtype=np.uint8).repeat(8, 0).repeat(8, 1)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=24, options={"preset": "ultrafast", "crf": "26"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = Fraction(1, 24)
        for number in range(SECONDS * 24):
            frame = av.VideoFrame.from_ndarray(np.roll(texture, number * 4, axis=1), format="rgb24")
            frame.pts = number
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def _read(paths: list[Path]) -> int:
    """Every packet of every shot read from disk (what any join must do at the least)."""
    count = 0
    for path in paths:
        with av.open(str(path)) as container:
            count += sum(1 for _ in container.demux(*container.streams))
    return count


def _big(path: Path, megabytes: int = 100) -> Path:
    """An MP4 of about `megabytes` MB with its index at the end (as most encoders write it): lossless noise."""
    width, height = 1280, 720
    rng = np.random.default_rng(3)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=24, options={"preset": "ultrafast", "qp": "0"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        number, written = 0, 0
        while written < megabytes * 1_000_000 and number < 400:
            frame = av.VideoFrame.from_ndarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8), format="rgb24")
            frame.pts = number
            for packet in stream.encode(frame):
                written += packet.size
                container.mux(packet)
            number += 1
        for packet in stream.encode():
            container.mux(packet)
    return path


def by_url(runs: int) -> list[Row]:
    """The verdict of a 100 MB MP4 at a URL (index at the end), read in ranges, against downloading it whole."""
    import requests

    from tests.faultserver import FaultServer, serve_bytes
    from videogen.catalog import builtin
    from videogen.videos.probe import probe
    from videogen.videos.remote import RangedVideo
    from videogen.videos.verdict import check

    with tempfile.TemporaryDirectory() as folder:
        data = _big(Path(folder) / "big.mp4").read_bytes()
    server = FaultServer()
    try:
        url = server.route("/big.mp4", serve_bytes(data, content_type="video/mp4"))
        whole, _ = timed(lambda: len(requests.get(url, timeout=60).content), runs)
        ranged, verdict = timed(lambda: check(url, "video", builtin(), allow_private=True), runs)
        reader = RangedVideo(url, allow_private=True)
        probe(reader, size=reader.size)
    finally:
        server.close()
    seconds = getattr(getattr(verdict, "facts", None), "seconds", None)
    return [
        Row(
            f"verdict of a {len(data) / 1e6:.0f} MB MP4 by URL, index at the end ({seconds} s read from it)",
            f"{whole.median * 1000:.0f} ms, {len(data) / 1e6:.0f} MB (downloaded whole)",
            f"{ranged.median * 1000:.0f} ms, {reader.read_bytes / 1e6:.1f} MB in {reader.requests} ranges",
            f"{len(data) / max(reader.read_bytes, 1):.0f}x fewer bytes",
            "read its header and tail only",
            "ranged reads through the image wing's fetch policy (16 MB at most in all)",
        )
    ]


def videos(runs: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        first = _shot(root / "shot-0.mp4")
        paths = [first] + [Path(shutil.copy(first, root / f"shot-{n}.mp4")) for n in range(1, SHOTS)]
        fresh = iter(range(runs))
        made, _ = timed(lambda: poster(first, root / f"posters-{next(fresh)}"), runs)  # a new folder each run
        cached, _ = timed(lambda: poster(first, root / "posters-0"), runs)
        read, _ = timed(lambda: _read(paths), runs)
        joined, film = timed(lambda: join(paths, root / "film.mp4"), runs)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
    how = getattr(film, "how", "?")
    return [
        Row(
            "a saved video's poster (720p, first frame)",
            f"{made.median * 1000:.1f} ms (made)",
            f"{cached.median * 1000:.1f} ms (kept)",
            f"{made.median / cached.median:.0f}x",
            "<= 50 ms",
            "decoded and encoded each time vs made once and kept beside the videos",
        ),
        Row(
            f"{SHOTS} shots of {SECONDS} s at {SIZE[0]}x{SIZE[1]} ({megabytes:.0f} MB) joined into a film ({how})",
            f"{read.median * 1000:.0f} ms (read)",
            f"{joined.median * 1000:.0f} ms (joined)",
            f"{joined.median / read.median:.2f}x of a read",
            "<= 2x a read",
            "every packet read vs the film written by copying packets",
        ),
        *by_url(max(1, runs // 2)),
    ]
