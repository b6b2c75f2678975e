"""The preferences every session of a studio shares (the daily cap): a name and a value, in the store."""

from __future__ import annotations

import time

from videogen.tasks.tables import Tables


class Preferences:
    """The preferences table (a store's `preferences`)."""

    def __init__(self, tables: Tables):
        self.tables = tables

    def get(self, name: str) -> str | None:
        """A setting shared by every session (None when never set)."""
        with self.tables.connection() as db:
            row = db.execute("SELECT value FROM preferences WHERE name = ?", (name,)).fetchone()
        return None if row is None else row[0]

    def set(self, name: str, value: str | None) -> None:
        """Set a shared setting; None forgets it (the configuration applies again)."""
        with self.tables.connection() as db:
            if value is None:
                db.execute("DELETE FROM preferences WHERE name = ?", (name,))
            else:
                db.execute(
                    "INSERT INTO preferences (name, value, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    (name, value, time.time()),
                )
