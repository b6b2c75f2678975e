"""The spending ledger shown: totals, estimate against billed per day and per model as charts, every task's
line, and the CSV. Sandbox figures say they are simulated wherever they appear.

Owns `{key}_csv`."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from videogen import ledger
from videogen.catalog import Catalog
from videogen.ledger import Entry


def _frame(rows: list[ledger.Total], name: str) -> pd.DataFrame:
    return pd.DataFrame(
        {name: [t.name for t in rows], "Estimated": [t.estimated for t in rows], "Billed": [t.billed for t in rows]}
    )


def show(entries: list[Entry], catalog: Catalog, *, simulated: bool, key: str) -> None:
    kind = " (simulated)" if simulated else ""
    total = ledger.overall(entries)
    figures = st.columns(4)
    figures[0].metric(f"Estimated{kind}", f"${total.estimated:.2f}", help="Estimates of every task not refunded.")
    figures[1].metric(f"Billed{kind}", f"${total.billed:.2f}", help="What the API reported charging (its `cost`).")
    figures[2].metric(
        f"Refunded{kind}", f"${total.refunded:.2f}", help="Estimates of tasks that ended without a video."
    )
    figures[3].metric("Tasks", f"{total.tasks}")
    if total.unbilled:
        st.caption(f"{total.unbilled} task(s) have no billed figure from the API yet: their estimate stands for them.")
    if not entries:
        st.info("No task in this period yet.", icon=":material/receipt_long:")
        return
    name_of = {m.id: m.name for m in catalog.models.values()}
    days, models = st.columns(2)
    with days:
        st.subheader("Per day")
        st.bar_chart(
            _frame(ledger.totals(entries, "day"), "Day"),
            x="Day",
            y=["Estimated", "Billed"],
            stack=False,
            y_label="US dollars",
            height=280,
        )
    with models:
        st.subheader("Per model")
        per_model = ledger.totals(entries, "model")
        frame = _frame(per_model, "Model")
        frame["Model"] = [name_of.get(t.name, t.name) for t in per_model]
        st.bar_chart(frame, x="Model", y=["Estimated", "Billed"], stack=False, y_label="US dollars", height=280)
    st.subheader("Every task")
    table = pd.DataFrame(
        {
            "Created": [datetime.fromtimestamp(e.created_at) for e in reversed(entries)],  # local, as the day is
            "Task id": [e.task_id or "" for e in reversed(entries)],
            "Model": [name_of.get(e.model, e.model) for e in reversed(entries)],
            "Status": [e.status for e in reversed(entries)],
            "Estimate": [e.estimate for e in reversed(entries)],
            "Billed": [e.billed for e in reversed(entries)],
            "Refunded": [e.refunded for e in reversed(entries)],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "Created": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
            "Estimate": st.column_config.NumberColumn(format="$%.2f"),
            "Billed": st.column_config.NumberColumn(format="$%.2f", help="Empty until the API reports it."),
        },
    )
    st.download_button(
        "Download the ledger (CSV)",
        data=lambda: ledger.as_csv(entries),
        file_name="video-spending-simulated.csv" if simulated else "video-spending.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
