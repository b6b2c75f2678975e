"""What a task id looks like, and asking the API once whether it knows an id before it is kept."""

from __future__ import annotations

import re

from videogen.i18n import Note, NotedError
from videogen.provider.errors import ApiError, NotFoundError
from videogen.provider.protocol import Task, VideoProvider

# APIMart's ids look like task_01KG1Q38PBV1RJ2C033ZS9RYF7; relays may use other letters, never spaces
# or punctuation beyond - and _.
TASK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{5,127}")


class TaskIdRefused(NotedError, ValueError):
    """The id is not kept; `code` is `malformed`, `not_found` or `unchecked`; `message` says what to do."""

    def __init__(self, code: str, **params):
        self.code = code
        super().__init__(Note(f"task_id.{code}", params))


def well_formed(text: str) -> str:
    """The id without surrounding space; raises TaskIdRefused when it cannot be a task id."""
    task_id = (text or "").strip()
    if not TASK_ID.fullmatch(task_id):
        raise TaskIdRefused("malformed", value=repr(task_id[:40]))
    return task_id


def confirmed(client: VideoProvider, text: str) -> Task:
    """The task, when the id is well formed and the API knows it (asked once). Raises TaskIdRefused."""
    task_id = well_formed(text)
    try:
        return client.get_task(task_id)
    except NotFoundError:
        raise TaskIdRefused("not_found", task_id=task_id) from None
    except ApiError as error:
        raise TaskIdRefused("unchecked", kind=error.kind, message=error.message) from None
