"""The daily budget cap and the variations of one submit: counted over estimates, enforced atomically where
intents are written, so concurrent sessions never cross it together."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import TEST_KEY, send
from videogen.money.budget import Budget, OverBudget, Standing, cap_in_force, parse_cap
from videogen.money.days import start_of_day
from videogen.provider.protocol import Task, TaskStatus
from videogen.request import GenerationRequest
from videogen.studio import open_studio
from videogen.tasks.states import TaskState
from videogen.tasks.store import NewIntent, TaskStore


def request(n: int = 0, duration: int = 4) -> GenerationRequest:
    return GenerationRequest("sora-2-preview", f"a kite, take {n}", duration, "16:9")


def payload(n: int) -> dict:
    return {"model": "sora-2-preview", "prompt": f"p{n}", "duration": 4}


def budget(cap: float) -> Budget:
    return Budget(cap, start_of_day(), False)


def test_parse_cap_takes_dollars_and_refuses_words():
    assert parse_cap("12.5") == 12.5 and parse_cap("$1,000") == 1000.0 and parse_cap(" ") is None
    for bad in ("ten", "-3", "nan", "inf"):
        with pytest.raises(ValueError, match="not a number of dollars"):
            parse_cap(bad)


def test_the_page_cap_wins_over_the_configuration_and_a_bad_setting_blocks(monkeypatch):
    monkeypatch.setenv("VIDEOGEN_DAILY_BUDGET_USD", "7")
    assert cap_in_force(None) == (7.0, "config", None)
    assert cap_in_force("3.00") == (3.0, "page", None)
    assert cap_in_force("") == (None, "none", None)  # "no cap", chosen on the page
    monkeypatch.setenv("VIDEOGEN_DAILY_BUDGET_USD", "seven")
    cap, source, problem = cap_in_force(None)
    assert cap == 0.0 and source == "config" and "not a number" in problem.text("en")  # blocks rather than allows all


def test_committed_counts_unfinished_and_unknown_but_not_refunded_or_refused(store):
    for n, cost in enumerate((1.0, 2.0, 4.0, 8.0, 16.0)):
        store.record_intent(f"k{n}", payload(n), estimated_cost=cost)
    store.mark_submitted("k1", "task_1")
    store.mark_submitted("k2", "task_2")
    store.tracking.update_from_api(Task("task_2", TaskStatus.FAILED, 0))  # refunded
    from videogen.i18n import Note

    store.mark_unknown("k3", Note("submit.unknown", {"message": "timeout"}))
    store.mark_rejected("k4", Note("submit.refused", {"message": "no"}))
    # k0 in flight (1) + k1 submitted (2) + k3 unknown (8); k2 refunded, k4 refused.
    assert store.money.committed(start_of_day(), simulated=False) == 11.0
    assert store.money.committed(start_of_day(), simulated=True) == 0.0  # the sandbox is counted apart


def test_a_set_over_the_cap_is_written_not_at_all(store):
    store.record_intent("k0", payload(0), estimated_cost=3.0)
    rows = [NewIntent(f"g-{n}", payload(1), 1.0, group_id="g") for n in (1, 2, 3)]
    with pytest.raises(OverBudget) as blocked:
        store.record_intents(rows, budget=budget(5.0))
    assert (blocked.value.cap, blocked.value.committed, blocked.value.asked) == (5.0, 3.0, 3.0)
    assert "$3.00 is already asked for today" in blocked.value.message and "$5.00 cap" in blocked.value.message
    assert store.listing.group("g") == []  # all or nothing
    written = store.record_intents(rows[:2], budget=budget(5.0))
    assert [created for _, created in written] == [True, True]
    assert [r.group_id for r in store.listing.group("g")] == ["g", "g"]


def test_concurrent_writers_on_one_file_never_cross_the_cap(tmp_path):
    """Eight writers (each its own store object, as separate app replicas or sessions would be) race for a
    cap that fits ten intents of $1; a barrier lines them up. Exactly ten are written, whatever the order."""
    path = tmp_path / "history.sqlite3"
    TaskStore(path)
    barrier = threading.Barrier(8)
    refused: list[int] = []

    def writer(w: int) -> None:
        mine = TaskStore(path)
        barrier.wait()
        for n in range(5):
            try:
                mine.record_intents([NewIntent(f"w{w}-{n}", payload(n), 1.0)], budget=budget(10.0))
            except OverBudget:
                refused.append(w)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store = TaskStore(path)
    assert store.money.committed(start_of_day(), simulated=False) == 10.0
    assert len(refused) == 40 - 10


def test_two_sessions_submitting_at_once_through_the_api_never_cross_the_cap(simulator, tmp_path, catalog):
    """Two studios (two sessions, one store file) submit at once through the simulator's HTTP API; the
    cap fits three requests. Three tasks are made, the rest are blocked with figures and never POSTed."""
    path = tmp_path / "history.sqlite3"
    studios = [
        open_studio(api_key=TEST_KEY, base_url=simulator.base_url, data_dir=tmp_path, task_store=TaskStore(path))
        for _ in range(2)
    ]
    price = request().validate(catalog).estimate()
    studios[0].set_daily_cap(price * 3)
    barrier = threading.Barrier(2)
    made, blocked = [], []

    def session(s: int) -> None:
        studio = studios[s]
        barrier.wait()
        for n in range(4):
            try:
                outcome = studio.submit(studio.validate(request(10 * s + n)), f"s{s}-{n}", session_id=f"s{s}")
                made.append(outcome.record.task_id)
            except OverBudget as over:
                blocked.append(over)

    threads = [threading.Thread(target=session, args=(s,)) for s in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 3 and all(made) and len(blocked) == 5
    assert len(simulator.state.tasks) == 3  # nothing blocked reached the API
    assert studios[1].standing().committed == pytest.approx(price * 3)
    assert all(b.committed + b.asked > b.cap for b in blocked)


def test_variations_are_one_intent_and_one_key_each_and_sent_once(simulator, client, store, catalog):
    outcome = send(store, client, catalog, request(), "vg-set", count=3)
    keys = [r.idempotency_key for r in outcome.group]
    assert keys == ["vg-set-1", "vg-set-2", "vg-set-3"]
    assert len({r.task_id for r in outcome.group}) == 3 and all(r.state == TaskState.SUBMITTED for r in outcome.group)
    assert sorted(simulator.state.idempotency) == sorted(keys)  # one Idempotency-Key per video
    again = send(store, client, catalog, request(), "vg-set", count=3)  # a second click
    assert not again.sent and len(again.group) == 3 and len(simulator.state.tasks) == 3


def test_a_set_that_would_cross_the_cap_is_blocked_whole(simulator, client, store, catalog):
    price = request().validate(catalog).estimate()
    with pytest.raises(OverBudget) as over:
        send(store, client, catalog, request(), "vg-set", count=3, budget=budget(price * 2.5))
    assert over.value.asked == pytest.approx(price * 3)
    assert store.listing.count() == 0 and not simulator.state.tasks


def test_standing_says_what_is_left_and_the_smallest_raise():
    standing = Standing(cap=5.0, committed=4.2, source="page")
    assert standing.left == pytest.approx(0.8)
    assert standing.crossed_by(1.0) and not standing.crossed_by(0.8)
    assert standing.raise_to(1.0) == 6.0
