"""The API's answers read into values: a task from `GET /v1/tasks/{id}`, whatever shape its fields take."""

from __future__ import annotations

from typing import Any

from videogen.provider.errors import BadResponseError
from videogen.provider.protocol import Task, TaskError, TaskStatus


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def parse_task(data: Any) -> Task:
    """A Task from the `data` object of GET /v1/tasks/{id}; accepts `url` as a string or a list."""
    if not isinstance(data, dict) or not data.get("id") or not isinstance(data.get("status"), str):
        raise BadResponseError("The task answer has no id or status.")
    urls: list[str] = []
    expiries: list[int] = []
    result = data.get("result") or {}
    videos = result.get("videos", []) if isinstance(result, dict) else []
    for video in videos if isinstance(videos, list) else []:
        found = video.get("url") if isinstance(video, dict) else video
        urls += [found] if isinstance(found, str) else [u for u in found or [] if isinstance(u, str)]
        expires = _int(video.get("expires_at")) if isinstance(video, dict) else None
        if expires:
            expiries.append(expires)
    err = data.get("error")
    error = None
    if isinstance(err, dict):
        error = TaskError(err.get("code"), str(err.get("message") or "The task failed."), err.get("type"))
    elif isinstance(err, str) and err:
        error = TaskError(None, err, None)
    cost = data.get("cost") if isinstance(data.get("cost"), (int, float)) else None
    credits = data.get("credits_cost") if isinstance(data.get("credits_cost"), (int, float)) else None
    progress = _int(data.get("progress")) or 0
    return Task(
        id=str(data["id"]),
        status=TaskStatus.of(data["status"].lower()),
        progress=max(0, min(100, progress)),
        created=_int(data.get("created")),
        completed=_int(data.get("completed")),
        estimated_time=_int(data.get("estimated_time")),
        actual_time=_int(data.get("actual_time")),
        video_urls=tuple(urls),
        expires_at=min(expiries) if expiries else None,
        error=error,
        cost=float(cost) if cost is not None else None,
        credits=float(credits) if credits is not None else None,
        prompt=result.get("prompt") if isinstance(result, dict) and isinstance(result.get("prompt"), str) else None,
    )
