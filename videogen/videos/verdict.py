"""A video or sound input judged against a model's rules before anything is paid: the facts (probe.py), and
each problem as a code with what to do (words at the edge), as the image wing's verdict does.

`judge_video(facts, rules)` and `judge_sound(facts, rules)` never raise; `check(source, ...)` probes first and
turns a file that is not media into a verdict too."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from videogen.catalog import Catalog, MediaRules, Model
from videogen.i18n import Note
from videogen.images.fetch import FetchError
from videogen.videos.probe import MediaError, MediaFacts, probe
from videogen.videos.remote import RangedVideo

STILLS = {"png", "mjpeg", "bmp", "webp", "gif", "tiff", "jpeg2000", "jpegls", "qoi"}  # pictures, not videos
ANY_VIDEO = MediaRules(roles={"reference": 1})  # no model named: only "is it a video at all"
ANY_SOUND = MediaRules(roles={"audio": 1})


@dataclass(frozen=True)
class MediaVerdict:
    kind: str  # video | sound
    facts: MediaFacts | None
    problems: tuple[Note, ...] = ()
    warnings: tuple[Note, ...] = ()
    model: str | None = None
    role: str | None = None
    billed_seconds: float | None = None  # what the model bills for this input, when it bills its seconds

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self, language: str | None = None) -> dict[str, Any]:
        facts = self.facts.to_dict() if self.facts else {}
        return {
            "ok": self.ok,
            "kind": self.kind,
            "model": self.model,
            "role": self.role,
            **facts,
            "problems": [n.code.rpartition(".")[2] for n in self.problems],
            "warnings": [n.code.rpartition(".")[2] for n in self.warnings],
            "messages": {n.code.rpartition(".")[2]: n.text(language) for n in (*self.problems, *self.warnings)},
        }


def _between(value: float | None, limits: tuple[float, float] | None) -> bool:
    return value is None or limits is None or limits[0] <= value <= limits[1]


def judge_video(facts: MediaFacts, rules: MediaRules) -> tuple[list[Note], list[Note]]:
    """(problems, warnings) of a probed file as a video input under these rules."""
    problems: list[Note] = []
    warnings: list[Note] = []
    if not facts.has_video:
        return [Note("media.video.sound_only")], []
    if facts.container.endswith("_pipe") or facts.container == "image2" or facts.video_codec in STILLS:
        return [Note("media.video.still", {"codec": facts.video_codec})], []
    if rules.formats and facts.container not in rules.formats:
        problems.append(Note("media.video.format", {"found": facts.container, "allowed": ", ".join(rules.formats)}))
    if rules.codecs and facts.video_codec not in rules.codecs:
        problems.append(Note("media.video.codec", {"found": facts.video_codec, "allowed": ", ".join(rules.codecs)}))
    if facts.seconds is not None and rules.seconds and not _between(facts.seconds, rules.seconds):
        low, high = rules.seconds
        code = "media.video.too_short" if facts.seconds < low else "media.video.too_long"
        problems.append(Note(code, {"seconds": round(facts.seconds, 2), "low": low, "high": high}))
    width, height = facts.width or 0, facts.height or 0
    if rules.sides and not (rules.sides[0] <= min(width, height) and max(width, height) <= rules.sides[1]):
        problems.append(
            Note("media.video.sides", {"width": width, "height": height, "low": rules.sides[0], "high": rules.sides[1]})
        )
    if rules.short_side and not _between(min(width, height), rules.short_side):
        problems.append(
            Note(
                "media.video.short_side",
                {"short": min(width, height), "low": rules.short_side[0], "high": rules.short_side[1]},
            )
        )
    if rules.ratio and facts.ratio is not None and not _between(facts.ratio, rules.ratio):
        problems.append(
            Note("media.video.ratio", {"ratio": round(facts.ratio, 3), "low": rules.ratio[0], "high": rules.ratio[1]})
        )
    if rules.fps and facts.fps is not None and not _between(facts.fps, rules.fps):
        problems.append(
            Note("media.video.fps", {"fps": round(facts.fps, 2), "low": rules.fps[0], "high": rules.fps[1]})
        )
    if rules.max_bytes and facts.bytes > rules.max_bytes:
        problems.append(
            Note("media.video.bytes", {"mb": round(facts.bytes / 2**20, 1), "limit": rules.max_bytes // 2**20})
        )
    if facts.variable_rate:
        warnings.append(Note("media.video.variable_rate", {"fps": round(facts.fps or 0, 2)}))
    if facts.rotation:
        warnings.append(Note("media.video.rotated", {"degrees": facts.rotation, "width": width, "height": height}))
    if facts.seconds is None:
        warnings.append(Note("media.video.length_unknown"))
    return problems, warnings


def judge_sound(facts: MediaFacts, rules: MediaRules) -> tuple[list[Note], list[Note]]:
    """(problems, warnings) of a probed file as a sound input under these rules."""
    problems: list[Note] = []
    warnings: list[Note] = []
    if facts.audio_codec is None:
        return [Note("media.sound.silent")], []
    if rules.formats and facts.container not in rules.formats:
        problems.append(Note("media.sound.format", {"found": facts.container, "allowed": ", ".join(rules.formats)}))
    if rules.codecs and facts.audio_codec not in rules.codecs:
        problems.append(Note("media.sound.codec", {"found": facts.audio_codec, "allowed": ", ".join(rules.codecs)}))
    seconds = facts.audio_seconds if facts.audio_seconds is not None else facts.seconds
    if seconds is not None and rules.seconds and not _between(seconds, rules.seconds):
        low, high = rules.seconds
        code = "media.sound.too_short" if seconds < low else "media.sound.too_long"
        problems.append(Note(code, {"seconds": round(seconds, 2), "low": low, "high": high}))
    if rules.max_bytes and facts.bytes > rules.max_bytes:
        problems.append(
            Note("media.sound.bytes", {"mb": round(facts.bytes / 2**20, 1), "limit": rules.max_bytes // 2**20})
        )
    if facts.has_video:
        warnings.append(Note("media.sound.picture_ignored"))
    return problems, warnings


def rules_for(kind: str, model: Model | None, role: str | None) -> tuple[MediaRules | None, Note | None]:
    """The rules a check applies, or why there are none (the model takes no such input, or not in that role)."""
    if model is None:
        return (ANY_VIDEO if kind == "video" else ANY_SOUND), None
    rules = model.videos if kind == "video" else model.sounds
    if rules is None:
        return None, Note(f"media.{kind}.not_taken", {"model": model.id})
    if role is not None and rules.count(role) == 0:
        return None, Note(f"media.{kind}.role", {"model": model.id, "role": role, "roles": ", ".join(rules.roles)})
    return rules, None


def check(
    source: Path | bytes | str,
    kind: str,
    catalog: Catalog,
    *,
    model_id: str | None = None,
    role: str | None = None,
    name: str = "",
    allow_private: bool = False,
) -> MediaVerdict:
    """Probe a file (a path, its bytes, or an http(s) URL read in ranges) and judge it as a `kind` (video |
    sound) input of a model (any model when None)."""
    model = catalog.model(model_id) if model_id else None
    rules, refused = rules_for(kind, model, role)
    chosen_role = role or (next(iter(rules.roles)) if rules else None)
    try:
        if isinstance(source, str):
            remote = RangedVideo(source, allow_private=allow_private)
            facts = probe(remote, name=name or source.rsplit("/", 1)[-1][:80], size=remote.size)
        else:
            facts = probe(source, name=name)
    except FetchError as unreachable:
        return MediaVerdict(kind, None, (unreachable.note,), model=model_id, role=chosen_role)
    except MediaError as failed:
        return MediaVerdict(
            kind, None, (Note(f"media.{failed.code}", {"detail": str(failed)}),), model=model_id, role=chosen_role
        )
    if rules is None:
        return MediaVerdict(kind, facts, (refused,) if refused else (), model=model_id, role=chosen_role)
    problems, warnings = (judge_video if kind == "video" else judge_sound)(facts, rules)
    billed = facts.seconds if kind == "video" else facts.audio_seconds
    return MediaVerdict(kind, facts, tuple(problems), tuple(warnings), model_id, chosen_role, billed)
