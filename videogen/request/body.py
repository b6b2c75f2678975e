"""A generation body read back into a request, whatever field names its model uses: the simulator checks
what reached it with the app's own validation, and History brings a sent task's settings back."""

from __future__ import annotations

from videogen.catalog import Catalog, Model
from videogen.request import GenerationRequest, InvalidRequest, MediaInput, ValidRequest


class BodyRefused(ValueError):
    """The body is not a request its model takes: a code naming the field (as the API's), and words."""

    def __init__(self, code: str, message: str, param: str | None = None):
        super().__init__(message)
        self.code, self.message, self.param = code, message, param


FIELD_CODES = {
    "aspect_ratio": "invalid_aspect_ratio",
    "image_urls": "invalid_image_urls",
    "shots": "invalid_multi_prompt",
    "audio_setting": "audio_setting_only_for_edit",  # HappyHorse: the sound setting without a source video
}
MEDIA_CODES = {
    "request.media_count": "unsupported_video_count",
    "request.media_shared": "unsupported_video_count",
    "request.media_role": "unsupported_video_input",
    "request.media_required": "missing_video_input",
    "request.media_url": "invalid_video_url",
    "request.media_mixed": "mixed_media_not_allowed",
    "request.media_needs": "mixed_media_not_allowed",  # H3 documents the rule (sound never alone), not its code
}
MULTI_SHOT_FIELDS = ("multi_shot", "shot_type", "multi_prompt")


def _images(body: dict, model: Model) -> tuple[dict[str, list], str | None]:
    """The images of a body by role, read back as the model's wire carries them; or what is malformed."""
    spec = model.images
    found: dict[str, list] = {}
    if spec.wire == "image_urls" and "image_urls" in body:
        urls = body["image_urls"]
        if not isinstance(urls, list):
            return {}, "image_urls"
        as_frames = spec.frames and (
            not spec.takes("reference") or body.get(spec.type_field or "") == spec.type_values.get("frames")
        )
        found = {"first_frame": urls[:1], "last_frame": urls[1:]} if as_frames else {"reference": urls}
    elif spec.wire == "fields":
        for role, name in spec.fields.items():
            if name in body:
                value = body[name]
                found[role] = value if isinstance(value, list) else [value]
    elif spec.wire == "roles" and "image_with_roles" in body:
        entries = body["image_with_roles"]
        words = {spec.role_names.get(r, r): r for r in spec.roles}
        if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("role") in words for e in entries):
            return {}, "image_with_roles"
        for entry in entries:
            found.setdefault(words[entry["role"]], []).append(entry.get("url"))
    for urls in found.values():
        if not all(isinstance(u, str) and u.startswith(("http://", "https://")) for u in urls):
            return {}, "image_urls"
    return {role: urls for role, urls in found.items() if urls}, None


def _wire_fields(model: Model) -> set[str]:
    spec = model.images
    names = {"model", "prompt", *(o.field for o in model.options)}
    names |= {model.duration_field} if model.duration_field else set()
    names |= {name for _, name in model.media_fields.values()}
    names |= {f for f in (model.ratio_field, model.resolution_field, spec.type_field) if f}
    if model.multi_shot is not None:
        names |= set(MULTI_SHOT_FIELDS)
    if spec.roles:
        names |= {"image_urls"} if spec.wire == "image_urls" else set()
        names |= set(spec.fields.values()) if spec.wire == "fields" else set()
        names |= {"image_with_roles"} if spec.wire == "roles" else set()
    return names


def _shots(body: dict) -> tuple[tuple[str, int], ...]:
    """The shots of a multi-shot body (`shot_type = "customize"`: `multi_prompt` in order, indexed from 1); none
    for one shot, or for `intelligence` (the model cuts the prompt into shots itself)."""
    if "multi_prompt" in body and body.get("multi_shot") is not True:
        raise BodyRefused("invalid_multi_shot", "multi_prompt is read only with multi_shot: true.", "multi_shot")
    if body.get("multi_shot") not in (None, False, True):
        raise BodyRefused("invalid_multi_shot", "multi_shot must be true or false.", "multi_shot")
    if body.get("multi_shot") is not True:
        return ()
    kind = body.get("shot_type")
    if kind not in ("customize", "intelligence"):
        raise BodyRefused("invalid_shot_type", "shot_type must be customize or intelligence.", "shot_type")
    if kind == "intelligence":
        return ()
    entries = body.get("multi_prompt")
    if not isinstance(entries, list) or not entries:
        raise BodyRefused(
            "invalid_multi_prompt", "multi_prompt must list the shots with shot_type customize.", "multi_prompt"
        )
    shots: list = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or entry.get("index") != number:
            raise BodyRefused(
                "invalid_multi_prompt",
                f"multi_prompt[{number - 1}] must be an object with index {number}.",
                "multi_prompt",
            )
        shots.append((entry.get("prompt"), entry.get("duration")))
    if not all(isinstance(p, str) for p, _ in shots):
        raise BodyRefused("invalid_multi_prompt", "Each shot's prompt must be text.", "multi_prompt")
    return tuple(shots)


