"""A corpus of video and sound inputs, made with PyAV (nothing committed): good clips in MP4, MOV and WebM
(H.264, HEVC, VP9), portrait, square, turned, with and without sound, at several rates and lengths; and damaged
or hostile ones (cut short at many places, bytes flipped, an index that lies about the length, pictures and
text named .mp4, sound given as video, an empty file, noise).

    python -m devtools.media_corpus DIR      # writes DIR/good/*, DIR/bad/*, DIR/sound/*

`good(folder)`, `bad(folder)` and `sounds(folder)` return the paths they wrote, for the tests."""

from __future__ import annotations

import io
import random
import struct
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image


def clip(
    path: Path,
    *,
    size: tuple[int, int] = (320, 180),
    seconds: float = 4.0,
    fps: int = 24,
    codec: str = "libx264",
    container: str | None = None,
    sound: str | None = "aac",
    rotation: int = 0,
    faststart: bool = False,
    times: list[float] | None = None,
    noisy: bool = False,
) -> Path:
    """A clip whose picture moves (a bar sweeping across; `noisy`: a drifting noise that compresses like film)
    and, with `sound`, a tone."""
    width, height = size
    options = {"movflags": "faststart"} if faststart else {}
    with av.open(str(path), "w", format=container, options=options) as out:
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, 1000) if times else Fraction(1, fps)
        if codec == "libx264":
            stream.options = {"preset": "ultrafast"}
        elif codec == "libx265":
            stream.options = {"preset": "ultrafast", "x265-params": "log-level=none"}
        elif codec == "libvpx-vp9":
            stream.options = {"deadline": "realtime", "cpu-used": "8"}
        if rotation:
            stream.set_display_rotation(rotation)
        audio = out.add_stream(sound, rate=48_000, layout="mono") if sound else None
        stamps = times or [n / fps for n in range(int(seconds * fps))]
        noise = np.random.default_rng(5).integers(0, 255, (height, width, 3), dtype=np.uint8) if noisy else None
        for number, moment in enumerate(stamps):
            if noise is not None:
                picture = np.roll(noise, number * 3, axis=1)
            else:
                picture = np.full((height, width, 3), (30, 40, 60), dtype=np.uint8)
            left = int((moment / max(stamps[-1], 1e-6)) * (width - 8))
            picture[:, left : left + 8] = (240, 200, 40)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = int(moment * 1000) if times else number
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
        if audio is not None:
            _tone(out, audio, stamps[-1] + 1 / fps)
    return path


def _tone(out, audio, seconds: float, pitch: float = 440.0) -> None:
    rate = 48_000
    size = audio.codec_context.frame_size or 1024
    count = int(seconds * rate)
    wave = (0.2 * np.sin(2 * np.pi * pitch * np.arange(count) / rate)).astype(np.float32)
    kind = audio.codec_context.format.name if audio.codec_context.format else "fltp"
    for start in range(0, count, size):
        chunk = wave[start : start + size]
        if kind in ("s16", "s16p"):
            frame = av.AudioFrame.from_ndarray((chunk * 32767).astype(np.int16)[None, :], format=kind, layout="mono")
        else:
            frame = av.AudioFrame.from_ndarray(chunk[None, :], format="fltp", layout="mono")
        frame.sample_rate, frame.pts = rate, start
        for packet in audio.encode(frame):
            out.mux(packet)
    for packet in audio.encode():
        out.mux(packet)


def sound_file(path: Path, *, seconds: float, codec: str, container: str) -> Path:
    with av.open(str(path), "w", format=container) as out:
        audio = out.add_stream(codec, rate=48_000, layout="mono")
        _tone(out, audio, seconds)
    return path


