"""The studio: the one object pages and the command line hold, built in one place from the configuration:
the store, the provider and the catalogue, with submit, retry and follow."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from videogen import catalog as catalog_module
from videogen import settings
from videogen.catalog import Catalog, Model
from videogen.catalog.input_schema import differences
from videogen.films.runner import Films
from videogen.i18n import Note, chosen_language
from videogen.images.kept import KeptImages
from videogen.money import budget as budget_module
from videogen.money import days
from videogen.money.budget import Budget, Standing
from videogen.provider import backend, prompt_help
from videogen.provider.errors import ApiError
from videogen.provider.protocol import RetryNote, Task, VideoProvider
from videogen.request import GenerationRequest, ValidRequest
from videogen.request.batch_file import BatchFile
from videogen.request.recipe import Picture, Recipe
from videogen.studio.availability import Availability
from videogen.tasks import ledger, prompt_helper, task_ids
from videogen.tasks.batch_runner import BatchRunner
from videogen.tasks.batches import BatchQueue
from videogen.tasks.ledger import Entry
from videogen.tasks.recipe_book import RecipeBook
from videogen.tasks.schema import Origin
from videogen.tasks.states import TaskState
from videogen.tasks.store import TaskRecord, TaskStore
from videogen.tasks.submission import Attached, Intent, SubmitOutcome, retry_same_key, submit
from videogen.tasks.tracker import Tracker
from videogen.videos.frames import Frame, UnreadableVideo, last_frame

OnRetry = Callable[[RetryNote], None] | None
DRIFT_TTL = 3600.0  # seconds a model's schema comparison is kept


# How old a request still being sent can be: every call has a timeout (5 s to connect, 30 s to read), a
# submit tries at most a few times with its uploads, so one still unanswered after ten minutes was cut off.
SHARED_INTENT_AGE = 600.0


def store(data_dir: Path | None = None) -> TaskStore:
    """The store in force: PostgreSQL when `VIDEOGEN_DATABASE_URL` names it, else the folder's SQLite file."""
    return TaskStore(settings.database_url() or (data_dir or settings.data_dir()) / "history.sqlite3")


def starting(task_store: TaskStore, *, alone: bool) -> TaskStore:
    """The store as a starting process finds it. Alone (the app on its SQLite file), nothing of it is in
    flight: an intent still waiting was cut off by a crash or a stop and becomes unknown, and a hold on the
    batch queue is let go. Shared (PostgreSQL, or a `follow` process beside the app), another process may be
    sending now: only intents older than any submit takes become unknown (the trackers' rounds do the same)."""
    task_store.recover_interrupted(older_than=0 if alone else SHARED_INTENT_AGE)
    if alone:
        BatchQueue(task_store.tables).let_go()
    return task_store


def videos_dir(data_dir: Path | None = None) -> Path:
    return (data_dir or settings.data_dir()) / "videos"


@dataclass(frozen=True)
class NextShot:
    """What "Continue this video" opens Generate with: the last frame (kept, by digest) and the model."""

    first_frame: str  # the kept picture's digest
    frame: Frame
    model: str


