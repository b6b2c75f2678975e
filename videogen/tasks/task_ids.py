"""What a task id looks like, and asking the API once whether it knows an id before it is kept."""

from __future__ import annotations

import re

from videogen.provider.errors import ApiError, NotFoundError
from videogen.provider.protocol import Task, VideoProvider

# APIMart's ids look like task_01KG1Q38PBV1RJ2C033ZS9RYF7; relays may use other letters, never spaces
# or punctuation beyond - and _.
TASK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{5,127}")


class TaskIdRefused(ValueError):
    """The id is not kept; `code` is `malformed`, `not_found` or `unchecked`, `message` says what to do."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


def well_formed(text: str) -> str:
    """The id without surrounding space; raises TaskIdRefused when it cannot be a task id."""
    task_id = (text or "").strip()
    if not TASK_ID.fullmatch(task_id):
        raise TaskIdRefused(
            "malformed",
            f"{task_id[:40]!r} is not a task id: ids look like "
            "task_01KG1Q38PBV1RJ2C033ZS9RYF7 (letters, digits, - and _). Copy it again from your "
            "APIMart dashboard.",
        )
    return task_id


def confirmed(client: VideoProvider, text: str) -> Task:
    """The task, when the id is well formed and the API knows it (asked once). Raises TaskIdRefused."""
    task_id = well_formed(text)
    try:
        return client.get_task(task_id)
    except NotFoundError:
        raise TaskIdRefused(
            "not_found",
            f"The API does not know the task {task_id}: check the id (and that it was made with this API key).",
        ) from None
    except ApiError as error:
        raise TaskIdRefused(
            "unchecked", f"The id could not be checked now, so it was not added: {error.message} {error.next_step}"
        ) from None
