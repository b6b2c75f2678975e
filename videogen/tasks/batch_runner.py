"""The batch queue at work: one row at a time, in order, never more than the batch's requests per minute
(a sliding window that survives a restart), waiting out a 429's Retry-After, stopping at the daily budget
cap or when the account cannot pay, each row sent as an intent under its own key (so a restart never
sends one twice).

The clock and the sleep are given, so a test clock can drive a thousand rows in a moment."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from videogen.catalog import Catalog
from videogen.i18n import Note
from videogen.money.budget import Budget, OverBudget
from videogen.provider.errors import ApiError
from videogen.provider.protocol import VideoProvider
from videogen.request import InvalidRequest
from videogen.settings import LEASE_SECONDS
from videogen.tasks.background import Background
from videogen.tasks.batches import Batch, BatchQueue, BatchRow, BatchState, RowState
from videogen.tasks.database import holder_name
from videogen.tasks.rate_window import RateWindow
from videogen.tasks.states import TaskState
from videogen.tasks.store import TaskStore
from videogen.tasks.submission import Intent, submit

log = logging.getLogger(__name__)
IDLE = 1.0  # seconds between looks at the queue when nothing is due
DEFAULT_RETRY_AFTER = 60.0  # a 429 without Retry-After: wait a whole window
# Refusals that will refuse every following row too: the queue stops and says why (the row waits).
STOPPING = {"payment_required", "authentication", "forbidden", "unreachable"}


class BatchRunner(Background):
    thread_name = "videogen-batches"

    def __init__(
        self,
        queue: BatchQueue,
        store: TaskStore,
        provider: VideoProvider,
        *,
        catalog: Callable[[], Catalog],
        budget: Callable[[], Budget | None],
        simulated: bool,
        clock: Callable[[], float] = time.time,
        lease: float = LEASE_SECONDS,  # held unless renewed (each round renews)
        owner: str | None = None,
    ):
        self.queue, self.store, self.provider = queue, store, provider.for_queue()
        self.catalog, self.budget, self.simulated, self.clock = catalog, budget, simulated, clock
        # Replicas share the queue: the one holding the store's hold on sending sends, the others wait.
        self.owner = owner or holder_name()
        self.lease = lease
        self.holding = False
        self.window: RateWindow | None = None
        super().__init__()

    def _window(self, per_minute: int) -> RateWindow:
        if self.window is None:
            self.window = RateWindow(per_minute, self.queue.recent_sends(per_minute))
        self.window.relimit(per_minute)
        return self.window

    # --- one step ----------------------------------------------------------------------
    def step(self) -> float | None:
        """Send the next row if it may go now. Returns the seconds until something may be sent (0: go on
        at once), or None when no batch is running."""
        found = self.queue.next_row(simulated=self.simulated)
        if found is None:
            return None
        batch, row = found
        now = self.clock()
        holding = self.queue.hold_sending(self.owner, lease=self.lease, now=now)
        if not holding:  # another replica sends: look again in a moment (it may stop, or die)
            self.holding = False
            return IDLE
        if not self.holding:  # taken over: what the others sent counts in the window
            self.holding, self.window = True, None
        window = self._window(batch.per_minute)
        wait = max(window.wait(now), row.not_before - now)
        if wait > 0:
            return wait
        self._send(batch, row, window, now)
        return 0.0

    def _send(self, batch: Batch, row: BatchRow, window: RateWindow, now: float) -> None:
        try:
            valid = row.request.validate(self.catalog())
        except InvalidRequest as invalid:  # the catalogue changed since the batch was queued
            self.queue.mark_row(row, RowState.REFUSED, reason=next(iter(invalid.notes.values())))
            return
        intent = Intent(
            valid,
            row.key(),
            source="batch",
            simulated=self.simulated,
            repeat=True,
            budget=self.budget(),
            language=batch.language,
            owner=batch.owner,
        )
        try:
            outcome = submit(self.store, self.provider, intent)
        except OverBudget as over:  # nothing recorded, nothing sent: the row waits for a higher cap
            self.queue.set_state(batch.id, BatchState.STOPPED, over.note)
            return
        if outcome.sent:  # a POST went out (a row written before a restart is not sent again)
            window.sent(now)
        record = outcome.record
        if record.state != TaskState.REJECTED:
            self.queue.mark_row(row, RowState.SENT, sent_at=now)
            return
        note = Note.read(record.error)
        kind = note.params.get("kind") if note else None
        if kind in ("rate_limited", "not_executed"):  # the API made no task: the row waits, then goes again
            pause = float(note.params.get("retry_after") or DEFAULT_RETRY_AFTER) if note else DEFAULT_RETRY_AFTER
            window.hold(now + pause)
            self.store.remove(record.idempotency_key)  # a refusal to wait is not a task: History stays clean
            self.queue.retry_later(row, now + pause, sent_at=now)
        elif kind in STOPPING:
            self.queue.retry_later(row, 0.0, sent_at=now)
            self.queue.set_state(batch.id, BatchState.STOPPED, note)
        else:
            self.queue.mark_row(row, RowState.REFUSED, sent_at=now)

    # --- in the background ---------------------------------------------------------------
    def run_until_idle(self, sleep: Callable[[float], None]) -> None:
        """Work until no batch is running (tests drive this with a test clock's sleep)."""
        while (wait := self.step()) is not None:
            if wait > 0:
                sleep(wait)

    def _run(self) -> None:
        self.repeat(
            self.step,
            pause=IDLE,
            available=self.store.database.available,
            on_failure=_said,
            let_go=lambda: self.queue.let_go(self.owner),  # stopped on purpose: another replica sends at once
        )


def _said(failure: Exception) -> None:
    """A failed step in the log: an upload or a lookup that failed is a warning (it is tried again); anything
    else is a bug, with its traceback."""
    if isinstance(failure, ApiError):
        log.warning("batch step failed: %s", failure.message)
    else:
        log.exception("batch step failed")
