"""Batches: a CSV read and checked whole, then a queue in the store sent under a requests-per-minute limit
(on a test clock), honouring 429 Retry-After, stopping at the daily cap, paused and resumed, resumed after a
restart without sending a row twice."""

from __future__ import annotations

import pytest

from devtools.clocks import SteppedClock
from tests.conftest import FAST_RETRY, TEST_KEY
from videogen.money.budget import Budget
from videogen.money.days import start_of_day
from videogen.provider.apimart import ApimartClient
from videogen.request import batch_file
from videogen.tasks.batch_runner import BatchRunner
from videogen.tasks.batches import BatchQueue, BatchState, RowState
from videogen.tasks.rate_window import RateWindow, most_in_any_window
from videogen.tasks.store import TaskStore


class Spy:
    """The real client, with the test clock's time of every submit noted (what reached the API, when)."""

    def __init__(self, client: ApimartClient, clock: SteppedClock):
        self.client, self.clock, self.times = client, clock, []

    def for_queue(self):
        self.client = self.client.for_queue()
        return self

    def submit_receipt(self, payload, key, *, on_retry=None):
        self.times.append(self.clock())
        return self.client.submit_receipt(payload, key, on_retry=on_retry)

    def __getattr__(self, name):
        return getattr(self.client, name)


def csv_of(rows: int, model: str = "sora-2-preview") -> bytes:
    lines = ["prompt,model,duration"] + [f"take {n} of a kite,{model},4" for n in range(rows)]
    return "\n".join(lines).encode()


@pytest.fixture
def queue(store):
    return BatchQueue(store.tables)


@pytest.fixture
def spy(simulator):
    test_clock = SteppedClock()
    client = ApimartClient(simulator.base_url, TEST_KEY, retry=FAST_RETRY, timeout=(2.0, 2.0))
    yield Spy(client, test_clock)
    client.close()


def queued(queue, catalog, data: bytes, per_minute: int = 10) -> int:
    read = batch_file.read(data, catalog)
    assert not read.problems and not read.refused
    return queue.create("test", [(r.number, r.request.request, r.estimate) for r in read.ready], per_minute=per_minute)


def runner(queue, store, spy, catalog, cap: float | None = None) -> BatchRunner:
    # The store dates intents by the wall clock: the day counted is the real one.
    budget = (lambda: Budget(cap, start_of_day(), False)) if cap is not None else (lambda: None)
    return BatchRunner(queue, store, spy, catalog=lambda: catalog, budget=budget, simulated=False, clock=spy.clock)


# --- the file ---------------------------------------------------------------------------------


def test_the_template_reads_back_clean_with_its_total(catalog):
    read = batch_file.read(batch_file.template(catalog).encode(), catalog)
    assert not read.problems and len(read.ready) == 3 and not read.refused
    assert read.total == pytest.approx(sum(r.request.estimate() for r in read.ready))


def test_every_row_is_checked_and_says_what_is_wrong_with_its_line(catalog):
    data = (
        b"prompt,model,duration,aspect_ratio,audio\n"
        b"ok,sora-2-preview,4,16:9,\n"
        b'"two\nlines",sora-2-preview,7,,\n'
        b"x,no-such-model,4,,\n"
        b",sora-2-preview,4,,\n"
        b"y,sora-2-preview,four,,\n"
        b"z,kling-v3,5,16:9,maybe\n"
    )
    read = batch_file.read(data, catalog)
    assert not read.problems
    by_line = {r.number: r.problems for r in read.rows}
    assert by_line[2] == ()
    assert any("Duration 7 is not allowed" in p for p in by_line[3])  # a prompt on two lines: line 3
    assert any("no-such-model" in p for p in by_line[5])
    assert any("Prompt is required" in p for p in by_line[6])
    assert by_line[7] == ("Duration 'four' is not a whole number of seconds.",)
    assert any("on or off" in p for p in by_line[8])
    assert read.total == pytest.approx(read.ready[0].estimate)


@pytest.mark.parametrize(
    "data, says",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text CSV"),
        (b"model,duration\nsora-2-preview,4\n", "at least `prompt`"),
        (b"prompt,colour\nhi,red\n", "Unknown column(s) colour"),
        (b"prompt,prompt\nhi,hi\n", "appears twice"),
        (b"prompt\n" + b"x\n" * (batch_file.MAX_ROWS + 1), "more than"),
    ],
)
def test_a_file_that_cannot_be_queued_says_why(catalog, data, says):
    assert any(says in p for p in batch_file.read(data, catalog).problems)


# --- the rate --------------------------------------------------------------------------------


def test_the_window_never_lets_more_than_the_limit_through_in_any_minute():
    window, clock, times = RateWindow(10), SteppedClock(), []
    for _ in range(95):
        clock.sleep(window.wait(clock()))
        times.append(clock())
        window.sent(clock())
    assert most_in_any_window(times) == 10
    assert times[-1] - times[0] >= 60 * 9  # 95 sends at 10 a minute take over nine minutes


