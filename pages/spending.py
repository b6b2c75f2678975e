"""Spending: the daily budget cap, and the ledger of what was estimated, billed and refunded."""

import time

import streamlit as st

from components import budget_settings, resources, spending_view
from videogen.tasks.store import start_of_today

PERIODS = {"Today": 0, "Last 7 days": 6, "Last 30 days": 29, "All time": None}

studio = resources.studio()
st.title("Spending")
if studio.sandbox:
    st.info(
        "Sandbox: these figures are simulated. They are what the requests would cost on the live API; nothing "
        "is charged.",
        icon=":material/science:",
    )

st.subheader("Daily budget")
budget_settings.show(studio, key="cap")

st.subheader("Ledger")
period = st.radio("Period", list(PERIODS), index=2, horizontal=True, key="spending_period")
days_back = PERIODS[period]
since = None if days_back is None else start_of_today(time.time() - days_back * 86400)
spending_view.show(studio.ledger(since), studio.catalog, simulated=studio.sandbox, key="ledger")
