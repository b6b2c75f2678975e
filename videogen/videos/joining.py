"""Shots joined into one film (an MP4), with PyAV: copied packet for packet (a remux) when every shot has the
same video format, else decoded and encoded again at the film's size; the sound kept where shots have it,
silence where one has none, so each shot's picture and sound stay together.

`probe` reads what a saved video is; `join` writes the film whole or not at all (a `.part` file renamed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from videogen.videos.frames import UnreadableVideo

FILM_FPS = 24  # a film encoded again plays at this rate (each shot's frames are kept, their times re-stamped)
AUDIO_RATE = 48_000
AUDIO_LAYOUT = "stereo"


@dataclass(frozen=True)
class Probe:
    """What a saved video is, as far as joining cares."""

    width: int
    height: int
    codec: str
    seconds: float  # the video track's length: its last frame's time plus that frame's duration
    fps: float
    audio: str | None  # the sound track's codec, or None
    video_key: bytes  # codec, size, pixel format and the codec's own header: equal keys can be copied together
    audio_key: bytes | None


@dataclass(frozen=True)
class Joined:
    """The film written: where, how (`remux` or `encode`), its size and length."""

    path: Path
    how: str
    width: int
    height: int
    seconds: float
    shots: int


def probe(path: Path, *, exact: bool = True) -> Probe:
    """The video's format and length: read from its packets (`exact`), or the header's claim (enough to choose
    how to join, and a read of the headers only). Raises `UnreadableVideo` for a file that is missing, cut
    short or not a video."""
    try:
        with av.open(str(path)) as container:
            return _probed(container, path.name, exact=exact)
    except (av.FFmpegError, OSError, ValueError) as failed:
        raise UnreadableVideo(f"{path.name}: {type(failed).__name__}") from None


def _probed(container, name: str, *, exact: bool) -> Probe:
    video = next(iter(container.streams.video), None)
    if video is None or video.time_base is None:
        raise UnreadableVideo(f"{name} has no video track")
    sound = next(iter(container.streams.audio), None)
    if exact:
        seconds, frames = _length(container, video)
    else:
        seconds = float(video.duration * video.time_base) if video.duration else 0.0
        frames = video.frames
    context = video.codec_context
    return Probe(
        width=context.width,
        height=context.height,
        codec=context.name,
        seconds=seconds,
        fps=frames / seconds if seconds else 0.0,
        audio=sound.codec_context.name if sound else None,
        video_key=_key(context.name, context.width, context.height, context.pix_fmt, context.extradata),
        audio_key=(
            _key(sound.codec_context.name, sound.rate, sound.layout.name, sound.codec_context.extradata)
            if sound
            else None
        ),
    )


def _length(container, video) -> tuple[float, int]:
    """(seconds, frames) of the video track, from its packets: the last one's time plus its duration."""
    end, frames = 0, 0
    for packet in container.demux(video):
        if packet.pts is None:
            continue
        frames += 1
        end = max(end, packet.pts + (packet.duration or 0))
    if not frames:
        raise UnreadableVideo("no frame")
    return float((end - (video.start_time or 0)) * video.time_base), frames


def _key(*parts: object) -> bytes:
    return b"|".join(part if isinstance(part, bytes) else str(part).encode() for part in parts)


def can_remux(probes: list[Probe]) -> bool:
    """Every shot in one video format (and one sound format, or none has sound): packets can be copied."""
    first = probes[0]
    same_video = all(p.video_key == first.video_key for p in probes)
    same_audio = all(p.audio_key == first.audio_key for p in probes)
    return same_video and same_audio and first.codec == "h264"


def join(paths: list[Path], target: Path, *, size: tuple[int, int] | None = None) -> Joined:
    """The shots, in order, as one MP4 at `target`: a remux when they share one format (and no other size is
    asked), else encoded again at `size` (default: the first shot's). Raises `UnreadableVideo` naming the
    first shot that cannot be read; nothing is left at `target` then."""
    if not paths:
        raise UnreadableVideo("a film needs at least one shot")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with ExitStack() as opened:  # each shot opened once: the choice and the copy read the same containers
            shots = [(path, opened.enter_context(_opened(path))) for path in paths]
            probes = [_probed(container, path.name, exact=False) for path, container in shots]
            film_size = size or (probes[0].width, probes[0].height)
            remux = can_remux(probes) and film_size == (probes[0].width, probes[0].height)
            if remux:
                seconds = _remux(shots, partial)
        if not remux:
            seconds = _encode(paths, probes, partial, film_size)
        partial.replace(target)
    except (av.FFmpegError, OSError, ValueError, UnreadableVideo) as failed:
        partial.unlink(missing_ok=True)
        if isinstance(failed, UnreadableVideo):
            raise
        raise UnreadableVideo(f"{target.name}: {type(failed).__name__}: {failed}") from None
    return Joined(target, "remux" if remux else "encode", *film_size, seconds=seconds, shots=len(paths))


def _opened(path: Path):
    try:
        return av.open(str(path))
    except (av.FFmpegError, OSError, ValueError) as failed:
        raise UnreadableVideo(f"{path.name}: {type(failed).__name__}") from None


