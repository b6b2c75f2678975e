"""The sandbox's rules: the API's own checks of a request body, and the prompt markers that steer it."""

from __future__ import annotations

from dataclasses import dataclass

from videogen import catalog as catalog_module
from videogen.catalog import Catalog
from videogen.provider import prompt_help
from videogen.request import GenerationRequest, InvalidRequest, ValidRequest
from videogen.request.body import BodyRefused, read_body

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
    "[sim:409-busy]": "the first send of a key answers 409 `idempotency_in_progress` (Retry-After 1 s); the same key "
    "sent again makes the task",
    "[sim:409-indeterminate]": "the task is made, then the submit answers 409 `idempotency_result_indeterminate`",
    "[sim:503-not-run]": "the submit answers 503 `idempotency_unavailable`: not executed, nothing made",
    "[sim:500-build]": "the submit is refused with HTTP 500 and a code: `build_request_failed` (invalid size)",
    "[sim:nsfw]": "the submit is refused: `nsfw_content_detected`",
    "[sim:bad-resolution]": "the submit is refused: `invalid_resolution`",
    "[sim:video-unreadable]": "the submit is refused: `input_video_probe_failed` (the provider could not read a video)",
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
    "[sim:503-not-run]": Refusal(
        503, "idempotency_unavailable", "Idempotency service unavailable; the request was not executed.", "server_error"
    ),
    "[sim:500-build]": Refusal(
        500, "build_request_failed", "build_request_failed: invalid size: 3:5 (sandbox [sim:500-build])", "server_error"
    ),
    "[sim:nsfw]": Refusal(400, "nsfw_content_detected", "Sensitive content detected (sandbox [sim:nsfw])."),
    "[sim:bad-resolution]": Refusal(
        400, "invalid_resolution", "Resolution not supported (sandbox [sim:bad-resolution]).", param="resolution"
    ),
    "[sim:video-unreadable]": Refusal(
        400,
        "input_video_probe_failed",
        "Failed to probe the input video (sandbox [sim:video-unreadable]).",
        param="video_urls",
    ),
}
MINIMUM_BALANCE = 0.05  # under it, every call answers 402, the balance call too (observed by a third party)


def below_minimum(remaining: float) -> Refusal:
    return Refusal(
        402, 402, f"Insufficient balance: below 0.05 USD (current: {remaining:.4f} USD).", "payment_required"
    )


# The idempotency answers as the API gives them (APIMart's grok-imagine-2.0 official page, 2026-09).
KEY_REUSED = Refusal(409, "idempotency_key_reused", "This Idempotency-Key was used with different parameters.")
IN_PROGRESS = Refusal(409, "idempotency_in_progress", "A request with this Idempotency-Key is still in progress.")
INDETERMINATE = Refusal(
    409, "idempotency_result_indeterminate", "The result of the request with this Idempotency-Key is indeterminate."
)
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


def request_of(body: object, catalog: Catalog) -> ValidRequest | Refusal:
    """A generation body checked with the app's own validation, as the API checks it: the valid request, or
    the refusal the API would give (its code names the field; 503 for a model no channel serves)."""
    try:
        return read_body(body, catalog)
    except BodyRefused as refused:
        if refused.code == "model_not_found":
            return model_gone(body.get("model") if isinstance(body, dict) else None)
        return Refusal(400, refused.code, refused.message, param=refused.param)


REMIX_FIELDS = {"model", "prompt", "raw", "resolution", "aspect_ratio"}


def remix_of(body: object, source: dict | None, source_done: bool, catalog: Catalog) -> ValidRequest | Refusal:
    """Veo's extension (POST /v1/videos/{task_id}/remix), checked as the documentation states: a successful task
    of this gateway, the same model, a model that extends (Veo 3.1 Fast or Quality), a prompt."""
    if not isinstance(body, dict):
        return Refusal(400, "invalid_request", "The body must be a JSON object.")
    if source is None:
        return Refusal(404, "task_not_found", "No such task to extend.", "not_found_error", "task_id")
    if not source_done:
        return Refusal(400, "task_not_completed", "Only a successful video can be extended.", param="task_id")
    unknown = sorted(set(body) - REMIX_FIELDS)
    if unknown:
        return Refusal(400, "unknown_parameter", f"Unknown field(s) for remix: {', '.join(unknown)}.", param=unknown[0])
    if body.get("model") != source.get("model"):
        return Refusal(400, "model_mismatch", "The model must be the original video's model.", param="model")
    request = GenerationRequest(
        str(body.get("model")),
        str(body.get("prompt") or ""),
        resolution=body.get("resolution"),
        extends="source",
    )
    try:
        return request.validate(catalog)
    except InvalidRequest as refused:
        field, note = next(iter(refused.notes.items()))
        return Refusal(400, note.code.rpartition(".")[2], note.text(), param=field)


def validate(body: object) -> Refusal | None:
    """The API's own checks of a generation body: what is wrong, as the API says it, or None."""
    outcome = request_of(body, catalog_module.builtin())
    return outcome if isinstance(outcome, Refusal) else None


@dataclass(frozen=True)
class PromptHelp:
    """A prompt helper call the API took: billed per call."""

    body: dict

    def estimate(self) -> float:
        return prompt_help.PRICE


def helper_call(body: dict) -> PromptHelp | Refusal:
    """MiniMax-H3-Context-IR's call, checked as its page states."""
    wrong = prompt_help.refused(body)
    if wrong is not None:
        return Refusal(400, wrong[0], wrong[1], param=wrong[2])
    return PromptHelp(body)


def better_prompt(body: dict) -> str:
    """What the sandbox's helper writes: the prompt, made concrete for its length and shape (the real one rewrites
    it; this one adds camera, light and pacing, so the difference is visible)."""
    words = str(body.get("prompt", "")).strip().rstrip(".")
    seconds, shape = body.get("duration", 5), body.get("aspect_ratio", "16:9")
    return (
        f"{words[:1].upper()}{words[1:]}. Opening wide shot in {shape}, then a slow push-in on the subject over "
        f"{seconds} seconds; soft directional light, light haze, natural colours; ambient sound matched to the scene."
    )
