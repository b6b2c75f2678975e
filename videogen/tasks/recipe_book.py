"""The recipe book: recipes kept by name in the store (one person's own with sign-in: `owner`), newest first;
saving under a name already used replaces that recipe."""

from __future__ import annotations

import time

from videogen.request.recipe import Recipe, RecipeError, read
from videogen.tasks.tables import StoreTables

MOST = 200  # recipes listed


class RecipeBook(StoreTables):
    """The recipes of a store (the same database as the tasks: pass the task store's `database`)."""

    def save(self, recipe: Recipe, *, owner: str | None = None) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM recipes WHERE owner = ? AND name = ?", (owner or "", recipe.name))
            db.execute(
                "INSERT INTO recipes (name, owner, recipe, updated_at) VALUES (?, ?, ?, ?)",
                (recipe.name, owner or "", recipe.to_json(), time.time()),
            )

    def recipes(self, *, owner: str | None = None) -> list[Recipe]:
        """This person's recipes, newest first (one the store holds damaged is left out)."""
        with self._connect() as db:
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
        with self._connect() as db:
            db.execute("DELETE FROM recipes WHERE owner = ? AND name = ?", (owner or "", name))
