"""Batches in the store: each batch's state and limit, and its rows waiting to be sent, so a restart resumes
where the queue stood. A row is sent as an intent under its own key (`vb-<batch>-<row>-<attempt>`): what
became of it is read from that intent, like any task."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from videogen.i18n import Note, words
from videogen.request import GenerationRequest
from videogen.tasks.database import Database
from videogen.tasks.tables import Tables, Where, insert


class BatchState(StrEnum):
    RUNNING = "running"  # its rows are sent in turn, under the limit
    PAUSED = "paused"  # by the user
    STOPPED = "stopped"  # by the queue itself: the budget cap, the balance, the key (`reason` says)
    DONE = "done"  # every row was sent or refused


class RowState(StrEnum):
    WAITING = "waiting"
    SENT = "sent"  # its intent is recorded: the task (or the unknown outcome) is in History
    REFUSED = "refused"  # the API refused it for good (its intent says why)


@dataclass(frozen=True)
class Batch:
    id: int
    name: str
    state: str
    per_minute: int
    created_at: float
    simulated: bool
    reason: str | None  # a stored note: why it stopped
    rows: int = 0
    waiting: int = 0
    estimate: float = 0.0  # of every row
    language: str = "en"  # of the person who queued it: its tasks are followed in it
    owner: str | None = None  # the signed-in person who queued it: its tasks are theirs

    @property
    def reason_text(self) -> str | None:
        return words(self.reason)

    @property
    def sent(self) -> int:
        return self.rows - self.waiting


@dataclass(frozen=True)
class BatchRow:
    batch_id: int
    number: int
    request: GenerationRequest
    estimate: float
    attempt: int
    idempotency_key: str | None
    not_before: float
    state: str
    sent_at: float | None
    reason: str | None = None  # a stored note: why it was refused before it became an intent

    def key(self) -> str:
        """The idempotency key of this row's current attempt."""
        return f"vb-{self.batch_id}-{self.number}-{self.attempt}"


# Each column named as the dataclass field it fills: rows are read by name, never by position.
BATCH_OWN = (
    "b.id AS id, b.name AS name, b.state AS state, b.per_minute AS per_minute, b.created_at AS created_at, "
    "b.simulated AS simulated, b.reason AS reason, b.language AS language, b.owner AS owner"
)
BATCH_COLUMNS = (  # with its rows' counts
    f"{BATCH_OWN}, COUNT(r.number) AS rows, SUM(CASE WHEN r.state = 'waiting' THEN 1 ELSE 0 END) AS waiting, "
    "COALESCE(SUM(r.estimate), 0) AS estimate"
)
ROW_COLUMNS = "batch_id, number, body, estimate, attempt, idempotency_key, not_before, state, sent_at, reason"


def _batch(row) -> Batch:
    found = {name: row[name] for name in row.keys()}
    found.update(
        simulated=bool(found["simulated"]), waiting=found.get("waiting") or 0, language=found["language"] or "en"
    )
    return Batch(**found)


def _row(row) -> BatchRow:
    found = {name: row[name] for name in row.keys()}
    found.update(request=GenerationRequest.from_json(found.pop("body")), estimate=found["estimate"] or 0.0)
    return BatchRow(**found)


