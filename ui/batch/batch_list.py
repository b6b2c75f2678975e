"""The batches queued: each with its progress overall and per row, and Pause / Resume. A stopped batch says
why (the daily cap, the balance) and resumes on a click once that is dealt with.

Owns `{key}_<batch id>_toggle`."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from ui.shell import resources
from ui.shell.language import said, t, term
from videogen import Batch, BatchRow, BatchState, Note, RowState, Studio, TaskRecord, TaskState, TaskStatus, days

PROMPT_SHOWN = 60  # characters of a row's prompt in the table


def _next_send(batch: Batch, rows: list[BatchRow]) -> float | None:
    """About when the next waiting row goes: a minute's share after the last send, or its own retry time."""
    waiting = [r for r in rows if r.state == RowState.WAITING]
    if batch.state != BatchState.RUNNING or not waiting:
        return None
    last = max((r.sent_at or 0.0 for r in rows), default=0.0)
    return max(last + 60.0 / max(batch.per_minute, 1), waiting[0].not_before, time.time())


def _rows(studio: Studio, batch: Batch) -> tuple[pd.DataFrame, int, int]:
    """The rows' table (model and prompt beside each row's status), how many of their tasks have ended, and
    how many are still followed."""
    rows = studio.batches.rows(batch.id)
    records = studio.store.listing.by_keys([r.idempotency_key for r in rows if r.idempotency_key])
    names = {m.id: m.name for m in studio.catalog.models.values()}
    next_send, told = _next_send(batch, rows), False
    status, task_ids, billed, finished, following = [], [], [], 0, 0
    for row in rows:
        record = records.get(row.idempotency_key or "")
        if record is not None:
            status.append(term(record.display_status))
            finished += record.finished
            following += _followed(record)
        elif row.state == RowState.REFUSED:
            status.append(t("ui.batch.row_refused", reason=said(row.reason) or t("ui.batch.no_longer_valid")))
        elif next_send is not None and not told:
            status.append(t("ui.batch.goes_at", time=days.shown(next_send, "%H:%M:%S")))
            told = True
        else:
            status.append(t("ui.batch.waiting"))
        task_ids.append(record.task_id or "" if record else "")
        billed.append(record.billed_cost if record else None)
    table = pd.DataFrame(
        {
            t("ui.batch.col.line"): [r.number for r in rows],
            t("ui.col.model"): [names.get(r.request.model, r.request.model) for r in rows],
            t("ui.form.prompt"): [r.request.prompt[:PROMPT_SHOWN] for r in rows],
            t("ui.col.status"): status,
            t("ui.col.task_id"): task_ids,
            t("ui.col.estimate"): pd.Series([r.estimate for r in rows], dtype="float64"),
            t("ui.col.billed"): pd.Series(billed, dtype="float64"),  # blank until billed, never "None"
        }
    )
    return table, finished, following


def _followed(record: TaskRecord) -> bool:
    """Sent, and its task not ended yet (or ended with a video not saved yet): the tracker is on it."""
    saving = record.status == TaskStatus.COMPLETED and not record.video_path
    return record.state == TaskState.SUBMITTED and (not record.finished or saving)


def _unfinished(studio: Studio, batch: Batch) -> bool:
    keys = [r.idempotency_key for r in studio.batches.rows(batch.id) if r.idempotency_key]
    return any(_followed(record) for record in studio.store.listing.by_keys(keys).values())


def running(studio: Studio) -> bool:
    """A batch is still sending, or one of its tasks has not ended: the list keeps refreshing until the last
    task of the last batch ends (it stopped when the last row was sent, at "4 of 4 sent, 2 finished")."""
    batches = resources.desk(studio).batches.listed()
    return any(b.state == BatchState.RUNNING or _unfinished(studio, b) for b in batches)


def show(studio: Studio, *, key: str) -> bool:
    """Shows every batch of this backend; returns whether one is still running (the page refreshes)."""
    batches = resources.desk(studio).batches.listed()
    if not batches:
        st.caption(t("ui.batch.none"))
        return False
    live = False
    for batch in batches:
        table, finished, following = _rows(studio, batch)
        live = live or batch.state == BatchState.RUNNING or following > 0
        with st.container(border=True):
            ended = batch.state == BatchState.DONE and following == 0  # every row sent and every task ended
            state = t("ui.batch.state.finished") if ended else t(f"ui.batch.state.{batch.state}")
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
    return live
