"""When to try a request again and how long to wait: the policy as data, and the server's Retry-After."""

from __future__ import annotations

import email.utils
import random
import re
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before trying a request again."""

    attempts: int = 4  # the first try included
    backoff: float = 0.5  # seconds before the 2nd try; doubles each time
    backoff_max: float = 8.0
    jitter: float = 0.5  # +/- this fraction of the wait, so many clients do not retry in step
    retry_after_max: float = 30.0  # a server's Retry-After is honoured up to this
    get_statuses: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})
    # A POST is retried on these only when it carries an Idempotency-Key (a replay cannot bill twice), and
    # never on 500, as the provider's own client: a fault inside the provider is not a transient refusal.
    idempotent_post_statuses: frozenset[int] = frozenset({408, 429, 502, 503, 504})

    def wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.retry_after_max)
        base = min(self.backoff * (2 ** (attempt - 1)), self.backoff_max)
        return max(0.0, base * (1 + random.uniform(-self.jitter, self.jitter)))


def retry_code(status: int | None) -> str:
    """The message code of a retry called for by this HTTP status (None: no answer at all)."""
    if status is None:
        return "retry.no_answer"
    return {429: "retry.rate_limited", 408: "retry.timed_out"}.get(status, "retry.fault")


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when else None
