"""The spending ledger shown: totals, estimate against billed per day and per model as charts, every task's
line, and the CSV. Sandbox figures say they are simulated wherever they appear.

Owns `{key}_csv`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.shell.language import t, term
from ui.tasks import exports
from videogen import Catalog, Entry, days, ledger

ESTIMATED_COLOUR = "#7B9FD4"  # a mid blue: readable on white and on the dark theme's background
BILLED_COLOUR = "#E4572E"  # the app's primary colour


def _frame(rows: list[ledger.Total], name: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            name: [total.name for total in rows],
            t("ui.col.estimated"): [total.estimated for total in rows],
            t("ui.col.billed"): [total.billed for total in rows],
        }
    )


def _chart(frame: pd.DataFrame, x: str) -> None:
    st.bar_chart(
        frame,
        x=x,
        y=[t("ui.col.estimated"), t("ui.col.billed")],
        stack=False,
        # Fixed colours, the same in the light and the dark theme (the themes' palettes swapped them).
        color=[ESTIMATED_COLOUR, BILLED_COLOUR],
        y_label=t("ui.dollars"),
        height=280,
    )


def show(entries: list[Entry], catalog: Catalog, *, simulated: bool, key: str) -> None:
    kind = t("ui.simulated") if simulated else ""
    total = ledger.overall(entries)
    figures = st.columns(4)
    figures[0].metric(
        t("ui.ledger.estimated", simulated=kind), f"${total.estimated:.2f}", help=t("ui.ledger.estimated_help")
    )
    figures[1].metric(t("ui.ledger.billed", simulated=kind), f"${total.billed:.2f}", help=t("ui.ledger.billed_help"))
    figures[2].metric(
        t("ui.ledger.refunded", simulated=kind), f"${total.refunded:.2f}", help=t("ui.ledger.refunded_help")
    )
    figures[3].metric(t("ui.ledger.tasks"), f"{total.tasks}")
    if total.unbilled:
        st.caption(t("ui.ledger.unbilled", count=total.unbilled))
    if not entries:
        st.info(t("ui.ledger.empty"), icon=":material/receipt_long:")
        return
    name_of = {m.id: m.name for m in catalog.models.values()}
    day_column, model_column = st.columns(2)
    with day_column:
        st.subheader(t("ui.ledger.per_day"))
        _chart(_frame(ledger.totals(entries, "day"), t("ui.col.day")), t("ui.col.day"))
    with model_column:
        st.subheader(t("ui.ledger.per_model"))
        per_model = ledger.totals(entries, "model")
        frame = _frame(per_model, t("ui.col.model"))
        unknown = t("ui.detail.model_unknown")  # a task added by its id: a bar with a name, not a blank
        frame[t("ui.col.model")] = [name_of.get(m.name, m.name) or unknown for m in per_model]
        _chart(frame, t("ui.col.model"))
    st.subheader(t("ui.ledger.every_task"))
    newest_first = list(reversed(entries))
    columns = {
        "created": [days.moment(e.created_at) for e in newest_first],  # in the team's zone, as the day is
        "task_id": [e.task_id or "" for e in newest_first],
        "model": [name_of.get(e.model, e.model) or t("ui.detail.model_unknown") for e in newest_first],
        "status": [term(e.status) for e in newest_first],
        "estimate": [e.estimate for e in newest_first],
        "billed": [e.billed for e in newest_first],
        "refunded": [e.refunded for e in newest_first],
    }
    st.dataframe(
        pd.DataFrame({t(f"ui.col.{name}"): values for name, values in columns.items()}),
        hide_index=True,
        width="stretch",
        column_config={
            t("ui.col.created"): st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
            t("ui.col.estimate"): st.column_config.NumberColumn(format="$%.2f"),
            t("ui.col.billed"): st.column_config.NumberColumn(format="$%.2f", help=t("ui.col.billed_help")),
        },
    )
    header = exports.headers(ledger.CSV_FIELDS)  # in this run's language: the file is made later
    st.download_button(
        t("ui.ledger.download"),
        data=lambda: ledger.as_csv(entries, header),
        file_name="video-spending-simulated.csv" if simulated else "video-spending.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
