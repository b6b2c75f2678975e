"""What came of the last submit, followed where the user is looking: one task's status, reason and next
step, or the videos of a set side by side, each with its video when done."""

from __future__ import annotations

import time

import streamlit as st

from components import video_card
from videogen.provider.protocol import TaskStatus
from videogen.tasks import states
from videogen.tasks.store import TaskStore

LONGER_THAN_USUAL = 1.5  # x the API's own expected time


def ago(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def follow_one(store: TaskStore, idempotency_key: str, *, key: str) -> None:
    """The task just submitted, followed where the user is looking: its status, reason and next step."""
    record = store.by_key(idempotency_key)

    @st.fragment(run_every=2 if record and not record.finished else None)
    def status():
        current = store.by_key(idempotency_key)
        if current is None:
            return
        task = f"`{current.task_id}`"
        if current.status == TaskStatus.COMPLETED:
            st.success(f"Done: {task}. The video is below and in History.", icon=":material/check_circle:")
        elif states.ended_without_video(current.status):
            st.error(
                f"Task {task} {current.status}: {(current.error_text or 'the API gave no reason').rstrip('.')}. It is refunded: "
                "nothing is charged. Change what the reason names, then submit again.",
                icon=":material/error:",
            )
        else:
            st.success("Submitted. Task id:", icon=":material/check_circle:")
            took = time.time() - (current.submitted_at or current.created_at)
            line = f"{current.display_status} {current.progress}% · {ago(took)} so far"
            expected = current.estimated_time
            if expected and took > expected * LONGER_THAN_USUAL:
                line += (
                    f" · taking longer than usual (the API expected about {ago(expected)}). It is still "
                    "followed here and in History; waiting costs nothing more."
                )
            st.caption(line)
        st.code(current.task_id, language=None)
        st.caption("It is followed below and in History, also if you close this tab.")
        if current.finished and not record.finished:
            st.rerun()

    status()


def follow_group(store: TaskStore, group_id: str, *, key: str) -> None:
    """The videos of one set of variations, side by side: each its status, then its video when done."""
    first = store.group(group_id)

    @st.fragment(run_every=2 if any(not r.finished for r in first) else None)
    def videos():
        records = store.group(group_id)
        done = sum(1 for r in records if r.finished)
        st.success(f"Submitted {len(records)} videos ({done} finished). Task ids:", icon=":material/check_circle:")
        for column, record in zip(st.columns(len(records)), records, strict=True):
            with column:
                st.caption(f"Video {record.idempotency_key.rsplit('-', 1)[-1]}: {record.display_status}")
                if record.task_id:
                    st.code(record.task_id, language=None)
                elif record.error_text:
                    st.caption(record.error_text)
                video_card.show(record, key=f"{key}_{record.idempotency_key}")
        if done == len(records) and any(not r.finished for r in first):
            st.rerun()

    videos()
