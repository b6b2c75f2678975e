"""Reference images: the remote check by ranged read, and the local check and preview without a full decode."""

from __future__ import annotations

import io

import requests
from PIL import Image

from benchmarks.measure import Row, photo_jpeg, timed
from videogen.catalog import builtin
from videogen.images.check import QUICK_BYTES, check_url
from videogen.images.fetch import fetch
from videogen.images.fitting import preview
from videogen.images.verdict import inspect
from videogen.provider.apimart import ApimartClient
from videogen.provider.sandbox.simulator import Simulator, SimulatorState

CATALOG = builtin()


def naive_remote(url: str) -> dict:
    """Download it all, then decode it all."""
    data = requests.get(url, timeout=30).content
    image = Image.open(io.BytesIO(data))
    image.load()
    width, height = image.size
    return {
        "format": image.format,
        "width": width,
        "height": height,
        "bytes": len(data),
        "orientation": "landscape" if width > height else "portrait" if height > width else "square",
    }


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
            ours, (verdict, _) = timed(
                lambda: check_url(url, CATALOG, "landscape", allow_private=True, quick=True), runs
            )
            read_bytes = len(fetch(url, first_bytes=QUICK_BYTES, allow_private=True).content)
        same = facts(verdict) == expected
        read = f"{read_bytes / 1024:,.0f} KiB" + (
            " (not the whole file)" if not verdict.read_whole_file else " (whole)"
        )
        how = "honours ranges" if honour_ranges else "ignores ranges (capped stream)"
        rows.append(
            Row(
                f"check a {len(data) / 1e6:.1f} MB image at a URL: 50 ms latency, {link}, server {how}",
                naive.text() + f", {len(data) / 1024:,.0f} KiB read",
                ours.text() + f", {read} read",
                f"{naive.median / ours.median:.0f}x faster",
                "<= 128 KiB read, >= 10x",
                f"same verdict as the full download: {'yes' if same else 'NO'}"
                + ("; at loopback speed the 50 ms floor caps any reader near 5-6x" if bandwidth is None else ""),
            )
        )
    return rows


def photo_webp(size: tuple[int, int], quality: int = 80) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(photo_jpeg(size, 10_000_000))).save(out, "WEBP", quality=quality, method=0)
    return out.getvalue()


def remote_webp(runs: int) -> list[Row]:
    """A WebP is judged from its first 128 KiB too: its size comes from the RIFF/VP8 header."""
    data = photo_webp((6000, 4000))
    state = SimulatorState(api_key="bench", latency=0.05, bandwidth=100e6 / 8)
    with Simulator(state) as simulator:
        url = ApimartClient(simulator.base_url, "bench").upload_image(data, "photo.webp", "image/webp")
        naive, expected = timed(lambda: naive_remote(url), runs)
        ours, (verdict, _) = timed(lambda: check_url(url, CATALOG, "landscape", allow_private=True, quick=True), runs)
        read_bytes = len(fetch(url, first_bytes=QUICK_BYTES, allow_private=True).content)
    same = facts(verdict) == {**expected, "format": "WEBP"}
    whole = "" if not verdict.read_whole_file else " (whole: the header was not enough)"
    return [
        Row(
            f"check a {len(data) / 1e6:.1f} MB WebP at a URL: 50 ms latency, 100 Mbit/s, server honours ranges",
            naive.text() + f", {len(data) / 1024:,.0f} KiB read",
            ours.text() + f", {read_bytes / 1024:,.0f} KiB read" + whole,
            f"{naive.median / ours.median:.0f}x faster",
            "<= 128 KiB read",
            f"same verdict as the full download: {'yes' if same else 'NO'}",
        )
    ]


def speed(naive: float, ours: float) -> str:
    return f"{naive / ours:.1f}x faster" if ours <= naive else f"{ours / naive:.1f}x slower"


def full_check(runs: int) -> list[Row]:
    """The full decode that proves the picture data whole (check-image without --quick; the preview)."""
    from benchmarks.measure import photo_png
    from videogen.images.verdict import verify

    rows = []
    for name, data in (("JPEG", photo_jpeg((6000, 4000), 10_000_000)), ("PNG", photo_png(10_000_000))):

        def naive():
            image = Image.open(io.BytesIO(data))
            image.load()
            return image.size

        header = inspect(data, CATALOG, "landscape")
        naive_t, _ = timed(naive, runs)
        ours_t, (verdict, picture) = timed(lambda: verify(data, header), runs)
        how = "libjpeg-turbo, strict, 1/8 scale" if name == "JPEG" else "Pillow, full size, reduced at once"
        rows.append(
            Row(
                f"full-decode check of a local {len(data) / 1e6:.1f} MB {header.width}x{header.height} {name}",
                naive_t.text() + " (Pillow, full size, lenient)",
                ours_t.text() + f" ({how})",
                speed(naive_t.median, ours_t.median),
                "report",
                f"ok={verdict.ok}; gives the 480 px preview too",
            )
        )
    return rows


MEMORY_SCRIPT = """
import io, re, sys
from PIL import Image, ImageOps
def peak_kib():  # this process's own high-water mark (ru_maxrss would carry the parent's over exec)
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
data = open(sys.argv[1], "rb").read()
from videogen.images.fitting import thumbnail_of
from videogen.images.decoding import first_frame
before = peak_kib()
if sys.argv[2] == "naive":  # the seed's way: a decode for the preview, another for the thumbnail
    for side in (480, 160):
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
        image.thumbnail((side, side))
else:
    thumbnail_of(first_frame(data))
print((peak_kib() - before) / 1024)
"""


def preview_memory() -> list[Row]:
    """Peak memory of preview plus thumbnail for a wide WebP (no reduced decode exists for WebP)."""
    import subprocess
    import sys
    import tempfile

    data = photo_webp((11158, 2156))
    with tempfile.NamedTemporaryFile(suffix=".webp") as file:
        file.write(data)
        file.flush()
        peaks = {
            way: float(
                subprocess.run(
                    [sys.executable, "-c", MEMORY_SCRIPT, file.name, way], check=True, capture_output=True, text=True
                ).stdout
            )
            for way in ("naive", "ours")
        }
    return [
        Row(
            f"preview + thumbnail of an 11158x2156 WebP ({len(data) / 1e6:.1f} MB): peak memory added",
            f"{peaks['naive']:,.0f} MB (two full decodes, each converted and turned at full size)",
            f"{peaks['ours']:,.0f} MB (one decode, by libwebp straight to 480 px)",
            f"{peaks['naive'] / max(peaks['ours'], 1):.0f}x less",
            "bounded: no full-size frame",
            "the RGBA frame alone is 96 MB; a PNG (no scaled decode exists) still costs one frame",
        )
    ]


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
        Row(
            f"verdict on a local {mb:.1f} MB 6000x4000 JPEG",
            naive_v.text() + " (full decode)",
            ours_v.text(),
            f"{naive_v.median / ours_v.median:.0f}x faster",
            "<= 50 ms, no full decode",
            f"{verdict.format} {verdict.width}x{verdict.height}, ok={verdict.ok}",
        ),
        Row(
            "preview of the same JPEG (480 px, target frame drawn)",
            naive_p.text() + " (full decode)",
            ours_p.text() + " (reduced DCT decode)",
            f"{naive_p.median / ours_p.median:.1f}x faster",
            "reduced decode",
        ),
    ]
