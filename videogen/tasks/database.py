"""Where the store keeps its rows: a SQLite file (the default: one person, one process) or a PostgreSQL
database (`VIDEOGEN_DATABASE_URL=postgresql://...`: a team, several app replicas). The store writes one SQL,
SQLite's; a PostgreSQL connection translates it (placeholders, `INSERT OR IGNORE`, `BEGIN IMMEDIATE`, column
types), so both run the same statements, the same migrations and the same tests.

A connection runs in autocommit; `BEGIN IMMEDIATE` ... `COMMIT` makes a write transaction that excludes
other writers until it ends (SQLite's database lock; a transaction-scoped advisory lock in PostgreSQL)."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

WRITE_LOCK = 7_261_001  # the advisory lock id of `BEGIN IMMEDIATE` in PostgreSQL


class Connection(Protocol):
    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any: ...


class Database(Protocol):
    kind: str  # sqlite | postgresql
    location: str  # a file path, or the URL without its password: what logs and pages may show

    def connect(self) -> Any: ...  # a context manager yielding a Connection

    def version(self, db: Connection) -> int: ...

    def set_version(self, db: Connection, version: int) -> None: ...

    def available(self) -> bool: ...  # False when its folder is gone (a test's data folder, removed)

    def close(self) -> None: ...


@contextmanager
def write_transaction(db: Connection) -> Iterator[Connection]:
    """One write transaction on a connection: `BEGIN IMMEDIATE` (on PostgreSQL, the store's write lock), then
    `COMMIT` when the block ends, a `return` included, or `ROLLBACK` when it raises or the commit fails."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def holder_name() -> str:
    """Who holds a lease or a hold in a shared store: this host, this process, and a nonce of its own (two
    trackers of one process are two holders)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class DatabaseUnavailable(RuntimeError):
    """The configured database cannot be opened; the message names it (without its password) and why."""


def is_url(where: str | Path) -> bool:
    return isinstance(where, str) and where.startswith(("postgresql://", "postgres://"))


def open_database(where: str | Path) -> Database:
    """A SQLite file at a path, or a PostgreSQL database at a `postgresql://` URL."""
    if is_url(where):
        return PostgresDatabase(str(where))
    return SqliteDatabase(Path(where))


def redacted(url: str) -> str:
    """The URL without its password (it may be shown, logged, or used as a cache key)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=netloc[0].split(":", 1)[0] + ":***@" + netloc[1]))


class SqliteDatabase:
    """A SQLite file. Each thread keeps one idle connection and uses it again for its next call: a page run made
    about six store calls, each opening and closing the file (nearly all of a batch row's 6.4 ms). A call made
    while the thread's connection is in use (a call inside another) opens its own, as before; a connection
    left inside a transaction (an exception mid-way) is rolled back before it is kept, or closed."""

    kind = "sqlite"

    def __init__(self, path: Path, *, reuse: bool = True):
        self.path = path
        self.location = str(path)
        self.reuse = reuse  # False: a connection per call (the benchmark's naive way)
        self._idle = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as db:
            db.execute("PRAGMA journal_mode=WAL")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA synchronous=NORMAL")
        db.row_factory = sqlite3.Row
        return db

    def _file(self) -> tuple[int, int] | None:
        """Which file is at the path now (device, inode): None when there is none."""
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return found.st_dev, found.st_ino

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        kept = getattr(self._idle, "kept", None) if self.reuse else None
        self._idle.kept = None  # taken: a call inside this one opens its own
        db, file = kept if kept is not None else (None, None)
        if db is not None and (file is None or file != self._file()):  # removed or replaced: never a ghost file
            db.close()
            db = None
        if db is None:
            db = self._open()
            file = self._file()
        try:
            yield db
        finally:
            self._put_back(db, file)

    def _put_back(self, db: sqlite3.Connection, file: tuple[int, int] | None) -> None:
        try:
            if db.in_transaction:
                db.execute("ROLLBACK")  # never keep a connection inside someone's transaction
        except sqlite3.Error:
            db.close()
            return
        if self.reuse and getattr(self._idle, "kept", None) is None and file is not None:
            self._idle.kept = (db, file)
        else:
            db.close()

    def version(self, db) -> int:
        return db.execute("PRAGMA user_version").fetchone()[0]

    def set_version(self, db, version: int) -> None:
        db.execute(f"PRAGMA user_version={int(version)}")

    def available(self) -> bool:
        return self.path.parent.exists()

    def close(self) -> None:
        """Let go of this thread's idle connection (other threads' close with their threads)."""
        kept, self._idle.kept = getattr(self._idle, "kept", None), None
        if kept is not None:
            kept[0].close()


