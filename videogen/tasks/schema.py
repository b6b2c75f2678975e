"""The task store's schema (versioned migrations), the states of a row, and the record read from it."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from videogen.i18n import Note, words
from videogen.tasks import states

# Each entry moves the schema one version up (SQL, or a function of the connection for a change of data);
# PRAGMA user_version says where a file stands.
MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    # 1: the first schema.
    """
    CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL,
        task_id TEXT UNIQUE,
        model TEXT NOT NULL,
        prompt TEXT NOT NULL,
        duration INTEGER,
        aspect_ratio TEXT,
        resolution TEXT,
        image_url TEXT,
        payload TEXT,
        status TEXT,
        progress INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        error TEXT,
        video_urls TEXT,
        expires_at INTEGER,
        video_path TEXT,
        estimated_cost REAL
    );
    CREATE INDEX tasks_created ON tasks (created_at DESC);
    """,
    # 2: who made a task, its billed cost and thumbnail, save failures, and when to poll next.
    """
    ALTER TABLE tasks ADD COLUMN session_id TEXT;
    ALTER TABLE tasks ADD COLUMN source TEXT NOT NULL DEFAULT 'app';
    ALTER TABLE tasks ADD COLUMN billed_cost REAL;
    ALTER TABLE tasks ADD COLUMN reference_thumbnail BLOB;
    ALTER TABLE tasks ADD COLUMN submitted_at REAL;
    ALTER TABLE tasks ADD COLUMN completed_at REAL;
    ALTER TABLE tasks ADD COLUMN save_error TEXT;
    ALTER TABLE tasks ADD COLUMN poll_error TEXT;
    ALTER TABLE tasks ADD COLUMN next_poll_at REAL NOT NULL DEFAULT 0;
    ALTER TABLE tasks ADD COLUMN poll_failures INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX tasks_session ON tasks (session_id, created_at DESC);
    CREATE INDEX tasks_status ON tasks (status);
    """,
    # 3: what a request asked for, whatever session sent it (a repeat after a reload is noticed); whether
    # the sandbox made it; the API's own expected time.
    """
    ALTER TABLE tasks ADD COLUMN content_key TEXT;
    ALTER TABLE tasks ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tasks ADD COLUMN estimated_time INTEGER;
    ALTER TABLE tasks ADD COLUMN billed_credits REAL;
    CREATE INDEX tasks_content ON tasks (content_key, created_at);
    """,
    # 4: notes kept as codes and parameters, not English sentences (older sentences converted).
    lambda db: notes_as_codes(db),
    # 5: money and sets: the variations of one submit share a group; a re-render names the task it redoes;
    # preferences shared by every session (the daily budget cap); batches queued in the store, each row
    # sent under the rate limit, so a restart resumes where it stood.
    """
    ALTER TABLE tasks ADD COLUMN group_id TEXT;
    ALTER TABLE tasks ADD COLUMN redo_of TEXT;
    CREATE INDEX tasks_group ON tasks (group_id);
    CREATE TABLE preferences (name TEXT PRIMARY KEY, value TEXT, updated_at REAL NOT NULL);
    CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        state TEXT NOT NULL,
        per_minute INTEGER NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        session_id TEXT,
        simulated INTEGER NOT NULL DEFAULT 0,
        reason TEXT
    );
    CREATE TABLE batch_rows (
        batch_id INTEGER NOT NULL REFERENCES batches (id),
        number INTEGER NOT NULL,
        body TEXT NOT NULL,
        estimate REAL,
        attempt INTEGER NOT NULL DEFAULT 0,
        idempotency_key TEXT,
        not_before REAL NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'waiting',
        sent_at REAL,
        reason TEXT,
        PRIMARY KEY (batch_id, number)
    );
    CREATE INDEX batch_rows_sent ON batch_rows (sent_at);
    CREATE INDEX batch_rows_waiting ON batch_rows (batch_id, state, number);
    """,
    # 6: the language of the person who asked (en, zh): the provider's own messages about the task are
    # asked for in it while the tracker follows the task, with nobody reading.
    """
    ALTER TABLE tasks ADD COLUMN language TEXT;
    ALTER TABLE batches ADD COLUMN language TEXT;
    """,
    # 7: a lease per task: one replica follows it at a time, renewing the lease each round; a replica that
    # dies loses its leases when they expire, and another takes its tasks over.
    """
    ALTER TABLE tasks ADD COLUMN lease_owner TEXT;
    ALTER TABLE tasks ADD COLUMN lease_until REAL NOT NULL DEFAULT 0;
    CREATE INDEX tasks_following ON tasks (state, next_poll_at);
    """,
    # 8: people: with sign-in configured, each task and batch belongs to the person who asked for it.
    """
    ALTER TABLE tasks ADD COLUMN owner TEXT;
    ALTER TABLE batches ADD COLUMN owner TEXT;
    CREATE INDEX tasks_owner ON tasks (owner, created_at DESC);
    """,
    # 9: holds: work only one process may do at a time (sending the batch queue under its rate limit), held
    # by a replica until it lets go or its hold lapses.
    """
    CREATE TABLE holds (name TEXT PRIMARY KEY, owner TEXT NOT NULL, held_until REAL NOT NULL);
    """,
    # 10: films: a storyboard of shots, each shot one task (its intent written when the film starts; a shot
    # that continues another waits, recorded, until that one's video is saved), and the film joined from them.
    """
    CREATE TABLE films (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        storyboard TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        session_id TEXT,
        simulated INTEGER NOT NULL DEFAULT 0,
        language TEXT,
        owner TEXT,
        film_path TEXT,
        film_error TEXT
    );
    CREATE INDEX films_owner ON films (owner, created_at DESC);
    ALTER TABLE tasks ADD COLUMN film_id TEXT;
    ALTER TABLE tasks ADD COLUMN shot INTEGER;
    CREATE INDEX tasks_film ON tasks (film_id, shot);
    ALTER TABLE tasks ADD COLUMN keeper INTEGER NOT NULL DEFAULT 0;
    """,
    # 11: what every page run asks, found without reading every task: the tasks still followed are among those
    # without a saved video (a partial index: at 10,000 tasks "is anything unfinished?" read them all), and the
    # day's spending is summed from an index that holds every column it needs.
    """
    CREATE INDEX tasks_unsaved ON tasks (state, simulated, session_id) WHERE video_path IS NULL;
    CREATE INDEX tasks_spending ON tasks (state, simulated, created_at, status, owner, estimated_cost, billed_cost);
    """,
    # 12: recipes: requests kept by name to be made again (a person's own, with sign-in), as recipe JSON; and a
    # task's words when words are what it makes (the prompt helper's better prompt).
    """
    ALTER TABLE tasks ADD COLUMN result_text TEXT;
    CREATE TABLE recipes (
        name TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        recipe TEXT NOT NULL,
        updated_at REAL NOT NULL,
        PRIMARY KEY (owner, name)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

NOTE_COLUMNS = ("error", "poll_error", "save_error")
# Sentences older versions wrote, and the code each one is now (anything else is kept word for word).
_OLD_SENTENCES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"The app stopped before the API answered: the task may exist\..*", re.S), "submit.interrupted"),
    (re.compile(r"The app failed while sending: the task may exist\. Check History\."), "submit.app_failed"),
    (re.compile(r"Saving the video failed \((?P<reason>\w+)\); retrying\.( The link expires .*)?"), "save.failed"),
]


