"""What a video or sound file is, read with PyAV before anything is paid: its container, codecs, size as shown
(rotation applied), frame rate, length (the header's claim checked against where the packets really end),
sound, and bytes. Bounded whatever the file says about itself: FFmpeg's probing is capped, at most one
frame is decoded (and only when its size is sane), and reading the packets stops after PROBE_SECONDS.

A file that is not a video of any kind raises `UnreadableVideo` with a code (`not_media`, `no_video`,
`cut_short`, ...); everything else is a `MediaFacts` for the rules to judge."""

from __future__ import annotations

import io
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

import av

from videogen.videos.frames import UnreadableVideo

PROBE_SECONDS = 2.0  # reading packets to find where the video really ends stops after this long
PROBE_BYTES = "5000000"  # FFmpeg's own probing reads at most this much
ANALYZE_MICROSECONDS = "2000000"
Jpeg = bytes  # (the class below has a field named `bytes`)
POSTER_SIDE = 320  # the poster's longer side, in pixels
MAX_DECODE_PIXELS = 40_000_000  # a first frame larger than this (8K is 33 M) is not decoded to check it
TAIL_SECONDS = 0.25  # the end is found by reading the packets of this last stretch (a few frames)
# Containers by the names FFmpeg gives them (a demuxer may answer for several).
CONTAINERS = {
    "mov,mp4,m4a,3gp,3g2,mj2": "mp4",
    "matroska,webm": "webm",
    "avi": "avi",
    "flv": "flv",
    "mpegts": "mpegts",
    "mp3": "mp3",
    "wav": "wav",
    "ogg": "ogg",
    "flac": "flac",
    "aac": "aac",
}