def _media(body: dict, model: Model) -> tuple[MediaInput, ...]:
    """The videos and sound of a body, by role (their lengths are the provider's to measure)."""
    found: list[MediaInput] = []
    for role, (_, name) in model.media_fields.items():
        value = body.get(name)
        if value is None:
            continue
        taken = model.media(role)
        refer = taken[1].items if taken else {}
        if role in refer:  # Kling's video_list: [{video_url, refer_type}], the role told by its refer_type
            kinds = set(refer.values())
            if not isinstance(value, list) or not all(
                isinstance(v, dict) and v.get("refer_type", "base") in kinds for v in value
            ):
                raise BodyRefused(
                    "invalid_video_list", f"{name} holds objects with video_url and refer_type {sorted(kinds)}.", name
                )
            value = [v.get("video_url") for v in value if v.get("refer_type", "base") == refer[role]]  # base by default
            if not value:
                continue
        urls = value if isinstance(value, list) else [value]
        if not urls or not all(isinstance(u, str) and u.startswith(("http://", "https://")) for u in urls):
            raise BodyRefused("invalid_video_url", f"{name} must hold http(s) URLs of public files.", name)
        found += [MediaInput(role, u) for u in urls]
    return tuple(found)


def read_body(body: object, catalog: Catalog) -> ValidRequest:
    """The valid request a body carries. Raises BodyRefused (code `model_not_found` for an unknown model)."""
    if not isinstance(body, dict):
        raise BodyRefused("invalid_request", "The body must be a JSON object.")
    model = catalog.model(str(body.get("model")))
    if model is None:
        raise BodyRefused("model_not_found", f"No model {body.get('model')!r}.", "model")
    unknown = set(body) - _wire_fields(model)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise BodyRefused("unknown_parameter", f"Unknown field(s) for {model.id}: {names}.", sorted(unknown)[0])
    media = _media(body, model)
    for item in media:
        taken = model.media(item.role)
        clash = next((f for f in (taken[1].drops if taken else ()) if f in body), None)
        if clash is not None:
            raise BodyRefused(f"invalid_{clash}", f"{clash} must not be sent with {item.role} videos.", clash)
    duration = body.get(model.duration_field, model.default_duration) if model.duration_field else None
    if model.duration_field and type(duration) is not int:
        raise BodyRefused("invalid_duration", "duration must be a number, not text.", "duration")
    images, malformed = _images(body, model)
    if malformed:
        raise BodyRefused(
            "invalid_image_urls",
            f"{malformed} must hold http(s) URLs (base64 and data URLs are not accepted here).",
            malformed,
        )
    shapes = {wire: shape for shape, wire in model.ratio_wire.items()}
    ratio = body.get(model.ratio_field) if model.ratio_field else None
    request = GenerationRequest(
        model=model.id,
        prompt=str(body["prompt"]) if isinstance(body.get("prompt"), str) else "",
        duration=duration,
        aspect_ratio=shapes.get(ratio, ratio) if ratio is not None else None,
        resolution=body.get(model.resolution_field) if model.resolution_field else None,
        image_urls=tuple(images.get("reference", ())),
        first_frame=(images.get("first_frame") or [None])[0],
        last_frame=(images.get("last_frame") or [None])[0],
        options=tuple((o.field, body[o.field]) for o in model.options if o.field in body),
        shots=_shots(body),
        media=media,
    )
    try:
        return request.validate(catalog, measured=False)
    except InvalidRequest as invalid:
        name, note = next(iter(invalid.notes.items()))
        code = MEDIA_CODES.get(note.code) or FIELD_CODES.get(name, f"invalid_{name}")
        raise BodyRefused(code, note.text(), name) from None
