"""A message kept for the next run of a page, as (kind, words): what an action found, said where the user
is looking after the rerun that follows the click."""

from __future__ import annotations

import streamlit as st

from ui.shell.language import said, t
from videogen import SubmitOutcome, TaskState


def show(notice: tuple[str, str] | None) -> None:
    if notice:
        {"error": st.error, "success": st.success}.get(notice[0], st.info)(notice[1])


def retry_found(outcome: SubmitOutcome) -> tuple[str, str]:
    """What a safe retry (same Idempotency-Key) found, in the user's words."""
    record = outcome.record
    if outcome.replayed:
        return "success", t("ui.retry.found", task_id=record.task_id)
    if record.state == TaskState.SUBMITTED:
        return "success", t("ui.retry.made", task_id=record.task_id)
    if record.state == TaskState.UNKNOWN:
        return "error", t("ui.retry.still_unknown")
    return "error", t("ui.retry.refused", reason=said(record.error))
