"""The daily budget cap, set for every session: the cap in force and where it comes from, a field to change
it, and a way to lift it deliberately.

Owns `{key}_value`, `{key}_save`, `{key}_none`, `{key}_config`."""

from __future__ import annotations

import streamlit as st

from videogen.studio import Studio

SOURCES = {
    "page": "set on this page",
    "config": "from VIDEOGEN_DAILY_BUDGET_USD",
    "none": "no cap",
}


def show(studio: Studio, *, key: str) -> None:
    standing = studio.standing()
    simulated = " (simulated)" if studio.sandbox else ""
    if standing.problem:
        st.error(standing.problem, icon=":material/block:")
    elif standing.cap is None:
        st.caption(f"No daily cap is in force: ${standing.committed:.2f} asked for today{simulated}.")
    else:
        st.caption(
            f"Cap in force: ${standing.cap:.2f} a day ({SOURCES[standing.source]}). Asked for today{simulated}: "
            f"${standing.committed:.2f}, unfinished and unknown tasks included; ${standing.left or 0:.2f} left."
        )
    value = st.number_input(
        "Daily budget cap (USD)",
        min_value=0.0,
        max_value=100000.0,
        value=float(standing.cap or 10.0),
        step=1.0,
        format="%.2f",
        key=f"{key}_value",
        help="A submit, a set of variations or a batch row that would take today's estimates over this is "
        "blocked. It applies to every session of this studio.",
    )
    save, lift, back = st.columns(3)
    if save.button("Save cap", key=f"{key}_save", type="primary", icon=":material/savings:"):
        studio.set_daily_cap(value)
        st.rerun()
    if lift.button("No cap", key=f"{key}_none", help="Lift the cap deliberately: nothing is blocked."):
        studio.set_daily_cap(None)
        st.rerun()
    if standing.source == "page" and back.button(
        "Use the configured cap",
        key=f"{key}_config",
        help="Forget the cap set here; VIDEOGEN_DAILY_BUDGET_USD applies.",
    ):
        studio.use_configured_cap()
        st.rerun()
