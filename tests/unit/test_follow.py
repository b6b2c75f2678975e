"""`python -m videogen follow`: a process with no page that follows the unfinished tasks and sends the batch
queue (a replica's worker), on SQLite and on PostgreSQL; SIGTERM lets go of everything it held."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import TEST_KEY
from tests.waiting import until
from videogen.request import batch_file
from videogen.studio import open_studio
from videogen.tasks.submission import intent_key, new_nonce

ROOT = Path(__file__).resolve().parents[2]


def environment(simulator, store, tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APIMART_", "VIDEOGEN_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        LANG="C.UTF-8",
        APIMART_BASE_URL=simulator.base_url,
        APIMART_API_KEY=TEST_KEY,
        VIDEOGEN_DATA_DIR=str(tmp_path),
        VIDEOGEN_LEASE_SECONDS="5",
    )
    if store.path is None:
        env["VIDEOGEN_DATABASE_URL"] = store.where
    return env


def follow(env, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "videogen", "follow", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def submitted(simulator, store, tmp_path, catalog, prompts: int, batch_rows: int = 0):
    studio = open_studio(api_key=TEST_KEY, base_url=simulator.base_url, data_dir=tmp_path, task_store=store)
    for n in range(prompts):
        request = catalog_request(studio, f"a paper boat, take {n}")
        studio.submit(request, intent_key(new_nonce(), request.request))
    if batch_rows:
        lines = ["prompt,duration"] + [f"a kite on row {n},4" for n in range(batch_rows)]
        read = batch_file.read("\n".join(lines).encode(), catalog)
        assert len(read.ready) == batch_rows, [row.problems for row in read.rows]
        studio.queue_batch("kites", read, per_minute=60)
    return studio


def catalog_request(studio, prompt: str):
    from videogen.request import GenerationRequest

    return studio.validate(GenerationRequest("sora-2-preview", prompt, 4, "16:9"))


def held(store) -> tuple[int, int]:
    """(tasks leased to anyone, holds on the batch queue)."""
    with store.tables.connection() as db:
        tasks = db.execute("SELECT COUNT(*) FROM tasks WHERE lease_owner IS NOT NULL").fetchone()[0]
        holds = db.execute("SELECT COUNT(*) FROM holds").fetchone()[0]
    return tasks, holds


def test_follow_saves_every_video_and_sends_the_queue_with_no_page_open(simulator, store, tmp_path, catalog):
    submitted(simulator, store, tmp_path, catalog, prompts=3, batch_rows=2)
    assert len(simulator.state.tasks) == 3  # the batch waits for a sender
    worker = follow(environment(simulator, store, tmp_path))
    try:
        until(lambda: sum(r.video_path is not None for r in store.listing.page(limit=10)) == 5, 45, "five saved videos")
        assert all(Path(r.video_path).is_file() for r in store.listing.page(limit=10))
        assert held(store)[1] == 1  # it holds the sending of the queue
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err
    assert "Following the live tasks" in out and "videos saved" in out and "Stopped" in out
    assert "Traceback" not in err and TEST_KEY not in out + err
    assert held(store) == (0, 0)  # stopped on purpose: everything let go at once
    assert len(simulator.state.submissions) == 5  # each task and row sent once


def test_two_follow_processes_poll_each_task_once(simulator, store, tmp_path, catalog, clock):
    simulator.state.complete_after = 3600.0
    submitted(simulator, store, tmp_path, catalog, prompts=12)
    env = environment(simulator, store, tmp_path)
    workers = [follow(env), follow(env)]
    try:
        until(lambda: len({task for task, _, _ in simulator.state.polls}) == 12, 30, "every task polled")
        time.sleep(5)  # a few rounds of both
        clock.advance(3600)  # every task finishes
        until(
            lambda: sum(r.video_path is not None for r in store.listing.page(limit=20)) == 12, 45, "twelve saved videos"
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        outputs = [worker.communicate(timeout=30) for worker in workers]
    pollers = defaultdict(set)
    for task, agent, _ in simulator.state.polls:
        pollers[task].add(agent)
    assert len(pollers) == 12 and all(len(agents) == 1 for agents in pollers.values()), dict(pollers)
    assert all(worker.returncode == 0 for worker in workers), outputs


def test_follow_once_prints_one_rounds_figures(simulator, store, tmp_path, catalog):
    submitted(simulator, store, tmp_path, catalog, prompts=2)
    done = subprocess.run(
        [sys.executable, "-m", "videogen", "follow", "--once"],
        env=environment(simulator, store, tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    figures = json.loads(done.stdout)
    assert done.returncode == 0 and figures["polled"] == 2 and figures["errors"] == 0
    assert held(store) == (0, 0)


@pytest.mark.long
def test_sandbox_tasks_made_by_one_process_are_finished_by_another_sharing_the_data_folder(store, tmp_path, catalog):
    """Sandbox mode across processes on one machine: the embedded simulator keeps its tasks in the data
    folder, so a `follow` process with no key (its own embedded simulator) finishes and saves the tasks
    another process's sandbox made, after that process is gone."""
    from videogen.provider.apimart import ApimartClient
    from videogen.provider.backend import SANDBOX_FILE, SANDBOX_KEY
    from videogen.provider.sandbox.simulator import Simulator, SimulatorState
    from videogen.studio import Studio

    first = Simulator(SimulatorState.kept_in(tmp_path / SANDBOX_FILE, api_key=SANDBOX_KEY, complete_after=3.0))
    first.start()
    client = ApimartClient(first.base_url, SANDBOX_KEY, secret=False)
    app = Studio(store, client, tmp_path, first.base_url, sandbox=True)  # what the app builds with no key
    for n in range(3):
        request = catalog_request(app, f"a sandbox boat, take {n}")
        app.submit(request, intent_key(new_nonce(), request.request))
    first.stop()  # the process that made them is gone
    env = environment(first, store, tmp_path)
    del env["APIMART_API_KEY"], env["APIMART_BASE_URL"]
    worker = follow(env)
    try:
        until(
            lambda: sum(r.video_path is not None for r in store.listing.page(limit=10)) == 3, 45, "three saved videos"
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    assert "sandbox (simulated)" in out and worker.returncode == 0, err
    assert all(r.simulated and Path(r.video_path).stat().st_size > 0 for r in store.listing.page(limit=10))
