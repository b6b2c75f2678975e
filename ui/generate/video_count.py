"""How many videos of the same request to make at once (variations): each is its own task, paid for.

Owns the session_state key `{key}`."""

from __future__ import annotations

import streamlit as st

from ui.shell.language import t

MOST = 4


def show(*, key: str) -> int:
    count = st.number_input(
        t("ui.count.label"),
        min_value=1,
        max_value=MOST,
        value=1,
        step=1,
        key=key,
        help=t("ui.count.help"),
        bind="query-params",  # kept in the link like the other fields: a reload keeps it
    )
    return int(count or 1)
