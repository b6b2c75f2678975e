"""The daily budget where the money is decided: the cap, what today has asked for, what is left, and, when
this request would cross it, the figures, Submit blocked, and a button to raise the cap deliberately.

Owns `{key}_raise` (the button)."""

from __future__ import annotations

import streamlit as st

from videogen.budget import OverBudget
from videogen.studio import Studio

SET_IT = "Set a daily cap on the Spending page."


def show(studio: Studio, asked: float, *, key: str) -> str | None:
    """Shows where today stands; returns why Submit is blocked (None when the request fits)."""
    standing = studio.standing()
    simulated = " (simulated)" if studio.sandbox else ""
    if standing.problem:
        st.error(standing.problem, icon=":material/block:")
        return "The daily budget setting is not a number: correct it first."
    if standing.cap is None:
        st.caption(f"No daily budget cap: ${standing.committed:.2f} asked for today{simulated}. {SET_IT}")
        return None
    st.caption(
        f"Daily budget: ${standing.cap:.2f}. Asked for today{simulated}: ${standing.committed:.2f} "
        f"(unfinished and unknown tasks included); ${standing.left or 0:.2f} left."
    )
    if not standing.crossed_by(asked):
        return None
    st.error(OverBudget(standing.cap, standing.committed, asked).message, icon=":material/block:")
    target = standing.raise_to(asked)
    if st.button(f"Raise the daily cap to ${target:.2f}", key=f"{key}_raise", icon=":material/trending_up:"):
        studio.set_daily_cap(target)
        st.rerun()
    return "Over the daily budget cap: raise it, or wait until tomorrow."
