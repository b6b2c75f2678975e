"""Which model for this request: the request as it stands carried over to each other model, as the form carries
it when that model is picked (a length, shape or resolution it does not offer goes back to its default; a tier
goes by its pixels, the nearest that costs no more; the model's own settings start at their defaults), priced
there, with what it would change and what it cannot do (a picture or video it needs, one it does not take)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace

from videogen.catalog import Catalog, Model
from videogen.i18n import Note
from videogen.request.generation import GenerationRequest, InvalidRequest
from videogen.request.inputs import IMAGE_WORDS, MEDIA_WORDS


@dataclass(frozen=True)
class ModelFit:
    """One model for the request: the request as it would be there, its price (None: it cannot be priced until
    an input it needs is given), what changes, and why it cannot make it as it stands."""

    model: Model
    request: GenerationRequest
    price: float | None
    changes: tuple[Note, ...] = ()
    missing: Note | None = None
    taken: tuple[tuple[str, bool], ...] = ()  # each picture, video or sound role given, and whether it is taken


def _kept(current: object, offered: tuple, default: object, model: Model, name: str, values: dict) -> object:
    allowed, _ = model.allowed(name, values, offered)
    allowed = allowed or offered
    if current in allowed:
        return current
    return default if default in allowed else allowed[0]


def carry(request: GenerationRequest, catalog: Catalog, model: Model) -> tuple[GenerationRequest, list[Note]]:
    """The request on another model, as the form makes it when that model is picked, and what moved."""
    changes: list[Note] = []
    images = request.images()
    values: dict = {**{o.field: o.default for o in model.options}, **{r: r in images for r in IMAGE_WORDS}}
    before = catalog.model(request.model)
    duration = request.duration if request.duration is not None else (before.default_duration if before else None)
    held = _kept(duration, model.durations, model.default_duration, model, "duration", values)
    if model.duration_field and duration is not None and held != duration:
        changes.append(Note("choose.duration", {"was": duration, "now": held}))
    values["duration"] = held
    named = catalog.aspect_ratio(request.aspect_ratio) if request.aspect_ratio else None
    ratio = named.id if named is not None else None
    shape = str(_kept(ratio, model.ratios, model.default_ratio, model, "ratio", values))
    if model.available_shapes and ratio is not None and shape != ratio:
        changes.append(Note("choose.shape", {"was": catalog.shapes[ratio].label, "now": catalog.shapes[shape].label}))
    values["ratio"] = shape
    tier = _tier(request, before, model, values)
    if before is not None and model.resolutions and request.resolution:
        was, now = before.tier(request.resolution), model.tier(tier)
        if was.short_side != now.short_side:
            changes.append(Note("choose.resolution", {"was": was.label, "now": now.label}))
    kept_images = {role: urls for role, urls in images.items() if model.images.takes(role)}
    for role in images:
        if role not in kept_images:
            changes.append(Note("choose.image_dropped", {"role": IMAGE_WORDS.get(role, role)}))
    media = tuple(m for m in request.media if m.role in model.media_fields)
    for role in dict.fromkeys(m.role for m in request.media if m.role not in model.media_fields):
        changes.append(Note("choose.media_dropped", {"role": MEDIA_WORDS.get(role, role)}))
    sound = _sound(request, before)
    if sound is not None and sound != _sound(replace(request, model=model.id, options=()), model):
        changes.append(Note("choose.sound_on" if not sound else "choose.sound_off", {}))
    carried = GenerationRequest(
        model.id,
        request.prompt,
        int(held) if isinstance(held, int) else None,
        shape,
        tier if model.resolutions else None,
        tuple(kept_images.get("reference", ())),
        next(iter(kept_images.get("first_frame", ())), None),
        next(iter(kept_images.get("last_frame", ())), None),
        media=media,
    )
    return carried, changes


def _tier(request: GenerationRequest, before: Model | None, model: Model, values: dict) -> str:
    """The tier by name when this model has it, else by its pixels (the nearest that costs no more)."""
    ids = tuple(t.id for t in model.tiers)
    current: object = request.resolution
    if current not in ids and before is not None and request.resolution and len(ids) > 1:
        was = before.tier(request.resolution)
        allowed, _ = model.allowed("resolution", values, ids)
        current = model.tier_like(was.short_side, was.per_second, allowed or ids) or current
    tier = str(_kept(current, ids, model.default_tier, model, "resolution", values))
    values["resolution"] = tier
    return tier


def _sound(request: GenerationRequest, model: Model | None) -> bool | None:
    """Whether the video comes with sound by the request's settings (None: the model has no such switch)."""
    if model is None:
        return None
    switch = next((o for o in model.options if o.audio or o.field in ("generate_audio", "audio")), None)
    if switch is None:
        return None
    return bool(request.option_values.get(switch.field, switch.default))


def _missing(request: GenerationRequest, model: Model) -> Note | None:
    """What the model needs that the request does not give (a first frame, a motion or source video)."""
    if model.images.required and not request.images():
        role = "first_frame" if model.images.takes("first_frame") else "reference"
        return Note("choose.needs", {"what": IMAGE_WORDS.get(role, role)})
    given = {m.role for m in request.media}
    for rules in (model.videos, model.sounds):
        lacking = next((r for r in (rules.required if rules else ()) if r not in given), None)
        if lacking is not None:
            return Note("choose.needs", {"what": MEDIA_WORDS.get(lacking, lacking)})
    if model.billed_role and any(m.seconds is None for m in request.media if m.role == model.billed_role):
        return Note("choose.needs_length", {"what": MEDIA_WORDS.get(model.billed_role, model.billed_role)})
    return None


def fit(request: GenerationRequest, catalog: Catalog, model: Model) -> ModelFit:
    """One model's row: the request carried over and priced there."""
    carried, changes = carry(request, catalog, model) if model.id != request.model else (request, [])
    missing = _missing(carried, model)
    price = None
    if missing is None:
        try:  # valid: its own estimate (an input's billed length, a field left out beside a video)
            price = carried.validate(catalog, uploads_allowed=True).estimate()
        except InvalidRequest:  # a prompt not written yet, a picture refused: the price of what is set
            duration = carried.duration or model.default_duration
            price = model.estimate(duration, carried.resolution, carried.option_values, carried.media_seconds())
    given = [*request.images(), *dict.fromkeys(m.role for m in request.media)]
    taken = tuple(
        (role, model.images.takes(role) if role in IMAGE_WORDS else role in model.media_fields) for role in given
    )
    return ModelFit(model, carried, price, tuple(changes), missing, taken)


def fits(request: GenerationRequest, catalog: Catalog, models: Iterable[Model]) -> list[ModelFit]:
    """Every model's row for the request, cheapest first (those that cannot be priced last)."""
    rows = [fit(request, catalog, m) for m in models]
    return sorted(rows, key=lambda r: (r.price is None, r.price or 0.0, r.model.name))


def typical_wait(seconds: list[float]) -> float | None:
    """The median time from submit to video, from this studio's own finished tasks (at least three)."""
    return statistics.median(seconds) if len(seconds) >= 3 else None
