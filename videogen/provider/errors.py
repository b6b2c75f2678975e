"""The API client's errors: one class per thing a caller can act on, each with a next step."""

from __future__ import annotations

import re


class ApiError(Exception):
    """Base of every API failure. `message` is safe to show: it never contains the API key."""

    next_step = "Try again later."
    retryable = True  # whether the same call may succeed if tried again soon

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

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class InvalidRequestError(ApiError):
    next_step = "Correct the request as the message says, then submit again."


class AuthenticationError(ApiError):
    next_step = "Check the API key (APIMART_API_KEY): it is missing, mistyped or revoked."


class PaymentRequiredError(ApiError):
    next_step = "Top up the balance of your APIMart account, then submit again."


class ModelUnavailableError(ApiError):
    """The API serves no channel for this model to this key (retired, renamed, or not enabled): a definite
    refusal, never a passing fault."""

    next_step = "This model is not available for this API key now: choose another model."
    retryable = False


class ForbiddenError(ApiError):
    next_step = "This key may not use this model: choose another model or enable it for the key."


class NotFoundError(ApiError):
    next_step = "Check the task id or the address; the resource does not exist."


class RateLimitedError(ApiError):
    def __init__(self, message: str, *, retry_after: float | None = None, **kw):
        super().__init__(message, **kw)
        self.retry_after = retry_after

    # No "wait N seconds" here: the message is read after the retries, when that wait is long over.
    next_step = "The API is limiting requests right now and made no task. Submit again in a minute."


class ServerError(ApiError):
    next_step = "The provider had a fault. Try again in a minute."


class UnreachableError(ApiError):
    next_step = "Nothing was sent. Check the network or the base URL, then try again."


class OutcomeUnknownError(ApiError):
    next_step = (
        "The task may have been created: check History before submitting again. "
        "The request is kept so it can be reconciled; it will not be sent again on its own."
    )


class BadResponseError(ApiError):
    next_step = "The API answered something unexpected. Try again later; if it persists, the API may have changed."


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
