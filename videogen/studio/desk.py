"""One person's desk in the studio: the studio's services bound once to who is asking (the backend in use, the
signed-in person, the browser session, the language), so no page can forget one of them.

Before, every page threaded `simulated=` and `owner=` into each store call by hand (and one did not: History
asked whether *anyone's* task was unfinished, so with sign-in one person's page polled while another's task
ran). A page now takes `Desk.of(studio, ...)` once a run and asks its services: `desk.tasks`, `desk.money`,
`desk.batches`, `desk.films`, `desk.recipes`. What is looked up by a key the session already holds (a task's
idempotency key, a set's group id) needs no scope and stays on the studio."""

from __future__ import annotations

from dataclasses import dataclass

from videogen.films.store import Film
from videogen.i18n import chosen_language
from videogen.money import days
from videogen.money.budget import Standing
from videogen.provider.protocol import Task
from videogen.request import GenerationRequest, ValidRequest
from videogen.request.batch_file import BatchFile
from videogen.request.recipe import Recipe
from videogen.studio.studio import OnRetry, Studio
from videogen.tasks.batches import Batch
from videogen.tasks.ledger import Entry
from videogen.tasks.schema import Origin
from videogen.tasks.store import TaskRecord
from videogen.tasks.submission import Attached, SubmitOutcome


@dataclass(frozen=True)
class Scope:
    """Who is asking: the backend in use (sandbox figures are never mixed with live ones), the signed-in person
    (None: a studio without sign-in, where everyone sees everything), the browser session and its language."""

    simulated: bool
    owner: str | None = None
    session_id: str | None = None
    language: str | None = None

    @property
    def words(self) -> str:
        """The language the provider's messages about this person's tasks come in."""
        return chosen_language(self.language)

    def origin(self, source: str = "app") -> Origin:
        return Origin(self.session_id, source, self.simulated, self.words, self.owner)


class _Service:
    def __init__(self, studio: Studio, scope: Scope):
        self._studio = studio
        self._scope = scope


class DeskTasks(_Service):
    """This person's tasks: the lists History and the Gallery show, whether any is still followed, and new ones."""

    def page(
        self,
        *,
        offset: int = 0,
        limit: int | None = 50,
        status: str | None = None,
        model: str | None = None,
        text: str | None = None,
    ) -> list[TaskRecord]:
        """History's rows, newest first (every backend's: History shows the sandbox's tasks too, marked)."""
        return self._studio.store.listing.page(
            offset=offset, limit=limit, status=status, model=model, text=text, owner=self._scope.owner
        )

    def this_session(self, *, limit: int = 20) -> list[TaskRecord]:
        """This browser session's tasks, newest first (Generate's table), of this person only: a browser keeps its
        session id when one person signs out and another signs in."""
        return self._studio.store.listing.page(limit=limit, session_id=self._scope.session_id, owner=self._scope.owner)

    def count(self, *, status: str | None = None, model: str | None = None, text: str | None = None) -> int:
        return self._studio.store.listing.count(status=status, model=model, text=text, owner=self._scope.owner)

    def unfinished(self, *, this_session: bool = False, other_than: str | None = None) -> bool:
        """Whether any of this person's tasks on this backend is still followed (of this browser session only, when
        asked): a page asks again only while so. `other_than`: what the page already follows on its own timer."""
        return self._studio.store.tracking.has_unfinished(
            self._scope.session_id if this_session else None,
            simulated=self._scope.simulated,
            owner=self._scope.owner,
            other_than=other_than,
        )

    def videos(
        self,
        *,
        offset: int = 0,
        limit: int = 24,
        model: str | None = None,
        since: float | None = None,
        until: float | None = None,
        keepers: bool = False,
    ) -> list[TaskRecord]:
        """The saved videos on this backend, newest first (the Gallery, the media picker)."""
        return self._studio.store.listing.videos(
            offset=offset,
            limit=limit,
            owner=self._scope.owner,
            simulated=self._scope.simulated,
            model=model,
            since=since,
            until=until,
            keepers=keepers,
        )

    def video_models(self) -> list[str]:
        return self._studio.store.listing.video_models(owner=self._scope.owner, simulated=self._scope.simulated)

    def waits(self) -> dict[str, list[float]]:
        """How long each model takes here: the whole studio's finished tasks on this backend (not one person's)."""
        return self._studio.store.listing.waits(simulated=self._scope.simulated)

    def submit(
        self,
        request: ValidRequest,
        key: str,
        *,
        attached: Attached = Attached(),
        repeat: bool = False,
        on_retry: OnRetry = None,
        count: int = 1,
        redo_of: str | None = None,
        also: tuple[ValidRequest, ...] = (),
    ) -> SubmitOutcome:
        """A new task (see `Studio.submit`), recorded as this person's, from this session, in this language."""
        return self._studio.submit(
            request,
            key,
            attached=attached,
            session_id=self._scope.session_id,
            repeat=repeat,
            on_retry=on_retry,
            count=count,
            redo_of=redo_of,
            language=self._scope.language,
            owner=self._scope.owner,
            also=also,
        )

    def improve_prompt(self, request: GenerationRequest, key: str) -> TaskRecord:
        return self._studio.improve_prompt(
            request, key, session_id=self._scope.session_id, language=self._scope.language, owner=self._scope.owner
        )

    def follow(self, task: Task) -> TaskRecord:
        """A task made elsewhere, kept in this person's History and followed from now on."""
        return self._studio.follow(task, session_id=self._scope.session_id, owner=self._scope.owner)


