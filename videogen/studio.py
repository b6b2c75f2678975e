"""The studio: the one object pages and the command line hold, with the store, the provider and the catalogue."""

from __future__ import annotations

from pathlib import Path

from videogen import settings
from videogen.tasks.store import TaskStore


def store(data_dir: Path | None = None) -> TaskStore:
    return TaskStore((data_dir or settings.data_dir()) / "history.sqlite3")


def videos_dir(data_dir: Path | None = None) -> Path:
    return (data_dir or settings.data_dir()) / "videos"
