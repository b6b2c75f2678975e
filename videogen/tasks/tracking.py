"""Following the tasks table's tasks: which need the API now, leased to one tracker at a time (replicas share a
store), and what each poll, download and save learnt (a store's `tracking`)."""

from __future__ import annotations

import json
import time

from videogen.i18n import Note
from videogen.provider.protocol import Task
from videogen.tasks.schema import TaskRecord
from videogen.tasks.states import ENDED_WITHOUT_VIDEO, NEEDS_FOLLOWING
from videogen.tasks.tables import LIST_COLUMNS, Tables, record


class Tracking:
    """The following side of the tasks table: due tasks, their leases, and what following them learnt."""

    def __init__(self, tables: Tables):
        self.tables = tables

    def update_from_api(self, task: Task) -> None:
        values = dict(status=task.status, progress=task.progress, poll_error=None, poll_failures=0, next_poll_at=0)
        if task.estimated_time:
            values["estimated_time"] = task.estimated_time
        if task.video_urls:
            values["video_urls"] = json.dumps(list(task.video_urls))
        if task.prompt is not None:
            values["result_text"] = task.prompt
        if task.expires_at:
            values["expires_at"] = task.expires_at
        if task.error:
            values["error"] = Note("task.failed", {"message": task.error.message, "code": task.error.code}).stored()
        if task.cost is not None:
            values["billed_cost"] = task.cost  # US dollars; `credits_cost` is kept apart, in credits
        if task.credits is not None:
            values["billed_credits"] = task.credits
        if task.status in ENDED_WITHOUT_VIDEO:
            values["billed_cost"] = 0.0  # refunded
        if task.finished:
            values["completed_at"] = float(task.completed or time.time())
        self.tables.update("task_id = ?", (task.id,), **values)

    def mark_poll_error(self, task_id: str, note: Note, retry_at: float) -> None:
        """A failed poll: noted and retried later. It never changes the task's status."""
        values = {"poll_error": note.stored(), "next_poll_at": retry_at, "updated_at": time.time()}
        with self.tables.connection() as db:
            db.execute(
                "UPDATE tasks SET poll_error = :poll_error, next_poll_at = :next_poll_at, "
                "updated_at = :updated_at, poll_failures = poll_failures + 1 WHERE task_id = :task_id",
                {**values, "task_id": task_id},
            )

    def mark_saved(self, task_id: str, path: str) -> None:
        self.tables.update("task_id = ?", (task_id,), video_path=path, save_error=None)

    def mark_save_failed(self, task_id: str, note: Note, retry_at: float) -> None:
        self.tables.update("task_id = ?", (task_id,), save_error=note.stored(), next_poll_at=retry_at)

    def to_track(self, now: float | None = None, *, simulated: bool | None = None) -> list[TaskRecord]:
        """Tasks that need the API now: unfinished, or completed with the video not saved while the
        link lives, and not waiting out a backoff. With `simulated`, only the sandbox's tasks or only the
        live API's: each is followed by the backend that made it."""
        now = time.time() if now is None else now
        which = "" if simulated is None else " AND simulated = :simulated"
        with self.tables.connection() as db:
            rows = db.execute(
                f"SELECT {LIST_COLUMNS} FROM tasks WHERE {NEEDS_FOLLOWING} AND next_poll_at <= :now" + which,
                {"now": now, "simulated": int(bool(simulated))},
            ).fetchall()
        return [record(r) for r in rows]

    def claim(
        self, owner: str, *, lease: float, now: float | None = None, simulated: bool | None = None, limit: int = 500
    ) -> list[TaskRecord]:
        """The tasks due now that no other tracker holds, leased to `owner` until `now + lease` (its own
        leases renewed), in one statement: two replicas claiming at once never get the same task. PostgreSQL
        skips rows another claim has locked (`FOR UPDATE SKIP LOCKED`); SQLite writes one at a time."""
        now = time.time() if now is None else now
        which = "" if simulated is None else " AND simulated = :simulated"
        with self.tables.connection() as db:
            db.execute(  # renewed while followed, also while a task waits out a backoff
                "UPDATE tasks SET lease_until = :until WHERE lease_owner = :owner AND lease_until >= :now "
                f"AND {NEEDS_FOLLOWING}",
                {"until": now + lease, "owner": owner, "now": now},
            )
            rows = db.execute(
                f"UPDATE tasks SET lease_owner = :owner, lease_until = :until WHERE id IN ("
                f"SELECT id FROM tasks WHERE {NEEDS_FOLLOWING} AND next_poll_at <= :now{which} "
                "AND (lease_owner IS NULL OR lease_owner = :owner OR lease_until < :now) "
                "ORDER BY next_poll_at LIMIT :limit /*FOR UPDATE SKIP LOCKED*/) "
                f"RETURNING {LIST_COLUMNS}",
                {"owner": owner, "until": now + lease, "now": now, "simulated": int(bool(simulated)), "limit": limit},
            ).fetchall()
        return [record(r) for r in rows]

    def release(self, owner: str) -> int:
        """Give up every lease of `owner` (a tracker stopping): another replica takes its tasks at once."""
        with self.tables.connection() as db:
            return db.execute(
                "UPDATE tasks SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?", (owner,)
            ).rowcount

    def has_unfinished(
        self,
        session_id: str | None = None,
        *,
        simulated: bool | None = None,
        owner: str | None = None,
        other_than: str | None = None,
    ) -> bool:
        """Whether any task (of a session; of one backend; of one signed-in person) is still being followed:
        pages refresh only while so. `other_than` (a task's key, or a set's group id) leaves out what a page
        already follows with a timer of its own."""
        query = f"SELECT 1 FROM tasks WHERE {NEEDS_FOLLOWING}"
        args = {"now": time.time(), "session": session_id, "simulated": int(bool(simulated)), "owner": owner}
        if other_than is not None:
            query += " AND idempotency_key != :other AND COALESCE(group_id, '') != :other"
            args["other"] = other_than
        if session_id is not None:
            query += " AND session_id = :session"
        if simulated is not None:
            query += " AND simulated = :simulated"
        if owner is not None:
            query += " AND owner = :owner"
        with self.tables.connection() as db:
            return db.execute(query + " LIMIT 1", args).fetchone() is not None
