"""Reading the task store: one record by key or task id, many by key, a set of variations, and the pages
and counts History lists (filtered by status, model, prompt words or session)."""

from __future__ import annotations

from videogen.provider.protocol import TaskStatus
from videogen.tasks.schema import TaskRecord
from videogen.tasks.states import SUBMITTED_NOT_POLLED, TaskState
from videogen.tasks.tables import LIST_COLUMNS, Tables, Where, record

# A task's status as History shows it: a submitted task by what the API last said, any other by its state.
SHOWN_STATUS = (
    f"(CASE WHEN state = '{TaskState.SUBMITTED}' THEN COALESCE(status, '{SUBMITTED_NOT_POLLED}') ELSE state END)"
)


def _filters(
    status: str | None, model: str | None, text: str | None, session_id: str | None, owner: str | None = None
) -> Where:
    """History's filters (a signed-in person sees only their own)."""
    words = None
    if text:
        words = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return (
        Where()
        .when("owner = ?", owner)
        .when(f"{SHOWN_STATUS} = ?", status or None)
        .when("model = ?", model or None)
        .when("prompt LIKE ? ESCAPE '\\'", words)
        .when("session_id = ?", session_id or None)
    )


class TaskListing:
    """Reading the tasks table (a store's `listing`)."""

    def __init__(self, tables: Tables):
        self.tables = tables

    def by_key(self, key: str) -> TaskRecord | None:
        return self.tables.one("idempotency_key = ?", key)

    def by_keys(self, keys: list[str]) -> dict[str, TaskRecord]:
        """The records of many keys at once (a batch's rows), by key; missing keys are left out."""
        found: dict[str, TaskRecord] = {}
        with self.tables.connection() as db:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = db.execute(
                    f"SELECT {LIST_COLUMNS} FROM tasks WHERE idempotency_key IN ({', '.join('?' * len(chunk))})", chunk
                ).fetchall()
                found.update((r["idempotency_key"], record(r)) for r in rows)
        return found

    def group(self, group_id: str) -> list[TaskRecord]:
        """The variations of one submit, in order."""
        with self.tables.connection() as db:
            rows = db.execute(
                f"SELECT {LIST_COLUMNS} FROM tasks WHERE group_id = ? ORDER BY idempotency_key", (group_id,)
            ).fetchall()
        return [record(r) for r in rows]

    def by_task_id(self, task_id: str) -> TaskRecord | None:
        return self.tables.one("task_id = ?", task_id)

    def page(
        self,
        *,
        offset: int = 0,
        limit: int | None = 50,
        status: str | None = None,
        model: str | None = None,
        text: str | None = None,
        session_id: str | None = None,
        owner: str | None = None,
    ) -> list[TaskRecord]:
        where = _filters(status, model, text, session_id, owner)
        with self.tables.connection() as db:
            rows = db.execute(
                f"SELECT {LIST_COLUMNS} FROM tasks{where.sql()} ORDER BY created_at DESC, id DESC"
                + (" LIMIT ? OFFSET ?" if limit is not None else ""),  # no limit: every row, from the first
                (*where.args, limit, offset) if limit is not None else tuple(where.args),
            ).fetchall()
        return [record(r) for r in rows]

    def videos(
        self,
        *,
        offset: int = 0,
        limit: int = 24,
        owner: str | None = None,
        simulated: bool | None = None,
        model: str | None = None,
        since: float | None = None,
        until: float | None = None,
        keepers: bool = False,
    ) -> list[TaskRecord]:
        """The saved videos, newest first (the Gallery): of one signed-in person, of one backend when given; of
        one model, made between two times, starred only."""
        where = (
            Where()
            .always("video_path IS NOT NULL")
            .when("model = ?", model)
            .when("created_at >= ?", since)
            .when("created_at < ?", until)
            .when("keeper = ?", 1 if keepers else None)
            .when("owner = ?", owner)
            .when("simulated = ?", simulated)
        )
        with self.tables.connection() as db:
            rows = db.execute(
                f"SELECT {LIST_COLUMNS} FROM tasks{where.sql()} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                (*where.args, limit, offset),
            ).fetchall()
        return [record(r) for r in rows]

    def video_models(self, *, owner: str | None = None, simulated: bool | None = None) -> list[str]:
        """The models that made saved videos (the Gallery's filter)."""
        where = Where().always("video_path IS NOT NULL").when("owner = ?", owner).when("simulated = ?", simulated)
        with self.tables.connection() as db:
            found = db.execute(f"SELECT DISTINCT model FROM tasks{where.sql()}", where.args).fetchall()
        return sorted(r[0] for r in found if r[0])

    def waits(self, *, simulated: bool | None = None, newest: int = 2000) -> dict[str, list[float]]:
        """Seconds from submit to a finished video, by model, over the newest finished tasks of the whole studio
        (how long a model takes here: the "which model" table's typical wait)."""
        where = (
            Where()
            .always("status = ?", str(TaskStatus.COMPLETED))
            .always("completed_at IS NOT NULL AND submitted_at IS NOT NULL")
            .when("simulated = ?", simulated)
        )
        with self.tables.connection() as db:
            rows = db.execute(
                f"SELECT model, completed_at - submitted_at FROM tasks{where.sql()} ORDER BY created_at DESC LIMIT ?",
                (*where.args, newest),
            ).fetchall()
        found: dict[str, list[float]] = {}
        for model, seconds in rows:
            if seconds is not None and seconds >= 0:
                found.setdefault(model, []).append(float(seconds))
        return found

    def count(
        self,
        *,
        status: str | None = None,
        model: str | None = None,
        text: str | None = None,
        session_id: str | None = None,
        owner: str | None = None,
    ) -> int:
        where = _filters(status, model, text, session_id, owner)
        with self.tables.connection() as db:
            return db.execute(f"SELECT COUNT(*) FROM tasks{where.sql()}", where.args).fetchone()[0]