def test_the_queue_keeps_its_rate_on_a_test_clock(simulator, queue, store, spy, catalog):
    queued(queue, catalog, csv_of(25), per_minute=10)
    runner(queue, store, spy, catalog).run_until_idle(spy.clock.sleep)
    assert len(spy.times) == 25 and len(simulator.state.tasks) == 25
    assert most_in_any_window(spy.times) <= 10
    assert spy.times[-1] - spy.times[0] >= 120  # 25 at 10 a minute: two full windows of waiting
    (batch,) = queue.batches()
    assert batch.state == BatchState.DONE and batch.waiting == 0


def test_a_429_is_waited_out_for_its_retry_after_and_the_row_goes_once(simulator, queue, store, spy, catalog):
    simulator.state.rate_limit_next, simulator.state.rate_limit_retry_after = 2, 20
    queued(queue, catalog, csv_of(3), per_minute=60)
    runner(queue, store, spy, catalog).run_until_idle(spy.clock.sleep)
    assert len(simulator.state.tasks) == 3  # every row made exactly one task
    assert spy.times[1] - spy.times[0] >= 20 and spy.times[2] - spy.times[1] >= 20  # Retry-After honoured
    assert store.listing.count() == 3  # the refusals to wait are not left in History as tasks
    assert all(r.state == RowState.SENT for r in queue.rows(queue.batches()[0].id))


def test_the_queue_stops_at_the_daily_cap_and_resumes_when_it_is_raised(simulator, queue, store, spy, catalog):
    batch_id = queued(queue, catalog, csv_of(5), per_minute=60)
    price = catalog.models["sora-2-preview"].estimate(4, None)
    runner(queue, store, spy, catalog, cap=price * 2).run_until_idle(spy.clock.sleep)
    batch = queue.batch(batch_id)
    assert batch.state == BatchState.STOPPED and "daily budget" in batch.reason_text
    assert len(simulator.state.tasks) == 2 and batch.waiting == 3
    queue.set_state(batch_id, BatchState.RUNNING)  # the user raised the cap and resumed
    runner(queue, store, spy, catalog, cap=price * 10).run_until_idle(spy.clock.sleep)
    assert len(simulator.state.tasks) == 5 and queue.batch(batch_id).state == BatchState.DONE


def test_a_paused_batch_sends_nothing_until_resumed(simulator, queue, store, spy, catalog):
    batch_id = queued(queue, catalog, csv_of(3))
    queue.set_state(batch_id, BatchState.PAUSED)
    assert runner(queue, store, spy, catalog).step() is None and not simulator.state.tasks
    queue.set_state(batch_id, BatchState.RUNNING)
    runner(queue, store, spy, catalog).run_until_idle(spy.clock.sleep)
    assert len(simulator.state.tasks) == 3


def test_a_restart_resumes_the_queue_without_sending_a_row_twice(simulator, queue, store, spy, catalog, tmp_path):
    batch_id = queued(queue, catalog, csv_of(6), per_minute=3)
    first = runner(queue, store, spy, catalog)
    for _ in range(4):  # three sends, then the limit makes it wait
        first.step()
    assert len(simulator.state.tasks) == 3
    # A crash between writing a row's intent and marking the row: the intent exists, the row still waits.
    row = next(r for r in queue.rows(batch_id) if r.state == RowState.WAITING)
    store.record_intent(row.key(), {"model": "sora-2-preview", "prompt": "x"}, estimated_cost=0.32)
    # The process restarts: new objects on the same file; the window is read back from the store.
    again = BatchRunner(
        BatchQueue(store.where),
        TaskStore(store.where),
        spy,
        catalog=lambda: catalog,
        budget=lambda: None,
        simulated=False,
        clock=spy.clock,
    )
    assert again.step() > 0  # still inside the minute of the first three sends: it waits
    again.run_until_idle(spy.clock.sleep)
    assert len(simulator.state.tasks) == 5  # the interrupted row was not sent again (its outcome is unknown)
    assert most_in_any_window(spy.times) <= 3
    assert queue.batch(batch_id).state == BatchState.DONE


def test_two_replicas_sending_one_queue_keep_its_rate_together_and_one_takes_over(
    simulator, queue, store, spy, catalog
):
    """Two replicas' senders on one store: one holds the sending, so the batch's requests per minute are the
    team's, not each replica's; the holder dies (stops without letting go), and the other sends the rest
    once its hold lapses, counting what was sent before it in its window."""
    queued(queue, catalog, csv_of(25), per_minute=10)
    other = Spy(ApimartClient(simulator.base_url, TEST_KEY, retry=FAST_RETRY, timeout=(2.0, 2.0)), spy.clock)
    first, second = runner(queue, store, spy, catalog), runner(queue, store, other, catalog)
    alive = [first, second]
    while True:
        waits = [r.step() for r in alive]
        if all(w is None for w in waits):
            break
        if len(spy.times) + len(other.times) >= 12 and first in alive:
            alive.remove(first)  # killed: it never lets go, its hold lapses
        due = [w for w in waits if w is not None]
        if min(due) > 0:
            spy.clock.sleep(min(due))
    assert len(simulator.state.tasks) == 25 and store.listing.count() == 25  # each row sent once
    assert spy.times and other.times  # both sent: the second took over
    assert most_in_any_window(sorted(spy.times + other.times)) <= 10
    assert other.times[0] - spy.times[-1] >= 30  # the second waited for the dead one's hold to lapse
    other.client.close()