class BatchQueue:
    """The batches and their rows (the same database as the tasks: `BatchQueue(store.tables)`)."""

    def __init__(self, where: Tables | Path | str | Database):
        self.tables = Tables.of(where)

    def create(
        self,
        name: str,
        rows: list[tuple[int, GenerationRequest, float]],
        *,
        per_minute: int,
        session_id: str | None = None,
        simulated: bool = False,
        language: str = "en",
        owner: str | None = None,
    ) -> int:
        """Queue a batch, running: (row number, valid request, estimate) each. Returns its id."""
        now = time.time()
        with self.tables.transaction() as db:
            batch = {
                "name": name,
                "state": BatchState.RUNNING,
                "per_minute": int(per_minute),
                "created_at": now,
                "updated_at": now,
                "session_id": session_id,
                "simulated": int(simulated),
                "language": language,
                "owner": owner,
            }
            batch_id = insert(db, "batches", batch, returning="id").fetchone()[0]
            db.executemany(
                "INSERT INTO batch_rows (batch_id, number, body, estimate) VALUES (?, ?, ?, ?)",
                [(batch_id, number, request.to_json(), estimate) for number, request, estimate in rows],
            )
        assert batch_id is not None
        return int(batch_id)

    def batches(self, *, simulated: bool | None = None, owner: str | None = None) -> list[Batch]:
        """The batches of a backend (and of one signed-in person, when given), newest first."""
        where = Where().when("b.simulated = ?", simulated).when("b.owner = ?", owner)
        with self.tables.connection() as db:
            rows = db.execute(
                f"SELECT {BATCH_COLUMNS} FROM batches b LEFT JOIN batch_rows r ON r.batch_id = b.id{where.sql()} "
                "GROUP BY b.id ORDER BY b.id DESC",
                where.args,
            ).fetchall()
        return [_batch(r) for r in rows]

    def batch(self, batch_id: int) -> Batch | None:
        with self.tables.connection() as db:
            row = db.execute(
                f"SELECT {BATCH_COLUMNS} FROM batches b LEFT JOIN batch_rows r ON r.batch_id = b.id "
                "WHERE b.id = ? GROUP BY b.id",
                (batch_id,),
            ).fetchone()
        return _batch(row) if row is not None else None

    def rows(self, batch_id: int) -> list[BatchRow]:
        with self.tables.connection() as db:
            rows = db.execute(
                f"SELECT {ROW_COLUMNS} FROM batch_rows WHERE batch_id = ? ORDER BY number", (batch_id,)
            ).fetchall()
        return [_row(r) for r in rows]

    def set_state(self, batch_id: int, state: BatchState, reason: Note | None = None) -> None:
        with self.tables.connection() as db:
            db.execute(
                "UPDATE batches SET state = ?, reason = ?, updated_at = ? WHERE id = ?",
                (state, reason.stored() if reason else None, time.time(), batch_id),
            )

    def next_row(self, *, simulated: bool) -> tuple[Batch, BatchRow] | None:
        """The first waiting row of the oldest running batch of this backend (batches go one at a time, in
        order; the row may have to wait until its `not_before`). A running batch with nothing left is done."""
        while True:
            with self.tables.connection() as db:
                batch_row = db.execute(
                    f"SELECT {BATCH_OWN} FROM batches b WHERE b.state = ? AND b.simulated = ? ORDER BY b.id LIMIT 1",
                    (BatchState.RUNNING, int(simulated)),
                ).fetchone()
                if batch_row is None:
                    return None
                batch = _batch(batch_row)  # its counts are not needed to send (and would cost a scan per row)
                row = db.execute(
                    f"SELECT {ROW_COLUMNS} FROM batch_rows WHERE batch_id = ? AND state = ? ORDER BY number LIMIT 1",
                    (batch.id, RowState.WAITING),
                ).fetchone()
            if row is not None:
                return batch, _row(row)
            self.set_state(batch.id, BatchState.DONE)

    def mark_row(
        self, row: BatchRow, state: RowState, *, sent_at: float | None = None, reason: Note | None = None
    ) -> None:
        """The row's attempt went out (`sent`, with its key) or was refused for good (its intent, or
        `reason` when it never became one, says why)."""
        with self.tables.connection() as db:
            db.execute(
                "UPDATE batch_rows SET state = ?, idempotency_key = ?, sent_at = COALESCE(?, sent_at), reason = ? "
                "WHERE batch_id = ? AND number = ?",
                (state, row.key(), sent_at, reason.stored() if reason else None, row.batch_id, row.number),
            )

    def retry_later(self, row: BatchRow, not_before: float, *, sent_at: float | None = None) -> None:
        """The attempt made no task (rate limited, or the queue stopped): the row waits, under a new key."""
        with self.tables.connection() as db:
            db.execute(
                "UPDATE batch_rows SET attempt = attempt + 1, not_before = ?, sent_at = COALESCE(?, sent_at) "
                "WHERE batch_id = ? AND number = ?",
                (not_before, sent_at, row.batch_id, row.number),
            )

    def hold_sending(self, owner: str, *, lease: float, now: float) -> bool:
        """Whether `owner` may send the queue now: it takes (or renews) the one hold on sending until `now +
        lease`, unless another owner holds it unexpired. Replicas share the store: one sends, so the batch's
        requests per minute are the team's, not each replica's."""
        with self.tables.connection() as db:
            row = db.execute(
                "INSERT INTO holds (name, owner, held_until) VALUES ('batches', :owner, :until) "
                "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, held_until = excluded.held_until "
                "WHERE holds.owner = excluded.owner OR holds.held_until < :now RETURNING owner",
                {"owner": owner, "until": now + lease, "now": now},
            ).fetchone()
        return row is not None

    def let_go(self, owner: str | None = None) -> None:
        """Give up the hold on sending (`owner`'s; anyone's when None: one process alone after a restart)."""
        with self.tables.connection() as db:
            if owner is None:
                db.execute("DELETE FROM holds WHERE name = 'batches'")
            else:
                db.execute("DELETE FROM holds WHERE name = 'batches' AND owner = ?", (owner,))

    def recent_sends(self, limit: int) -> list[float]:
        """The times of the latest sends of any batch: the rate window survives a restart."""
        with self.tables.connection() as db:
            rows = db.execute(
                "SELECT sent_at FROM batch_rows WHERE sent_at IS NOT NULL ORDER BY sent_at DESC LIMIT ?", (limit,)
            ).fetchall()
        return [r[0] for r in rows]
