"""The task store (SQLite or PostgreSQL): every intent before its POST, then its task id, status, result and saved video."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from videogen.i18n import Note
from videogen.money.budget import Budget
from videogen.tasks.database import (
    Database,
    DatabaseUnavailable,  # noqa: F401 - re-exported: the UI says a database is down
)
from videogen.tasks.listing import TaskListing
from videogen.tasks.preferences import Preferences
from videogen.tasks.schema import EXPORT_FIELDS, Origin, TaskRecord  # noqa: F401 - re-exported
from videogen.tasks.spending import Spending, committed
from videogen.tasks.states import SUBMITTED_NOT_POLLED, TaskState
from videogen.tasks.tables import COLUMNS, LIST_COLUMNS, Tables, insert, record
from videogen.tasks.tracking import Tracking

# What following a task learnt: carried over when a hand-added row merges into the request it came from.
FOLLOWED_FIELDS = (
    "status",
    "progress",
    "video_urls",
    "expires_at",
    "video_path",
    "billed_cost",
    "billed_credits",
    "completed_at",
    "save_error",
    "poll_error",
    "estimated_time",
)


@dataclass(frozen=True)
class NewIntent:
    """An intent about to be written: its key, the API body, its estimate and where it comes from."""

    key: str
    payload: dict
    estimated_cost: float | None
    origin: Origin = Origin()
    thumbnail: bytes | None = None
    content_key: str | None = None
    columns: dict | None = None
    group_id: str | None = None
    redo_of: str | None = None
    film_id: str | None = None  # a film's shot: the film and its place in it
    shot: int | None = None
    waiting: bool = False  # a shot that continues another: recorded now, sent when that one's video is saved


class RepeatOfRecent(Exception):
    """A request equal to one sent moments ago (another tab, another person on the team) was about to be
    written: refused inside the write's own transaction, so two clicks a millisecond apart make one task."""

    def __init__(self, earlier: TaskRecord):
        super().__init__(earlier.idempotency_key)
        self.earlier = earlier


@dataclass(frozen=True)
class RepeatGuard:
    """Refuse the write when a request with this content was sent within `within` seconds."""

    content_key: str
    within: float


