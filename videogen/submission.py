"""One submit = one intent: recorded with its idempotency key before the POST, never POSTed twice."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, replace
from typing import Callable

from . import errors
from .catalog import Catalog
from .client import ApimartClient
from .history import UNKNOWN, TaskRecord, TaskStore
from .request import GenerationRequest

# Errors after which the API certainly created no task: a new attempt may use a new key.
DEFINITE = (errors.UnreachableError, errors.InvalidRequestError, errors.AuthenticationError,
            errors.PaymentRequiredError, errors.ForbiddenError, errors.NotFoundError, errors.RateLimitedError)


def new_nonce() -> str:
    return secrets.token_hex(8)


def intent_key(nonce: str, request: GenerationRequest, image_digest: str | None = None) -> str:
    """The idempotency key of a form's content: the same form in the same session gives the same key,
    so a second click finds the intent already recorded. Visible ASCII, 1-191 characters."""
    content = json.dumps([nonce, request.model, request.prompt.strip(), request.duration, request.aspect_ratio,
                          request.resolution, list(request.image_urls), image_digest], sort_keys=True)
    return "vg-" + hashlib.sha256(content.encode()).hexdigest()[:40]


@dataclass(frozen=True)
class SubmitOutcome:
    record: TaskRecord
    sent: bool  # True when this call made the POST


def submit(store: TaskStore, client: ApimartClient, catalog: Catalog, request: GenerationRequest, key: str, *,
           session_id: str | None = None, source: str = "app", thumbnail: bytes | None = None,
           upload_reference: Callable[[], str] | None = None) -> SubmitOutcome:
    """Record the intent, then POST once. A key already recorded is never POSTed again here.

    Raises `InvalidRequest` (nothing recorded) for a request the catalogue refuses, and lets an upload
    error through (nothing recorded, nothing paid)."""
    request.validated(catalog)
    existing = store.by_key(key)
    if existing is not None:
        return SubmitOutcome(existing, sent=False)
    if upload_reference is not None:
        request = replace(request, image_urls=(upload_reference(),))
    payload = request.payload(catalog)
    record, created = store.record_intent(key, payload, estimated_cost=request.estimate(catalog),
                                          session_id=session_id, source=source, thumbnail=thumbnail)
    if not created:
        return SubmitOutcome(record, sent=False)
    return _post(store, client, key, payload)


def retry_same_key(store: TaskStore, client: ApimartClient, key: str) -> SubmitOutcome:
    """Re-send an unknown-outcome intent with the SAME Idempotency-Key: the API replays the task it
    made, if any, instead of making (and billing) a second one. Only ever on the user's request."""
    record = store.by_key(key)
    if record is None or record.state != UNKNOWN or not record.payload:
        raise ValueError("Only a request whose outcome is unknown can be retried with its key.")
    return _post(store, client, key, json.loads(record.payload))


def _post(store: TaskStore, client: ApimartClient, key: str, payload: dict) -> SubmitOutcome:
    try:
        task_id = client.submit(payload, key)
    except DEFINITE as error:
        store.mark_rejected(key, f"{error.message} {error.next_step}")
        return SubmitOutcome(store.by_key(key), sent=True)
    except errors.ApiError as error:
        store.mark_unknown(key, f"{error.message} {errors.OutcomeUnknownError.next_step}")
        return SubmitOutcome(store.by_key(key), sent=True)
    except BaseException:
        # A bug or an interrupt after the bytes may have left: keep the intent visible for reconciliation.
        store.mark_unknown(key, "The app failed while sending: the task may exist. Check History.")
        raise
    store.mark_submitted(key, task_id)
    return SubmitOutcome(store.by_key(key), sent=True)
