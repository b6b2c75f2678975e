"""APIMart HTTP client: submit, get_task, upload_image, with typed results, typed errors and retries."""

from __future__ import annotations

import copy
import logging
import os
import re
import socket
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from videogen.provider import errors
from videogen.provider.answers import parse_task
from videogen.provider.errors import ApiError, BadResponseError, OutcomeUnknownError, UnreachableError
from videogen.provider.protocol import Balance, ModelListing, Receipt, RetryNote, Task, api_language
from videogen.provider.retrying import RetryPolicy, parse_retry_after, retry_code

log = logging.getLogger(__name__)


RESPONSE_VERSION = "2026-07-27"
# The idempotency answers (documented on APIMart's grok-imagine-2.0 official page, 2026-09): what each means.
IDEMPOTENCY_CODES: dict[str, type[ApiError]] = {
    "idempotency_in_progress": errors.InProgressError,  # wait Retry-After, send again with the same key
    "idempotency_key_reused": errors.KeyReusedError,  # the key named another request: nothing made for this one
    "idempotency_result_indeterminate": OutcomeUnknownError,  # stop: the task may exist; never a new key
    "idempotency_unavailable": errors.NotExecutedError,  # not executed: safe to send again
}


def _nothing_sent(exc: requests.RequestException) -> bool:
    """True when the request certainly never reached the server (it failed while connecting)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError):
        reason = exc.args[0] if exc.args else None
        if isinstance(reason, MaxRetryError):
            reason = reason.reason
        return isinstance(reason, NewConnectionError)
    return False


class ApimartClient:
    """One client, one keep-alive `requests.Session`; every call has a timeout."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
        secret: bool = True,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry
        self._sleep = sleep
        # The sandbox's key is a public word ("sandbox"): hiding it would mangle ordinary messages.
        self._key = api_key if secret else ""
        self._session = requests.Session()
        self._session.trust_env = False  # no proxy or .netrc from the environment
        self._session.headers.update(
            {
                "Authorization": f"Bearer {api_key}",
                "Accept": "application/json",
                # Which replica of the studio asks (host and process): a provider's logs can tell them apart.
                "User-Agent": f"videogen-studio ({socket.gethostname()}:{os.getpid()})",
            }
        )
        # Enough keep-alive connections for the tracker to poll every unfinished task at once.
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=64)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    def __repr__(self) -> str:
        return f"ApimartClient(base_url={self.base_url!r}, key=<hidden>)"

    def close(self) -> None:
        self._session.close()

    def for_queue(self) -> ApimartClient:
        """This client (its session shared) with no retry of a 429 on submit: a queue that keeps its own
        rate waits out the Retry-After itself, between its other sends."""
        clone = copy.copy(self)
        clone.retry = replace(self.retry, idempotent_post_statuses=self.retry.idempotent_post_statuses - {429})
        return clone

    # --- the three calls -------------------------------------------------------------

    def submit(
        self, payload: dict, idempotency_key: str, *, on_retry: Callable[[RetryNote], None] | None = None
    ) -> str:
        """POST the generation request; returns the task id. Safe to repeat with the same key."""
        return self.submit_receipt(payload, idempotency_key, on_retry=on_retry).task_id

    def submit_receipt(
        self, payload: dict, idempotency_key: str, *, on_retry: Callable[[RetryNote], None] | None = None
    ) -> Receipt:
        """POST the generation request; the task id, and whether the API replayed an earlier answer. A body with
        `remix_of` is Veo's extension of that task: POST /v1/videos/{remix_of}/remix, without that field."""
        replayed: list[bool] = []
        path, body_sent = "/v1/videos/generations", payload
        if payload.get("remix_of"):
            body_sent = {k: v for k, v in payload.items() if k != "remix_of"}
            path = f"/v1/videos/{quote(str(payload['remix_of']), safe='')}/remix"
        body = self._call(
            "POST",
            path,
            json=body_sent,
            # As the provider's own client sends it: with the response version, `data` is one object.
            headers={
                "Idempotency-Key": idempotency_key,
                "Content-Type": "application/json",
                "X-APIMart-Response-Version": RESPONSE_VERSION,
            },
            retry_statuses=self.retry.idempotent_post_statuses,
            may_resend=True,
            on_retry=on_retry,
            on_answer=lambda r: replayed.append(r.headers.get("Idempotency-Replayed", "").lower() == "true"),
        )
        data = body.get("data")
        item = data[0] if isinstance(data, list) and data else data
        task_id = None
        if isinstance(item, dict):
            task_id = item.get("task_id") or item.get("id")
        if not isinstance(task_id, str) or not task_id:
            raise OutcomeUnknownError("The API accepted the request but its answer carries no task id.", status=200)
        return Receipt(task_id, bool(replayed and replayed[-1]))

    def get_task(self, task_id: str, *, language: str = "en") -> Task:
        """The task's status; the provider's own messages (a refusal's reason) come in `language`."""
        try:
            body = self._call(
                "GET",
                f"/v1/tasks/{quote(task_id, safe='')}",
                params={"language": api_language(language)},
                retry_statuses=self.retry.get_statuses,
                may_resend=True,
            )
        except errors.InvalidRequestError as exc:
            # The API answers 400 for a task id it does not know.
            raise errors.NotFoundError(exc.message, status=exc.status, api_type=exc.api_type) from None
        return parse_task(body.get("data"))

    def balance(self) -> Balance:
        """What is left on the account (US dollars). GET /v1/balance."""
        # A figure for the sidebar: asked once, briefly; a slow or failing answer is shown as unavailable.
        try:
            body = self._call("GET", "/v1/balance", retry_statuses=frozenset(), may_resend=False, timeout=(3.0, 5.0))
        except errors.PaymentRequiredError as low:
            # Below $0.05 every call answers 402, the balance call too ("... current: 0.0312 USD").
            current = re.search(r"current:\s*(-?\d+(?:\.\d+)?)", low.message)
            return Balance(float(current.group(1)) if current else 0.0, None, False, False, below_minimum=True)
        remaining = body.get("remain_balance")
        if not isinstance(remaining, (int, float)):
            raise BadResponseError("The balance answer has no remain_balance.")
        used = body.get("used_balance")
        return Balance(
            float(remaining),
            float(used) if isinstance(used, (int, float)) else None,
            bool(body.get("unlimited_quota")),
            bool(body.get("simulated")),
        )

    def list_models(self) -> tuple[ModelListing, ...]:
        """The models this key can reach (GET /v1/models, OpenAI-style). A hint only: the catalogue decides."""
        body = self._call("GET", "/v1/models", retry_statuses=self.retry.get_statuses, may_resend=True)
        listed = body.get("data")
        if not isinstance(listed, list):
            raise BadResponseError("The model list has no data list.")
        return tuple(
            ModelListing(str(item["id"]), item.get("owned_by"), item.get("category"))
            for item in listed
            if isinstance(item, dict) and item.get("id")
        )

    def model_schema(self, model_id: str) -> dict:
        """The provider's live input schema of a model (GET /v1/model-schema, as its own client reads it):
        a check on the catalogue, never the catalogue."""
        body = self._call(
            "GET",
            f"/v1/model-schema?model={quote(model_id, safe='')}&operation=video_generation",
            retry_statuses=self.retry.get_statuses,
            may_resend=True,
        )
        schema = body.get("data", body) if isinstance(body.get("data"), dict) else body
        if not isinstance(schema.get("input_schema"), dict):
            raise BadResponseError("The model schema answer has no input_schema.")
        return schema

    def upload_image(self, data: bytes, filename: str, content_type: str = "application/octet-stream") -> str:
        """Upload a local image; returns its public URL (valid about 72 h). Not retried once sent."""
        body = self._call(
            "POST",
            "/v1/uploads/images",
            files={"file": (filename, data, content_type)},
            retry_statuses=frozenset(),
            may_resend=False,
        )
        answer = body.get("data")
        url = body.get("url") or (answer.get("url") if isinstance(answer, dict) else None)
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise BadResponseError("The upload answer has no image URL.")
        return url

    # --- plumbing --------------------------------------------------------------------

    def _scrub(self, text: str) -> str:
        return text.replace(self._key, "<hidden>") if self._key else text

    def _call(
        self,
        method: str,
        path: str,
        *,
        retry_statuses: frozenset[int],
        may_resend: bool,
        on_retry: Callable[[RetryNote], None] | None = None,
        on_answer: Callable[[requests.Response], None] | None = None,
        timeout: tuple[float, float] | None = None,
        **kw,
    ) -> dict:
        url = self.base_url + path
        attempt = 0
        started = time.monotonic()

        def pause(wait: float, status: int | None, cause: str | None = None) -> None:
            if on_retry is not None:
                on_retry(RetryNote(retry_code(status), wait, attempt + 1, self.retry.attempts, status, cause))
            self._sleep(wait)

        while True:
            attempt += 1
            try:
                response = self._session.request(method, url, timeout=timeout or self.timeout, **kw)
            except requests.RequestException as exc:
                if _nothing_sent(exc):
                    error: ApiError = UnreachableError(
                        self._scrub(f"Could not connect to {self.base_url}: {type(exc).__name__}.")
                    )
                    retryable = True
                elif method == "GET":
                    error = errors.ServerError(
                        self._scrub(f"No complete answer from {self.base_url}: {type(exc).__name__}.")
                    )
                    retryable = True
                else:
                    # The bytes left: the POST may have created (and billed) a task. Never resend on our own.
                    error = OutcomeUnknownError(
                        self._scrub(f"The request was sent but no answer came ({type(exc).__name__}).")
                    )
                    retryable = False
                log.info("%s %s failed on try %d: %s", method, path, attempt, type(exc).__name__)
                if not retryable or attempt >= self.retry.attempts:
                    raise self._tried(error, attempt, started) from None
                pause(self.retry.wait(attempt, None), None, type(exc).__name__)
                continue
            log.info("%s %s -> %d (try %d)", method, path, response.status_code, attempt)
            if response.status_code < 400:
                if on_answer is not None:
                    on_answer(response)
                return self._json(response)
            error = self._http_error(response)
            if (
                (response.status_code in retry_statuses or error.resend)
                and may_resend
                and error.retryable
                and attempt < self.retry.attempts
            ):
                pause(self.retry.wait(attempt, getattr(error, "retry_after", None)), response.status_code)
                continue
            raise self._tried(error, attempt, started)

    @staticmethod
    def _tried(error: ApiError, attempts: int, started: float) -> ApiError:
        """Say how often and for how long it was tried, so the message stays true when it is read later."""
        if attempts > 1:
            error.message = f"{error.message} (tried {attempts} times over {time.monotonic() - started:.1f} s)"
            error.args = (error.message,)
        return error

    def _json(self, response: requests.Response) -> dict:
        try:
            body = response.json()
        except ValueError:
            raise BadResponseError(
                f"The API answered HTTP {response.status_code} with something that is not JSON.",
                status=response.status_code,
            ) from None
        if not isinstance(body, dict):
            raise BadResponseError("The API answered JSON of an unexpected shape.", status=response.status_code)
        # A refusal can come with HTTP 200: any `error`, or `success: false`, is an error whatever the status.
        if body.get("error") or body.get("success") is False:
            raise self._error_from(response.status_code, body, None)
        return body

    def _http_error(self, response: requests.Response) -> ApiError:
        try:
            body = response.json()
        except ValueError:
            body = None
        return self._error_from(response.status_code, body, response)

    def _error_from(self, status: int, body: Any, response: requests.Response | None) -> ApiError:
        message, api_type, code, param = None, None, None, None
        if isinstance(body, dict):
            err = body.get("error")
            if isinstance(err, dict):
                message, api_type, code, param = err.get("message"), err.get("type"), err.get("code"), err.get("param")
            elif isinstance(err, str):
                message = err
            message = message or body.get("message")
            code = code if code is not None else body.get("code")
        if not message and response is not None:
            text = re.sub(r"<[^>]+>", " ", response.text or "")
            text = " ".join(text.split())[:200]
            message = f"HTTP {status}" + (f": {text}" if text else "")
        message = self._scrub(str(message or f"HTTP {status}"))
        field = param if isinstance(param, str) else None

        def error(cls: type[ApiError], retry_after: float | None = None) -> ApiError:
            if cls is errors.RateLimitedError:
                return errors.RateLimitedError(
                    message, status=status, api_type=api_type, code=code, param=field, retry_after=retry_after
                )
            return cls(message, status=status, api_type=api_type, code=code, param=field)

        if errors.names_a_missing_model(code, message):
            return error(errors.ModelUnavailableError)
        by_code = IDEMPOTENCY_CODES.get(code) if isinstance(code, str) else None
        if by_code is errors.InProgressError:
            retry_after = parse_retry_after(response.headers.get("Retry-After")) if response is not None else None
            return errors.InProgressError(
                message, status=status, api_type=api_type, code=code, param=field, retry_after=retry_after
            )
        if by_code is not None:
            return error(by_code)
        if status >= 500 and errors.a_refusal_code(code):
            return error(errors.InvalidRequestError)  # checked and refused, with a 500: nothing was made
        if status < 400:
            # An error inside a 200 answer: the API answered, and refused. Its own code says which refusal.
            numeric = code if isinstance(code, int) and 400 <= code < 500 else None
            if numeric is None and re.search(r"token|api key|unauthori", message, re.IGNORECASE):
                numeric = 401
            cls = errors.for_status(numeric or 400)
        else:
            cls = errors.for_status(status)
        if cls is errors.RateLimitedError:
            retry_after = parse_retry_after(response.headers.get("Retry-After")) if response is not None else None
            return error(cls, retry_after)
        return error(cls)