class TaskStore:
    """Every request and task: written before its POST (here), followed to a saved video (`tracking`), listed and
    counted (`listing`), summed as money (`money`); the studio's shared settings (`preferences`). Its parts share one
    database object (`tables`): the batches, films and recipes are made on it too (`BatchQueue(store.tables)`)."""

    def __init__(self, where: Tables | Path | str | Database):
        self.tables = Tables.of(where)
        self.listing = TaskListing(self.tables)
        self.money = Spending(self.tables)
        self.preferences = Preferences(self.tables)
        self.tracking = Tracking(self.tables)

    @property
    def where(self) -> Path | str | Database:
        """What opens this store again (a restart)."""
        return self.tables.where

    @property
    def database(self) -> Database:
        return self.tables.database

    @property
    def path(self) -> Path | None:
        return self.tables.path

    @property
    def location(self) -> str:
        return self.tables.location

    def kept(self, key: str) -> TaskRecord:
        """The record of an intent this store has just written (it cannot be missing)."""
        found = self.listing.by_key(key)
        if found is None:
            raise LookupError(f"no record under {key}")
        return found

    # --- intents and their outcome ---------------------------------------------------
    def record_intent(
        self,
        key: str,
        payload: dict,
        *,
        estimated_cost: float | None,
        origin: Origin = Origin(),
        thumbnail: bytes | None = None,
        content_key: str | None = None,
        columns: dict | None = None,
    ) -> tuple[TaskRecord, bool]:
        """Write the intent BEFORE its POST. Returns (row, True) when new, (existing row, False) when
        this key was recorded already: then the caller must not POST again. `columns` gives the listed
        settings in the app's words (models name their fields differently); else the payload's are used."""
        row = NewIntent(key, payload, estimated_cost, origin, thumbnail, content_key, columns)
        return self.record_intents([row])[0]

    def record_intents(
        self, rows: list[NewIntent], *, budget: Budget | None = None, repeat: RepeatGuard | None = None
    ) -> list[tuple[TaskRecord, bool]]:
        """Write several intents at once, all or none (the variations of one submit). With a budget, the
        day's committed estimates are counted in the same write transaction as the insert, so two sessions
        submitting at once are serialised and never cross the cap together: `OverBudget` is raised and
        nothing is written when these would cross it. With a repeat guard, the same transaction looks for an
        equal request sent moments ago: `RepeatOfRecent` is raised and nothing is written when there is one."""
        now = time.time()
        with self.tables.transaction() as db:
            keys = [row.key for row in rows]
            known = {
                r[0]
                for r in db.execute(
                    f"SELECT idempotency_key FROM tasks WHERE idempotency_key IN ({', '.join('?' * len(keys))})",
                    keys,
                )
            }
            if repeat is not None and not known:
                earlier = self._recent_same(db, repeat.content_key, repeat.within, keys)
                if earlier is not None:
                    raise RepeatOfRecent(earlier)
            if budget is not None:
                asked = sum(row.estimated_cost or 0.0 for row in rows if row.key not in known)
                if asked > 0:  # nothing new asked (every key known): nothing to refuse
                    budget.check(committed(db, budget.since, budget.simulated), asked)
            created = {row.key: self._insert(db, row, now) for row in rows}
            found = db.execute(
                f"SELECT {COLUMNS} FROM tasks WHERE idempotency_key IN ({', '.join('?' * len(keys))})", keys
            ).fetchall()
        by_key = {r["idempotency_key"]: record(r) for r in found}
        return [(by_key[key], created[key]) for key in keys]

    @staticmethod
    def _insert(db, row: NewIntent, now: float) -> bool:
        payload = row.payload
        urls = payload.get("image_urls") or []
        shown = {
            "duration": payload.get("duration"),
            "aspect_ratio": payload.get("aspect_ratio"),
            "resolution": payload.get("resolution"),
            "image_url": urls[0] if urls else None,
            **(row.columns or {}),
        }
        values = {
            "idempotency_key": row.key,
            "state": TaskState.WAITING if row.waiting else TaskState.INTENT,
            "model": payload["model"],
            "prompt": payload.get("prompt", ""),
            **{name: shown[name] for name in ("duration", "aspect_ratio", "resolution", "image_url")},
            "payload": json.dumps(payload),
            "created_at": now,
            "updated_at": now,
            "estimated_cost": row.estimated_cost,
            "session_id": row.origin.session_id,
            "source": row.origin.source,
            "reference_thumbnail": row.thumbnail,
            "content_key": row.content_key,
            "simulated": int(row.origin.simulated),
            "group_id": row.group_id,
            "redo_of": row.redo_of,
            "language": row.origin.language,
            "owner": row.origin.owner,
            "film_id": row.film_id,
            "shot": row.shot,
        }
        cursor = insert(db, "tasks", values, ignore=True)
        return cursor.rowcount == 1

    def mark_submitted(self, key: str, task_id: str) -> None:
        now = time.time()
        self.tables.update(
            "idempotency_key = ?",
            (key,),
            state=TaskState.SUBMITTED,
            task_id=task_id,
            status=SUBMITTED_NOT_POLLED,
            submitted_at=now,
            error=None,
        )

    def mark_unknown(self, key: str, note: Note) -> None:
        self.tables.update("idempotency_key = ?", (key,), state=TaskState.UNKNOWN, error=note.stored())

    def mark_rejected(self, key: str, note: Note) -> None:
        self.tables.update("idempotency_key = ?", (key,), state=TaskState.REJECTED, error=note.stored())

    def release_waiting(self, key: str, payload: dict, image_url: str | None) -> bool:
        """A waiting shot about to be sent, with the body it now has (its first frame uploaded): True for the
        one caller that moved it from waiting to intent (two replicas advancing the same film: one sends)."""
        return (
            self.tables.update(
                "idempotency_key = ? AND state = ?",
                (key, TaskState.WAITING),
                state=TaskState.INTENT,
                payload=json.dumps(payload),
                image_url=image_url,
                created_at=time.time(),
            )
            == 1
        )

    def hold_back(self, key: str, note: Note) -> bool:
        """A waiting shot that will not be sent (the shot it continues ended without a video, or its last
        frame cannot be read): rejected with why, and no longer counted against the cap."""
        return (
            self.tables.update(
                "idempotency_key = ? AND state = ?",
                (key, TaskState.WAITING),
                state=TaskState.REJECTED,
                error=note.stored(),
            )
            == 1
        )

    def set_keeper(self, key: str, keeper: bool) -> None:
        """Star a saved video as a keeper (or take the star off)."""
        self.tables.update("idempotency_key = ?", (key,), keeper=int(keeper))

    def film_shots(self, film_id: str) -> list[TaskRecord]:
        """The tasks of a film's shots, in the film's order (the newest of a shot rendered again last)."""
        with self.tables.connection() as db:
            rows = db.execute(f"SELECT {COLUMNS} FROM tasks WHERE film_id = ? ORDER BY shot, id", (film_id,)).fetchall()
        return [record(r) for r in rows]

    def recent_same(self, content_key: str, *, within: float, other_than: str | None = None) -> TaskRecord | None:
        """The newest request with this content sent from any session in the last `within` seconds that
        may have made a task (not refused, not dismissed): a repeat of it would pay twice."""
        with self.tables.connection() as db:
            return self._recent_same(db, content_key, within, [other_than or ""])

    def _recent_same(self, db, content_key: str, within: float, other_than: list[str]) -> TaskRecord | None:
        row = db.execute(
            f"SELECT {LIST_COLUMNS} FROM tasks WHERE content_key = ? AND created_at >= ? AND "
            f"idempotency_key NOT IN ({', '.join('?' * len(other_than))}) AND state IN (?, ?, ?) "
            "ORDER BY created_at DESC LIMIT 1",
            (content_key, time.time() - within, *other_than, TaskState.INTENT, TaskState.SUBMITTED, TaskState.UNKNOWN),
        ).fetchone()
        return record(row) if row is not None else None

    def reconcile(self, key: str, task_id: str) -> str:
        """An unknown outcome resolved by the user: this is the task the POST created. When History
        already follows that id as a task added by hand, the two rows become one (the request's, which
        knows the settings and the estimate), so it is counted once. Returns `linked`, `merged`, `taken`
        (the id belongs to another request) or `settled` (this request's outcome is already known); on
        the last two nothing changed."""
        task_id = task_id.strip()
        with self.tables.transaction() as db:
            mine = db.execute("SELECT state FROM tasks WHERE idempotency_key = ?", (key,)).fetchone()
            other = db.execute(f"SELECT {COLUMNS} FROM tasks WHERE task_id = ?", (task_id,)).fetchone()
            if other is not None and other["idempotency_key"] == key:
                return "linked"
            if mine is None or mine["state"] not in (TaskState.UNKNOWN, TaskState.INTENT):
                return "settled"
            if other is not None and other["source"] != "added":
                return "taken"
            now = time.time()
            carried = (
                {name: other[name] for name in FOLLOWED_FIELDS}
                if other is not None
                else {"status": "submitted", "progress": 0}
            )
            if other is not None:
                db.execute("DELETE FROM tasks WHERE id = ?", (other["id"],))
            sets = dict(
                carried, state=TaskState.SUBMITTED, task_id=task_id, submitted_at=now, error=None, updated_at=now
            )
            db.execute(
                f"UPDATE tasks SET {', '.join(f'{k} = :{k}' for k in sets)} "
                "WHERE idempotency_key = :key AND state IN (:unknown, :intent)",
                {**sets, "key": key, "unknown": TaskState.UNKNOWN, "intent": TaskState.INTENT},
            )
        return "merged" if other is not None else "linked"

    def dismiss(self, key: str) -> None:
        self.tables.update(
            "idempotency_key = ? AND state IN (?, ?)",
            (key, TaskState.UNKNOWN, TaskState.INTENT),
            state=TaskState.DISMISSED,
        )

    def recover_interrupted(self, older_than: float = 60.0) -> int:
        """Intents left without an answer by a crash or a stop become `unknown`, so the user sees them."""
        return self.tables.update(
            "state = ? AND created_at < ?",
            (TaskState.INTENT, time.time() - older_than),
            state=TaskState.UNKNOWN,
            error=Note("submit.interrupted").stored(),
        )

    def add_task(
        self,
        task_id: str,
        *,
        model: str = "",
        prompt: str = "",
        session_id: str | None = None,
        simulated: bool = False,
        owner: str | None = None,
        created: float | None = None,
    ) -> TaskRecord:
        """A task created elsewhere, to be tracked here. Adding a known id again changes nothing. `created`:
        when the API says it was made (its day is the day it counts for), else now."""
        now = time.time()
        made = float(created) if created else now
        task_id = task_id.strip()
        with self.tables.connection() as db:
            added = {
                "idempotency_key": f"added:{task_id}",
                "state": TaskState.SUBMITTED,
                "task_id": task_id,
                "model": model,
                "prompt": prompt,
                "status": "submitted",
                "created_at": made,
                "updated_at": now,
                "submitted_at": made,
                "session_id": session_id,
                "source": "added",
                "simulated": int(simulated),
                "owner": owner,
            }
            insert(db, "tasks", added, ignore=True)
        found = self.listing.by_task_id(task_id)  # this row, or the one that already had the id
        if found is None:
            raise LookupError(f"no record of {task_id}")
        return found

    def remove(self, key: str) -> None:
        """Forget the local record (the remote task, if any, is untouched)."""
        with self.tables.connection() as db:
            db.execute("DELETE FROM tasks WHERE idempotency_key = ?", (key,))
