"""The store's tables in a database (a SQLite file, or PostgreSQL): connections, the migrations run in
order, and reading and writing one task row."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

from videogen.tasks.database import Database, SqliteDatabase, open_database, write_transaction
from videogen.tasks.schema import MIGRATIONS, SCHEMA_VERSION, TaskRecord

COLUMNS = ", ".join(f.name for f in fields(TaskRecord))
# For lists: the thumbnail (a blob) is left out.
LIST_COLUMNS = ", ".join(
    f.name if f.name != "reference_thumbnail" else "NULL AS reference_thumbnail" for f in fields(TaskRecord)
)


class StoreTables:
    """The store's database, migrated to the current schema when first opened. `where` is a SQLite file's
    path, a `postgresql://` URL, or a database already open (shared by the store's parts: one pool)."""

    def __init__(self, where: Path | str | Database):
        self.where = where  # what opens it again (a restart, another part of the store)
        self.database: Database = where if hasattr(where, "connect") else open_database(where)  # type: ignore[assignment]
        with self._connect() as db:
            self._migrate(db)

    @property
    def path(self) -> Path | None:
        """The SQLite file (None for PostgreSQL)."""
        return self.database.path if isinstance(self.database, SqliteDatabase) else None

    @property
    def location(self) -> str:
        """Where the rows are, as may be shown (a path, or a URL without its password)."""
        return self.database.location

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        with self.database.connect() as db:
            yield db

    def _migrate(self, db) -> None:
        with write_transaction(db):
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

    @staticmethod
    def _record(row) -> TaskRecord:
        return TaskRecord(**{name: row[name] for name in row.keys()})

    def _one(self, where: str, *args) -> TaskRecord | None:
        with self._connect() as db:
            row = db.execute(f"SELECT {COLUMNS} FROM tasks WHERE {where}", args).fetchone()
        return self._record(row) if row is not None else None

    def _update(self, where: str, where_args: tuple, **values) -> int:
        values["updated_at"] = time.time()
        sets = ", ".join(f"{k} = ?" for k in values)
        with self._connect() as db:
            return db.execute(f"UPDATE tasks SET {sets} WHERE {where}", (*values.values(), *where_args)).rowcount
