"""A desk is the studio as one person on one backend sees it: every list, count, sum and "still following?" of its
services is that person's on that backend, with nothing for the caller to pass (and so nothing to forget).

Four people-and-backends share one store (Ann and Bob, each in the sandbox and on the live API), each with a
finished video, a task still running in one scope only, a batch, a film and a recipe; each desk must see exactly
its own. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from videogen import Desk, GenerationRequest, Recipe, Shot, Storyboard, Studio, TaskStore
from videogen.provider.protocol import Task
from videogen.tasks.schema import Origin

SCOPES = [("ann", True), ("ann", False), ("bob", True), ("bob", False)]


def _studio(store: TaskStore, tmp_path, sandbox: bool) -> Studio:
    # The desk's services read and write the store; no call here reaches a provider.
    return Studio(store, provider=None, data_dir=tmp_path, base_url="http://127.0.0.1:9", sandbox=sandbox)  # type: ignore[arg-type]


def _name(owner: str, simulated: bool) -> str:
    return f"{owner}-{'sandbox' if simulated else 'live'}"


@pytest.fixture
def desks(store, tmp_path) -> dict[tuple[str, bool], Desk]:
    studios = {sandbox: _studio(store, tmp_path, sandbox) for sandbox in (True, False)}
    for number, (owner, simulated) in enumerate(SCOPES):
        name = _name(owner, simulated)
        origin = Origin(f"session-{name}", "app", simulated, "en", owner)
        done, running = f"{name}-done", f"{name}-running"
        store.record_intent(
            done, {"model": f"model-{name}", "prompt": name}, estimated_cost=1.0 + number, origin=origin
        )
        store.mark_submitted(done, f"task_{number}done")
        store.tracking.update_from_api(
            Task(f"task_{number}done", "completed", 100, video_urls=("http://x/v.mp4",), expires_at=2_000_000_000)
        )
        store.tracking.mark_saved(f"task_{number}done", str(tmp_path / f"{name}.mp4"))
        if (owner, simulated) == ("bob", True):  # only Bob's sandbox task still runs
            store.record_intent(running, {"model": "m", "prompt": name}, estimated_cost=0.5, origin=origin)
            store.mark_submitted(running, f"task_{number}running")
        studio = studios[simulated]
        studio.batches.create(
            f"batch {name}",
            [(1, GenerationRequest("sora-2", name), 0.1)],
            per_minute=1,
            simulated=simulated,
            owner=owner,
        )
        studio.films.table.save_draft(Storyboard(f"film {name}", (Shot(GenerationRequest("sora-2", name)),)), origin)
        if simulated:  # recipes are a person's, whatever the backend
            studio.recipes.save(
                Recipe(f"recipe {owner}", "sora-2", owner, {"model": "sora-2", "prompt": owner}), owner=owner
            )
    return {
        (owner, simulated): Desk.of(studios[simulated], owner=owner, session_id=f"session-{_name(owner, simulated)}")
        for owner, simulated in SCOPES
    }


@pytest.mark.parametrize("scope", SCOPES, ids=[_name(*s) for s in SCOPES])
def test_every_service_of_a_desk_sees_its_person_and_backend_only(desks, scope):
    owner, simulated = scope
    desk, name = desks[scope], _name(owner, simulated)
    mine = {_name(owner, True), _name(owner, False)}

    # History lists every backend's tasks of the person (the sandbox's are marked there); nobody else's.
    assert {r.prompt for r in desk.tasks.page()} == mine
    assert desk.tasks.count() == len(desk.tasks.page()) == (3 if owner == "bob" else 2)
    # The Gallery, the media picker: this person's saved videos on this backend.
    assert [r.prompt for r in desk.tasks.videos()] == [name]
    assert desk.tasks.video_models() == [f"model-{name}"]
    # Money: this person on this backend (1 + n dollars each; Bob's running sandbox task 0.5 more).
    estimated, _ = desk.money.spent()
    expected = 1.0 + SCOPES.index(scope) + (0.5 if scope == ("bob", True) else 0)
    assert estimated == pytest.approx(expected)
    assert desk.money.today() == desk.money.spent()
    assert len(desk.money.ledger()) == (2 if scope == ("bob", True) else 1)
    # Batches, films, recipes.
    assert [b.name for b in desk.batches.listed()] == [f"batch {name}"]
    assert [f.name for f in desk.films.listed()] == [f"film {name}"]
    assert [r.name for r in desk.recipes.listed()] == [f"recipe {owner}"]
    origin = desk.films.origin()
    assert (origin.owner, origin.simulated, origin.session_id) == (owner, simulated, f"session-{name}")


def test_a_page_follows_only_its_own_persons_unfinished_tasks(desks):
    """History asked whether *anyone's* task was unfinished: with sign-in, Ann's page polled every 2 s while Bob's
    task ran. Only Bob's sandbox desk is following something now."""
    following = {scope: desk.tasks.unfinished() for scope, desk in desks.items()}
    assert following == {("ann", True): False, ("ann", False): False, ("bob", True): True, ("bob", False): False}
    bob = desks[("bob", True)]
    assert bob.tasks.unfinished(this_session=True)
    assert not bob.tasks.unfinished(other_than="bob-sandbox-running")  # the page's own timer follows that one


def test_the_typical_wait_is_the_whole_backends_not_one_persons(desks):
    """How long a model takes is learnt from everyone's finished tasks on the backend: Ann's desk sees Bob's."""
    waits = desks[("ann", True)].tasks.waits()
    assert set(waits) == {"model-ann-sandbox", "model-bob-sandbox"}
