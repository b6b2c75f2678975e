"""The store's one database object (a SQLite file, or PostgreSQL): its connections, its one write transaction,
the migrations run in order, and the small pieces every repository shares (a task row read by name, an update,
an insert by column name, a WHERE built from the filters given). The repositories (tasks, their listing and
money, preferences, batches, films, recipes) each hold this object: none inherits from another."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from videogen.tasks.database import Database, SqliteDatabase, open_database, write_transaction
from videogen.tasks.schema import MIGRATIONS, SCHEMA_VERSION, TaskRecord

COLUMNS = ", ".join(f.name for f in fields(TaskRecord))
# For lists: the thumbnail (a blob) is left out.
LIST_COLUMNS = ", ".join(
    f.name if f.name != "reference_thumbnail" else "NULL AS reference_thumbnail" for f in fields(TaskRecord)
)


class Tables:
    """The store's database, migrated to the current schema when first opened. Made by `Tables.of(where)`:
    `where` is a SQLite file's path, a `postgresql://` URL, a database already open, or a `Tables` (shared by
    every repository of one store: one pool)."""

    def __init__(self, where: Path | str | Database):
        self.where = where  # what opens it again (a restart)
        self.database: Database = where if hasattr(where, "connect") else open_database(where)  # type: ignore[assignment]
        with self.transaction() as db:
            self._migrate(db)

    @classmethod
    def of(cls, where: Tables | Path | str | Database) -> Tables:
        return where if isinstance(where, Tables) else cls(where)

    @property
    def path(self) -> Path | None:
        """The SQLite file (None for PostgreSQL)."""
        return self.database.path if isinstance(self.database, SqliteDatabase) else None

    @property
    def location(self) -> str:
        """Where the rows are, as may be shown (a path, or a URL without its password)."""
        return self.database.location

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """A connection: each statement is its own transaction (reads, and writes of one statement)."""
        with self.database.connect() as db:
            yield db

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A connection inside one write transaction: all of the block is written, or none of it (on PostgreSQL
        under the store's write lock, so two writers are serialised as SQLite's `BEGIN IMMEDIATE` does)."""
        with self.database.connect() as db, write_transaction(db):
            yield db

    def _migrate(self, db) -> None:
        version = self.database.version(db)
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"The history database is from a newer version (schema {version}); update the app.")
        for number in range(version, SCHEMA_VERSION):
            migration = MIGRATIONS[number]
            if callable(migration):
                migration(db)
            else:
                for statement in migration.split(";"):
                    if statement.strip():
                        db.execute(statement)
            self.database.set_version(db, number + 1)

    def one(self, where: str, *args) -> TaskRecord | None:
        """The task row that matches (a key or a task id: unique), whole."""
        with self.connection() as db:
            row = db.execute(f"SELECT {COLUMNS} FROM tasks WHERE {where}", args).fetchone()
        return record(row) if row is not None else None

    def update(self, where: str, where_args: tuple, **values) -> int:
        """Set these columns of the task rows that match (and `updated_at`): how many changed."""
        values["updated_at"] = time.time()
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.connection() as db:
            return db.execute(f"UPDATE tasks SET {sets} WHERE {where}", (*values.values(), *where_args)).rowcount


def record(row) -> TaskRecord:
    """A task row read by its columns' names."""
    return TaskRecord(**{name: row[name] for name in row.keys()})


def insert(db, table: str, values: Mapping[str, object], *, ignore: bool = False, returning: str = ""):
    """INSERT one row given by column name (never by position); `ignore`: a row whose key is known is left as it
    is (the cursor's rowcount says 0)."""
    names = ", ".join(values)
    marks = ", ".join("?" * len(values))
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    tail = f" RETURNING {returning}" if returning else ""
    return db.execute(f"{verb} INTO {table} ({names}) VALUES ({marks}){tail}", tuple(values.values()))


@dataclass
class Where:
    """A WHERE clause built from the filters given: `when(clause, value)` adds it only when the value is not None
    (a filter left out narrows nothing). `sql()` is the clause (empty when nothing narrows), `args` its values."""

    clauses: list[str] = field(default_factory=list)
    args: list[object] = field(default_factory=list)

    def when(self, clause: str, value: object) -> Where:
        if value is not None:
            self.clauses.append(clause)
            self.args.append(int(value) if isinstance(value, bool) else value)
        return self

    def always(self, clause: str, *args: object) -> Where:
        self.clauses.append(clause)
        self.args.extend(args)
        return self

    def sql(self, lead: str = " WHERE ") -> str:
        return (lead + " AND ".join(self.clauses)) if self.clauses else ""
