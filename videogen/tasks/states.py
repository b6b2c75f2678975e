"""What we know of a request (its state) and of its task (the API's status), defined once: what is terminal,
what a list shows, and the SQL that picks the tasks still to follow."""

from __future__ import annotations

from enum import StrEnum

from videogen.provider.protocol import ENDED_WITHOUT_VIDEO, TERMINAL, TaskStatus


class TaskState(StrEnum):
    """What we know of the POST that asked for a task."""

    INTENT = "intent"  # recorded, the POST is being sent
    SUBMITTED = "submitted"  # the API gave a task id
    UNKNOWN = "unknown"  # the POST may have created a task: the user must reconcile
    REJECTED = "rejected"  # the API certainly made no task (refused, or nothing was sent)
    DISMISSED = "dismissed"  # an unknown outcome the user says made no task
    WAITING = "waiting"  # a film's shot held until the shot it continues is saved: recorded, never sent yet


WITHOUT_TASK = (TaskState.INTENT, TaskState.UNKNOWN, TaskState.REJECTED, TaskState.DISMISSED, TaskState.WAITING)
SUBMITTED_NOT_POLLED = "submitted"  # shown for a task id the tracker has not asked about yet

# What a list can be filtered on: the API's statuses, and the states of a request without a task.
DISPLAY_STATUSES: tuple[str, ...] = (
    *(str(s) for s in TaskStatus),
    SUBMITTED_NOT_POLLED,
    *(str(s) for s in WITHOUT_TASK),
)


def display_status(state: str, status: str | None) -> str:
    """One word for a row: the state while there is no task, else the API's status."""
    if state in WITHOUT_TASK:
        return str(state)
    return str(status or SUBMITTED_NOT_POLLED)


def finished(status: str | None) -> bool:
    return status in TERMINAL


def ended_without_video(status: str | None) -> bool:
    return status in ENDED_WITHOUT_VIDEO


def sql_list(values) -> str:
    """An SQL list of our own vocabulary (never of user input): `'a', 'b'`."""
    return ", ".join(f"'{value}'" for value in sorted(values))


# A task the tracker still follows: the API gave it an id and it is unfinished, or it completed and its
# video is not saved yet while the link still lives (a task that made words, not a video, is done when it ends). One definition for polling and for the pages.
# `video_path IS NULL` holds for every such task (a video is saved only once its task is done): said, it lets the
# partial index `tasks_unsaved` find them without reading the tasks that are done.
NEEDS_FOLLOWING = (
    f"(state = '{TaskState.SUBMITTED}' AND video_path IS NULL AND task_id IS NOT NULL AND (status IS NULL "
    f"OR status NOT IN ({sql_list(TERMINAL)}) "
    f"OR (status = '{TaskStatus.COMPLETED}' AND video_path IS NULL AND result_text IS NULL "
    "AND (expires_at IS NULL OR expires_at > :now))))"
)


def needs_following(
    state: str, status: str | None, *, task_id: str | None, video_path: str | None, made_words: bool, link_lives: bool
) -> bool:
    """`NEEDS_FOLLOWING` for one row already read: what a page keeps asking about while it shows it."""
    if state != TaskState.SUBMITTED or video_path is not None or task_id is None:
        return False
    if status is None or status not in TERMINAL:
        return True
    return status == TaskStatus.COMPLETED and not made_words and link_lives
