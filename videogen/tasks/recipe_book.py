"""The recipe book: recipes kept by name in the store (one person's own with sign-in: `owner`), newest first;
saving under a name already used replaces that recipe."""

from __future__ import annotations

import time
from pathlib import Path

from videogen.request.recipe import Recipe, RecipeError, read
from videogen.tasks.database import Database
from videogen.tasks.tables import Tables

MOST = 200  # recipes listed


class RecipeBook:
    """The recipes table (the same database as the tasks: `RecipeBook(store.tables)`)."""

    def __init__(self, where: Tables | Path | str | Database):
        self.tables = Tables.of(where)

    def save(self, recipe: Recipe, *, owner: str | None = None) -> None:
        with self.tables.connection() as db:
            db.execute("DELETE FROM recipes WHERE owner = ? AND name = ?", (owner or "", recipe.name))
            db.execute(
                "INSERT INTO recipes (name, owner, recipe, updated_at) VALUES (?, ?, ?, ?)",
                (recipe.name, owner or "", recipe.to_json(), time.time()),
            )

    def recipes(self, *, owner: str | None = None) -> list[Recipe]:
        """This person's recipes, newest first (one the store holds damaged is left out)."""
        with self.tables.connection() as db:
            rows = db.execute(
                "SELECT recipe FROM recipes WHERE owner = ? ORDER BY updated_at DESC LIMIT ?", (owner or "", MOST)
            ).fetchall()
        found = []
        for (text,) in rows:
            try:
                found.append(read(text))
            except RecipeError:
                continue
        return found

    def remove(self, name: str, *, owner: str | None = None) -> None:
        with self.tables.connection() as db:
            db.execute("DELETE FROM recipes WHERE owner = ? AND name = ?", (owner or "", name))
