"""The Submit button and what came of the last submit: one intent per form content, never two POSTs.

The POST runs in a thread of its own (`Sending`): "Sending…" and every retry show while it waits, and
Submit stays locked until the outcome is known, whatever else the user does meanwhile.

Its state is one `SubmitState` under `{key}_state`; what a send found waits in its notice slot (`notice.leave`,
under `key`: History's "continue" leaves one there too)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TypedDict

import streamlit as st

from ui.generate import last_submit
from ui.generate.last_submit import ago
from ui.shell import balance, notice, resources
from ui.shell.language import current, said, t
from videogen import (
    ApiError,
    Attached,
    Note,
    OverBudget,
    Sending,
    Studio,
    TaskRecord,
    TaskState,
    TaskStore,
    ValidRequest,
    intent_key,
    new_nonce,
)

# Seconds the click's own run waits for the answer before the page is drawn again locked and waiting. An answer
# within it is drawn by the next run: two page runs a click, not three (under thirty sessions clicking at once the
# answers take 5-10 s, and each page run is about 90 elements for every browser to draw again).
QUICK_ANSWER = 8.0
LOOK_EVERY = 1.0  # seconds between the box's redraws while it waits: each is where a click elsewhere takes over


@dataclass
class SubmitState:
    """What the panel keeps between runs, in one place (`state(key)`)."""

    nonce: str = field(default_factory=new_nonce)  # rotated only by a deliberate "new task" or a definite refusal
    last: str | None = None  # the key of the last intent (the first of a set)
    sending: Sending | None = None  # the send in flight, in its thread
    repeat: tuple[str | None, str] | None = None  # (the intent, the earlier one's key): a repeat waiting for a yes
    repeat_ok: str | None = None  # the nonce under which a repeat was chosen deliberately ("New task")
    toast: str | None = None  # said once, at the next run

    def rotate(self) -> None:
        self.nonce = new_nonce()


def state(key: str) -> SubmitState:
    """The panel's state under `key` (made on first use)."""
    found: SubmitState | None = st.session_state.get(f"{key}_state")
    if found is None:
        found = st.session_state[f"{key}_state"] = SubmitState()
    return found


def _start(key: str, work, what: str = "submit") -> None:
    """Run the submit in its thread. Most answers come within a moment: this run waits up to `QUICK_ANSWER` for it,
    Submit drawn locked (see `show`) and the box saying "Sending…" and each retry, then the page is drawn again
    with the outcome. The box is drawn again every `LOOK_EVERY` seconds meanwhile: each drawing is where Streamlit
    takes a click elsewhere on the page, which then is not kept waiting. A slower answer is awaited by the next
    runs, with Submit locked (`Waiting`)."""
    sending = Sending(work, what=what)
    state(key).sending = sending
    Waiting(sending, idle="ui.submit.sending_bold").wait(within=QUICK_ANSWER, redraw_every=LOOK_EVERY)


class Send(TypedDict):
    """What every send from this panel carries besides the request: who, under which key, how many."""

    session_id: str
    key: str
    count: int
    redo_of: str | None
    also: tuple[ValidRequest, ...]


def _send(
    studio: Studio,
    request: ValidRequest,
    attached: Attached,
    intent: str,
    *,
    session_id: str,
    repeat: bool,
    key: str,
    count: int = 1,
    redo_of: str | None = None,
    also: tuple[ValidRequest, ...] = (),
) -> None:
    kept = state(key)
    kept.last, kept.repeat = (intent if count + len(also) <= 1 else f"{intent}-1"), None
    # Bound here, in the page's run: the send's own thread has no session to read who is asking from.
    desk = resources.desk(studio, session=session_id)
    _start(
        key,
        lambda on_retry: desk.tasks.submit(
            request,
            intent,
            attached=attached,
            repeat=repeat,
            on_retry=on_retry,
            count=count,
            redo_of=redo_of,
            also=also,
        ),
    )


