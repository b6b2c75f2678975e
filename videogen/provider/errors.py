"""The API client's errors: one class per thing a caller can act on, each with a next step."""

from __future__ import annotations

import re

from videogen.i18n import Note, render


class ApiError(Exception):
    """Base of every API failure. `message` is safe to show: it never contains the API key. `kind` is the code
    of what the caller can do about it; the words for that are in the message table (`next_step`)."""

    kind = "api_error"
    retryable = True  # whether the same call may succeed if tried again soon
    resend = False  # whether the provider asks for the same request again, whatever the HTTP status

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        api_type: str | None = None,
        code: str | int | None = None,
        param: str | None = None,
    ):
        self.message = message
        self.status = status
        self.api_type = api_type
        self.code = code  # as the API gave it: a number or a word such as "invalid_duration"
        self.param = param  # the field it names, when it names one
        super().__init__(message)

    @property
    def next_step(self) -> str:
        """What to do, in the process's language (the page renders `note()` in the reader's)."""
        return render(f"next_step.{self.kind}")

    def note(self, code: str = "submit.refused") -> Note:
        """What to keep of this error: its kind, the API's own message and its code word when it has one (a
        known word has its own next step: `invalid_resolution`, `nsfw_content_detected`), not a sentence."""
        params: dict = {"kind": self.kind, "message": self.message}
        if isinstance(self.code, str) and self.code:
            params["api_code"] = self.code
        return Note(code, params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class InvalidRequestError(ApiError):
    kind = "invalid_request"


class AuthenticationError(ApiError):
    kind = "authentication"


class PaymentRequiredError(ApiError):
    kind = "payment_required"


class ModelUnavailableError(ApiError):
    """The API serves no channel for this model to this key (retired, renamed, or not enabled): a definite
    refusal, never a passing fault."""

    kind = "model_unavailable"

    retryable = False


class ForbiddenError(ApiError):
    kind = "forbidden"


class NotFoundError(ApiError):
    kind = "not_found"


class RateLimitedError(ApiError):
    kind = "rate_limited"

    def __init__(self, message: str, *, retry_after: float | None = None, **kw):
        super().__init__(message, **kw)
        self.retry_after = retry_after

    def note(self, code: str = "submit.refused") -> Note:
        note = super().note(code)
        if self.retry_after is not None:
            note.params["retry_after"] = self.retry_after  # a queue waits this long before its next send
        return note


class ServerError(ApiError):
    kind = "server_error"


class InProgressError(ApiError):
    """`409 idempotency_in_progress`: the first request with this key is still being worked on. The same
    request is sent again with the same key after `Retry-After`; if the tries run out, the outcome is unknown."""

    kind = "outcome_unknown"
    resend = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kw):
        super().__init__(message, **kw)
        self.retry_after = retry_after


class KeyReusedError(ApiError):
    """`409 idempotency_key_reused`: the key was used before with other parameters. Nothing was made for this
    request; it is the studio's bug (a key names one request), said as such."""

    kind = "key_reused"
    retryable = False


class NotExecutedError(ApiError):
    """`503 idempotency_unavailable`: the provider says it did not execute the request: nothing was made, and
    submitting again is safe."""

    kind = "not_executed"


# Codes of refusals that some endpoints send with HTTP 500 (`build_request_failed: invalid size: 3:5`): the
# request was checked and refused, not lost. Words starting `invalid_` or `unsupported_` count too.
REFUSAL_CODES = frozenset(
    {
        "build_request_failed",
        "mixed_media_not_allowed",
        "nsfw_content_detected",
        "input_video_probe_failed",
        "audio_setting_only_for_edit",
    }
)


def a_refusal_code(code: object) -> bool:
    """Whether an error's code word says the request was checked and refused (whatever the HTTP status)."""
    return isinstance(code, str) and (code in REFUSAL_CODES or code.startswith(("invalid_", "unsupported_")))


class UnreachableError(ApiError):
    kind = "unreachable"


class OutcomeUnknownError(ApiError):
    kind = "outcome_unknown"


class BadResponseError(ApiError):
    kind = "bad_response"


MODEL_MISSING_CODES = {"model_not_found", "model_not_available", "no_available_channel", "model_unavailable"}
MODEL_MISSING_WORDS = re.compile(
    r"no available channel|无可用渠道|model .{0,80}(not found|does not exist|is not "
    r"available|unavailable)",
    re.IGNORECASE,
)


def names_a_missing_model(code: object, message: str | None) -> bool:
    """Whether an error says the model itself is gone or not served (a code, or the gateway's words)."""
    return (isinstance(code, str) and code.lower() in MODEL_MISSING_CODES) or bool(
        message and MODEL_MISSING_WORDS.search(message)
    )


def for_status(status: int) -> type[ApiError]:
    if status == 400:
        return InvalidRequestError
    if status == 401:
        return AuthenticationError
    if status == 402:
        return PaymentRequiredError
    if status == 403:
        return ForbiddenError
    if status == 404:
        return NotFoundError
    if status in (408, 429):
        return RateLimitedError
    if status >= 500:
        return ServerError
    return InvalidRequestError
