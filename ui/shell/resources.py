"""Process-wide resources, created once and cached: the studio for the configuration in force, its tracker."""

from __future__ import annotations

import faulthandler
import hashlib
import signal
import uuid
from pathlib import Path

import streamlit as st

from ui.shell import people
from ui.shell.language import current, t
from videogen import DatabaseUnavailable, Desk, Following, Studio, TaskStore, open_studio, settings, starting


@st.cache_resource(show_spinner=False)
def _diagnostics() -> None:
    """`kill -USR1 <pid>` writes every thread's stack to the log: what a stuck server is doing, without a
    debugger (the browser tests ask for it when a session stops answering)."""
    if hasattr(signal, "SIGUSR1"):
        faulthandler.register(signal.SIGUSR1, all_threads=True)


@st.cache_resource(show_spinner=False)
def _store(where: str) -> TaskStore:
    store = TaskStore(where)
    # A SQLite file is this process's alone (a command line POST still running overwrites its recovered
    # intent when answered); PostgreSQL is shared by replicas.
    return starting(store, alone=store.path is not None)


@st.cache_resource(show_spinner=False)
def _studio(key: str, base_url: str, data_dir: str) -> Studio:
    return open_studio(
        api_key=key,
        base_url=base_url,
        data_dir=Path(data_dir),
        task_store=_store(settings.database_url() or str(Path(data_dir) / "history.sqlite3")),
    )


@st.cache_resource(show_spinner=False)
def _following(path: str) -> Following:
    return Following()


@st.cache_resource(show_spinner=False)
def _sending_batches(path: str) -> Following:
    return Following()


def stop_following(path: str) -> None:
    """Stop the tracker and the batch queue of the store at `path`, if they run (for tests, which share one
    process)."""
    _following(path).stop()
    _sending_batches(path).stop()


def studio() -> Studio:
    """The studio for the configuration in force (a new key or base URL gets a new one), with its tracker
    following tasks and sending queued batches in the background, whether or not a tab is open; both resume
    after a restart. One
    tracker per store: another key or base URL replaces it (and stops the old one), and each follows only
    the tasks its backend made (sandbox or live)."""
    _diagnostics()
    key = settings.api_key() or ""
    try:
        current = _studio(key, settings.base_url(), str(settings.data_dir()))
    except DatabaseUnavailable as error:  # a wrong VIDEOGEN_DATABASE_URL, or the database is down
        st.error(t("database.unavailable", reason=str(error)), icon=":material/database:")
        st.stop()
    signature = (current.base_url, hashlib.sha256(key.encode()).hexdigest(), current.sandbox)
    _following(current.store.location).tracker(signature, current.tracker)
    _sending_batches(current.store.location).tracker(signature, current.batch_runner)
    return current


def desk(of: Studio | None = None, *, session: str | None = None) -> Desk:
    """The studio as this run's person sees it: its backend, the signed-in person, this browser (`session`: the
    one a piece was given), its language."""
    return Desk.of(of or studio(), owner=people.current(), session_id=session or session_id(), language=current())


def session_id() -> str:
    """This browser's id: its tasks are 'Tasks in this session', and a reload keeps them (the id comes from the
    browser's own XSRF cookie, hashed: the same until the browser drops it). A random id where there is no such
    cookie (a test without a browser, XSRF protection off)."""
    if "session_id" not in st.session_state:
        token = _browser_token()
        st.session_state["session_id"] = (
            "b-" + hashlib.sha256(b"videogen-browser:" + token).hexdigest()[:30] if token else uuid.uuid4().hex
        )
    return st.session_state["session_id"]


def _browser_token() -> bytes | None:
    """The secret behind Streamlit's `_streamlit_xsrf` cookie (Tornado's form: `2|mask|masked token|time`): the
    cookie's text changes from page load to page load, the token it masks does not."""
    try:
        cookie = st.context.cookies.get("_streamlit_xsrf") or ""
        version, mask, masked, _ = cookie.split("|")
        if version != "2":
            return None
        key, hidden = bytes.fromhex(mask), bytes.fromhex(masked)
        return bytes(byte ^ key[n % len(key)] for n, byte in enumerate(hidden)) if key else None
    except (ValueError, AttributeError, RuntimeError):
        return None