class MediaError(UnreadableVideo):
    """A file that is not a usable video or sound: `code` says which way (words at the edge)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail or code)
        self.code = code


@dataclass(frozen=True)
class MediaFacts:
    """What a video or sound file is. Sizes are as shown (a rotated phone video is portrait)."""

    container: str  # mp4 (also mov, m4a), webm (also mkv), avi, mp3, wav, ...
    brand: str | None  # the MP4 family's major brand: `qt  ` for a .mov, `isom`/`mp42` for an .mp4
    bytes: int
    video_codec: str | None  # h264, hevc, vp9, av1, ...
    width: int | None
    height: int | None
    rotation: int  # degrees the player turns the picture
    fps: float | None  # the average frame rate
    variable_rate: bool  # the frames do not come at one steady rate
    seconds: float | None  # how long it plays: where the packets end (the header's claim when not checked)
    claimed_seconds: float | None  # what the header says
    audio_codec: str | None
    audio_seconds: float | None
    sample_rate: int | None
    channels: int | None
    poster: Jpeg | None = field(default=None, repr=False, compare=False)  # a small JPEG of the first frame

    @property
    def has_video(self) -> bool:
        return self.video_codec is not None

    @property
    def ratio(self) -> float | None:
        return self.width / self.height if self.width and self.height else None

    def to_dict(self) -> dict[str, Any]:
        facts = asdict(self)
        facts.pop("poster")
        return facts


def probe(source: Path | bytes | IO[bytes] | io.RawIOBase, *, name: str = "", size: int | None = None) -> MediaFacts:
    """The facts of a file (a path, its bytes, or a seekable reader of `size` bytes: a URL read in ranges).
    Raises `MediaError` for what is not media at all, or is cut short before its first frame; a file whose end
    comes earlier than its header says is `cut_short` too."""
    label = name or (source.name if isinstance(source, Path) else "the file")
    opened: Any
    if isinstance(source, Path):
        size, opened = source.stat().st_size, str(source)
    elif isinstance(source, bytes):
        size, opened = len(source), io.BytesIO(source)
    else:
        size, opened = int(size or 0), source
    if size == 0:
        raise MediaError("empty", f"{label} is empty")
    try:
        with av.open(
            opened, "r", options={"probesize": PROBE_BYTES, "analyzeduration": ANALYZE_MICROSECONDS}
        ) as container:
            return _facts(container, size, label)
    except MediaError:
        raise
    except (av.FFmpegError, OSError, ValueError, OverflowError, ZeroDivisionError, MemoryError) as failed:
        raise MediaError("not_media", f"{label}: {type(failed).__name__}") from None


def _facts(container: Any, size: int, label: str) -> MediaFacts:
    video = next(iter(container.streams.video), None)
    sound = next(iter(container.streams.audio), None)
    if video is None and sound is None:
        raise MediaError("not_media", f"{label} has neither picture nor sound")
    claimed = float(container.duration / av.time_base) if container.duration and container.duration > 0 else None
    fmt = container.format.name
    brand = _brand(container)
    named = CONTAINERS.get(fmt, fmt)
    if named == "mp4" and brand:  # the MP4 family's brand tells a QuickTime .mov and an .m4a from an .mp4
        named = {"qt": "mov", "M4A": "m4a"}.get(brand.strip(), named)
    facts: dict[str, Any] = dict(
        container=named,
        brand=brand,
        bytes=size,
        video_codec=None,
        width=None,
        height=None,
        rotation=0,
        fps=None,
        variable_rate=False,
        seconds=claimed,
        claimed_seconds=claimed,
        audio_codec=sound.codec_context.name if sound is not None else None,
        audio_seconds=_stream_seconds(sound),
        sample_rate=sound.codec_context.sample_rate if sound is not None else None,
        channels=sound.codec_context.channels if sound is not None else None,
    )
    if video is None:
        return MediaFacts(**facts)
    context = video.codec_context
    width, height = int(context.width or 0), int(context.height or 0)
    if width <= 0 or height <= 0:
        raise MediaError("no_picture_size", f"{label}: its video track has no picture size")
    rotation, poster = _rotation(video), None
    if width * height <= MAX_DECODE_PIXELS:
        turned, poster = _first_frame(container, video, label)
        rotation = turned or rotation
    shown = (height, width) if rotation in (90, 270) else (width, height)
    rate = video.average_rate or video.guessed_rate
    facts.update(
        video_codec=context.name,
        width=shown[0],
        height=shown[1],
        rotation=rotation,
        fps=float(rate) if rate else None,
        variable_rate=_variable(video),
        poster=poster,
    )
    said = _stream_seconds(video) or claimed  # the video track's own length, from its index where it has one
    ends, seeked = _end(container, video, said)
    if said and seeked and (ends is None or ends < said * 0.9 - 0.5):
        where = f"{ends:.1f} s" if ends is not None else "well before that"
        raise MediaError("cut_short", f"{label}: its header says {said:.1f} s but the video ends at {where}")
    if ends is not None:
        facts["seconds"] = ends
    return MediaFacts(**facts)


def _brand(container: Any) -> str | None:
    tags = getattr(container, "metadata", {}) or {}
    brand = tags.get("major_brand")
    return str(brand) if brand else None


def _stream_seconds(stream: Any) -> float | None:
    if stream is None or not stream.duration or stream.time_base is None:
        return None
    return float(stream.duration * stream.time_base)


def _rotation(video: Any) -> int:
    """The turn a player applies, from the old `rotate` tag (the display matrix is read off the first frame)."""
    try:
        tag = (video.metadata or {}).get("rotate")
        return int(float(tag)) % 360 if tag is not None else 0
    except (TypeError, ValueError):
        return 0


def _variable(video: Any) -> bool:
    average, guessed = video.average_rate, video.guessed_rate
    if not average or not guessed:
        return False
    return abs(float(average) - float(guessed)) > 0.5


def _first_frame(container: Any, video: Any, label: str) -> tuple[int, bytes | None]:
    """One frame decoded: the stream really is pictures (a PNG or a text file renamed .mp4 is not). Returns the
    turn its display matrix asks for (degrees, clockwise), and the frame as a small JPEG (the poster shown)."""
    try:
        for frame in container.decode(video):
            if frame is not None:
                turn = int(round(-float(frame.rotation or 0))) % 360
                return turn, _poster(frame, turn)
    except (av.FFmpegError, ValueError, MemoryError) as failed:
        raise MediaError(
            "undecodable", f"{label}: its first frame cannot be decoded ({type(failed).__name__})"
        ) from None
    raise MediaError("no_frame", f"{label} has no frame to show")


def _poster(frame: Any, turn: int) -> bytes | None:
    """The frame scaled down by FFmpeg first (an 8K frame is never made whole in RGB), turned as shown."""
    try:
        scale = POSTER_SIDE / max(frame.width, frame.height, 1)
        width, height = max(2, int(frame.width * min(scale, 1.0))), max(2, int(frame.height * min(scale, 1.0)))
        picture = frame.reformat(width=width, height=height, format="rgb24").to_image()
        if turn:
            picture = picture.rotate(-turn, expand=True)
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=80)
        return out.getvalue()
    except (av.FFmpegError, ValueError, OSError, MemoryError):
        return None


def _end(container: Any, video: Any, claimed: float | None) -> tuple[float | None, bool]:
    """Where the video's packets really end, in seconds, read from shortly before the claimed end (or from the
    start when nothing is claimed) for at most PROBE_SECONDS; and whether that read was made (False: it could
    not seek, or ran out of time: the claim stands). (None, True): no packet at all where the index says there
    are some: the data is not there."""
    base = video.time_base
    if base is None:
        return None, False
    start = video.start_time or 0
    try:
        if claimed:
            target = int((max(0.0, claimed - TAIL_SECONDS)) / base) + start
            # Packets, not pictures, are read from there: any packet will do, so no keyframe far back is needed
            # (a clip with one keyframe would otherwise be read whole).
            container.seek(target, stream=video, backward=True, any_frame=True)
        else:
            container.seek(0)
    except (av.FFmpegError, ValueError, OverflowError):
        return None, False
    deadline = time.monotonic() + PROBE_SECONDS
    end = None
    try:
        for packet in container.demux(video):
            if packet.pts is not None and packet.size:
                finish = packet.pts + (packet.duration or 0)
                end = finish if end is None else max(end, finish)
            if time.monotonic() > deadline:
                return None, False  # too long to read through: the header's claim stands
    except (av.FFmpegError, ValueError, MemoryError):
        pass  # a damaged tail: what was read stands
    return (float((end - start) * base) if end is not None else None), True
