"""A message kept for the next run of a page, as (kind, words): what an action found, said where the user
is looking after the rerun that follows the click. Each piece's message waits in its own slot (`leave(key,
...)`, `take(key)`), so a piece of another page (History's detail continuing a video into Generate) can leave
one under Generate's Submit without knowing how that panel keeps its state."""

from __future__ import annotations

import streamlit as st

from ui.shell.language import said, t
from videogen import SubmitOutcome, TaskState

Notice = tuple[str, str]  # (error | success | info, the words)


def _slot(key: str) -> str:
    return f"{key}_notice"


def leave(key: str, notice: Notice | None) -> None:
    """Keep a message for the piece under `key` to show on its next run (None: nothing to say)."""
    st.session_state[_slot(key)] = notice


def peek(key: str) -> Notice | None:
    """The message waiting for the piece under `key`, left in place (shown at every run until replaced)."""
    return st.session_state.get(_slot(key))


def take(key: str) -> Notice | None:
    """The message waiting for the piece under `key`, taken (shown once)."""
    return st.session_state.pop(_slot(key), None)


def show(notice: Notice | None) -> None:
    if notice:
        {"error": st.error, "success": st.success}.get(notice[0], st.info)(notice[1])


def retry_found(outcome: SubmitOutcome) -> Notice:
    """What a safe retry (same Idempotency-Key) found, in the user's words."""
    record = outcome.record
    if outcome.replayed:
        return "success", t("ui.retry.found", task_id=record.task_id)
    if record.state == TaskState.SUBMITTED:
        return "success", t("ui.retry.made", task_id=record.task_id)
    if record.state == TaskState.UNKNOWN:
        return "error", t("ui.retry.still_unknown")
    return "error", t("ui.retry.refused", reason=said(record.error))