def old_sentence(text: str) -> Note:
    """The note an older version's sentence stands for."""
    for pattern, code in _OLD_SENTENCES:
        match = pattern.fullmatch(text)
        if match:
            return Note(code, {k: v for k, v in match.groupdict().items() if v is not None})
    return Note("text", {"text": text})


def notes_as_codes(db: sqlite3.Connection) -> None:
    rows = db.execute(f"SELECT id, {', '.join(NOTE_COLUMNS)} FROM tasks").fetchall()
    for row in rows:
        changes = {}
        for number, column in enumerate(NOTE_COLUMNS, start=1):
            value = row[number]
            if value and not value.startswith("{"):
                changes[column] = old_sentence(value).stored()
        if changes:
            sets = ", ".join(f"{column} = ?" for column in changes)
            db.execute(f"UPDATE tasks SET {sets} WHERE id = ?", (*changes.values(), row[0]))


EXPORT_FIELDS = (
    "task_id",
    "state",
    "status",
    "progress",
    "model",
    "prompt",
    "duration",
    "aspect_ratio",
    "resolution",
    "image_url",
    "created_at",
    "submitted_at",
    "completed_at",
    "error",
    "video_urls",
    "expires_at",
    "video_path",
    "estimated_cost",
    "billed_cost",
    "billed_credits",
    "source",
)


