"""A table of tasks: id, time, settings, status and a progress bar."""

from __future__ import annotations

import time

import streamlit as st

from videogen.tasks.store import TaskRecord


def rows(records: list[TaskRecord]) -> list[dict]:
    # What matters most comes first: on a phone only the first columns are in view.
    return [
        {
            "Status": r.display_status,
            "Progress": r.progress,
            "Task id": r.task_id or "-",
            "Created": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r.created_at)),
            "Model": r.model,
            "Duration": f"{r.duration} s" if r.duration else "",
            "Aspect ratio": r.aspect_ratio or "",
            "Resolution": r.resolution or "-",
            "Prompt": r.prompt,
            "Estimate": r.estimated_cost,
            "Billed": r.billed_cost,
            "Link expires": time.strftime("%Y-%m-%d %H:%M", time.localtime(r.expires_at)) if r.expires_at else "",
            "Saved": "yes" if r.video_path else "",
        }
        for r in records
    ]


COLUMNS = {
    "Status": st.column_config.TextColumn("Status", width="small"),
    "Progress": st.column_config.ProgressColumn("Progress", min_value=0, max_value=100, format="%d%%", width="small"),
    # Wide enough for a whole id (task_ and 26 characters): a cut id cannot be copied or compared.
    "Task id": st.column_config.TextColumn("Task id", width=300),
    "Estimate": st.column_config.NumberColumn("Estimate", format="$%.2f"),
    "Billed": st.column_config.NumberColumn("Billed", format="$%.2f"),
    "Prompt": st.column_config.TextColumn("Prompt", width="medium"),
}


def show(records: list[TaskRecord], *, columns: list[str] | None = None, on_select=None, key: str) -> None:
    """The table; with `on_select`, a click on a row calls it (the selection is in session_state[key])."""
    if not records:
        st.caption("No tasks yet.")
        return
    order = columns or list(rows(records[:1])[0])
    st.dataframe(
        rows(records),
        hide_index=True,
        column_order=order,
        column_config=COLUMNS,
        key=key,
        on_select=on_select or "ignore",
        selection_mode="single-row",
    )