class DeskMoney(_Service):
    """This person's spending on this backend (the cap and the day's committed total are the whole studio's)."""

    def today(self) -> tuple[float, float]:
        """(estimated, billed) dollars since the team's midnight."""
        return self.spent(since=days.start_of_day())

    def spent(self, *, since: float | None = None) -> tuple[float, float]:
        return self._studio.store.money.spend(since=since, simulated=self._scope.simulated, owner=self._scope.owner)

    def ledger(self, since: float | None = None) -> list[Entry]:
        return self._studio.ledger(since, owner=self._scope.owner)

    def standing(self) -> Standing:
        """Today against the studio's daily cap (one cap for the whole team)."""
        return self._studio.standing()


class DeskBatches(_Service):
    """This person's batches on this backend."""

    def listed(self) -> list[Batch]:
        return self._studio.batches.batches(simulated=self._scope.simulated, owner=self._scope.owner)

    def queue(self, name: str, read: BatchFile, *, per_minute: int) -> int:
        return self._studio.queue_batch(
            name,
            read,
            per_minute=per_minute,
            session_id=self._scope.session_id,
            language=self._scope.language,
            owner=self._scope.owner,
        )


class DeskFilms(_Service):
    """This person's storyboards and films on this backend."""

    def listed(self, *, states: tuple[str, ...] = ()) -> list[Film]:
        return self._studio.films.table.films(simulated=self._scope.simulated, owner=self._scope.owner, states=states)

    def origin(self) -> Origin:
        """Who a new storyboard belongs to."""
        return self._scope.origin(self._studio.source)


class DeskRecipes(_Service):
    """This person's recipe book."""

    def listed(self) -> list[Recipe]:
        return self._studio.recipes.recipes(owner=self._scope.owner)

    def save(self, recipe: Recipe) -> None:
        self._studio.recipes.save(recipe, owner=self._scope.owner)

    def remove(self, name: str) -> None:
        self._studio.recipes.remove(name, owner=self._scope.owner)


class Desk:
    """The studio as one person at one browser sees it (see the module's text)."""

    def __init__(self, studio: Studio, scope: Scope):
        self.studio = studio
        self.scope = scope
        self.tasks = DeskTasks(studio, scope)
        self.money = DeskMoney(studio, scope)
        self.batches = DeskBatches(studio, scope)
        self.films = DeskFilms(studio, scope)
        self.recipes = DeskRecipes(studio, scope)

    @classmethod
    def of(
        cls, studio: Studio, *, owner: str | None = None, session_id: str | None = None, language: str | None = None
    ) -> Desk:
        """The desk of whoever asks on this studio's backend (no owner: a studio without sign-in)."""
        return cls(studio, Scope(studio.sandbox, owner, session_id, language))
