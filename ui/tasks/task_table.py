"""A table of tasks: id, time, settings, status and a progress bar. Callers name columns by their English
header (`columns`); the table's headers are in the reader's language."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

from ui.shell.language import t, term
from videogen import Catalog, TaskRecord, builtin_catalog, days

HEADERS = {
    "Status": "ui.col.status",
    "Progress": "ui.col.progress",
    "Task id": "ui.col.task_id",
    "Created": "ui.col.created",
    "Model": "ui.col.model",
    "Duration": "ui.form.duration",
    "Aspect ratio": "ui.form.aspect_ratio",
    "Resolution": "ui.form.resolution",
    "Prompt": "ui.form.prompt",
    "Estimate": "ui.col.estimate",
    "Billed": "ui.col.billed",
    "Link expires": "ui.col.link_expires",
    "Saved": "ui.col.saved",
}


def resolution_words(record: TaskRecord, catalog: Catalog | None = None) -> str:
    """The tier's words ("Standard 720p"), not its wire value ("std"); the value where the model does not know
    it; empty without one. `catalog`: the one this run has read (else it is read)."""
    if not record.resolution:
        return ""
    model = (catalog or builtin_catalog()).model(record.model)
    if model is None or record.resolution not in {tier.id for tier in model.tiers}:
        return record.resolution
    return term(model.tier(record.resolution).label)


def rows(records: list[TaskRecord]) -> list[dict]:
    # What matters most comes first: on a phone only the first columns are in view.
    catalog = builtin_catalog()  # read once for the page of rows, not once a row
    yes = t("ui.yes")
    return [
        {
            "Status": term(r.display_status),
            "Progress": r.progress,
            "Task id": r.task_id or "-",
            "Created": days.shown(r.created_at, "%Y-%m-%d %H:%M:%S"),
            "Model": r.model,
            "Duration": t("ui.seconds", n=r.duration) if r.duration else "",
            "Aspect ratio": r.aspect_ratio or "",
            "Resolution": resolution_words(r, catalog) or "-",
            "Prompt": r.prompt,
            "Estimate": r.estimated_cost,
            "Billed": r.billed_cost,
            "Link expires": days.shown(r.expires_at) if r.expires_at else "",
            "Saved": yes if r.video_path else "",
        }
        for r in records
    ]


NUMBERS = {"Progress": pa.int64(), "Estimate": pa.float64(), "Billed": pa.float64()}  # the rest are words


def _arrow(table: list[dict], headers: dict[str, str]) -> pa.Table:
    """The rows as an Arrow table with their types said: Streamlit sends it as it is (a list of dicts went through
    pandas first: 1.8 ms of a 20-row table's 1.9 ms, on every run of the page)."""
    schema = pa.schema([(headers[name], NUMBERS.get(name, pa.string())) for name in HEADERS])
    return pa.Table.from_pylist([{headers[name]: value for name, value in row.items()} for row in table], schema)


def _columns(headers: dict[str, str]) -> dict:
    return {
        headers["Status"]: st.column_config.TextColumn(width="small"),
        headers["Progress"]: st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d%%", width="small"),
        # Wide enough for a whole id (task_ and 26 characters): a cut id cannot be copied or compared.
        headers["Task id"]: st.column_config.TextColumn(width=300),
        headers["Estimate"]: st.column_config.NumberColumn(format="$%.2f"),
        headers["Billed"]: st.column_config.NumberColumn(format="$%.2f"),
        headers["Prompt"]: st.column_config.TextColumn(width="medium"),
    }


def show(records: list[TaskRecord], *, columns: list[str] | None = None, on_select=None, key: str) -> None:
    """The table; with `on_select`, a click on a row calls it (the selection is in session_state[key])."""
    if not records:
        st.caption(t("ui.tasks.none"))
        return
    headers = {name: t(code) for name, code in HEADERS.items()}
    order = [headers[name] for name in columns or HEADERS]
    st.dataframe(
        _arrow(rows(records), headers),
        hide_index=True,
        column_order=order,
        column_config=_columns(headers),
        key=key,
        on_select=on_select or "ignore",
        selection_mode="single-row",
    )
