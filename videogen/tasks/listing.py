"""Reading the task store: one record by key or task id, many by key, a set of variations, and the pages
and counts History lists (filtered by status, model, prompt words or session)."""

from __future__ import annotations

from videogen.provider.protocol import TaskStatus
from videogen.tasks.schema import TaskRecord
from videogen.tasks.spending import SpendingQueries
from videogen.tasks.states import SUBMITTED_NOT_POLLED, TaskState
from videogen.tasks.tables import LIST_COLUMNS


class TaskListing(SpendingQueries):
    """The store's reading side (the store is one of these)."""

    def by_key(self, key: str) -> TaskRecord | None:
        return self._one("idempotency_key = ?", key)

    def by_keys(self, keys: list[str]) -> dict[str, TaskRecord]:
        """The records of many keys at once (a batch's rows), by key; missing keys are left out."""
        found: dict[str, TaskRecord] = {}
        with self._connect() as db:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = db.execute(
                    f"SELECT {LIST_COLUMNS} FROM tasks WHERE idempotency_key IN ({', '.join('?' * len(chunk))})", chunk
                ).fetchall()
                found.update((r["idempotency_key"], self._record(r)) for r in rows)
        return found

    def group(self, group_id: str) -> list[TaskRecord]:
        """The variations of one submit, in order."""
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {LIST_COLUMNS} FROM tasks WHERE group_id = ? ORDER BY idempotency_key", (group_id,)
            ).fetchall()
        return [self._record(r) for r in rows]

    def by_task_id(self, task_id: str) -> TaskRecord | None:
        return self._one("task_id = ?", task_id)

    @staticmethod
    def _filters(
        status: str | None, model: str | None, text: str | None, session_id: str | None, owner: str | None = None
    ):
        clauses, args = [], []
        if owner is not None:  # a signed-in person sees only their own
            clauses.append("owner = ?")
            args.append(owner)
        if status:
            clauses.append(
                f"(CASE WHEN state = '{TaskState.SUBMITTED}' THEN COALESCE(status, '{SUBMITTED_NOT_POLLED}') ELSE state END) = ?"
            )
            args.append(status)
        if model:
            clauses.append("model = ?")
            args.append(model)
        if text:
            clauses.append("prompt LIKE ? ESCAPE '\\'")
            args.append("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        if session_id:
            clauses.append("session_id = ?")
            args.append(session_id)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

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
        where, args = self._filters(status, model, text, session_id, owner)
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {LIST_COLUMNS} FROM tasks{where} ORDER BY created_at DESC, id DESC"
                + (" LIMIT ? OFFSET ?" if limit is not None else ""),  # no limit: every row, from the first
                (*args, limit, offset) if limit is not None else tuple(args),
            ).fetchall()
        return [self._record(r) for r in rows]

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
        clauses: list[str] = ["video_path IS NOT NULL"]
        args: list[object] = []
        for clause, value in (("model = ?", model), ("created_at >= ?", since), ("created_at < ?", until)):
            if value is not None:
                clauses.append(clause)
                args.append(value)
        if keepers:
            clauses.append("keeper = 1")
        if owner is not None:
            clauses.append("owner = ?")
            args.append(owner)
        if simulated is not None:
            clauses.append("simulated = ?")
            args.append(int(simulated))
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {LIST_COLUMNS} FROM tasks WHERE {' AND '.join(clauses)} "
                "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                (*args, limit, offset),
            ).fetchall()
        return [self._record(r) for r in rows]

    def video_models(self, *, owner: str | None = None, simulated: bool | None = None) -> list[str]:
        """The models that made saved videos (the Gallery's filter)."""
        query = "SELECT DISTINCT model FROM tasks WHERE video_path IS NOT NULL"
        args: list[object] = []
        if owner is not None:
            query += " AND owner = ?"
            args.append(owner)
        if simulated is not None:
            query += " AND simulated = ?"
            args.append(int(simulated))
        with self._connect() as db:
            return sorted(r[0] for r in db.execute(query, args).fetchall() if r[0])

    def waits(self, *, simulated: bool | None = None, newest: int = 2000) -> dict[str, list[float]]:
        """Seconds from submit to a finished video, by model, over the newest finished tasks of the whole studio
        (how long a model takes here: the "which model" table's typical wait)."""
        query = (
            "SELECT model, completed_at - submitted_at FROM tasks WHERE status = ? AND completed_at IS NOT NULL "
            "AND submitted_at IS NOT NULL"
        )
        args: list[object] = [str(TaskStatus.COMPLETED)]
        if simulated is not None:
            query += " AND simulated = ?"
            args.append(int(simulated))
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY created_at DESC LIMIT ?", (*args, newest)).fetchall()
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
        where, args = self._filters(status, model, text, session_id, owner)
        with self._connect() as db:
            return db.execute(f"SELECT COUNT(*) FROM tasks{where}", args).fetchone()[0]
