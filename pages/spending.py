"""Spending: the daily budget cap, and the ledger of what was estimated, billed and refunded."""

import time

import streamlit as st

from ui.money import budget_settings, spending_view
from ui.shell import resources, shell
from ui.shell.language import t
from videogen import days

shell.required("pages/spending.py")  # through app.py first (its gate, its sidebar)

PERIODS = {"today": 0, "week": 6, "month": 29, "all": None}  # days back from today

studio = resources.studio()
st.title(t("ui.spending.title"))
if studio.sandbox:
    st.info(t("ui.spending.sandbox"), icon=":material/science:")

st.subheader(t("ui.spending.budget"))
budget_settings.show(studio, key="cap")

st.subheader(t("ui.spending.ledger"))
period = st.radio(
    t("ui.spending.period"),
    list(PERIODS),
    index=2,
    horizontal=True,
    format_func={p: t(f"ui.period.{p}") for p in PERIODS}.__getitem__,
    key="spending_period",
)
days_back = PERIODS[period]
since = None if days_back is None else days.start_of_day(time.time() - days_back * 86400)
spending_view.show(resources.desk(studio).money.ledger(since), studio.catalog, simulated=studio.sandbox, key="ledger")
