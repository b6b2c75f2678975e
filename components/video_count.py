"""How many videos of the same request to make at once (variations): each is its own task, paid for.

Owns the session_state key `{key}`."""

from __future__ import annotations

import streamlit as st

MOST = 4


def show(*, key: str) -> int:
    count = st.number_input(
        "Number of videos",
        min_value=1,
        max_value=MOST,
        value=1,
        step=1,
        key=key,
        help="Several takes of the same request, made side by side. Each one is a separate task, billed on its own.",
    )
    return int(count or 1)