def _remux(shots: list[tuple[Path, Any]], target: Path) -> float:
    """Packets copied in order, each shot's times moved on by the length of those before it; the film's
    length in seconds (its video track's)."""
    first = shots[0][1]
    with av.open(str(target), "w", format="mp4") as out:
        templates = [first.streams.video[0]] + list(first.streams.audio[:1])
        streams = [out.add_stream_from_template(t) for t in templates]
        offsets = [0] * len(streams)  # in each output stream's time base
        for path, shot in shots:
            inputs = [shot.streams.video[0]] + list(shot.streams.audio[:1])
            # Per input stream: its output, the factor between time bases (None: the same) and the shift.
            moves = {}
            for number, (source, output) in enumerate(zip(inputs, streams, strict=False)):
                same = source.time_base == output.time_base
                factor = None if same else Fraction(source.time_base) / Fraction(output.time_base)
                start = _rescale(source.start_time or 0, factor)
                moves[source.index] = (number, output, factor, offsets[number] - start)
            ends = list(offsets)
            for packet in shot.demux(*inputs):
                if packet.dts is None:
                    continue  # the demuxer's end-of-stream marker
                number, output, factor, shift = moves[packet.stream.index]
                pts = _rescale(packet.pts, factor) + shift
                packet.dts = _rescale(packet.dts, factor) + shift
                packet.pts, packet.stream = pts, output
                ends[number] = max(ends[number], pts + _rescale(packet.duration or 0, factor))
                out.mux(packet)
            if ends[0] == offsets[0]:
                raise UnreadableVideo(f"{path.name} has no frame")
            offsets = ends
        return float(offsets[0] * streams[0].time_base)


def _rescale(value: int, factor: Fraction | None) -> int:
    return value if factor is None else int(round(value * factor))


def _encode(paths: list[Path], probes: list[Probe], target: Path, size: tuple[int, int]) -> float:
    """Each shot decoded, fitted into the film's frame (scaled, black bars where the shape differs) and encoded
    again as H.264 at FILM_FPS; sound as AAC, with silence for a shot that has none."""
    width, height = size
    sound = any(p.audio for p in probes)
    with av.open(str(target), "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=FILM_FPS, options={"preset": "veryfast", "crf": "20"})
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.time_base = Fraction(1, FILM_FPS)
        audio = out.add_stream("aac", rate=AUDIO_RATE, layout=AUDIO_LAYOUT) if sound else None
        frame_number, sample_number = 0, 0
        for path in paths:
            shot_frames = 0
            for picture in _pictures(path, size):
                picture.pts = frame_number + shot_frames
                for packet in video.encode(picture):
                    out.mux(packet)
                shot_frames += 1
            if not shot_frames:
                raise UnreadableVideo(f"{path.name} has no frame")
            frame_number += shot_frames
            if audio is not None:
                wanted = round(shot_frames * AUDIO_RATE / FILM_FPS)
                for chunk in _sound(path, wanted):
                    chunk.pts = sample_number
                    sample_number += chunk.samples
                    for packet in audio.encode(chunk):
                        out.mux(packet)
        for packet in video.encode():
            out.mux(packet)
        if audio is not None:
            for packet in audio.encode():
                out.mux(packet)
    return frame_number / FILM_FPS


def _pictures(path: Path, size: tuple[int, int]) -> Iterator[av.VideoFrame]:
    """The shot's frames at the film's rate (a shot at another rate: frames repeated or dropped by time),
    fitted into the film's frame."""
    width, height = size
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        start, base = stream.start_time or 0, stream.time_base or Fraction(1, FILM_FPS)
        shown = 0  # film frames given so far for this shot
        for frame in container.decode(stream):
            seconds = float((frame.pts - start) * base) if frame.pts is not None else shown / FILM_FPS
            length = float(frame.duration * base) if frame.duration else 1 / FILM_FPS
            until = round((seconds + length) * FILM_FPS)
            if until <= shown:
                continue
            fitted = _fitted(frame, width, height)
            while shown < until:
                copy = av.VideoFrame.from_ndarray(fitted, format="rgb24")
                yield copy.reformat(format="yuv420p")
                shown += 1


def _fitted(frame: av.VideoFrame, width: int, height: int) -> np.ndarray:
    if (frame.width, frame.height) == (width, height):
        return frame.to_ndarray(format="rgb24")
    scale = min(width / frame.width, height / frame.height)
    inner_w = max(2, int(frame.width * scale) // 2 * 2)
    inner_h = max(2, int(frame.height * scale) // 2 * 2)
    inner = frame.reformat(width=inner_w, height=inner_h, format="rgb24").to_ndarray()
    canvas = np.zeros((height, width, 3), dtype=np.uint8)
    top, left = (height - inner_h) // 2, (width - inner_w) // 2
    canvas[top : top + inner_h, left : left + inner_w] = inner
    return canvas


def _sound(path: Path, wanted: int) -> Iterator[av.AudioFrame]:
    """Exactly `wanted` samples of the shot's sound at the film's rate and layout: its own (cut or padded with
    silence to the picture's length), or silence when it has none."""
    given = 0
    resampler = av.AudioResampler(format="fltp", layout=AUDIO_LAYOUT, rate=AUDIO_RATE, frame_size=1024)
    with av.open(str(path)) as container:
        stream = next(iter(container.streams.audio), None)
        if stream is not None:
            for decoded in container.decode(stream):
                for chunk in resampler.resample(decoded):
                    if given >= wanted:
                        return
                    take = min(chunk.samples, wanted - given)
                    yield chunk if take == chunk.samples else _cut(chunk, take)
                    given += take
    while given < wanted:
        take = min(1024, wanted - given)
        yield _silence(take)
        given += take


def _cut(chunk: av.AudioFrame, samples: int) -> av.AudioFrame:
    cut = av.AudioFrame.from_ndarray(chunk.to_ndarray()[:, :samples].copy(), format="fltp", layout=AUDIO_LAYOUT)
    cut.sample_rate = AUDIO_RATE
    return cut


def _silence(samples: int) -> av.AudioFrame:
    quiet = av.AudioFrame.from_ndarray(np.zeros((2, samples), dtype=np.float32), format="fltp", layout=AUDIO_LAYOUT)
    quiet.sample_rate = AUDIO_RATE
    return quiet
