"""The provider's front door: the `VideoProvider` protocol, the task statuses it speaks, and its plain result types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from videogen.i18n import Note


class TaskStatus(StrEnum):
    """A task's status as the API reports it. Unknown words from the API are kept as they come (a `str`)."""

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @classmethod
    def of(cls, value: str) -> TaskStatus | str:
        try:
            return cls(value)
        except ValueError:
            return value


# What `POST /v1/uploads/images` takes (its page, 2026-09): a larger file is refused, whatever a model takes by URL.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024

# The `language` values the API takes (error messages in them): bare codes, no region (`zh-CN` is refused).
API_LANGUAGES = ("en", "zh", "ja", "ko", "ru", "fr", "de", "id", "pt", "es")


def api_language(language: str | None) -> str:
    """The reader's language as the API takes it: `zh-CN` -> `zh`, `PT` -> `pt`; one it does not take -> `en`."""
    bare = (language or "").replace("_", "-").split("-")[0].strip().lower()
    return bare if bare in API_LANGUAGES else "en"


TERMINAL = frozenset({TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED})
ENDED_WITHOUT_VIDEO = frozenset({TaskStatus.FAILED, TaskStatus.CANCELLED})  # refunded: nothing is charged


@dataclass(frozen=True)
class RetryNote:
    """A retry about to happen, for a caller that shows it while it waits."""

    reason: str  # a code: retry.rate_limited | retry.timed_out | retry.fault | retry.no_answer
    wait: float  # seconds until the next try
    attempt: int  # the number of the try to come
    attempts: int
    status: int | None = None  # the HTTP status that called for it
    cause: str | None = None  # the connection failure that called for it (an exception's name)

    def note(self) -> Note:
        params = {"wait": self.wait, "attempt": self.attempt, "attempts": self.attempts}
        return Note(self.reason, {**params, "status": self.status, "reason": self.cause})

    def text(self, language: str = "en") -> str:
        return self.note().text(language)


@dataclass(frozen=True)
class Balance:
    remaining: float  # US dollars
    used: float | None
    unlimited: bool
    simulated: bool  # the sandbox's own figure
    below_minimum: bool = False  # the API answered 402 to the balance call itself: under $0.05, nothing runs


@dataclass(frozen=True)
class Receipt:
    task_id: str
    replayed: bool  # the API answered with the task an earlier request under the same key had made


@dataclass(frozen=True)
class ModelListing:
    """One entry of GET /v1/models: a hint of what the key can reach; the catalogue stays the truth."""

    id: str
    owned_by: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class TaskError:
    code: int | str | None
    message: str
    type: str | None


@dataclass(frozen=True)
class Task:
    id: str
    status: str
    progress: int = 0
    created: int | None = None
    completed: int | None = None
    estimated_time: int | None = None
    actual_time: int | None = None
    video_urls: tuple[str, ...] = field(default_factory=tuple)
    expires_at: int | None = None
    error: TaskError | None = None
    cost: float | None = None  # US dollars actually billed (`cost`)
    credits: float | None = None  # `credits_cost`: credits, not dollars (cost x 10 on APIMart)
    prompt: str | None = None  # `result.prompt`: what a prompt helper (MiniMax-H3-Context-IR) made, no video

    @property
    def finished(self) -> bool:
        return self.status in TERMINAL


class VideoProvider(Protocol):
    """What the studio needs of whoever makes the videos. `ApimartClient` is one; the sandbox is the same
    client pointed at the simulator. Errors are `videogen.provider.errors.ApiError` and its kinds."""

    base_url: str

    def submit_receipt(
        self, payload: dict, idempotency_key: str, *, on_retry: Callable[[RetryNote], None] | None = None
    ) -> Receipt: ...

    def get_task(self, task_id: str, *, language: str = "en") -> Task: ...

    def upload_image(self, data: bytes, filename: str, content_type: str = "application/octet-stream") -> str: ...

    def list_models(self) -> tuple[ModelListing, ...]: ...

    def balance(self) -> Balance: ...

    def model_schema(self, model_id: str) -> dict: ...

    def for_queue(self) -> VideoProvider:
        """The same provider for a queue that keeps its own rate: a 429 comes back at once, with its
        Retry-After, instead of being waited out inside the call."""
        ...

    def close(self) -> None: ...
