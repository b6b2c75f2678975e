"""The films table: a storyboard kept as it is edited (a draft survives a reload), and once started its state
and the joined film's file. The shots' tasks live in the tasks table (`film_id`, `shot`)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from videogen.films.storyboard import Storyboard, from_stored
from videogen.i18n import Note
from videogen.tasks.database import Database
from videogen.tasks.schema import Origin
from videogen.tasks.tables import Tables, Where, insert


class FilmState(StrEnum):
    DRAFT = "draft"  # being composed: nothing recorded, nothing paid
    RUNNING = "running"  # its shots' intents written; shots sent as they become ready
    STOPPED = "stopped"  # a shot ended without a video: what depends on it was held back
    SHOT = "shot"  # every shot's video is saved: the film can be made
    MADE = "made"  # the film's file is written


@dataclass(frozen=True)
class Film:
    id: str
    name: str
    storyboard: Storyboard
    state: str
    created_at: float
    updated_at: float
    session_id: str | None
    simulated: bool
    language: str | None
    owner: str | None
    film_path: str | None
    film_error: str | None

    @property
    def editable(self) -> bool:
        return self.state == FilmState.DRAFT


FILM_COLUMNS = (
    "id, name, storyboard, state, created_at, updated_at, session_id, simulated, language, owner, film_path, film_error"
)


class FilmStore:
    """The films table (the same database as the tasks: `FilmStore(store.tables)`)."""

    def __init__(self, where: Tables | Path | str | Database):
        self.tables = Tables.of(where)

    def save_draft(self, storyboard: Storyboard, origin: Origin, film_id: str | None = None) -> str:
        """Keep a storyboard being composed (a new one when `film_id` is None); returns its id. A film already
        started is never changed here."""
        now = time.time()
        with self.tables.connection() as db:
            if film_id is not None:
                changed = db.execute(
                    "UPDATE films SET name = ?, storyboard = ?, updated_at = ? WHERE id = ? AND state = ?",
                    (storyboard.name, storyboard.to_json(), now, film_id, FilmState.DRAFT),
                ).rowcount
                if changed:
                    return film_id
            film_id = secrets.token_hex(6)
            draft = {
                "id": film_id,
                "name": storyboard.name,
                "storyboard": storyboard.to_json(),
                "state": FilmState.DRAFT,
                "created_at": now,
                "updated_at": now,
                "session_id": origin.session_id,
                "simulated": int(origin.simulated),
                "language": origin.language,
                "owner": origin.owner,
            }
            insert(db, "films", draft)
        return film_id

    def film(self, film_id: str) -> Film | None:
        with self.tables.connection() as db:
            row = db.execute(f"SELECT {FILM_COLUMNS} FROM films WHERE id = ?", (film_id,)).fetchone()
        return _film(row) if row is not None else None

    def films(
        self, *, simulated: bool | None = None, owner: str | None = None, states: tuple[str, ...] = (), limit: int = 200
    ) -> list[Film]:
        """Films, newest first (of one backend, of one person, in some states)."""
        where = Where().when("simulated = ?", simulated).when("owner = ?", owner)
        if states:
            where.always(f"state IN ({', '.join('?' * len(states))})", *states)
        with self.tables.connection() as db:
            rows = db.execute(
                f"SELECT {FILM_COLUMNS} FROM films{where.sql()} ORDER BY created_at DESC LIMIT ?", (*where.args, limit)
            ).fetchall()
        return [_film(r) for r in rows]

    def set_state(self, film_id: str, state: str, *, only_from: tuple[str, ...] = ()) -> bool:
        """Move a film to `state` (only from one of `only_from`, when given): True when it moved."""
        query = "UPDATE films SET state = ?, updated_at = ? WHERE id = ?"
        args: list[object] = [state, time.time(), film_id]
        if only_from:
            query += f" AND state IN ({', '.join('?' * len(only_from))})"
            args += list(only_from)
        with self.tables.connection() as db:
            return db.execute(query, args).rowcount == 1

    def mark_made(self, film_id: str, path: str) -> None:
        with self.tables.connection() as db:
            db.execute(
                "UPDATE films SET state = ?, film_path = ?, film_error = NULL, updated_at = ? WHERE id = ?",
                (FilmState.MADE, path, time.time(), film_id),
            )

    def mark_film_failed(self, film_id: str, note: Note) -> None:
        with self.tables.connection() as db:
            db.execute(
                "UPDATE films SET film_error = ?, updated_at = ? WHERE id = ?", (note.stored(), time.time(), film_id)
            )

    def remove_draft(self, film_id: str) -> bool:
        with self.tables.connection() as db:
            return db.execute("DELETE FROM films WHERE id = ? AND state = ?", (film_id, FilmState.DRAFT)).rowcount == 1


def _film(row) -> Film:
    return Film(
        id=row["id"],
        name=row["name"],
        storyboard=from_stored(row["storyboard"]),
        state=row["state"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        session_id=row["session_id"],
        simulated=bool(row["simulated"]),
        language=row["language"],
        owner=row["owner"],
        film_path=row["film_path"],
        film_error=row["film_error"],
    )
