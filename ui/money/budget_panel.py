"""The daily budget where the money is decided: the cap, what today has asked for, what is left, and, when
this request would cross it, the figures, Submit blocked, and a button to raise the cap deliberately.

Owns `{key}_raise` (the button)."""

from __future__ import annotations

import streamlit as st

from ui.shell import language
from ui.shell.language import t
from videogen import OverBudget, Studio


def show(studio: Studio, asked: float, *, key: str) -> str | None:
    """Shows where today stands; returns why Submit is blocked (None when the request fits)."""
    standing = studio.standing()
    simulated = t("ui.simulated") if studio.sandbox else ""
    if standing.notice:
        st.warning(standing.notice.text(language.current()), icon=":material/schedule:")
    if standing.problem:
        st.error(standing.problem.text(language.current()), icon=":material/block:")
        return t("ui.budget.bad_setting")
    if standing.cap is None:
        st.caption(t("ui.budget.no_cap", committed=standing.committed, simulated=simulated))
        return None
    st.caption(
        t(
            "ui.budget.standing",
            cap=standing.cap,
            simulated=simulated,
            committed=standing.committed,
            left=standing.left or 0,
        )
    )
    if not standing.crossed_by(asked):
        return None
    st.error(OverBudget(standing.cap, standing.committed, asked).note.text(language.current()), icon=":material/block:")
    target = standing.raise_to(asked)
    if st.button(t("ui.budget.raise", target=target), key=f"{key}_raise", icon=":material/trending_up:"):
        studio.set_daily_cap(target)
        st.rerun()
    return t("ui.budget.blocked")
