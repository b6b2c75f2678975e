"""Process-wide resources, created once and cached: the backend and its client, the store, the tracker."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

import streamlit as st

from videogen import catalog as catalog_module, settings

from videogen import studio
from videogen.provider import backend
from videogen.provider.apimart import ApimartClient
from videogen.tasks.store import TaskStore
from videogen.tasks.tracker import Following, Tracker


@st.cache_resource(show_spinner=False)
def _connection(key: str, base_url: str) -> tuple[backend.Backend, ApimartClient]:
    return backend.current(key, base_url)


def api() -> tuple[backend.Backend, ApimartClient]:
    """The client for the configuration in force (a new key or base URL gets a new client)."""
    return _connection(settings.api_key() or "", settings.base_url())


@st.cache_resource(show_spinner=False)
def _store(path: str) -> TaskStore:
    store = TaskStore(path)
    # At start nothing of this process is in flight: any intent still waiting was cut off by a crash or a
    # stop, and becomes visible as unknown. (A command line POST still running overwrites it when answered.)
    store.recover_interrupted(older_than=0)
    return store


def store() -> TaskStore:
    return _store(str(settings.data_dir() / "history.sqlite3"))


@st.cache_resource(show_spinner=False)
def _following(path: str) -> Following:
    return Following()


def stop_following(path: str) -> None:
    """Stop the tracker of the store at `path`, if one runs (for tests, which share one process)."""
    _following(path).stop()


def tracker() -> Tracker:
    """Follows unfinished tasks in the server process, whether or not a tab is open; resumes after a
    restart. One per store, for the backend in force: another key or base URL replaces it (and stops the
    old one), and each follows only the tasks its backend made (sandbox or live)."""
    current, client = api()
    key = settings.api_key() or ""
    signature = (current.base_url, hashlib.sha256(key.encode()).hexdigest(), current.sandbox)
    return _following(str(settings.data_dir() / "history.sqlite3")).tracker(
        signature, lambda: Tracker(store(), client, studio.videos_dir(), simulated=current.sandbox))


def catalog() -> catalog_module.Catalog:
    return catalog_module.load(settings.data_dir())


def session_id() -> str:
    """This browser session's id: its tasks are 'Tasks in this session'. A reload starts a new one."""
    if "session_id" not in st.session_state:
        st.session_state["session_id"] = uuid.uuid4().hex
    return st.session_state["session_id"]


@dataclass(frozen=True)
class Services:
    backend: backend.Backend
    client: ApimartClient
    store: TaskStore
    catalog: catalog_module.Catalog
    session_id: str


def services() -> Services:
    """Everything a page needs, with the tracker following tasks in the background."""
    current, client = api()
    tracker()
    return Services(current, client, store(), catalog(), session_id())
