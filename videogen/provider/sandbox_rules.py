"""The sandbox's rules: the API's own checks of a request body, and the prompt markers that steer it."""

from __future__ import annotations

from dataclasses import dataclass

from videogen import catalog as catalog_module
from videogen.catalog import Catalog, Model
from videogen.request import GenerationRequest, InvalidRequest, ValidRequest

# Prompt markers that steer the sandbox, so every path of the app can be seen without a real API.
MARKERS = {
    "[sim:fail]": "the task is accepted, then fails as a moderation refusal would (refunded)",
    "[sim:cancel]": "the task is accepted, then cancelled by the provider (refunded)",
    "[sim:stuck]": "the task is accepted and stays processing forever",
    "[sim:url-string]": "the finished task's video `url` is a plain string, not a list",
    "[sim:hang]": "the task is created but the submit never gets an answer (outcome unknown)",
    "[sim:400]": "the submit is refused as an invalid request",
    "[sim:401]": "the submit is refused: bad API key",
    "[sim:402]": "the submit is refused: balance too low",
    "[sim:403]": "the submit is refused: this key may not use the model",
    "[sim:429]": "the submit is refused: rate limited, Retry-After 3 s",
    "[sim:500]": "the submit fails with a server error",
    "[sim:model-gone]": "the submit is refused with HTTP 503: no channel serves this model (retired)",
    "[sim:200-error]": "the submit is refused with HTTP 200 and an `error` object",
    "[sim:success-false]": "the submit is refused with HTTP 200 and `success: false`",
}


@dataclass(frozen=True)
class Refusal:
    """An error answer as the API gives it: HTTP status, code (a number or a word), words, field."""

    status: int
    code: int | str
    message: str
    type: str = "invalid_request_error"
    param: str | None = None

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message, "type": self.type}
        if self.param:
            error["param"] = self.param
        return {"error": error}


def model_gone(model: object) -> Refusal:
    """What gateways of APIMart's kind answer when no channel serves a model."""
    return Refusal(
        503,
        "model_not_found",
        f"no available channel for model {model} under group default (distributor)",
        "new_api_error",
    )


MARKER_ERRORS = {
    "[sim:400]": Refusal(400, 400, "The prompt was rejected by the sandbox ([sim:400])."),
    "[sim:401]": Refusal(401, 401, "Invalid API key (sandbox [sim:401]).", "authentication_error"),
    "[sim:402]": Refusal(402, 402, "Insufficient balance (sandbox [sim:402]).", "payment_required"),
    "[sim:403]": Refusal(403, 403, "This key may not use this model (sandbox [sim:403]).", "permission_error"),
    "[sim:429]": Refusal(429, 429, "Too many requests (sandbox [sim:429]).", "rate_limit_error"),
    "[sim:500]": Refusal(500, 500, "Internal error (sandbox [sim:500]).", "server_error"),
}
# Refusals that arrive with HTTP 200, as the gateway sometimes sends them: (body, words).
OK_STATUS_ERRORS = {
    "[sim:200-error]": {
        "code": 200,
        "error": {
            "code": "content_policy_violation",
            "type": "invalid_request_error",
            "message": "The prompt was refused (sandbox [sim:200-error]).",
        },
    },
    "[sim:success-false]": {"success": False, "message": "The request was refused (sandbox [sim:success-false])."},
}


FIELD_CODES = {"aspect_ratio": "invalid_aspect_ratio", "image_urls": "invalid_image_urls"}


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
    names = {"model", "prompt", "duration", *(o.field for o in model.options)}
    names |= {f for f in (model.ratio_field, model.resolution_field, spec.type_field) if f}
    if spec.roles:
        names |= {"image_urls"} if spec.wire == "image_urls" else set()
        names |= set(spec.fields.values()) if spec.wire == "fields" else set()
        names |= {"image_with_roles"} if spec.wire == "roles" else set()
    return names


def request_of(body: object, catalog: Catalog) -> ValidRequest | Refusal:
    """A generation body read back into a request and checked with the app's own validation, as the API
    checks it: the valid request, or the refusal the API would give (its code names the field)."""
    if not isinstance(body, dict):
        return Refusal(400, "invalid_request", "The body must be a JSON object.")
    model = catalog.model(str(body.get("model")))
    if model is None:
        return model_gone(body.get("model"))
    unknown = set(body) - _wire_fields(model)
    if unknown:
        return Refusal(
            400,
            "unknown_parameter",
            f"Unknown field(s) for {model.id}: {', '.join(sorted(unknown))}.",
            param=sorted(unknown)[0],
        )
    duration = body.get("duration", model.default_duration)
    if type(duration) is not int:
        return Refusal(400, "invalid_duration", "duration must be a number, not text.", param="duration")
    images, malformed = _images(body, model)
    if malformed:
        return Refusal(
            400,
            "invalid_image_urls",
            f"{malformed} must hold http(s) URLs (base64 and data URLs are not accepted here).",
            param=malformed,
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
    )
    try:
        return request.validate(catalog)
    except InvalidRequest as invalid:
        name, note = next(iter(invalid.notes.items()))
        return Refusal(400, FIELD_CODES.get(name, f"invalid_{name}"), note.text(), param=name)


def validate(body: object) -> Refusal | None:
    """The API's own checks of a generation body: what is wrong, as the API says it, or None."""
    outcome = request_of(body, catalog_module.builtin())
    return outcome if isinstance(outcome, Refusal) else None
