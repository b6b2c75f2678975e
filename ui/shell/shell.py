"""Every page goes through app.py: its sign-in gate, its sidebar, its navigation.

Streamlit 1.67 still runs a file of the `pages/` folder on its own for the first deep link after a start
(`/history` before any session has called `st.navigation`): no sign-in gate, no sidebar, everyone's tasks. A
page that finds app.py has not run in its session goes there, and app.py brings it back to the page asked for.

Owns the session keys `_shell` (app.py ran in this session) and `_shell_wanted` (the page to come back to)."""

from __future__ import annotations

import streamlit as st

RAN = "_shell"
WANTED = "_shell_wanted"


def entered() -> None:
    """app.py, first thing: this session's runs go through the shell."""
    st.session_state[RAN] = True


def required(page: str) -> None:
    """A page, first thing: run without app.py (the first deep link after a start), it goes through it, its
    link's query (`?lang=zh`, the form's fields) kept."""
    if not st.session_state.get(RAN):
        query = st.query_params.to_dict()
        st.session_state[WANTED] = (page, query)
        st.switch_page("app.py", query_params=query)


def come_back() -> None:
    """app.py, after its navigation: the page a deep link asked for, once the gate has let the person in."""
    wanted = st.session_state.pop(WANTED, None)
    if wanted:
        page, query = wanted
        st.switch_page(page, query_params=query)
