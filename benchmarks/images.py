"""Reference images: the remote check by ranged read, and the local check and preview without a full decode."""

from __future__ import annotations

import io

import requests
from PIL import Image

from benchmarks.measure import Row, photo_jpeg, timed
from videogen.catalog import builtin
from videogen.client import ApimartClient
from videogen.fitting import preview
from videogen.fetch import fetch
from videogen.imagecheck import QUICK_BYTES, check_url
from videogen.reference import inspect
from videogen.simulator import Simulator, SimulatorState

CATALOG = builtin()


def naive_remote(url: str) -> dict:
    """Download it all, then decode it all."""
    data = requests.get(url, timeout=30).content
    image = Image.open(io.BytesIO(data))
    image.load()
    width, height = image.size
    return {"format": image.format, "width": width, "height": height, "bytes": len(data),
            "orientation": "landscape" if width > height else "portrait" if height > width else "square"}


def facts(verdict) -> dict:
    return {k: getattr(verdict, k) for k in ("format", "width", "height", "bytes", "orientation")}


LINKS = [  # (bytes per second or None, words)
    (None, "loopback speed"),
    (100e6 / 8, "100 Mbit/s"),
]


def remote(runs: int) -> list[Row]:
    data = photo_jpeg((6000, 4000), 9_500_000)
    rows = []
    for (bandwidth, link), honour_ranges in [(LINKS[0], True), (LINKS[1], True), (LINKS[1], False)]:
        state = SimulatorState(api_key="bench", latency=0.05, honour_ranges=honour_ranges, bandwidth=bandwidth)
        with Simulator(state) as simulator:
            url = ApimartClient(simulator.base_url, "bench").upload_image(data, "photo.jpg", "image/jpeg")
            naive, expected = timed(lambda: naive_remote(url), runs)
            ours, (verdict, _) = timed(lambda: check_url(url, CATALOG, "landscape", allow_private=True,
                                                         quick=True), runs)
            read_bytes = len(fetch(url, first_bytes=QUICK_BYTES, allow_private=True).content)
        same = facts(verdict) == expected
        read = f"{read_bytes / 1024:,.0f} KiB" + (" (not the whole file)" if not verdict.read_whole_file else " (whole)")
        how = "honours ranges" if honour_ranges else "ignores ranges (capped stream)"
        rows.append(Row(f"check a {len(data) / 1e6:.1f} MB image at a URL: 50 ms latency, {link}, server {how}",
                        naive.text() + f", {len(data) / 1024:,.0f} KiB read", ours.text() + f", {read} read",
                        f"{naive.median / ours.median:.0f}x faster", "<= 128 KiB read, >= 10x",
                        f"same verdict as the full download: {'yes' if same else 'NO'}"
                        + ("; at loopback speed the 50 ms floor caps any reader near 5-6x" if bandwidth is None else "")))
    return rows


def local(runs: int) -> list[Row]:
    data = photo_jpeg((6000, 4000), 10_000_000)

    def naive_check():
        image = Image.open(io.BytesIO(data))
        image.load()
        return image.size

    def naive_preview():
        image = Image.open(io.BytesIO(data))
        image.load()
        image.thumbnail((480, 480))
        return image

    naive_v, _ = timed(naive_check, runs)
    ours_v, verdict = timed(lambda: inspect(data, CATALOG, "landscape"), runs)
    naive_p, _ = timed(naive_preview, runs)
    ours_p, _ = timed(lambda: preview(data, (16, 9)), runs)
    mb = len(data) / 1e6
    return [
        Row(f"verdict on a local {mb:.1f} MB 6000x4000 JPEG", naive_v.text() + " (full decode)", ours_v.text(),
            f"{naive_v.median / ours_v.median:.0f}x faster", "<= 50 ms, no full decode",
            f"{verdict.format} {verdict.width}x{verdict.height}, ok={verdict.ok}"),
        Row("preview of the same JPEG (480 px, target frame drawn)", naive_p.text() + " (full decode)",
            ours_p.text() + " (JPEG draft mode)", f"{naive_p.median / ours_p.median:.1f}x faster", "reduced decode"),
    ]
