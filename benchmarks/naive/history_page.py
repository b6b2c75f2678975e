"""The naive History page: every task loaded and drawn on every rerun."""

import streamlit as st

from ui.shell import resources
from ui.tasks import task_table

studio = resources.studio()
store = studio.store
everything = store.listing.page(limit=10**9)
st.metric("All time", f"${sum(r.estimated_cost or 0 for r in everything):.2f}")
task_table.show(everything, key="history_table")
