"""What came of the last submit, followed where the user is looking: one task's status, reason and next
step, or the videos of a set side by side, each with its video when done."""

from __future__ import annotations

import time

import streamlit as st

from ui.shell import polling
from ui.shell.language import said, t, term
from ui.tasks import video_card
from videogen import TaskStatus, TaskStore, states

LONGER_THAN_USUAL = 1.5  # x the API's own expected time


def as_text(task_id: str | None) -> str:
    """A task id as inline code in a line of text (a double click selects it whole)."""
    return f"`{task_id}`"


def show_id(task_id: str) -> None:
    """A task id on a line of its own, as text, not a code block: the first code block on a page loads the
    browser's 1.5 MB syntax highlighter, and this line is drawn on every run after a submit (a session's browser
    spent 31 % less CPU without it and the request preview's blocks; issue 30)."""
    st.markdown(as_text(task_id))


def ago(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return t("ui.seconds", n=seconds)
    if seconds < 3600:
        return t("ui.minutes", n=seconds // 60)
    return t("ui.hours", h=seconds // 3600, m=seconds % 3600 // 60)


def follow_one(store: TaskStore, idempotency_key: str, *, key: str) -> None:
    """The task just submitted, followed where the user is looking: its status, reason and next step."""
    record = store.listing.by_key(idempotency_key)

    @st.fragment(run_every=polling.when(record is not None and record.followed))
    def status():
        current = store.listing.by_key(idempotency_key)
        if current is None:
            return
        task = as_text(current.task_id)
        if current.status == TaskStatus.COMPLETED:  # the id in the line itself
            st.success(t("ui.last.done", task=task), icon=":material/check_circle:")
        elif states.ended_without_video(current.status):
            reason = (said(current.error) or t("ui.last.no_reason")).rstrip(".。")
            st.error(t("ui.last.ended", task=task, status=current.status or "", reason=reason), icon=":material/error:")
        else:
            st.success(t("ui.last.submitted"), icon=":material/check_circle:")  # "… Task id:", then the id
            if current.task_id:
                show_id(current.task_id)
            took = time.time() - (current.submitted_at or current.created_at)
            line = t("ui.last.progress", status=current.display_status, progress=current.progress, took=ago(took))
            expected = current.estimated_time
            if expected and took > expected * LONGER_THAN_USUAL:
                line += t("ui.last.longer", expected=ago(expected))
            st.caption(line)
        st.caption(t("ui.last.followed"))
        if record is not None and record.followed and not current.followed:
            polling.rerun_page()  # once, the whole page: the session's table and the video, without this timer

    status()


def follow_group(store: TaskStore, group_id: str, *, key: str) -> None:
    """The videos of one set (variations, or one request on several models), side by side: each its status (and
    model), then its video when done."""
    first = store.listing.group(group_id)

    @st.fragment(run_every=polling.when(any(r.followed for r in first)))
    def videos():
        records = store.listing.group(group_id)
        done = sum(1 for r in records if r.finished)
        st.success(t("ui.last.set", count=len(records), done=done), icon=":material/check_circle:")
        # Two a row at most: three side by side in the narrow column cut the ids to 11 characters and the
        # buttons to "Downlo...".
        cells = [cell for start in range(0, len(records), 2) for cell in st.columns(2)][: len(records)]
        several = len({r.model for r in records}) > 1  # one request on several models: each says its own
        for column, record in zip(cells, records, strict=True):
            with column:
                number = record.idempotency_key.rsplit("-", 1)[-1]
                status = term(record.display_status)
                if several:
                    st.caption(t("ui.last.video_on", number=number, model=record.model, status=status))
                else:
                    st.caption(t("ui.last.video", number=number, status=status))
                if record.task_id:
                    show_id(record.task_id)
                elif record.error:
                    st.caption(said(record.error))
                video_card.show(record, key=f"{key}_{record.idempotency_key}")
        if not any(r.followed for r in records) and any(r.followed for r in first):
            polling.rerun_page()

    videos()
