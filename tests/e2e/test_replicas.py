"""A team's studio: two real app processes on one real PostgreSQL, against the simulator. Every unfinished
task is polled by exactly one replica a round (counted at the simulator, which sees each replica's
User-Agent); `kill -9` of the replica that follows them, and the other takes them over and saves every video;
a double-click on Submit in each replica still makes one task each; fifty more are typed and submitted on
the two replicas' pages, twenty-five each."""

import signal
import time
from collections import defaultdict

import pytest

from tests.e2e.conftest import wait_idle
from tests.e2e.test_generate_flow import type_into
from tests.waiting import until
from videogen.tasks.store import TaskStore

# The timing-heavy browser tests share one worker: never two of them at once on two cores.
# Neither `alone` nor with the timing-heavy tests: other tests run meanwhile. A lease of 12 s is six rounds of 2 s: a
# tracker whose round a loaded machine slows still renews its leases long before another replica may take them.
pytestmark = [pytest.mark.e2e, pytest.mark.long]
LEASE = 12.0


def _open(page, app) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(app.url)
    wait_idle(page)
    page.get_by_text("Generate a video").wait_for()


def test_two_replicas_share_one_postgresql(start_app, simulator, postgres, browser, tmp_path):
    url = postgres.fresh()
    simulator.state.complete_after = 3600.0  # every task stays unfinished until the test lets it finish
    env = dict(
        APIMART_API_KEY=simulator.state.api_key,
        APIMART_BASE_URL=simulator.base_url,
        VIDEOGEN_DATABASE_URL=url,
        VIDEOGEN_LEASE_SECONDS=str(LEASE),
    )
    replicas = [start_app(**env), start_app(**env)]
    pages = [browser.new_page(), browser.new_page()]
    for page, app in zip(pages, replicas, strict=True):
        _open(page, app)  # a visit starts the replica's tracker

    store = TaskStore(url)
    # A double-click on Submit in each replica: one task each.
    for n, page in enumerate(pages):
        type_into(page, "Prompt", f"a lighthouse in a storm, take {n}")
        page.get_by_role("button", name="Submit").dblclick()
        page.get_by_text("Submitted. Task id:").wait_for(timeout=30_000)
    assert len(simulator.state.submissions) == 2 and len(simulator.state.tasks) == 2

    # Fifty more, twenty-five typed and submitted on each replica's page (the prompt names the replica).
    for n in range(25):
        for r, page in enumerate(pages):
            type_into(page, "Prompt", f"a kite over the dunes, replica {r}, take {n}")
            page.get_by_role("button", name="Submit").click()
            expected = 2 + 2 * n + r + 1
            until(lambda expected=expected: len(simulator.state.tasks) >= expected, 30, f"submit {expected}")
    until(lambda: store.listing.count() == 52, 30, "52 tasks in the shared store")
    assert len(simulator.state.tasks) == 52 and len(simulator.state.submissions) == 52
    prompts = [body["prompt"] for body in simulator.state.submissions]
    assert all(sum(f"replica {r}," in p for p in prompts) == 25 for r in (0, 1))  # both replicas sent theirs
    simulator.state.polls.clear()
    time.sleep(4 * 2.0 + 1)  # four rounds of both trackers

    polls = list(simulator.state.polls)
    by_task: dict[str, set[str]] = defaultdict(set)
    for task_id, agent, _ in polls:
        by_task[task_id].add(agent)
    assert set(by_task) == set(simulator.state.tasks)  # every task followed
    assert all(len(agents) == 1 for agents in by_task.values())  # each by exactly one replica
    per_round = _most_polls_in_a_round(polls)
    assert per_round == 1, f"a task was polled {per_round} times within one round"

    # kill -9 the replica that follows most tasks: the other takes them over once their leases lapse.
    agents = defaultdict(int)
    for agents_of_task in by_task.values():
        agents[next(iter(agents_of_task))] += 1
    busiest = max(agents, key=agents.get)
    victim = next(app for app in replicas if f":{app.process.pid})" in busiest)  # the server's own pid
    survivor = next(app for app in replicas if app is not victim)
    victim.stop(signal.SIGKILL)
    simulator.state.complete_after = 0.0  # now every task finishes at its next poll
    until(lambda: store.listing.count(status="completed") == 52, 60, "every task completed")
    until(lambda: all(r.video_path for r in store.listing.page(limit=None)), 60, "every video saved")
    assert survivor.process.poll() is None
    assert len(simulator.state.submissions) == 52  # nothing was sent twice


def _most_polls_in_a_round(polls) -> int:
    """The most polls of one task by all replicas within any round (half a polling interval either side)."""
    times: dict[str, list[float]] = defaultdict(list)
    for task_id, _, at in polls:
        times[task_id].append(at)
    most = 1
    for seen in times.values():
        seen.sort()
        for i, at in enumerate(seen):
            most = max(most, sum(1 for other in seen[i:] if other - at < 1.0))
    return most
