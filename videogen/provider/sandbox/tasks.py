"""The sandbox's tasks: what the simulator keeps, and how a task moves from pending to its end in time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from videogen.provider import prompt_help
from videogen.provider.sandbox.rules import better_prompt
from videogen.provider.sandbox.store import SqliteMap

RENDERS_KEPT = 64  # rendered clips kept in memory (about 100 KB each); an older one is rendered again


@dataclass
class SimTask:
    id: str
    payload: dict
    created: float  # unix seconds
    behaviour: str = "normal"  # normal | fail | cancel | stuck | url-string
    cost: float = 0.0


def _mapping(value: object) -> dict:
    if not isinstance(value, dict):
        raise ValueError("a kept task is not an object")
    return value


def _pair(value: object) -> tuple[str, str]:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("a kept idempotency entry is not a pair")
    return str(value[0]), str(value[1])


@dataclass
class SimulatorState:
    api_key: str | None = None  # None: any non-empty bearer key is accepted
    complete_after: float = 15.0  # seconds from submit to completed
    latency: float = 0.0  # injected before every answer, for benchmarks
    link_ttl: float = 24 * 3600.0  # how long a result link lives
    hang_seconds: float = 30.0  # how long a [sim:hang] submit holds the connection before dropping it
    honour_ranges: bool = True  # False: answer Range requests with the whole file, as some hosts do
    bandwidth: float | None = None  # bytes per second for served files (None: as fast as loopback goes)
    start_balance: float = 25.0  # the sandbox account's simulated balance before any task
    upload_status: int | None = None  # answer uploads with this error status (429, 500) instead
    rate_limit_next: int = 0  # answer this many of the next submits 429, as a gateway over its limit does
    rate_limit_retry_after: float = 5.0  # the Retry-After (seconds) those 429s carry
    clock: Callable[[], float] = time.time  # the simulator's "now": tests move it forward instead of sleeping
    hidden_models: frozenset[str] = frozenset()  # catalogued models this key cannot use: unlisted, refused
    # Retired models (Sora 2) are no longer listed, as the real API's list no longer has them; True stands for a
    # key whose own list still names them (a relay that still serves them).
    lists_retired: bool = False
    # Video models the gateway lists that the catalogue does not describe (as the real one lists some).
    extra_models: tuple[str, ...] = ("MiniMax-H3-Regeneration", "wan2.7-r2v", "MiniMax-H3-Context-IR")
    tasks: MutableMapping[str, SimTask] = field(default_factory=dict)
    idempotency: MutableMapping[str, tuple[str, str]] = field(default_factory=dict)  # key -> (fingerprint, task id)
    uploads: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    busy_keys: set[str] = field(default_factory=set)  # keys already answered "in progress" once ([sim:409-busy])
    submissions: list[dict] = field(default_factory=list)  # every body that reached POST, in order
    counts: dict[str, int] = field(default_factory=dict)  # requests per route, for tests and benchmarks
    languages: dict[str, str] = field(default_factory=dict)  # task id -> the `language` its last status call asked
    polls: list[tuple[str, str, float]] = field(default_factory=list)  # (task id, User-Agent, time) per status call
    renders: dict[str, bytes] = field(default_factory=dict)  # task id -> its rendered clip (the newest RENDERS_KEPT)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, route: str) -> None:
        with self.lock:
            self.counts[route] = self.counts.get(route, 0) + 1

    @classmethod
    def kept_in(cls, path: Path, **options) -> SimulatorState:
        """A simulator whose tasks and idempotency keys live in a SQLite file: a restart keeps them."""
        tasks: SqliteMap[SimTask] = SqliteMap(path, "tasks", lambda t: t.__dict__, lambda v: SimTask(**_mapping(v)))
        keys: SqliteMap[tuple[str, str]] = SqliteMap(path, "idempotency", list, lambda v: _pair(v))
        return cls(tasks=tasks, idempotency=keys, **options)

    def keep_render(self, task_id: str, clip: bytes) -> None:
        with self.lock:
            self.renders[task_id] = clip
            while len(self.renders) > RENDERS_KEPT:
                self.renders.pop(next(iter(self.renders)))

    def balance(self) -> tuple[float, float]:
        """(remaining, used) dollars: each accepted task costs its estimate; refused ones are refunded. The
        account is topped up each day: the tasks of the last 24 hours count, so a long-lived sandbox reaches
        the API's $0.05 floor (402 on every call) only on a day it spends it all."""
        since = self.clock() - 24 * 3600
        used = sum(t.cost for t in self.tasks.values() if t.behaviour not in ENDINGS and t.created >= since)
        return round(self.start_balance - used, 4), round(used, 4)


# How a task that is made to end without a video ends, half way through its time (prompt markers); its
# message in each `language` the status call may ask for (English for any other).
ENDINGS = {
    "fail": (
        "failed",
        "nsfw_content_detected",
        "moderation_error",
        {
            "en": "The request was refused by the content policy (sandbox [sim:fail]).",
            "zh": "请求被内容政策拒绝（沙盒 [sim:fail]）。",
        },
    ),
    "cancel": (
        "cancelled",
        "cancelled",
        "task_cancelled",
        {
            "en": "The provider cancelled the task (sandbox [sim:cancel]).",
            "zh": "服务商取消了任务（沙盒 [sim:cancel]）。",
        },
    ),
}


def task_view(task: SimTask, state: SimulatorState, base_url: str, language: str = "en") -> dict:
    """The task as GET /v1/tasks/{id} shows it now (by the state's clock), its messages in `language`."""
    period = state.complete_after
    elapsed = state.clock() - task.created
    view: dict = {"id": task.id, "created": int(task.created), "estimated_time": int(period) or 1}
    if task.behaviour in ENDINGS and elapsed >= period / 2:
        status, code, kind, messages = ENDINGS[task.behaviour]
        message = messages.get(language, messages["en"])
        view.update(status=status, progress=0, cost=0, error={"code": code, "type": kind, "message": message})
    elif task.behaviour != "stuck" and elapsed >= period:
        done = task.created + period
        url = f"{base_url}/files/videos/{task.id}.mp4"
        view.update(
            status="completed",
            progress=100,
            completed=int(done),
            actual_time=int(period),
            cost=task.cost,
            credits_cost=round(task.cost * 10, 4),
            result={
                "videos": [
                    {
                        "url": url if task.behaviour == "url-string" else [url],
                        "expires_at": int(done + state.link_ttl),
                    }
                ]
            },
        )
        if task.payload.get("model") == prompt_help.MODEL:  # words, not a video
            view["result"] = {"prompt": better_prompt(task.payload)}
    elif elapsed < min(2.0, period * 0.15):
        view.update(status="pending", progress=0)
    else:
        progress = 99 if task.behaviour == "stuck" else min(99, int(100 * elapsed / period))
        view.update(status="processing", progress=max(1, progress))
    return view
