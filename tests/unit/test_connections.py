"""SQLite connections: one idle connection per thread, used again by its next store call (a page run made six
calls, each opening and closing the file), never shared by two calls at once or kept inside a transaction."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from videogen.tasks.database import SqliteDatabase
from videogen.tasks.store import TaskStore


def test_a_threads_calls_use_one_connection_and_a_call_inside_another_its_own(tmp_path):
    database = SqliteDatabase(tmp_path / "history.sqlite3")
    with database.connect() as first:
        pass
    with database.connect() as again:
        assert again is first  # the next call uses the kept one again
        with database.connect() as inner:
            assert inner is not again  # in use: a call inside another opens its own
    with database.connect() as later:
        assert later in (again, inner)  # one of them was kept, the other closed


def test_threads_never_share_a_connection(tmp_path):
    database = SqliteDatabase(tmp_path / "history.sqlite3")
    seen = []

    def work():
        with database.connect() as db:
            seen.append(db)
            db.execute("SELECT 1").fetchone()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(db) for db in seen}) == 4


def test_a_connection_left_in_a_transaction_is_rolled_back_before_it_is_used_again(tmp_path):
    store = TaskStore(tmp_path / "history.sqlite3")
    with pytest.raises(RuntimeError), store.database.connect() as db:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO preferences (name, value, updated_at) VALUES ('x', '1', 0)")
        raise RuntimeError("a bug mid-way")
    assert store.preferences.get("x") is None  # rolled back, not left pending on the kept connection
    with store.database.connect() as db:
        assert not db.in_transaction
    other = sqlite3.connect(tmp_path / "history.sqlite3", timeout=1)
    other.execute("BEGIN IMMEDIATE")  # no lock held by the idle connection
    other.execute("ROLLBACK")


def test_a_removed_file_is_never_written_through_a_kept_connection(tmp_path):
    path = tmp_path / "history.sqlite3"
    store = TaskStore(path)
    store.preferences.set("x", "1")
    for leftover in tmp_path.glob("history.sqlite3*"):
        leftover.unlink()
    fresh = TaskStore(SqliteDatabase(path))  # the folder emptied, the store made again
    assert fresh.preferences.get("x") is None
    store.preferences.set("y", "2")  # the first store's kept connection is not reused for a ghost file
    assert path.exists() and TaskStore(path).preferences.get("y") == "2"
