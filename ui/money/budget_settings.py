"""The daily budget cap, set for every session: the cap in force and where it comes from, a field to change
it, and a way to lift it deliberately.

Owns `{key}_value`, `{key}_save`, `{key}_none`, `{key}_config`."""

from __future__ import annotations

import streamlit as st

from ui.shell.language import current, t
from videogen import Studio, settings


def show(studio: Studio, *, key: str) -> None:
    standing = studio.standing()
    simulated = t("ui.simulated") if studio.sandbox else ""
    if standing.notice:
        st.warning(standing.notice.text(current()), icon=":material/schedule:")
    if standing.problem:
        st.error(standing.problem.text(current()), icon=":material/block:")
    elif standing.cap is None:
        st.caption(t("ui.cap.none_in_force", committed=standing.committed, simulated=simulated))
    else:
        source = t(f"ui.cap.source.{standing.source}")
        st.caption(
            t(
                "ui.cap.in_force",
                cap=standing.cap,
                source=source,
                simulated=simulated,
                committed=standing.committed,
                left=standing.left or 0,
            )
        )
    value = st.number_input(
        t("ui.cap.field"),
        min_value=0.0,
        max_value=100000.0,
        value=float(standing.cap) if standing.cap is not None else None,  # empty, not a made-up 10.00, when none
        step=1.0,
        format="%.2f",
        key=f"{key}_value",
        help=t("ui.cap.field_help"),
    )
    save, lift, back = st.columns(3)
    if save.button(
        t("ui.cap.save"), key=f"{key}_save", type="primary", icon=":material/savings:", disabled=value is None
    ):
        studio.set_daily_cap(value)
        st.rerun()
    if lift.button(t("ui.cap.lift"), key=f"{key}_none", help=t("ui.cap.lift_help")):
        studio.set_daily_cap(None)
        st.rerun()
    configured = settings.setting("VIDEOGEN_DAILY_BUDGET_USD")
    if (
        standing.source == "page"
        and configured
        and back.button(
            t("ui.cap.configured"),
            key=f"{key}_config",
            help=t("ui.cap.configured_help"),
        )
    ):
        studio.use_configured_cap()
        st.rerun()