def _finish(sending: Sending, *, key: str) -> None:
    """What came of a finished send, said once, where the user is looking."""
    kept = state(key)
    kept.sending = None
    if sending.error is not None:
        kept.last = None
        if isinstance(sending.error, OverBudget):  # another session took what was left: nothing was sent
            message = sending.error.note.text(current())
            notice.leave(key, ("error", t("ui.submit.nothing_sent", reason=message)))
        elif isinstance(sending.error, ApiError):  # the upload failed: nothing was recorded, nothing was paid
            reason = sending.error.note().text(current())
            notice.leave(key, ("error", t("ui.submit.upload_failed", reason=reason)))
        else:
            notice.leave(key, ("error", t("ui.submit.app_failed")))
        return
    outcome = sending.outcome
    if outcome is None:  # done with neither an outcome nor an error: nothing to say
        return
    record = outcome.record
    if outcome.sent:
        balance.refresh()  # the sidebar reads the balance again
    if outcome.repeat_of is not None:
        kept.repeat, kept.last = (kept.last, record.idempotency_key), None
        return
    if sending.what == "retry" and record.state != TaskState.REJECTED:  # a refusal is shown below, once
        notice.leave(key, notice.retry_found(outcome))
    elif not outcome.sent:
        task = t("ui.submit.as_task", task_id=record.task_id) if record.task_id else ""
        notice.leave(key, ("info", t("ui.submit.already", task=task)))
    else:
        notice.leave(key, None)
    if record.state == TaskState.SUBMITTED and outcome.sent:
        kept.toast = t("ui.submit.toast", task_id=record.task_id)
    if record.state == TaskState.REJECTED:
        kept.rotate()  # the API made no task: the corrected request may go out under a new key


class Waiting:
    """A submit in flight: its status box now, and the wait for its answer at the very end of the page's
    run, so the whole page is drawn meanwhile. The box is drawn again only when a retry is noted: each
    drawing is where a click elsewhere takes over (and the next run waits again), and drawing no more than
    that keeps twenty sessions sending at once from flooding the browser. Submit stays disabled in every
    such run. (A timer fragment polling the answer was tried: under load its ticks, queued behind the full
    rerun it asked for, never ended.)"""

    def __init__(self, sending: Sending, *, idle: str | None = None):
        self.sending = sending
        self.idle = idle  # the box's words before any retry (the click's run: "Sending…" alone)
        self.slot = st.empty()
        self.shown: Note | None = None
        self._draw()

    def _draw(self) -> None:
        self.shown = self.sending.note
        with self.slot.container():
            if self.shown is None and self.idle is not None:
                st.info(t(self.idle), icon=":material/hourglass_top:")
                return
            note = self.shown.text(current()) if self.shown else t("ui.submit.waiting_api")
            st.info(t("ui.submit.locked", note=note), icon=":material/hourglass_top:")

    def wait(self, *, within: float | None = None, redraw_every: float | None = None) -> None:
        """Until the answer (at most `within` seconds), the box drawn again when a retry is noted (and every
        `redraw_every` seconds: each drawing is where a click elsewhere takes over); then the whole page again."""
        started = drawn = time.monotonic()
        while not self.sending.wait(0.25):
            now = time.monotonic()
            if within is not None and now - started >= within:
                break
            if self.sending.note != self.shown or (redraw_every is not None and now - drawn >= redraw_every):
                self._draw()
                drawn = now
        st.rerun()  # the whole page, to show the outcome (and unlock Submit) or to go on waiting locked


def _repeat_question(store: TaskStore, intent: str, *, key: str) -> bool:
    """Ask before a request equal to one sent lately goes out again. True when the user confirmed."""
    pending = state(key).repeat
    if not pending or pending[0] != intent:
        return False
    earlier = store.listing.by_key(pending[1])
    if earlier is None:
        return False
    what = (
        t("ui.submit.as_task_status", task_id=earlier.task_id, status=earlier.display_status)
        if earlier.task_id
        else t("ui.submit.outcome_is", status=earlier.display_status)
    )
    st.warning(
        t(
            "ui.submit.repeat",
            ago=ago(time.time() - earlier.created_at),
            what=what,
            cost=earlier.estimated_cost or 0,
        ),
        icon=":material/content_copy:",
    )
    left, right = st.columns(2)
    confirmed = left.button(t("ui.submit.another"), key=f"{key}_repeat_confirm", type="primary")
    if right.button(t("ui.submit.cancel"), key=f"{key}_repeat_cancel"):
        state(key).repeat = None
        st.rerun()
    return confirmed


