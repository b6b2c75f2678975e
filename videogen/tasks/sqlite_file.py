"""The task store's SQLite file: connections, the migrations run in order, and reading and writing one row."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path

from videogen.tasks.schema import MIGRATIONS, SCHEMA_VERSION, TaskRecord

COLUMNS = ", ".join(f.name for f in fields(TaskRecord))
# For lists: the thumbnail (a blob) is left out.
LIST_COLUMNS = ", ".join(
    f.name if f.name != "reference_thumbnail" else "NULL AS reference_thumbnail" for f in fields(TaskRecord)
)


class SqliteFile:
    """The store's SQLite file: opened per call (cheap for SQLite), so the app's threads and the command line
    can share it; migrated to the current schema when first opened."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            self._migrate(db)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=30000")
            db.execute("PRAGMA synchronous=NORMAL")
            db.row_factory = sqlite3.Row
            yield db
        finally:
            db.close()

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"The history database is from a newer version (schema {version}); update the app.")
            for number in range(version, SCHEMA_VERSION):
                migration = MIGRATIONS[number]
                if callable(migration):
                    migration(db)
                    db.execute(f"PRAGMA user_version={number + 1}")
                    continue
                for statement in migration.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version={number + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    @staticmethod
    def _record(row: sqlite3.Row) -> TaskRecord:
        return TaskRecord(**dict(row))

    def _one(self, where: str, *args) -> TaskRecord | None:
        with self._connect() as db:
            row = db.execute(f"SELECT {COLUMNS} FROM tasks WHERE {where}", args).fetchone()
        return self._record(row) if row is not None else None

    def _update(self, where: str, where_args: tuple, **values) -> int:
        values["updated_at"] = time.time()
        sets = ", ".join(f"{k} = ?" for k in values)
        with self._connect() as db:
            return db.execute(f"UPDATE tasks SET {sets} WHERE {where}", (*values.values(), *where_args)).rowcount
