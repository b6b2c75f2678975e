"""The sandbox simulator's memory (tasks, idempotency keys) in a small SQLite file of its own, so a sandbox
restarted after a crash still knows its tasks and finishes them, as the real API would."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Generic, TypeVar

Value = TypeVar("Value")


class SqliteMap(MutableMapping[str, Value], Generic[Value]):
    """A dict whose items live in one table of a SQLite file (values as JSON through a codec)."""

    def __init__(self, path: Path, table: str, encode: Callable[[Value], object], decode: Callable[[object], Value]):
        self.path, self.table, self._encode, self._decode = Path(path), table, encode, decode
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA busy_timeout=30000")
        return db

    def __getitem__(self, key: str) -> Value:
        with self._lock, self._connect() as db:
            row = db.execute(f"SELECT value FROM {self.table} WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return self._decode(json.loads(row[0]))

    def __setitem__(self, key: str, value: Value) -> None:
        with self._lock, self._connect() as db:
            db.execute(
                f"INSERT OR REPLACE INTO {self.table} (key, value) VALUES (?, ?)",
                (key, json.dumps(self._encode(value))),
            )

    def __delitem__(self, key: str) -> None:
        with self._lock, self._connect() as db:
            if db.execute(f"DELETE FROM {self.table} WHERE key = ?", (key,)).rowcount == 0:
                raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        with self._lock, self._connect() as db:
            keys = [row[0] for row in db.execute(f"SELECT key FROM {self.table} ORDER BY rowid")]
        return iter(keys)

    def __len__(self) -> int:
        with self._lock, self._connect() as db:
            return db.execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()[0]
