"""The Submit button and what came of the last submit: one intent per form content, never two POSTs.

Owns `{key}_nonce` (rotated only by a deliberate "new task" or a definite refusal), `{key}_last` (the
key of the last intent) and `{key}_notice`."""

from __future__ import annotations

import streamlit as st

from videogen import history
from videogen.catalog import Catalog
from videogen.client import ApimartClient
from videogen.errors import ApiError
from videogen.history import TaskStore
from videogen.request import GenerationRequest
from videogen.submission import intent_key, new_nonce, retry_same_key, submit

from components.reference_panel import Reference


def _rotate(key: str) -> None:
    st.session_state[f"{key}_nonce"] = new_nonce()


def _submit(store: TaskStore, client: ApimartClient, catalog: Catalog, request: GenerationRequest,
            reference: Reference, intent: str, session_id: str, key: str) -> None:
    upload = None
    if reference.upload is not None:
        data, name, mime = reference.upload
        upload = lambda: client.upload_image(data, name, mime)  # noqa: E731 - called once, inside submit()
    try:
        outcome = submit(store, client, catalog, request, intent, session_id=session_id,
                         thumbnail=reference.thumbnail, upload_reference=upload)
    except ApiError as error:  # the upload failed: nothing was recorded, nothing was paid
        st.session_state[f"{key}_notice"] = ("error", f"The reference image could not be uploaded: "
                                             f"{error.message} {error.next_step}")
        st.rerun()
    st.session_state[f"{key}_last"] = intent
    record = outcome.record
    if not outcome.sent:
        task = f" as task `{record.task_id}`" if record.task_id else ""
        st.session_state[f"{key}_notice"] = ("info", f"This exact request was already submitted{task}; it was "
                                             "not sent again. To make another video with the same settings, "
                                             "use **New task with the same settings**.")
    elif record.state == history.SUBMITTED:
        st.session_state[f"{key}_notice"] = None
        st.session_state[f"{key}_toast"] = f"Submitted: {record.task_id}"
    if record.state == history.REJECTED:
        _rotate(key)  # the API made no task: the corrected request may go out under a new key
    # Draw the page again so the sidebar, the cost box and the task list count this submit.
    st.rerun()


def _show_last(store: TaskStore, client: ApimartClient, *, key: str) -> None:
    last = st.session_state.get(f"{key}_last")
    record = store.by_key(last) if last else None
    if record is None:
        return
    if record.state == history.SUBMITTED:
        st.success("Submitted. Task id:", icon=":material/check_circle:")
        st.code(record.task_id, language=None)
        st.caption("It is followed below and in History, also if you close this tab.")
        if st.button("New task with the same settings", key=f"{key}_again"):
            _rotate(key)
            st.session_state[f"{key}_last"] = None
            st.rerun()
    elif record.state == history.UNKNOWN:
        st.warning(record.error or "The outcome is unknown.", icon=":material/help:")
        st.caption(f"Idempotency-Key: `{record.idempotency_key}`")
        if st.button("Retry safely with the same Idempotency-Key", key=f"{key}_retry",
                     help="The API recognises the key: if the first request made a task, you get that task "
                          "back instead of a second one."):
            retry_same_key(store, client, record.idempotency_key)
            st.rerun()
        st.page_link("pages/history.py", label="Check History", icon=":material/history:")
    elif record.state == history.REJECTED:
        st.error(record.error or "The API refused the request.", icon=":material/error:")
    elif record.state == history.INTENT:
        st.info("Sending...", icon=":material/hourglass_top:")


def show(store: TaskStore, client: ApimartClient, catalog: Catalog, request: GenerationRequest,
         reference: Reference, *, session_id: str, blocked_because: str | None, key: str) -> None:
    if f"{key}_nonce" not in st.session_state:
        _rotate(key)
    toast = st.session_state.pop(f"{key}_toast", None)
    if toast:
        st.toast(toast, icon=":material/check_circle:")
    # The key is a function of the form's content: it changes when the form changes, not when clicked.
    intent = intent_key(st.session_state[f"{key}_nonce"], request, reference.digest)
    if st.button("Submit", type="primary", disabled=blocked_because is not None, key=f"{key}_button",
                 icon=":material/send:"):
        _submit(store, client, catalog, request, reference, intent, session_id, key)
    if blocked_because:
        st.caption(blocked_because)
    notice = st.session_state.get(f"{key}_notice")
    if notice:
        (st.error if notice[0] == "error" else st.info)(notice[1])
    _show_last(store, client, key=key)
