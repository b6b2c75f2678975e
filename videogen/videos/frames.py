"""Frames out of a saved video, with PyAV (FFmpeg's libraries in its wheel, no system ffmpeg).

`last_frame` is the exact last frame the file shows, as a picture the image wing judges like any upload:
the first frame of the next shot, so the film continues where this clip ends."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import av
from PIL import Image

PNG_LIMIT = 9 * 1024 * 1024  # over this a frame is sent as JPEG (quality 95): under every model's 10 MB
SEEK_BACK = 3.0  # seconds before the end to start decoding from (a keyframe at or before it is used)


class UnreadableVideo(Exception):
    """The file is not a video PyAV can decode (gone, cut short, not a video): said, never raised further."""


@dataclass(frozen=True)
class Frame:
    """A picture taken out of a video: its bytes and how to upload them, its size and when it is shown."""

    data: bytes
    name: str
    mime: str
    width: int
    height: int
    seconds: float  # its presentation time in the video


def _frame(path: Path, *, last: bool) -> tuple[Image.Image, float]:
    """One frame of the video as a picture and its time: the first, or exactly the last (decoded from a keyframe
    near the end to the last packet). A file PyAV cannot read raises `UnreadableVideo`, never anything else."""
    try:
        with av.open(str(path)) as container:
            stream = next(iter(container.streams.video), None)
            if stream is None:
                raise UnreadableVideo(f"{path.name} has no video track")
            duration = float(container.duration / av.time_base) if container.duration else None
            if last and duration and duration > SEEK_BACK and stream.time_base:
                target = int((duration - SEEK_BACK) / stream.time_base)
                container.seek(target, stream=stream, backward=True, any_frame=False)
            chosen = None
            for frame in container.decode(stream):
                chosen = frame
                if not last:
                    break
            if chosen is None:
                raise UnreadableVideo(f"{path.name} has no frame to decode")
            seconds = float(chosen.pts * chosen.time_base) if chosen.pts is not None and chosen.time_base else 0.0
            return chosen.to_image(), seconds  # RGB, the size the video is shown at
    except (av.FFmpegError, OSError, ValueError) as failed:
        raise UnreadableVideo(f"{path.name}: {type(failed).__name__}") from None


def last_frame(path: Path) -> Frame:
    """The last frame the video shows, exactly."""
    picture, seconds = _frame(path, last=True)
    return _encoded(picture, f"{path.stem}-last-frame", seconds)


def _encoded(picture: Image.Image, stem: str, seconds: float) -> Frame:
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=False)
    if out.tell() <= PNG_LIMIT:
        return Frame(out.getvalue(), f"{stem}.png", "image/png", picture.width, picture.height, seconds)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=95)
    return Frame(out.getvalue(), f"{stem}.jpg", "image/jpeg", picture.width, picture.height, seconds)


POSTER_SIDE = 480  # a poster's longer side: a gallery card, not the video


def poster(path: Path, folder: Path) -> Path:
    """A still for the video's card (its first frame, at most 480 px on its longer side, JPEG), made once and
    kept in `folder` beside the videos. Raises `UnreadableVideo` when the file cannot be read."""
    target = folder / f"{path.stem}.jpg"
    try:
        if target.stat().st_mtime >= path.stat().st_mtime:
            return target
    except OSError:  # no still yet, or the video is gone (then `_frame` says so)
        pass
    picture, _ = _frame(path, last=False)
    picture.thumbnail((POSTER_SIDE, POSTER_SIDE))
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    picture.save(partial, "JPEG", quality=85)
    partial.replace(target)  # whole or not at all: two pages may make it at once
    return target
