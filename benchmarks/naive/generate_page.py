"""The naive Generate page: the same form, but every task is loaded on every rerun and filtered here."""

import streamlit as st

from ui.generate import request_form
from ui.shell import resources
from ui.tasks import task_table

studio = resources.studio()
store = studio.store
catalog = studio.catalog
session_id = resources.session_id()
chosen = request_form.show(catalog, key="request")
everything = store.listing.page(limit=10**9)  # all rows, every rerun
mine = [r for r in everything if r.session_id == session_id]
st.metric("Spent", f"${sum(r.estimated_cost or 0 for r in mine):.2f}")
task_table.show(mine[:20], key="session_tasks")
