"""GenerationRequest: what the user asked for, checked against its model's rules, turned into the API body.

The one validation of a request: the form, the command line, the submit path and the simulator all use it."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, replace

from videogen.catalog import Catalog, Model
from videogen.catalog.schema import FRAME_ROLES, Option
from videogen.i18n import Note, nested
from videogen.request.inputs import MediaInput, check_media, check_shots, public_url, whole_seconds

# Where a local file's URL goes until the upload at submit returns it (shown as such in the preview).
PENDING_UPLOAD = "<the URL the upload returns, when you submit>"
PENDING_TASK = "<the task id of the shot before, once its video is saved>"  # a film's extend shot, waiting
RULE_FIELDS = {
    "ratio": "aspect_ratio",
    "first_frame": "image_urls",
    "last_frame": "image_urls",
    "reference": "image_urls",
    "motion_seconds": "media",
    "source_seconds": "media",
}
ROLE_WORDS = {"first_frame": "a first frame", "last_frame": "a last frame", "reference": "a reference image"}


class InvalidRequest(ValueError):
    """One or more fields are wrong: `notes` maps each field to a code and its parameters; `problems` gives
    the words, each saying what is allowed."""

    def __init__(self, notes: dict[str, Note]):
        self.notes = notes
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.problems.items()))

    @property
    def problems(self) -> dict[str, str]:
        return self.in_language()

    def in_language(self, language: str | None = None) -> dict[str, str]:
        return {name: note.text(language) for name, note in self.notes.items()}


def _choices(values) -> str:
    return ", ".join(str(v) for v in values)


def duration_words(model: Model) -> str | dict:
    """The lengths a model takes: a list, or a range as a note (its words are the reader's)."""
    if model.duration_is_range:
        return nested("words.range", low=model.durations[0], high=model.durations[-1])
    return _choices(model.durations)


def _is_url(url: str, uploads_allowed: bool) -> bool:
    return (uploads_allowed and url == PENDING_UPLOAD) or public_url(url)


def _option_note(option: Option, value: object) -> Note | None:
    """What is wrong with one extra field's value, or None."""
    base = {"field": option.label, "value": repr(value)[:80]}
    if option.kind == "bool" and not isinstance(value, bool):
        return Note("request.option_bool", base)
    if option.kind == "choice" and value not in option.choices:
        return Note("request.option_choice", {**base, "choices": _choices(option.choices)})
    if option.kind == "int":
        if type(value) is not int:
            return Note("request.option_int", base)
        low = option.minimum if option.minimum is not None else value
        high = option.maximum if option.maximum is not None else value
        if not low <= value <= high:
            return Note("request.option_range", {**base, "low": low, "high": high})
    if option.kind in ("text", "url") and not isinstance(value, str):
        return Note("request.option_text", base)
    if option.kind == "text" and option.max_length and len(str(value)) > option.max_length:
        return Note("request.option_long", {**base, "limit": option.max_length})
    if option.kind == "url" and not _is_url(str(value), False):
        return Note("request.option_url", base)
    return None


def option_value(text: str) -> object:
    """A field's value written as text (the command line's FIELD=VALUE, a batch file's cell): a JSON literal
    when it is one (true, 42), else the text itself."""
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    return parsed if isinstance(parsed, (bool, int, str)) else text


@dataclass(frozen=True)
class GenerationRequest:
    model: str
    prompt: str
    duration: int | None = None
    aspect_ratio: str | None = None
    resolution: str | None = None
    image_urls: tuple[str, ...] = field(default_factory=tuple)  # the reference images
    first_frame: str | None = None
    last_frame: str | None = None
    options: tuple[tuple[str, object], ...] = ()  # the model's extra fields, as (field, value)
    extends: str | None = None  # the task id of a finished video this request extends natively (Veo's remix)
    shots: tuple[tuple[str, int], ...] = ()  # several shots in one call (Kling v3): each (prompt, seconds)
    media: tuple[MediaInput, ...] = ()  # videos and sound given as inputs (motion control, video edit)

    @property
    def option_values(self) -> dict[str, object]:
        return dict(self.options)

    def to_json(self) -> str:
        """The request as the store keeps it (a batch row waiting to be sent)."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> GenerationRequest:
        value = json.loads(text)
        value["image_urls"] = tuple(value.get("image_urls") or ())
        value["options"] = tuple((str(k), v) for k, v in value.get("options") or ())
        value["shots"] = tuple((str(p), s) for p, s in value.get("shots") or ())
        value["media"] = tuple(MediaInput(**m) for m in value.get("media") or ())
        return cls(**value)

    def images(self) -> dict[str, list[str]]:
        """The images given, by role."""
        found: dict[str, list[str | None]] = {
            "first_frame": [self.first_frame],
            "last_frame": [self.last_frame],
            "reference": list(self.image_urls),
        }
        return {role: [u for u in urls if u] for role, urls in found.items() if any(urls)}

    def field_values(self, model: Model) -> dict[str, object]:
        """Every field a rule may name, with this request's value (defaults filled in)."""
        images = self.images()
        values: dict[str, object] = {
            "duration": self.duration if self.duration is not None else model.default_duration,
            "ratio": self.aspect_ratio or model.default_ratio,
            "resolution": self.resolution or model.default_tier,
            **{o.field: o.default for o in model.options},
            **self.option_values,
        }
        for role in ("first_frame", "last_frame", "reference"):
            values[role] = role in images
            values[f"{role}_count"] = len(images.get(role, ()))
        for role in model.media_fields:  # `source_given`: a rule may hold an option to one mode (HappyHorse's edit)
            values[f"{role}_given"] = any(m.role == role for m in self.media)
        for item in self.media:  # a measured video's whole seconds (`motion_seconds`), for rules
            if item.seconds is not None:
                values[f"{item.role}_seconds"] = whole_seconds(item.seconds)
        return values

    def media_seconds(self) -> dict[str, float | None]:
        """Each video or sound role given, with its inputs' measured seconds together (None: one not measured)."""
        found: dict[str, float | None] = {}
        for item in self.media:
            before = found.get(item.role, 0.0)
            found[item.role] = None if before is None or item.seconds is None else before + item.seconds
        return found

    def check(self, catalog: Catalog, *, uploads_allowed: bool = False, measured: bool = True) -> dict[str, Note]:
        """Every invalid field, as a code with what the message needs (its value, the allowed ones).
        `uploads_allowed`: an image may still be a local file, uploaded at submit (`PENDING_UPLOAD`).
        `measured`: a billed video's length must be known (the provider, which measures it, passes False)."""
        found: dict[str, Note] = {}
        model = catalog.model(self.model)
        if model is None:
            found["model"] = Note("request.model", {"value": repr(self.model), "choices": _choices(catalog.models)})
            if not (self.prompt or "").strip():
                found["prompt"] = Note("request.prompt")
            return found
        images = self.images()
        self._check_prompt(model, images, found)
        shots = check_shots(self.shots, self.duration, self.extends, model, duration_words) if self.shots else None
        if shots is not None:
            found["shots"] = shots
        if self.extends is not None:
            if model.extend is None:
                found["extends"] = Note("request.extend_none", {"model": model.name})
            elif images:
                found["image_urls"] = Note("request.extend_images", {"model": model.name})
        elif self.duration is not None and not self.shots and model.duration_field:
            try:
                ok = int(self.duration) == self.duration and int(self.duration) in model.durations
            except (TypeError, ValueError):
                ok = False
            if not ok:
                found["duration"] = Note(
                    "request.duration",
                    {"value": repr(self.duration), "model": model.name, "choices": duration_words(model)},
                )
        if self.aspect_ratio is not None:
            shape = catalog.aspect_ratio(self.aspect_ratio)
            if shape is None or shape.id not in model.ratios:
                found["aspect_ratio"] = Note(
                    "request.aspect_ratio",
                    {"value": repr(self.aspect_ratio), "model": model.name, "choices": _choices(model.ratios)},
                )
        if self.resolution is not None and self.resolution not in model.resolution_ids:
            if not model.resolutions and self.resolution != model.default_tier:
                found["resolution"] = Note("request.resolution_none", {"model": model.name})
            elif model.resolutions:
                found["resolution"] = Note(
                    "request.resolution",
                    {"value": repr(self.resolution), "model": model.name, "choices": _choices(model.resolution_ids)},
                )
        self._check_images(model, images, uploads_allowed, found)
        media = check_media(self.media, model, measured, set(images))
        if media is not None:
            found["media"] = media
        self._check_options(model, found)
        if not found:
            values = self.field_values(model)
            for rule in model.rules:
                broken = rule.broken(values)
                if broken is not None:
                    found.setdefault(RULE_FIELDS.get(broken, broken), Note("request.rule", {"why": rule.why}))
        return found

    def _check_prompt(self, model: Model, images: dict[str, list[str]], found: dict[str, Note]) -> None:
        text = (self.prompt or "").strip()
        waived = {
            "always": False,
            "never": True,
            "without_images": any(images.values()),
            "without_first_frame": bool(images.get("first_frame")),  # HappyHorse: references need words too
        }[model.prompt_required] or bool(self.shots and model.multi_shot)  # each shot has its own words
        if not waived and not text:
            code = {"always": "request.prompt", "without_first_frame": "request.prompt_or_first_frame"}.get(
                model.prompt_required, "request.prompt_or_image"
            )
            found["prompt"] = Note(code)
        elif model.prompt_max and len(text) > model.prompt_max:
            found["prompt"] = Note("request.prompt_long", {"length": len(text), "limit": model.prompt_max})

    def _check_images(self, model: Model, images: dict[str, list[str]], uploads_allowed: bool, found) -> None:
        spec = model.images
        for role, urls in images.items():
            bad = next((u for u in urls if not _is_url(u, uploads_allowed)), None)
            if bad is not None:
                found["image_urls"] = Note("request.image_url", {"value": repr(bad[:80])})
                return
            if not spec.takes(role):
                takes = [ROLE_WORDS[r] for r in spec.roles if spec.takes(r)]
                found["image_urls"] = Note(
                    "request.image_role",
                    {"model": model.name, "role": ROLE_WORDS[role], "takes": takes or ["no image"]},
                )
                return
            if len(urls) > spec.roles[role] and not spec.only_first:
                found["image_urls"] = Note("request.image_count", {"model": model.name, "limit": spec.roles[role]})
                return
            if role in spec.counts and len(urls) not in spec.counts[role]:
                found["image_urls"] = Note(
                    "request.image_counts", {"model": model.name, "choices": " or ".join(map(str, spec.counts[role]))}
                )
                return
        if "last_frame" in images and "first_frame" not in images:
            found["image_urls"] = Note("request.last_needs_first")
        elif spec.exclusive and "reference" in images and any(r in images for r in FRAME_ROLES):
            found["image_urls"] = Note("request.image_mixed", {"model": model.name})
        elif spec.required and not images:
            takes = [ROLE_WORDS[r] for r in spec.roles if spec.takes(r)]
            found["image_urls"] = Note("request.image_required", {"model": model.name, "takes": takes})

    def _check_options(self, model: Model, found: dict[str, Note]) -> None:
        for name, value in self.options:
            option = model.option(name)
            if option is None:
                known = _choices(o.field for o in model.options) or "none"
                found[name] = Note("request.option_unknown", {"field": name, "model": model.name, "choices": known})
                continue
            if value is None or value == "":
                continue
            note = _option_note(option, value)
            if note is not None:
                found[name] = note

    def problems(self, catalog: Catalog) -> dict[str, str]:
        """Every invalid field with a message naming it and its allowed values; empty when valid."""
        return {name: note.text() for name, note in self.check(catalog).items()}

    def validate(self, catalog: Catalog, *, uploads_allowed: bool = False, measured: bool = True) -> ValidRequest:
        """The request with defaults filled in and names made canonical, with its model; the one place the
        catalogue's rules are applied. Raises InvalidRequest naming every wrong field."""
        notes = self.check(catalog, uploads_allowed=uploads_allowed, measured=measured)
        if notes:
            raise InvalidRequest(notes)
        model = catalog.model(self.model)  # an old id (an alias) becomes the documented one here
        assert model is not None  # checked above
        shape = catalog.aspect_ratio(self.aspect_ratio) if self.aspect_ratio else None
        extends = (self.extends or "").strip() or None
        duration = int(self.duration) if self.duration is not None else model.default_duration
        shots = tuple((str(prompt).strip(), int(seconds)) for prompt, seconds in self.shots)
        if shots:
            duration = sum(seconds for _, seconds in shots)
        media = tuple(replace(m, url=m.url.strip()) for m in self.media)
        billed = [m.seconds for m in media if m.role == model.billed_role and m.seconds is not None]
        if billed:  # its length is the video's and the price's (cut where the model stops reading it)
            cut = model.videos.bills_max if model.videos and model.videos.bills_max else math.inf
            duration = whole_seconds(min(sum(billed), cut))
        if model.duration_field in dropped_fields(media, model):  # not sent beside such a video: the provider's default
            duration = model.default_duration
        canonical = GenerationRequest(
            model=model.id,
            prompt=(self.prompt or "").strip(),
            duration=model.extend.seconds if extends and model.extend else duration,
            aspect_ratio=shape.id if shape else model.default_ratio,
            resolution=(self.resolution or model.default_tier) if model.resolutions else None,
            image_urls=tuple(u.strip() for u in self.image_urls if u.strip()),
            first_frame=(self.first_frame or "").strip() or None,
            last_frame=(self.last_frame or "").strip() or None,
            options=tuple((k, v) for k, v in self.options if v is not None and v != ""),
            extends=extends,
            shots=shots,
            media=media,
        )
        return ValidRequest(canonical, model)


def dropped_fields(media: tuple[MediaInput, ...], model: Model) -> set[str]:
    """The body's fields the given videos and sound rule out (Omni's `duration` beside `video_urls`)."""
    dropped: set[str] = set()
    for item in media:
        taken = model.media(item.role)
        dropped |= set(taken[1].drops) if taken else set()
    return dropped


@dataclass(frozen=True)
class ValidRequest:
    """A request its model accepted, in canonical form, with its model: it yields the payload and the
    estimate without checking again. Made by `GenerationRequest.validate` only."""

    request: GenerationRequest
    model: Model

    @property
    def shape_from_image(self) -> bool:
        """The video takes its shape from the image given (the model ignores the shape field then)."""
        spec, images = self.model.images, self.request.images()
        if spec.ratio_rule != "image" or not images:
            return False
        return "first_frame" in images if spec.frames else True

    def payload(self) -> dict:
        """The exact JSON body for POST /v1/videos/generations: the model's own field names, and no field
        its documentation does not list."""
        req, model = self.request, self.model
        if req.extends and model.extend is not None:
            return self._extension()
        body: dict = {"model": req.model}
        if req.prompt:
            body["prompt"] = req.prompt
        if model.duration_field:
            body[model.duration_field] = req.duration
        if model.ratio_field and not self.shape_from_image:
            shape = req.aspect_ratio or model.default_ratio
            body[model.ratio_field] = model.ratio_wire.get(shape, shape)
        if model.resolutions and model.resolution_field:
            body[model.resolution_field] = req.resolution
        body.update(self._images())
        body.update(self._media())
        if req.shots:
            body["multi_shot"] = True
            body["shot_type"] = "customize"
            body["multi_prompt"] = [
                {"index": n, "prompt": prompt, "duration": seconds} for n, (prompt, seconds) in enumerate(req.shots, 1)
            ]
        values = req.option_values
        for option in model.options:
            if option.sent(values.get(option.field)):
                body[option.field] = values[option.field]
        for name in dropped_fields(req.media, model):
            body.pop(name, None)
        return body

    def _extension(self) -> dict:
        """Veo's remix: the body of POST /v1/videos/{task_id}/remix, with the source task's id under `remix_of`
        (the client puts it in the path and leaves it out of the body); `raw`: the added seconds alone."""
        req = self.request
        body: dict = {"model": req.model, "prompt": req.prompt, "raw": True, "remix_of": req.extends}
        if self.model.resolutions and req.resolution:
            body["resolution"] = req.resolution
        return body

    def _media(self) -> dict:
        """Each video and sound role in the body's field: a list where the field is one (`video_urls`) or the role
        takes several, else the one URL; Kling's `video_list` as objects with their `refer_type`."""
        body: dict = {}
        for role, (_, name) in self.model.media_fields.items():
            urls = [m.url for m in self.request.media if m.role == role]
            taken = self.model.media(role)
            if not urls or taken is None:
                continue
            rules = taken[1]
            if role in rules.items:
                body.setdefault(name, []).extend({"video_url": u, "refer_type": rules.items[role]} for u in urls)
            elif name.endswith("_urls") or rules.count(role) > 1:
                body[name] = urls
            else:
                body[name] = urls[0]
        return body

    def _images(self) -> dict:
        spec, images = self.model.images, self.request.images()
        if not images:
            return {}
        body: dict = {}
        frames = [u for role in FRAME_ROLES for u in images.get(role, ())]
        references = images.get("reference", [])
        if spec.type_field:
            kind = "frames" if frames else "reference"
            if kind in spec.type_values:
                body[spec.type_field] = spec.type_values[kind]
        if spec.wire == "image_urls":
            body["image_urls"] = frames + references
        elif spec.wire == "fields":
            for role, urls in images.items():
                body[spec.fields[role]] = urls if spec.roles[role] > 1 else urls[0]
        else:
            body["image_with_roles"] = [
                {"url": url, "role": spec.role_names.get(role, role)} for role, urls in images.items() for url in urls
            ]
        return body

    def estimate(self) -> float:
        req = self.request
        if req.extends and self.model.extend is not None:
            return self.model.extend.price(req.resolution)
        return self.model.estimate(req.duration, req.resolution, req.option_values, req.media_seconds())

    def with_uploads(self, urls: dict[str, list[str]]) -> ValidRequest:
        """The same request with the URLs the uploads returned in place of each role's pending file."""
        req = self.request

        def filled(role: str, current: list[str | None]) -> list[str]:
            given = iter(urls.get(role, ()))
            kept = [next(given, u) if u == PENDING_UPLOAD else u for u in current if u]
            return kept + list(given)  # an upload with no place held for it is added

        return ValidRequest(
            replace(
                req,
                image_urls=tuple(filled("reference", list(req.image_urls))),
                first_frame=next(iter(filled("first_frame", [req.first_frame])), None),
                last_frame=next(iter(filled("last_frame", [req.last_frame])), None),
            ),
            self.model,
        )

    def columns(self) -> dict:
        """What History lists of this request, in the app's words whatever the model's field names."""
        images = self.request.images()
        first = next((urls[0] for urls in images.values() if urls), None)
        return {
            "duration": self.request.duration,
            "aspect_ratio": None if self.shape_from_image else self.request.aspect_ratio,
            "resolution": self.request.resolution,
            "image_url": first,
        }

    def with_image(self, url: str) -> ValidRequest:
        """The same request with the URL an upload returned as its only reference image (the seed's way)."""
        return ValidRequest(replace(self.request, image_urls=(url,)), self.model)
