"""What the task store knows about money: the estimates committed today (what the daily budget counts),
the ledger's rows, the sums History shows, and the preferences every session shares (the cap)."""

from __future__ import annotations

import time

from videogen.tasks.schema import TaskRecord
from videogen.tasks.states import ENDED_WITHOUT_VIDEO, TaskState, sql_list
from videogen.tasks.tables import LIST_COLUMNS, StoreTables

# A request that may cost money: in flight, given a task id, or of unknown outcome (refused and dismissed
# ones made no task). Its estimate counts against the daily budget unless the task ended without a video.
# A film's waiting shots count too: the whole film is checked against the cap when it starts.
COMMITTED_STATES = (TaskState.INTENT, TaskState.SUBMITTED, TaskState.UNKNOWN, TaskState.WAITING)


def _narrowed(since: float | None, simulated: bool | None, owner: str | None = None) -> tuple[str, list]:
    """The SQL that narrows a money query to a time, a backend (sandbox or live) and a signed-in person, and
    its arguments."""
    sql, args = "", list[object]()
    if owner is not None:
        sql += " AND owner = ?"
        args.append(owner)
    if since is not None:
        sql += " AND created_at >= ?"
        args.append(since)
    if simulated is not None:
        sql += " AND simulated = ?"
        args.append(int(simulated))
    return sql, args


class SpendingQueries(StoreTables):
    """The money side of the task store (the store is one of these)."""

    @staticmethod
    def _committed(db, since: float, simulated: bool) -> float:
        row = db.execute(
            "SELECT COALESCE(SUM(estimated_cost), 0) FROM tasks WHERE created_at >= ? AND simulated = ? AND "
            f"state IN ({sql_list(COMMITTED_STATES)}) AND COALESCE(status, '') NOT IN ({sql_list(ENDED_WITHOUT_VIDEO)})",
            (since, int(simulated)),
        ).fetchone()
        return float(row[0])

    def committed(self, since: float, *, simulated: bool) -> float:
        """Dollars asked for since a time and not refunded: every request in flight, submitted or of
        unknown outcome, at its estimate (what the daily budget counts)."""
        with self._connect() as db:
            return self._committed(db, since, simulated)

    def preference(self, name: str) -> str | None:
        """A setting shared by every session (None when never set)."""
        with self._connect() as db:
            row = db.execute("SELECT value FROM preferences WHERE name = ?", (name,)).fetchone()
        return None if row is None else row[0]

    def set_preference(self, name: str, value: str | None) -> None:
        """Set a shared setting; None forgets it (the configuration applies again)."""
        with self._connect() as db:
            if value is None:
                db.execute("DELETE FROM preferences WHERE name = ?", (name,))
            else:
                db.execute(
                    "INSERT INTO preferences (name, value, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    (name, value, time.time()),
                )

    def ledger(
        self, *, since: float | None = None, simulated: bool | None = None, owner: str | None = None
    ) -> list[TaskRecord]:
        """Every request that reached the API or may have (not refused, not dismissed), oldest first: the
        rows of the spending ledger (of one signed-in person, when given)."""
        narrower, args = _narrowed(since, simulated, owner)
        query = f"SELECT {LIST_COLUMNS} FROM tasks WHERE state IN ({sql_list(COMMITTED_STATES)}){narrower}"
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY created_at, id", args).fetchall()
        return [self._record(r) for r in rows]

    def spend(
        self,
        session_id: str | None = None,
        *,
        since: float | None = None,
        simulated: bool | None = None,
        owner: str | None = None,
    ) -> tuple[float, float]:
        """(estimated, billed) dollars of tasks the API accepted: for one session, since a time, of the
        sandbox or of the live API, or all. A failed or cancelled task is refunded: it counts in neither."""
        query = (
            "SELECT COALESCE(SUM(estimated_cost), 0), COALESCE(SUM(billed_cost), 0) FROM tasks "
            f"WHERE state IN ('{TaskState.SUBMITTED}', '{TaskState.UNKNOWN}') AND COALESCE(status, '') NOT IN ({sql_list(ENDED_WITHOUT_VIDEO)})"
        )
        narrower, args = _narrowed(since, simulated, owner)
        if session_id:
            narrower += " AND session_id = ?"
            args.append(session_id)
        with self._connect() as db:
            estimated, billed = db.execute(query + narrower, args).fetchone()
        return float(estimated), float(billed)