class Row:
    """A row read by name or by position, as `sqlite3.Row` is."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: tuple[str, ...], values: Sequence[Any]):
        self._names, self._values = names, tuple(values)

    def __getitem__(self, key: int | str) -> Any:
        return self._values[key if isinstance(key, int) else self._names.index(key)]

    def keys(self) -> tuple[str, ...]:
        return self._names

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self):
        return iter(self._values)


def _row_factory(cursor) -> Callable[[Sequence[Any]], Row]:
    names = tuple(column.name for column in cursor.description or ())
    return lambda values: Row(names, values)


_POSITIONAL = re.compile(r"\?")
_NAMED = re.compile(r"(?<!:):([A-Za-z_]\w*)")
_TYPES = [
    (re.compile(r"\bid INTEGER PRIMARY KEY\b"), "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
]


@lru_cache(maxsize=512)  # the store writes a few dozen distinct statements: each translated once
def postgres_sql(sql: str, named: bool) -> str:
    """SQLite's SQL as PostgreSQL takes it: placeholders, `INSERT OR IGNORE`, column types."""
    text = sql.replace("%", "%%")
    text = _NAMED.sub(r"%(\1)s", text) if named else _POSITIONAL.sub("%s", text)
    text = text.replace("/*FOR UPDATE SKIP LOCKED*/", "FOR UPDATE SKIP LOCKED")  # a comment to SQLite
    stripped = text.lstrip()
    if stripped.upper().startswith("INSERT OR IGNORE INTO"):
        text = "INSERT INTO" + stripped[len("INSERT OR IGNORE INTO") :].rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    if stripped.upper().startswith(("CREATE TABLE", "ALTER TABLE")):
        for pattern, replacement in _TYPES:
            text = pattern.sub(replacement, text)
    return text


class _NoRows:
    rowcount = 0

    def fetchone(self):
        return None

    def fetchall(self):
        return []


class PostgresConnection:
    """One pooled psycopg connection, speaking the store's SQL."""

    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()):
        statement = sql.strip()
        upper = statement.upper()
        if upper.startswith("PRAGMA"):
            return _NoRows()
        if upper == "BEGIN IMMEDIATE":
            self.raw.execute("BEGIN")
            return self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        if not params and upper in ("BEGIN", "COMMIT", "ROLLBACK"):
            return self.raw.execute(statement)
        named = isinstance(params, dict)
        return self.raw.execute(postgres_sql(statement, named), params if named else tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]):
        cursor = self.raw.cursor()
        cursor.executemany(postgres_sql(sql.strip(), False), [tuple(row) for row in rows])
        return cursor


class PostgresDatabase:
    kind = "postgresql"

    def __init__(self, url: str, *, size: int = 8):
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError as missing:  # a configuration error, said plainly
            raise RuntimeError(
                "VIDEOGEN_DATABASE_URL names PostgreSQL, but psycopg is not installed: "
                "python3 -m pip install -r requirements.txt"
            ) from missing
        self.location = redacted(url)
        try:  # one plain connection first: a wrong URL is said at once, not after the pool's wait
            psycopg.connect(url, connect_timeout=5).close()
        except psycopg.Error as error:
            reason = str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
            raise DatabaseUnavailable(f"{self.location}: {reason.replace(url, self.location)}") from None

        def configure(connection) -> None:
            connection.autocommit = True
            connection.row_factory = _row_factory

        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=size,
            open=True,
            configure=configure,
            kwargs={"connect_timeout": 10},
            name="videogen",
        )
        self._pool.wait(timeout=30)

    @contextmanager
    def connect(self) -> Iterator[PostgresConnection]:
        with self._pool.connection() as raw:
            yield PostgresConnection(raw)

    def version(self, db) -> int:
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
        row = db.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def set_version(self, db, version: int) -> None:
        db.execute("DELETE FROM schema_version")
        db.execute("INSERT INTO schema_version (version) VALUES (?)", (int(version),))

    def available(self) -> bool:
        return not self._pool.closed

    def close(self) -> None:
        self._pool.close()
