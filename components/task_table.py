"""A table of tasks: id, time, settings, status and a progress bar."""

from __future__ import annotations

import time

import streamlit as st

from videogen.history import TaskRecord


def rows(records: list[TaskRecord]) -> list[dict]:
    return [{
        "Task id": r.task_id or "-",
        "Created": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r.created_at)),
        "Status": r.display_status,
        "Progress": r.progress,
        "Model": r.model,
        "Duration": f"{r.duration} s" if r.duration else "",
        "Aspect ratio": r.aspect_ratio or "",
        "Resolution": r.resolution or "-",
        "Prompt": r.prompt,
        "Estimate": r.estimated_cost,
        "Billed": r.billed_cost,
        "Link expires": time.strftime("%Y-%m-%d %H:%M", time.localtime(r.expires_at)) if r.expires_at else "",
        "Saved": "yes" if r.video_path else "",
    } for r in records]


COLUMNS = {
    "Progress": st.column_config.ProgressColumn("Progress", min_value=0, max_value=100, format="%d%%"),
    "Estimate": st.column_config.NumberColumn("Estimate", format="$%.2f"),
    "Billed": st.column_config.NumberColumn("Billed", format="$%.2f"),
    "Prompt": st.column_config.TextColumn("Prompt", width="medium"),
}


def show(records: list[TaskRecord], *, columns: list[str] | None = None, selectable: bool = False, key: str):
    """The table; with `selectable`, returns the record of the selected row (or None)."""
    if not records:
        st.caption("No tasks yet.")
        return None
    order = columns or list(rows(records[:1])[0])
    event = st.dataframe(rows(records), hide_index=True, column_order=order, column_config=COLUMNS, key=key,
                         on_select="rerun" if selectable else "ignore", selection_mode="single-row")
    if selectable and event and event.selection.rows:
        return records[event.selection.rows[0]]
    return None