def good(folder: Path) -> dict[str, Path]:
    """Clips a model may take, each named for what it is."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "h264.mp4": dict(),
        "h264-silent.mp4": dict(sound=None),
        "portrait.mp4": dict(size=(180, 320)),
        "square.mp4": dict(size=(240, 240)),
        "turned.mp4": dict(rotation=90),
        "hevc.mp4": dict(codec="libx265"),
        "vp9.webm": dict(codec="libvpx-vp9", container="webm", sound="libopus"),
        "quicktime.mov": dict(container="mov"),
        "faststart.mp4": dict(faststart=True),
        "720p30.mp4": dict(size=(1280, 720), fps=30, seconds=4, sound=None),
        "12fps.mp4": dict(fps=12),
        "long.mp4": dict(size=(64, 36), fps=8, seconds=35, sound=None),
        "tiny.mp4": dict(size=(2, 2), seconds=2, sound=None),
        "noisy.mp4": dict(size=(320, 180), seconds=6, noisy=True),
        "variable.mp4": dict(times=[0.0, 0.04, 0.3, 0.34, 1.2, 1.25, 2.0, 2.9, 3.0, 3.9], sound=None),
    }
    return {name: clip(folder / name, **options) for name, options in made.items()}  # type: ignore[arg-type]


def sounds(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "tone.wav": sound_file(folder / "tone.wav", seconds=5, codec="pcm_s16le", container="wav"),
        "tone.mp3": sound_file(folder / "tone.mp3", seconds=5, codec="mp3", container="mp3"),
        "short.wav": sound_file(folder / "short.wav", seconds=1, codec="pcm_s16le", container="wav"),
        "long.mp3": sound_file(folder / "long.mp3", seconds=40, codec="mp3", container="mp3"),
        "tone.m4a": sound_file(folder / "tone.m4a", seconds=5, codec="aac", container="ipod"),
        "tone.ogg": sound_file(folder / "tone.ogg", seconds=5, codec="libopus", container="ogg"),
    }


def glitched(folder: Path, count: int = 6) -> dict[str, Path]:
    """Clips with bytes flipped inside their picture data: FFmpeg conceals such damage and plays them with
    glitches, as a provider would; the verdict must simply come, in words, never an exception."""
    folder.mkdir(parents=True, exist_ok=True)
    data = clip(folder / "_base.mp4").read_bytes()
    (folder / "_base.mp4").unlink()
    rng = random.Random(27)
    written = {}
    for n in range(count):
        flipped = bytearray(data)
        for _ in range(40):
            flipped[rng.randrange(len(flipped) // 3, len(flipped))] ^= 0xFF
        written[f"flipped-{n}.mp4"] = folder / f"flipped-{n}.mp4"
        written[f"flipped-{n}.mp4"].write_bytes(bytes(flipped))
    return written


def lying(folder: Path) -> dict[str, Path]:
    """Good clips whose headers lie about their length (40 s, some hours): the verdict must give the length
    their samples really have (4 s), never the claim."""
    folder.mkdir(parents=True, exist_ok=True)
    data = clip(folder / "_base.mp4").read_bytes()
    mdhd = data.find(b"mdhd")
    scale = struct.unpack(">I", data[mdhd + 16 : mdhd + 20])[0]
    files = {
        "lying-length.mp4": _patched(data, b"mdhd", 16, struct.pack(">I", scale * 40)),
        "hours-long.mp4": _patched(data, b"mdhd", 16, struct.pack(">I", 0xFFFFFFF0)),
        "lying-movie-header.mp4": _patched(data, b"mvhd", 16, struct.pack(">I", 0xFFFFFFF0)),
    }
    (folder / "_base.mp4").unlink()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return {name: folder / name for name in files}


def _patched(data: bytes, box: bytes, offset: int, value: bytes) -> bytes:
    """The bytes with `value` written `offset` bytes after a box's type (an MP4 box, found by its name)."""
    at = data.find(box)
    if at < 0:
        return data
    start = at + 4 + offset
    return data[:start] + value + data[start + len(value) :]


def bad(folder: Path, source: Path | None = None) -> dict[str, Path]:
    """At least 30 files that must be refused, with words, and never raise."""
    folder.mkdir(parents=True, exist_ok=True)
    base = source or clip(folder / "_base.mp4")
    data = base.read_bytes()
    quick = clip(folder / "_faststart.mp4", faststart=True)
    front = quick.read_bytes()
    rng = random.Random(29)
    files: dict[str, bytes] = {}
    for share in (0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99):
        files[f"cut-{int(share * 100)}pct.mp4"] = data[: int(len(data) * share)]
    files["cut-8-bytes.mp4"] = data[:8]
    files["cut-100-bytes.mp4"] = data[:100]
    files["faststart-cut-half.mp4"] = front[: len(front) // 2]
    files["no-index.mp4"] = data.replace(b"moov", b"zzzz", 1)  # not "free": FFmpeg reads a moov hidden in one
    mdat = data.find(b"mdat")
    files["media-data-zeroed.mp4"] = (
        data[: mdat + 4] + bytes(data.find(b"moov") - 4 - mdat - 4) + data[data.find(b"moov") - 4 :]
    )
    moov = data.find(b"moov") - 4
    files["index-without-data.mp4"] = data[: data.find(b"mdat") - 4] + data[moov:]  # the samples point nowhere
    files["empty.mp4"] = b""
    files["text.mp4"] = b"This is not a video, just some words in a file.\n" * 20
    files["html-error.mp4"] = b"<!doctype html><html><body><h1>404 Not Found</h1></body></html>"
    files["zeros.mp4"] = bytes(65536)
    files["noise.mp4"] = rng.randbytes(256 * 1024)
    files["ftyp-only.mp4"] = data[: data.find(b"ftyp") + 28] if data.find(b"ftyp") >= 0 else b"ftyp"
    png = io.BytesIO()
    Image.new("RGB", (320, 180), (200, 40, 40)).save(png, "PNG")
    files["picture.mp4"] = png.getvalue()
    jpeg = io.BytesIO()
    Image.new("RGB", (320, 180), (40, 200, 40)).save(jpeg, "JPEG")
    files["photo.mp4"] = jpeg.getvalue()
    tone = sound_file(folder / "_tone.mp3", seconds=3, codec="mp3", container="mp3")
    files["sound-only.mp4"] = tone.read_bytes()
    webm = clip(folder / "_vp9.webm", codec="libvpx-vp9", container="webm", sound=None).read_bytes()
    for share in (0.1, 0.25, 0.5, 0.75):
        files[f"webm-cut-{int(share * 100)}pct.webm"] = webm[: int(len(webm) * share)]
    mov = clip(folder / "_clip.mov", container="mov", sound=None).read_bytes()
    files["mov-cut-half.mov"] = mov[: len(mov) // 2]
    files["mov-cut-90pct.mov"] = mov[: int(len(mov) * 0.9)]
    files["webm-header-only.webm"] = webm[:200]
    written = {}
    for name, content in files.items():
        (folder / name).write_bytes(content)
        written[name] = folder / name
    for helper in folder.glob("_*"):
        helper.unlink()
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    root = Path(argv[0])
    makers = (("good", good), ("bad", bad), ("lying", lying), ("glitched", glitched), ("sound", sounds))
    counts = {name: len(make(root / name)) for name, make in makers}
    print(", ".join(f"{n} {kind}" for kind, n in counts.items()), "written under", root)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
