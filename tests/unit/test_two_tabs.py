"""Two tabs (or two people on a team) submitting the same request a millisecond apart make one paid task: the
"Submit another?" check is made again inside the transaction that writes the intent, on both databases."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import TEST_KEY
from videogen.request import GenerationRequest
from videogen.studio import open_studio
from videogen.tasks.store import NewIntent, RepeatGuard, RepeatOfRecent

ROUNDS = 20


def request(n: int) -> GenerationRequest:
    return GenerationRequest("sora-2-preview", f"a heron at dusk, take {n}", 4, "16:9")


def test_the_write_itself_refuses_an_equal_request_sent_moments_ago(store):
    payload = {"model": "sora-2-preview", "prompt": "p", "duration": 4}
    store.record_intents([NewIntent("tab-a", payload, 0.32, content_key="same")])
    guard = RepeatGuard("same", 1800)
    with pytest.raises(RepeatOfRecent) as refused:
        store.record_intents([NewIntent("tab-b", payload, 0.32, content_key="same")], repeat=guard)
    assert refused.value.earlier.idempotency_key == "tab-a" and store.listing.by_key("tab-b") is None
    ((record, created),) = store.record_intents([NewIntent("tab-b", payload, 0.32, content_key="same")])
    assert created and record.idempotency_key == "tab-b"  # confirmed by the person: written


def test_two_tabs_clicking_at_once_make_one_task_each_time(simulator, store, monkeypatch, tmp_path):
    """The check before the uploads is taken away (both tabs pass it, as they did 2 times in 7 in a browser):
    only the check in the write's transaction stands between the clicks and a second paid task."""
    monkeypatch.setattr(type(store), "recent_same", lambda self, *a, **k: None)
    tabs = [
        open_studio(api_key=TEST_KEY, base_url=simulator.base_url, data_dir=tmp_path, task_store=store)
        for _ in range(2)
    ]
    outcomes: list[list] = [[], []]

    def tab(number: int, barrier: threading.Barrier, take: int) -> None:
        studio = tabs[number]
        valid = studio.validate(request(take))
        barrier.wait()
        outcomes[number].append(studio.submit(valid, f"tab{number}-{take}", session_id=f"tab{number}"))

    for take in range(ROUNDS):
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=tab, args=(n, barrier, take)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(simulator.state.tasks) == ROUNDS
    for take in range(ROUNDS):
        pair = [outcomes[0][take], outcomes[1][take]]
        assert sum(o.sent for o in pair) == 1
        asked = next(o for o in pair if not o.sent)
        assert asked.repeat_of is not None and asked.repeat_of.task_id or asked.repeat_of.idempotency_key