def show(
    studio: Studio,
    request: ValidRequest | None,
    attached: Attached,
    *,
    session_id: str,
    blocked_because: str | None,
    key: str,
    count: int = 1,
    redo_of: str | None = None,
    also: tuple[ValidRequest, ...] = (),
) -> Waiting | None:
    """The button and the last outcome (`request` is None while the form is invalid). While a submit is in
    flight, returns a `Waiting` whose `wait()` the page calls last."""
    kept = state(key)
    sending = kept.sending
    if sending is not None and sending.done:
        _finish(sending, key=key)
        sending = None
    toast, kept.toast = kept.toast, None
    if toast:
        st.toast(toast, icon=":material/check_circle:")
    # The key is a function of the form's content: it changes when the form changes, not when clicked.
    nonce = kept.nonce
    others = tuple(v.model.id for v in also)
    intent = intent_key(nonce, request.request, attached.digest, count, others) if request else None
    busy = sending is not None
    # A click is known before the button is drawn (its trigger is in the session's state): the click's own run then
    # draws Submit locked already, for the seconds it waits for the answer (a disabled button returns False).
    pressed = bool(st.session_state.get(f"{key}_button")) and blocked_because is None and not busy
    clicked = st.button(
        t("ui.submit.button"),
        type="primary",
        disabled=blocked_because is not None or busy or pressed,
        key=f"{key}_button",
        icon=":material/send:",
    )
    clicked = clicked or pressed
    send = Send(session_id=session_id, key=key, count=count, redo_of=redo_of, also=also)
    if sending is not None:
        return Waiting(sending)
    if clicked and request is not None and intent is not None:
        # "New task with the same settings" already said yes to a repeat, for this nonce only.
        deliberate = kept.repeat_ok == kept.nonce
        _send(studio, request, attached, intent, repeat=deliberate, **send)
    if blocked_because:
        st.caption(blocked_because)
    if request is not None and intent is not None and _repeat_question(studio.store, intent, key=key):
        _send(studio, request, attached, intent, repeat=True, **send)
    notice.show(notice.peek(key))
    _show_last(studio, request, attached, key=key, send=send)
    return None


def last_record(studio: Studio, *, key: str) -> TaskRecord | None:
    """The record of this session's last submit from this panel (the first video of a set), if any."""
    last = state(key).last
    return studio.store.listing.by_key(last) if last else None


def followed(record: TaskRecord | None) -> str | None:
    """What this panel follows with a timer of its own, as `last_record` gave it: the last submit's key, or its
    set's group id (None when it shows no status that asks again)."""
    if record is None:
        return None
    if record.group_id:
        return record.group_id
    return record.idempotency_key if record.state == TaskState.SUBMITTED else None


def _show_last(studio: Studio, request: ValidRequest | None, attached: Attached, *, key: str, send: Send) -> None:
    last = state(key).last
    record = studio.store.listing.by_key(last) if last else None
    if record is None:
        return
    if record.group_id:
        last_submit.follow_group(studio.store, record.group_id, key=key)
        _again_button(key)
    elif record.state == TaskState.SUBMITTED:
        last_submit.follow_one(studio.store, record.idempotency_key, key=key)
        _again_button(key)
    elif record.state == TaskState.UNKNOWN:
        _unknown_choices(studio, request, attached, record, key=key, send=send)
    elif record.state == TaskState.REJECTED:
        st.error(said(record.error) or t("ui.submit.refused"), icon=":material/error:")
    elif record.state == TaskState.INTENT:
        st.info(t("ui.submit.sending"), icon=":material/hourglass_top:")


def _again_button(key: str) -> None:
    if st.button(t("ui.submit.again"), key=f"{key}_again"):
        kept = state(key)
        kept.rotate()
        kept.repeat_ok, kept.last = kept.nonce, None
        st.rerun()


def _unknown_choices(
    studio: Studio, request: ValidRequest | None, attached: Attached, record: TaskRecord, *, key: str, send: Send
) -> None:
    """After an unknown outcome, the three real choices and what each costs."""
    cost = f"${record.estimated_cost or 0:.2f}"
    st.warning(said(record.error) or t("ui.submit.unknown"), icon=":material/help:")
    st.caption(f"Idempotency-Key: `{record.idempotency_key}`")
    st.markdown(t("ui.submit.choices", cost=cost))
    # One under another, each as wide as the column: these decide whether you pay twice, and three side by side
    # in the narrow column were cut to "Check Histo".
    if st.button(t("ui.submit.retry"), key=f"{key}_retry", width="stretch", type="primary"):
        state(key).last = record.idempotency_key
        _start(key, lambda on_retry: studio.retry(record.idempotency_key, on_retry=on_retry), what="retry")
    st.page_link("pages/history.py", label=t("ui.submit.check_history"), icon=":material/history:", width="stretch")
    new_anyway = st.button(
        t("ui.submit.new_anyway"), key=f"{key}_new_anyway", disabled=request is None, width="stretch"
    )
    if new_anyway and request:
        kept = state(key)
        kept.rotate()
        others = tuple(v.model.id for v in send["also"])
        fresh = intent_key(kept.nonce, request.request, attached.digest, send["count"], others)
        _send(studio, request, attached, fresh, repeat=True, **send)
