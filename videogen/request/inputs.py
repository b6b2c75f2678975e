"""What a request gives besides words and pictures, checked before paying: several shots in one call (Kling
v3's multi-shot) and videos or sound by role (motion control, a video edit), with their measured lengths.
Each check gives the first problem as a note (or None); `generation.GenerationRequest.check` files it."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from videogen.catalog import Model
from videogen.i18n import Note

MEDIA_WORDS = {
    "motion": "a motion video",
    "source": "a source video",
    "reference": "a reference video",
    "audio": "sound",
}


@dataclass(frozen=True)
class MediaInput:
    """A video or sound the request gives, by role (motion, source, reference; audio), as a public URL, with its
    length when it was measured (a probe before paying): a billed input's length is the price's."""

    role: str
    url: str
    seconds: float | None = None


def whole_seconds(seconds: float) -> int:
    """A measured length in the whole seconds a provider bills and a rule reads: rounded up, at least 1 (the
    rounding is this studio's assumption: the providers do not document it)."""
    return max(1, math.ceil(seconds - 1e-6))


def public_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def check_shots(
    shots: Sequence[tuple[str, int]],
    duration: int | None,
    extends: str | None,
    model: Model,
    lengths: Callable[[Model], object],
) -> Note | None:
    """Several shots in one call: as many as the model takes, each with words and seconds, adding up to the
    duration (a duration left out is their sum) within the model's range (`lengths`: those words)."""
    multi = model.multi_shot
    if multi is None:
        return Note("request.shots_none", {"model": model.name})
    if extends is not None:
        return Note("request.extend_shots", {"model": model.name})
    if len(shots) > multi.max_shots:
        return Note("request.shots_count", {"model": model.name, "limit": multi.max_shots})
    for number, (prompt, seconds) in enumerate(shots, start=1):
        text = str(prompt or "").strip()
        if not text:
            return Note("request.shot_prompt", {"shot": number})
        if len(text) > multi.prompt_max:
            return Note("request.shot_long", {"shot": number, "length": len(text), "limit": multi.prompt_max})
        if type(seconds) is not int or seconds < multi.min_seconds:
            return Note("request.shot_seconds", {"shot": number, "value": repr(seconds), "low": multi.min_seconds})
    total = sum(seconds for _, seconds in shots)
    if duration is not None and duration != total:
        return Note("request.shots_sum", {"total": total, "duration": duration})
    if total not in model.durations:
        return Note("request.shots_length", {"total": total, "model": model.name, "choices": lengths(model)})
    return None


IMAGE_WORDS = {"first_frame": "a first frame", "last_frame": "a last frame", "reference": "reference pictures"}


def check_media(media: Sequence[MediaInput], model: Model, measured: bool, images: Collection[str] = ()) -> Note | None:
    """Videos and sound: roles the model takes and this studio sends, public URLs, how many, their lengths
    within the model's (when measured), the required ones given, and a billed one measured; what they may
    not come with (`images`: the image roles given) and what they must come with."""
    given: dict[str, list[MediaInput]] = {}
    for item in media:
        given.setdefault(item.role, []).append(item)
    for role, items in given.items():
        problem = _check_role(role, items, model, given, images)
        if problem is not None:
            return problem
    for kind in (model.videos, model.sounds):
        missing = next((r for r in (kind.required if kind else ()) if r not in given), None)
        if missing is not None:
            return Note("request.media_required", {"model": model.name, "role": MEDIA_WORDS.get(missing, missing)})
    billed = model.billed_role
    if measured and billed and any(m.seconds is None for m in given.get(billed, ())):
        return Note("request.media_unmeasured", {"role": MEDIA_WORDS.get(billed, billed)})
    return None


def _check_role(
    role: str, items: list[MediaInput], model: Model, given: dict[str, list[MediaInput]], images: Collection[str]
) -> Note | None:
    """One role's inputs: taken and sent, public, how many (with a role sharing its field), their lengths each and
    together, and what they may not come with or must come with."""
    taken = model.media(role)
    words = MEDIA_WORDS.get(role, role)
    if taken is None or role not in model.media_fields:
        takes = [MEDIA_WORDS.get(r, r) for r in model.media_fields] or ["no video or sound"]
        return Note("request.media_role", {"model": model.name, "role": words, "takes": takes})
    rules = taken[1]
    bad = next((m.url for m in items if not public_url(m.url)), None)
    if bad is not None:
        return Note("request.media_url", {"value": repr(bad[:80])})
    field = model.media_fields[role][1]
    sharing = [r for r, (_, name) in model.media_fields.items() if name == field]  # Kling's video_list: one of two
    if len(items) > rules.count(role):
        return Note("request.media_count", {"model": model.name, "role": words, "limit": rules.count(role)})
    if sum(len(given.get(r, ())) for r in sharing) > rules.count(role):
        shared = [MEDIA_WORDS.get(r, r) for r in sharing]
        return Note("request.media_shared", {"model": model.name, "roles": shared, "limit": rules.count(role)})
    low, high = rules.seconds or (0.0, math.inf)
    outside = next((m.seconds for m in items if m.seconds is not None and not low <= m.seconds <= high), None)
    if outside is not None:
        return Note("request.media_seconds", {"role": words, "seconds": round(outside, 2), "low": low, "high": high})
    lengths = [m.seconds for m in items]
    if rules.total_seconds and len(items) > 1 and all(s is not None for s in lengths):
        total, (low, high) = sum(s for s in lengths if s is not None), rules.total_seconds
        if not low <= total <= high:
            return Note("request.media_total", {"role": words, "seconds": round(total, 2), "low": low, "high": high})
    mixed = [IMAGE_WORDS.get(r, r) for r in rules.without.get(role, ()) if r in images]
    if mixed:
        return Note("request.media_mixed", {"model": model.name, "role": words, "images": mixed})
    if rules.needs and not any(r in images or r in given for r in rules.needs):
        return Note("request.media_needs", {"model": model.name, "role": words})
    return None