@dataclass(frozen=True)
class Origin:
    """Who asked for a task: the browser session, the app or the command line, the sandbox or the live API."""

    session_id: str | None = None
    source: str = "app"  # app | cli | added
    simulated: bool = False
    language: str = "en"  # the asker's: the provider's messages about the task come in it
    owner: str | None = None  # the signed-in person (None: a studio without sign-in)


TIME_FIELDS = ("created_at", "submitted_at", "completed_at", "expires_at")


def iso_time(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(float(seconds), UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class TaskRecord:
    id: int
    idempotency_key: str
    state: str
    task_id: str | None
    model: str
    prompt: str
    duration: int | None
    aspect_ratio: str | None
    resolution: str | None
    image_url: str | None
    payload: str | None
    status: str | None
    progress: int
    created_at: float
    updated_at: float
    error: str | None
    video_urls: str | None
    expires_at: int | None
    video_path: str | None
    estimated_cost: float | None
    session_id: str | None
    source: str
    billed_cost: float | None
    reference_thumbnail: bytes | None
    submitted_at: float | None
    completed_at: float | None
    save_error: str | None
    poll_error: str | None
    next_poll_at: float
    poll_failures: int
    content_key: str | None = None
    simulated: int = 0
    estimated_time: int | None = None
    billed_credits: float | None = None  # `credits_cost`: credits, not dollars
    group_id: str | None = None  # the variations of one submit share it
    redo_of: str | None = None  # the idempotency key of the task this one renders again
    language: str | None = None  # the asker's language (en, zh): the status call asks for it
    lease_owner: str | None = None  # the tracker following it now (one replica at a time)
    lease_until: float = 0.0  # when that lease lapses unless renewed
    owner: str | None = None  # the signed-in person it belongs to (None without sign-in)
    film_id: str | None = None  # the film this task is a shot of
    shot: int | None = None  # its place in that film (1, 2, ...)
    keeper: int = 0  # starred in the Gallery: a take worth keeping
    result_text: str | None = None  # what a task made when it makes words (the prompt helper), not a video

    @property
    def refunded(self) -> bool:
        """A task that ended without a video is refunded by the API: it costs nothing."""
        return states.ended_without_video(self.status)

    @property
    def finished(self) -> bool:
        return states.finished(self.status)

    @property
    def followed(self) -> bool:
        """The tracker still follows it (unfinished, or done with its video not saved yet): `NEEDS_FOLLOWING`."""
        return states.needs_following(
            self.state,
            self.status,
            task_id=self.task_id,
            video_path=self.video_path,
            made_words=self.result_text is not None,
            link_lives=self.expires_at is None or self.expires_at > time.time(),
        )

    @property
    def display_status(self) -> str:
        return states.display_status(self.state, self.status)

    @property
    def error_text(self) -> str | None:
        """Why the request was refused, its outcome unknown, or the task failed, in words."""
        return words(self.error)

    @property
    def poll_error_text(self) -> str | None:
        return words(self.poll_error)

    @property
    def save_error_text(self) -> str | None:
        return words(self.save_error)

    @property
    def urls(self) -> list[str]:
        return json.loads(self.video_urls) if self.video_urls else []

    def export(self, language: str | None = None) -> dict:
        """The exported fields; times as ISO 8601 (UTC), never Unix floats."""
        row = {name: getattr(self, name) for name in EXPORT_FIELDS}
        row["video_urls"] = self.urls
        row["error"] = words(self.error, language)  # read by people and scripts: words, not a stored note
        for name in TIME_FIELDS:
            row[name] = iso_time(row[name])
        return row
