"""What the task store knows about money: the estimates committed today (what the daily budget counts), the
ledger's rows and the sums History shows."""

from __future__ import annotations

from videogen.tasks.schema import TaskRecord
from videogen.tasks.states import ENDED_WITHOUT_VIDEO, TaskState, sql_list
from videogen.tasks.tables import LIST_COLUMNS, Tables, Where, record

# A request that may cost money: in flight, given a task id, or of unknown outcome (refused and dismissed
# ones made no task). Its estimate counts against the daily budget unless the task ended without a video.
# A film's waiting shots count too: the whole film is checked against the cap when it starts.
COMMITTED_STATES = (TaskState.INTENT, TaskState.SUBMITTED, TaskState.UNKNOWN, TaskState.WAITING)
NOT_REFUNDED = f"COALESCE(status, '') NOT IN ({sql_list(ENDED_WITHOUT_VIDEO)})"


def narrowed(since: float | None, simulated: bool | None, owner: str | None = None) -> Where:
    """What narrows a money query: a time, a backend (sandbox or live) and a signed-in person."""
    return Where().when("owner = ?", owner).when("created_at >= ?", since).when("simulated = ?", simulated)


def committed(db, since: float, simulated: bool) -> float:
    """Dollars asked for since a time and not refunded, on a connection (the budget's check inside a write)."""
    where = narrowed(since, simulated).always(f"state IN ({sql_list(COMMITTED_STATES)})").always(NOT_REFUNDED)
    row = db.execute(f"SELECT COALESCE(SUM(estimated_cost), 0) FROM tasks{where.sql()}", where.args).fetchone()
    return float(row[0])


class Spending:
    """The money side of the tasks table (a store's `money`)."""

    def __init__(self, tables: Tables):
        self.tables = tables

    def committed(self, since: float, *, simulated: bool) -> float:
        """Dollars asked for since a time and not refunded: every request in flight, submitted or of
        unknown outcome, at its estimate (what the daily budget counts)."""
        with self.tables.connection() as db:
            return committed(db, since, simulated)

    def ledger(
        self, *, since: float | None = None, simulated: bool | None = None, owner: str | None = None
    ) -> list[TaskRecord]:
        """Every request that reached the API or may have (not refused, not dismissed), oldest first: the
        rows of the spending ledger (of one signed-in person, when given)."""
        where = narrowed(since, simulated, owner).always(f"state IN ({sql_list(COMMITTED_STATES)})")
        with self.tables.connection() as db:
            rows = db.execute(
                f"SELECT {LIST_COLUMNS} FROM tasks{where.sql()} ORDER BY created_at, id", where.args
            ).fetchall()
        return [record(r) for r in rows]

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
        where = (
            narrowed(since, simulated, owner)
            .always(f"state IN ('{TaskState.SUBMITTED}', '{TaskState.UNKNOWN}')")
            .always(NOT_REFUNDED)
            .when("session_id = ?", session_id or None)
        )
        with self.tables.connection() as db:
            estimated, billed = db.execute(
                f"SELECT COALESCE(SUM(estimated_cost), 0), COALESCE(SUM(billed_cost), 0) FROM tasks{where.sql()}",
                where.args,
            ).fetchone()
        return float(estimated), float(billed)
