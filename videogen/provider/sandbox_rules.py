"""The sandbox's rules: the API's own checks of a request body, and the prompt markers that steer it."""

from __future__ import annotations

from dataclasses import dataclass

from videogen import catalog as catalog_module

ALLOWED_FIELDS = {"model", "prompt", "duration", "aspect_ratio", "resolution", "image_urls"}

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


def validate(body: object) -> Refusal | None:
    """The API's own checks of a generation body: what is wrong, as the API says it, or None."""
    if not isinstance(body, dict):
        return Refusal(400, "invalid_request", "The body must be a JSON object.")
    unknown = set(body) - ALLOWED_FIELDS
    if unknown:
        return Refusal(
            400, "unknown_parameter", f"Unknown field(s): {', '.join(sorted(unknown))}.", param=sorted(unknown)[0]
        )
    models = catalog_module.builtin().models
    model = models.get(str(body.get("model")))
    if model is None:
        return model_gone(body.get("model"))
    if not isinstance(body.get("prompt"), str) or not body["prompt"].strip():
        return Refusal(400, "invalid_prompt", "prompt is required.", param="prompt")
    duration = body.get("duration", model.default_duration)
    if type(duration) is not int or duration not in model.durations:
        return Refusal(400, "invalid_duration", f"duration must be one of {list(model.durations)}.", param="duration")
    if body.get("aspect_ratio", "landscape") not in ("landscape", "portrait", "16:9", "9:16"):
        return Refusal(
            400, "invalid_aspect_ratio", "aspect_ratio must be landscape, portrait, 16:9 or 9:16.", param="aspect_ratio"
        )
    if "resolution" in body and (not model.resolutions or body["resolution"] not in model.resolution_ids):
        return Refusal(400, "invalid_resolution", f"resolution is not supported for {model.id}.", param="resolution")
    urls = body.get("image_urls", [])
    if not isinstance(urls, list) or not all(
        isinstance(u, str) and u.startswith(("http://", "https://")) for u in urls
    ):
        return Refusal(
            400,
            "invalid_image_urls",
            "image_urls must be a list of http(s) URLs (base64 and data URLs are not accepted).",
            param="image_urls",
        )
    return None
