"""The batches queued: each with its progress overall and per row, and Pause / Resume. A stopped batch says
why (the daily cap, the balance) and resumes on a click once that is dealt with.

Owns `{key}_<batch id>_toggle`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import people
from components.language import said, t, term
from videogen.messages import Note
from videogen.studio import Studio
from videogen.tasks.batches import Batch, BatchState, RowState


def _rows(studio: Studio, batch: Batch) -> tuple[pd.DataFrame, int]:
    rows = studio.batches.rows(batch.id)
    records = studio.store.by_keys([r.idempotency_key for r in rows if r.idempotency_key])
    status, task_ids, billed, finished = [], [], [], 0
    for row in rows:
        record = records.get(row.idempotency_key or "")
        if record is not None:
            status.append(term(record.display_status))
            finished += record.finished
        elif row.state == RowState.REFUSED:
            status.append(t("ui.batch.row_refused", reason=said(row.reason) or t("ui.batch.no_longer_valid")))
        else:
            status.append(t("ui.batch.waiting"))
        task_ids.append(record.task_id if record else None)
        billed.append(record.billed_cost if record else None)
    table = pd.DataFrame(
        {
            t("ui.batch.col.line"): [r.number for r in rows],
            t("ui.col.status"): status,
            t("ui.col.task_id"): task_ids,
            t("ui.col.estimate"): [r.estimate for r in rows],
            t("ui.col.billed"): billed,
        }
    )
    return table, finished


def running(studio: Studio) -> bool:
    batches = studio.batches.batches(simulated=studio.sandbox, owner=people.current())
    return any(b.state == BatchState.RUNNING for b in batches)


def show(studio: Studio, *, key: str) -> bool:
    """Shows every batch of this backend; returns whether one is still running (the page refreshes)."""
    batches = studio.batches.batches(simulated=studio.sandbox, owner=people.current())
    if not batches:
        st.caption(t("ui.batch.none"))
        return False
    for batch in batches:
        table, finished = _rows(studio, batch)
        with st.container(border=True):
            state = t(f"ui.batch.state.{batch.state}")
            st.markdown(t("ui.batch.heading", name=batch.name, state=state, rate=batch.per_minute))
            st.progress(
                batch.sent / max(batch.rows, 1),
                text=t(
                    "ui.batch.progress", sent=batch.sent, rows=batch.rows, finished=finished, estimate=batch.estimate
                ),
            )
            if batch.state == BatchState.STOPPED and batch.reason:
                st.warning(said(batch.reason), icon=":material/pause_circle:")
                reason = Note.read(batch.reason)
                if reason is not None and reason.code == "budget.over":
                    st.page_link("pages/spending.py", label=t("ui.batch.raise_then_resume"), icon=":material/savings:")
            if batch.state in (BatchState.RUNNING, BatchState.PAUSED, BatchState.STOPPED):
                running = batch.state == BatchState.RUNNING
                label = t("ui.batch.pause") if running else t("ui.batch.resume")
                if st.button(
                    label,
                    key=f"{key}_{batch.id}_toggle",
                    icon=":material/pause:" if running else ":material/play_arrow:",
                ):
                    studio.batches.set_state(batch.id, BatchState.PAUSED if running else BatchState.RUNNING)
                    st.rerun()
            with st.expander(t("ui.batch.rows", rows=batch.rows)):
                st.dataframe(
                    table,
                    hide_index=True,
                    width="stretch",
                    column_config={
                        t("ui.col.estimate"): st.column_config.NumberColumn(format="$%.2f"),
                        t("ui.col.billed"): st.column_config.NumberColumn(format="$%.2f"),
                    },
                )
    return any(b.state == BatchState.RUNNING for b in batches)