@dataclass
class Studio:
    store: TaskStore
    provider: VideoProvider
    data_dir: Path
    base_url: str
    sandbox: bool  # the embedded simulator answers: nothing is charged
    source: str = "app"  # app | cli, recorded with each request
    availability: Availability = field(default_factory=Availability)
    _drift: dict[str, tuple[float, list[str]]] = field(default_factory=dict, repr=False)
    _batches: BatchQueue | None = field(default=None, repr=False)
    _films: Films | None = field(default=None, repr=False)
    _recipes: RecipeBook | None = field(default=None, repr=False)

    @property
    def catalog(self) -> Catalog:
        """The models: the data folder's `models.toml` when there is one (read again when it changes)."""
        return catalog_module.load(self.data_dir)

    @property
    def videos_dir(self) -> Path:
        return videos_dir(self.data_dir)

    @property
    def kept_images(self) -> KeptImages:
        """The pictures tasks sent from files, by digest (see `images.kept`)."""
        return KeptImages(self.data_dir / "inputs")

    # --- carrying a clip on ------------------------------------------------------------
    def next_shot(self, record: TaskRecord) -> NextShot:
        """The next shot of a finished video: its exact last frame kept (as an uploaded picture is) to be the
        next first frame, and the model to make it with (this one when it takes a first frame, else the
        catalogue's default). Raises `UnreadableVideo` when the saved file cannot be read."""
        if not record.video_path:
            raise UnreadableVideo("the video is not saved yet")
        frame = last_frame(Path(record.video_path))
        digest = self.kept_images.keep(frame.data, frame.name, frame.mime)
        model = self.catalog.model(record.model)
        if model is None or not model.images.takes("first_frame") or model.retired:
            model = self.catalog.models[self.catalog.default_model]
        return NextShot(digest, frame, model.id)

    # --- asking for a video ------------------------------------------------------------
    def validate(self, request: GenerationRequest, *, uploads_allowed: bool = False) -> ValidRequest:
        """The request checked once against the catalogue; raises `InvalidRequest` naming each field."""
        return request.validate(self.catalog, uploads_allowed=uploads_allowed)

    def drift(self, model: Model) -> list[str]:
        """With a key: how the provider's live schema of this model differs from its description here (asked
        once an hour per model; nothing when it cannot be read, or in the sandbox, which serves the catalogue)."""
        if self.sandbox:
            return []
        now = time.monotonic()
        cached = self._drift.get(model.id)
        if cached is not None and now - cached[0] < DRIFT_TTL:
            return cached[1]
        try:
            found = differences(model, self.provider.model_schema(model.id))
        except (ApiError, OSError, ValueError):
            found = []
        self._drift[model.id] = (now, found)
        return found

    def usable(self, model_id: str, catalog: Catalog | None = None) -> bool:
        """This key can use the model, as far as the API's model list (asked every few minutes) and its
        refusals tell; every model when the list cannot be had. `catalog`: the one this page run has (else it
        is read again)."""
        self.availability.refresh(self.provider)
        model = (catalog or self.catalog).model(model_id)
        return self.availability.usable(model_id, retired=bool(model and model.retired))

    def usable_ids(self, catalog: Catalog | None = None) -> frozenset[str]:
        """Every model a new request may go to, asked once (a page run asks it of each model several times: the
        picker, the table priced for the request, "Also send to")."""
        self.availability.refresh(self.provider)
        models = (catalog or self.catalog).models.values()
        return frozenset(m.id for m in models if self.availability.usable(m.id, retired=m.retired))

    def submit(
        self,
        request: ValidRequest,
        key: str,
        *,
        attached: Attached = Attached(),
        session_id: str | None = None,
        repeat: bool = False,
        on_retry: OnRetry = None,
        count: int = 1,
        redo_of: str | None = None,
        language: str | None = None,
        owner: str | None = None,
        also: tuple[ValidRequest, ...] = (),
    ) -> SubmitOutcome:
        """Record the intent under `key` (one per video: `count` variations, and one for each other model the
        request `also` goes to), then POST each once (see `tasks.submission.submit`). Raises `OverBudget` when
        the day's cap would be crossed by them all."""
        intent = Intent(
            request,
            key,
            attached,
            session_id=session_id,
            source=self.source,
            simulated=self.sandbox,
            repeat=repeat,
            count=count,
            budget=self.budget(),
            redo_of=redo_of,
            language=chosen_language(language),
            owner=owner,
            also=also,
        )
        outcome = submit(self.store, self.provider, intent, on_retry, kept=self.kept_images)
        note = Note.read(outcome.record.error) if outcome.record.state == TaskState.REJECTED else None
        if note is not None and note.params.get("kind") == "model_unavailable":
            self.availability.refuse(request.model.id)
        return outcome

    def retry(self, key: str, *, on_retry: OnRetry = None) -> SubmitOutcome:
        """Send an unknown outcome again under the same Idempotency-Key: at most one task is ever billed."""
        return retry_same_key(self.store, self.provider, key, on_retry=on_retry)

    # --- films -----------------------------------------------------------------------
    @property
    def films(self) -> Films:
        """The storyboards and films of this backend, kept in the same store as the tasks."""
        if self._films is None:
            self._films = Films(
                self.store,
                self.provider,
                lambda: self.catalog,
                self.kept_images,
                self.data_dir / "films",
                simulated=self.sandbox,
            )
        return self._films

    # --- the prompt helper -------------------------------------------------------------
    @property
    def prompt_helper_listed(self) -> bool:
        """The key can use the prompt helper (MiniMax-H3-Context-IR is on its model list, or the list is unknown)."""
        self.availability.refresh(self.provider)
        return self.availability.usable(prompt_help.MODEL)

    def improve_prompt(
        self,
        request: GenerationRequest,
        key: str,
        *,
        session_id: str | None = None,
        language: str | None = None,
        owner: str | None = None,
    ) -> TaskRecord:
        """Ask the prompt helper for a better prompt (one call a key, priced and capped like a video); the words
        come back as the task's `result_text` once the tracker sees it done."""
        origin = Origin(session_id, self.source, self.sandbox, chosen_language(language), owner)
        return prompt_helper.ask(self.store, self.provider, request, key, origin=origin, budget=self.budget())

    # --- recipes ---------------------------------------------------------------------
    @property
    def recipes(self) -> RecipeBook:
        """The recipe book, kept in the same store as the tasks."""
        if self._recipes is None:
            self._recipes = RecipeBook(self.store.tables)
        return self._recipes

    def recipe_of(self, name: str, valid: ValidRequest, attached: Attached = Attached()) -> Recipe:
        """The form's request as a recipe: its body as it would be sent, a picture from a file named by its kept
        copy (and carried in the recipe, so an exported file works on another studio)."""
        named: dict[str, list[str]] = {}
        pictures = []
        for role, (data, file_name, mime) in attached.forms():
            url = self.kept_images.url_of(self.kept_images.keep(data, file_name, mime))
            named.setdefault(role, []).append(url)
            pictures.append(Picture(url, file_name, mime, data))
        body = valid.with_uploads(named).payload() if named else valid.payload()
        return Recipe(name.strip()[:120], valid.model.id, valid.request.prompt, body, tuple(pictures))

    def keep_pictures(self, recipe: Recipe) -> None:
        """A recipe's pictures kept here, under the links its body names them by (an imported file's)."""
        for picture in recipe.pictures:
            self.kept_images.remember(picture.url, self.kept_images.keep(picture.data, picture.name, picture.mime))

    # --- batches ---------------------------------------------------------------------
    @property
    def batches(self) -> BatchQueue:
        """The batch queue, kept in the same store file as the tasks."""
        if self._batches is None:
            self._batches = BatchQueue(self.store.tables)
        return self._batches

    def queue_batch(
        self,
        name: str,
        read: BatchFile,
        *,
        per_minute: int,
        session_id: str | None = None,
        language: str | None = None,
        owner: str | None = None,
    ) -> int:
        """Queue the rows of a checked batch file that are ready (the others are left out); it starts at once."""
        rows = [(row.number, row.request.request, row.estimate) for row in read.ready if row.request is not None]
        return self.batches.create(
            name,
            rows,
            per_minute=per_minute,
            session_id=session_id,
            simulated=self.sandbox,
            language=chosen_language(language),
            owner=owner,
        )

    def batch_runner(self) -> BatchRunner:
        """The queue's sender for this backend; `start()` runs it in a thread of its own."""
        return BatchRunner(
            self.batches,
            self.store,
            self.provider,
            catalog=lambda: self.catalog,
            budget=self.budget,
            simulated=self.sandbox,
            lease=settings.lease_seconds(),
        )

    # --- following tasks ---------------------------------------------------------------
    def tracker(self) -> Tracker:
        """A tracker for this studio's tasks (only those its backend made); `start()` follows in a thread."""
        shared = self.store.path is None  # PostgreSQL: replicas share it
        return Tracker(
            self.store,
            self.provider,
            self.videos_dir,
            simulated=self.sandbox,
            lease=settings.lease_seconds(),
            recover_after=SHARED_INTENT_AGE if shared else None,
            after_round=self.films.advance_all,
        )

    def confirmed(self, text: str) -> Task:
        """A task made elsewhere, when its id is well formed and the API knows it. Raises `TaskIdRefused`."""
        return task_ids.confirmed(self.provider, text)

    def follow(self, task: Task, *, session_id: str | None = None, owner: str | None = None) -> TaskRecord:
        """Keep a confirmed task in History and follow it from now on."""
        record = self.store.add_task(
            task.id, session_id=session_id, simulated=self.sandbox, owner=owner, created=task.created
        )
        self.store.tracking.update_from_api(task)
        return self.store.listing.by_task_id(task.id) or record

    # --- money ---------------------------------------------------------------------------
    def standing(self) -> Standing:
        """Today against the daily cap: the cap in force, what is asked for so far, what is left."""
        cap, source, problem = budget_module.cap_in_force(self.store.preferences.get(budget_module.PREFERENCE))
        committed = self.store.money.committed(days.start_of_day(), simulated=self.sandbox)
        return Standing(cap, committed, source, problem, days.zone()[1])

    def budget(self) -> Budget | None:
        cap, _, _ = budget_module.cap_in_force(self.store.preferences.get(budget_module.PREFERENCE))
        return None if cap is None else Budget(cap, days.start_of_day(), self.sandbox)

    def set_daily_cap(self, dollars: float | None) -> None:
        """Set the cap for every session (None: no cap, deliberately, whatever the configuration says)."""
        value = budget_module.NO_CAP if dollars is None else f"{round(float(dollars), 2):.2f}"
        self.store.preferences.set(budget_module.PREFERENCE, value)

    def use_configured_cap(self) -> None:
        """Forget the cap set on the page: `VIDEOGEN_DAILY_BUDGET_USD` applies again."""
        self.store.preferences.set(budget_module.PREFERENCE, None)

    def ledger(self, since: float | None = None, *, owner: str | None = None) -> list[Entry]:
        """The spending ledger of this backend (the sandbox's is simulated, never mixed with the live one),
        of one signed-in person when given."""
        records = self.store.money.ledger(since=since, simulated=self.sandbox, owner=owner)
        day_of = days.day_namer()  # the team's zone read once, not per row
        return [ledger.entry(record, day_of) for record in records]


def open_studio(
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    data_dir: Path | None = None,
    task_store: TaskStore | None = None,
    source: str = "app",
) -> Studio:
    """The studio for a configuration (default: the environment and secrets). No key: the sandbox."""
    current, provider = backend.current(api_key, base_url)
    folder = data_dir or settings.data_dir()
    return Studio(task_store or store(folder), provider, folder, current.base_url, current.sandbox, source)
