"""The batches queued: each with its progress overall and per row, and Pause / Resume. A stopped batch says
why (the daily cap, the balance) and resumes on a click once that is dealt with.

Owns `{key}_<batch id>_toggle`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from videogen.messages import Note, words
from videogen.studio import Studio
from videogen.tasks.batches import Batch, BatchState, RowState

STATE_WORDS = {
    BatchState.RUNNING: "running",
    BatchState.PAUSED: "paused",
    BatchState.STOPPED: "stopped",
    BatchState.DONE: "all sent",
}


def _rows(studio: Studio, batch: Batch) -> tuple[pd.DataFrame, int]:
    rows = studio.batches.rows(batch.id)
    records = studio.store.by_keys([r.idempotency_key for r in rows if r.idempotency_key])
    status, task_ids, billed, finished = [], [], [], 0
    for row in rows:
        record = records.get(row.idempotency_key or "")
        if record is not None:
            status.append(record.display_status)
            finished += record.finished
        elif row.state == RowState.REFUSED:
            status.append(f"refused: {words(row.reason) or 'no longer valid'}")
        else:
            status.append("waiting")
        task_ids.append(record.task_id if record else None)
        billed.append(record.billed_cost if record else None)
    table = pd.DataFrame(
        {
            "Line": [r.number for r in rows],
            "Status": status,
            "Task id": task_ids,
            "Estimate": [r.estimate for r in rows],
            "Billed": billed,
        }
    )
    return table, finished


def running(studio: Studio) -> bool:
    return any(b.state == BatchState.RUNNING for b in studio.batches.batches(simulated=studio.sandbox))


def show(studio: Studio, *, key: str) -> bool:
    """Shows every batch of this backend; returns whether one is still running (the page refreshes)."""
    batches = studio.batches.batches(simulated=studio.sandbox)
    if not batches:
        st.caption("No batch yet.")
        return False
    for batch in batches:
        table, finished = _rows(studio, batch)
        with st.container(border=True):
            st.markdown(
                f"**{batch.name}** · {STATE_WORDS.get(batch.state, batch.state)} · {batch.per_minute} per minute"
            )
            st.progress(
                batch.sent / max(batch.rows, 1),
                text=f"{batch.sent} of {batch.rows} sent · {finished} finished · estimate ${batch.estimate:.2f}",
            )
            if batch.state == BatchState.STOPPED and batch.reason_text:
                st.warning(batch.reason_text, icon=":material/pause_circle:")
                reason = Note.read(batch.reason)
                if reason is not None and reason.code == "budget.over":
                    st.page_link(
                        "pages/spending.py", label="Raise the daily cap, then Resume", icon=":material/savings:"
                    )
            if batch.state in (BatchState.RUNNING, BatchState.PAUSED, BatchState.STOPPED):
                running = batch.state == BatchState.RUNNING
                label = "Pause" if running else "Resume"
                if st.button(
                    label,
                    key=f"{key}_{batch.id}_toggle",
                    icon=":material/pause:" if running else ":material/play_arrow:",
                ):
                    studio.batches.set_state(batch.id, BatchState.PAUSED if running else BatchState.RUNNING)
                    st.rerun()
            with st.expander(f"Rows ({batch.rows})"):
                st.dataframe(
                    table,
                    hide_index=True,
                    width="stretch",
                    column_config={
                        "Estimate": st.column_config.NumberColumn(format="$%.2f"),
                        "Billed": st.column_config.NumberColumn(format="$%.2f"),
                    },
                )
    return any(b.state == BatchState.RUNNING for b in batches)
