"""The sandbox's rules: the API's own checks of a request body, and the prompt markers that steer it."""

from __future__ import annotations

from . import catalog as catalog_module

ALLOWED_FIELDS = {"model", "prompt", "duration", "aspect_ratio", "resolution", "image_urls"}

# Prompt markers that steer the sandbox, so every path of the app can be seen without a real API.
MARKERS = {
    "[sim:fail]": "the task is accepted, then fails as a moderation refusal would (refunded)",
    "[sim:stuck]": "the task is accepted and stays processing forever",
    "[sim:hang]": "the task is created but the submit never gets an answer (outcome unknown)",
    "[sim:400]": "the submit is refused as an invalid request",
    "[sim:401]": "the submit is refused: bad API key",
    "[sim:402]": "the submit is refused: balance too low",
    "[sim:403]": "the submit is refused: this key may not use the model",
    "[sim:429]": "the submit is refused: rate limited, Retry-After 3 s",
    "[sim:500]": "the submit fails with a server error",
}
MARKER_ERRORS = {
    "[sim:400]": (400, "invalid_request_error", "The prompt was rejected by the sandbox ([sim:400])."),
    "[sim:401]": (401, "authentication_error", "Invalid API key (sandbox [sim:401])."),
    "[sim:402]": (402, "payment_required", "Insufficient balance (sandbox [sim:402])."),
    "[sim:403]": (403, "permission_error", "This key may not use this model (sandbox [sim:403])."),
    "[sim:429]": (429, "rate_limit_error", "Too many requests (sandbox [sim:429])."),
    "[sim:500]": (500, "server_error", "Internal error (sandbox [sim:500])."),
}


def validate(body: object) -> str | None:
    """The API's own checks of a generation body; the message says what is wrong, or None."""
    if not isinstance(body, dict):
        return "The body must be a JSON object."
    unknown = set(body) - ALLOWED_FIELDS
    if unknown:
        return f"Unknown field(s): {', '.join(sorted(unknown))}."
    models = catalog_module.builtin().models
    model = models.get(body.get("model"))
    if model is None:
        return f"Model {body.get('model')!r} is not supported. Supported: {', '.join(models)}."
    if not isinstance(body.get("prompt"), str) or not body["prompt"].strip():
        return "prompt is required."
    duration = body.get("duration", model.default_duration)
    if type(duration) is not int or duration not in model.durations:
        return f"duration must be one of {list(model.durations)}."
    if body.get("aspect_ratio", "landscape") not in ("landscape", "portrait", "16:9", "9:16"):
        return "aspect_ratio must be landscape, portrait, 16:9 or 9:16."
    if "resolution" in body and (not model.resolutions or body["resolution"] not in model.resolution_ids):
        return f"resolution is not supported for {model.id}."
    urls = body.get("image_urls", [])
    if not isinstance(urls, list) or not all(isinstance(u, str) and u.startswith(("http://", "https://"))
                                             for u in urls):
        return "image_urls must be a list of http(s) URLs (base64 and data URLs are not accepted)."
    return None
