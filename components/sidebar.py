"""The shared sidebar: which backend (live or sandbox), whether a key is set, and the money spent."""

from __future__ import annotations

import streamlit as st

from components import balance, resources
from videogen.provider.sandbox_rules import MARKERS


def show(*, key: str) -> None:
    studio = resources.studio()
    with st.sidebar:
        if studio.sandbox:
            st.warning(
                "**Sandbox mode**: no API key is set, so requests go to the built-in simulator. "
                "No real video is made and nothing is charged.",
                icon=":material/science:",
            )
            with st.expander("Sandbox prompt markers"):
                st.markdown("\n".join(f"- `{m}`: {what}" for m, what in MARKERS.items()))
        else:
            st.success(f"**Live**: {studio.base_url}  \nAPI key: set (hidden)", icon=":material/key:")
        estimated, billed = studio.spent_today()
        simulated = " (simulated: nothing is charged)" if studio.sandbox else ""
        st.caption(f"Today: ${estimated:.2f} estimated, ${billed:.2f} billed{simulated}")
        standing = studio.standing()
        if standing.cap is not None and not standing.problem:
            st.caption(f"Daily cap: ${standing.cap:.2f} (${standing.left or 0:.2f} left)")
        balance.show(studio.base_url, studio.provider)
