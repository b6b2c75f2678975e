"""The shared sidebar: which backend (live or sandbox), whether a key is set, and the money spent."""

from __future__ import annotations

import streamlit as st

from ui.shell import balance, language, people, resources
from ui.shell.language import t, term
from videogen import MARKERS


def show(*, key: str) -> None:
    studio = resources.studio()
    with st.sidebar:
        language.switch()
        people.sidebar()
        if studio.sandbox:
            st.warning(t("ui.sidebar.sandbox"), icon=":material/science:")
            with st.expander(t("ui.sidebar.markers")):
                st.markdown("\n".join(f"- `{m}`: {term(what)}" for m, what in MARKERS.items()))
        else:
            st.success(t("ui.sidebar.live", base_url=studio.base_url), icon=":material/key:")
        estimated, billed = resources.desk(studio).money.today()
        simulated = t("ui.sidebar.simulated") if studio.sandbox else ""
        st.caption(t("ui.sidebar.today", estimated=estimated, billed=billed, simulated=simulated))
        standing = studio.standing()
        if standing.cap is not None and not standing.problem:
            st.caption(t("ui.sidebar.cap", cap=standing.cap, left=standing.left or 0))
        balance.show(studio.base_url, studio.provider)
