"""A words tag inside an MP4 (its `comment`): written by copying the packets into a new file with the tag (no
picture is encoded again), read from the container's metadata without decoding anything. A saved video carries
its recipe this way."""

from __future__ import annotations

import io
import os
from pathlib import Path

import av

MAX_COMMENT = 1_000_000  # characters: a recipe without its pictures is a few kilobytes


def write_comment(source: Path, target: Path, comment: str) -> None:
    """`source` copied to `target` (a new file, written whole or not at all) with `comment` in its metadata.
    Raises ValueError or OSError when the source cannot be copied (the caller keeps it as it is)."""
    if len(comment) > MAX_COMMENT:
        raise ValueError("the tag is too long")
    partial = target.with_name(target.name + ".tagging")
    try:
        with av.open(str(source)) as inp, av.open(str(partial), "w", format="mp4") as out:
            out.metadata["comment"] = comment
            streams = {s.index: out.add_stream_from_template(s) for s in inp.streams if s.type in ("video", "audio")}
            for packet in inp.demux(*[s for s in inp.streams if s.index in streams]):
                if packet.dts is None:
                    continue  # the demuxer's end-of-stream marker
                packet.stream = streams[packet.stream.index]
                out.mux(packet)
        os.replace(partial, target)
    except av.FFmpegError as failed:
        raise ValueError(f"the video could not be copied ({type(failed).__name__})") from None
    finally:
        partial.unlink(missing_ok=True)


def comment_of(source: Path | bytes) -> str | None:
    """The MP4's `comment`, or None (none, or not a video at all): a path, or a file's bytes (a drop)."""
    opened = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    try:
        with av.open(opened, options={"probesize": str(5 * 2**20)}) as container:
            value = container.metadata.get("comment")
    except (av.FFmpegError, OSError, ValueError):
        return None
    return str(value) if value else None
