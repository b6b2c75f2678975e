"""A message kept for the next run of a page, as (kind, words): what an action found, said where the user
is looking after the rerun that follows the click."""

from __future__ import annotations

import streamlit as st

from videogen.tasks.states import TaskState
from videogen.tasks.submission import SubmitOutcome


def show(notice: tuple[str, str] | None) -> None:
    if notice:
        {"error": st.error, "success": st.success}.get(notice[0], st.info)(notice[1])


def retry_found(outcome: SubmitOutcome) -> tuple[str, str]:
    """What a safe retry (same Idempotency-Key) found, in the user's words."""
    record = outcome.record
    if outcome.replayed:
        return "success", (
            f"The retry found the task the first request had made: `{record.task_id}`. Nothing more is charged."
        )
    if record.state == TaskState.SUBMITTED:
        return "success", f"The first request had made no task; the retry made it: `{record.task_id}`."
    if record.state == TaskState.UNKNOWN:
        return "error", (
            "The retry got no answer either: the outcome is still unknown. Check History, or retry again later."
        )
    return "error", f"The retry was refused: {record.error_text}"
