"""Running a film: every shot's intent written at once (the whole film against the day's cap, in one
transaction), the shots made on their own sent at once, and each shot that continues another sent when that
one's video is saved, with its exact last frame as the first frame. One idempotency key per shot, derived
from the film and the shot: a double click, a reload, a restart or a second replica never sends a shot twice.
`advance_all` is what the tracker runs each round, so chains go on with no page open."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from videogen.catalog import Catalog
from videogen.films import one_call
from videogen.films.store import Film, FilmState, FilmStore
from videogen.films.storyboard import EXTEND, WAITS, FilmCheck, Shot
from videogen.i18n import Note
from videogen.images.kept import KeptImages
from videogen.money.budget import Budget
from videogen.provider.errors import ApiError
from videogen.provider.protocol import VideoProvider
from videogen.request import GenerationRequest, InvalidRequest
from videogen.tasks import states
from videogen.tasks.schema import Origin
from videogen.tasks.states import TaskState
from videogen.tasks.store import NewIntent, TaskRecord, TaskStore
from videogen.tasks.submission import content_key, post_intent
from videogen.videos.frames import UnreadableVideo, last_frame
from videogen.videos.joining import Joined, join

log = logging.getLogger(__name__)

ENDED = (TaskState.REJECTED, TaskState.DISMISSED)


class FilmNotReady(Exception):
    """The storyboard has problems (each shot's are in `check`): nothing was recorded, nothing paid."""

    def __init__(self, check: FilmCheck):
        super().__init__("the storyboard has problems")
        self.check = check


class FilmNotShot(Exception):
    """ "Make the film" before every shot's video is saved."""


def shot_key(film_id: str, shot: Shot, take: int = 1, *, one_call: bool = False) -> str:
    """The idempotency key of a shot's take: the same film, shot and take always give the same key (a film made
    in one call has one key, its first shot's with `-shots`, never a shot's own)."""
    return f"film-{film_id}-{shot.uid}" + ("-shots" if one_call else "") + (f"-take{take}" if take > 1 else "")


@dataclass(frozen=True)
class ShotProgress:
    """A shot of a started film and its latest task (None before the film starts)."""

    number: int
    shot: Shot
    record: TaskRecord | None
    takes: int = 0

    @property
    def saved(self) -> bool:
        return bool(self.record and self.record.video_path and Path(self.record.video_path).is_file())

    @property
    def ended_without_video(self) -> bool:
        record = self.record
        return bool(record and (record.state in ENDED or states.ended_without_video(record.status)))

    @property
    def in_flight(self) -> bool:
        return self.record is not None and not self.saved and not self.ended_without_video


@dataclass
class Films:
    """The films of one studio: its store, its provider, its catalogue and where films are written."""

    store: TaskStore
    provider: VideoProvider
    catalog: Callable[[], Catalog]
    kept: KeptImages
    folder: Path  # the data folder's films/
    simulated: bool

    def __post_init__(self):
        self.table = FilmStore(self.store.tables)

    # --- the films --------------------------------------------------------------------
    def film(self, film_id: str) -> Film | None:
        return self.table.film(film_id)

    def progress(self, film: Film) -> list[ShotProgress]:
        """Each shot with its latest take's task (in the film's order); in a film made in one call, every shot
        with the call's."""
        records = self.store.film_shots(film.id)
        latest: dict[int, TaskRecord] = {}
        takes: dict[int, int] = {}
        for record in records:  # in id order: a later take replaces an earlier one
            if record.shot is not None:
                latest[record.shot] = record
                takes[record.shot] = takes.get(record.shot, 0) + 1
        one = film.storyboard.one_call
        return [
            ShotProgress(n, shot, latest.get(1 if one else n), takes.get(1 if one else n, 0))
            for n, shot in enumerate(film.storyboard.shots, 1)
        ]

    def cost(self, film: Film) -> float:
        """What the film's shots cost: billed where known, else estimated; refunded shots count nothing."""
        total = 0.0
        for record in self.store.film_shots(film.id):
            if record.state in ENDED or states.ended_without_video(record.status):
                continue
            total += record.billed_cost if record.billed_cost is not None else (record.estimated_cost or 0.0)
        return round(total, 4)

    # --- starting ---------------------------------------------------------------------
    def start(self, film_id: str, *, budget: Budget | None, origin: Origin) -> list[ShotProgress]:
        """Write every shot's intent at once, checked against the cap as one (`OverBudget`: nothing written),
        then send the shots that need nothing before them. Raises `FilmNotReady` for a storyboard with
        problems. Starting a film that has started already sends nothing more."""
        film = self.table.film(film_id)
        if film is None:
            raise LookupError(film_id)
        if film.state == FilmState.DRAFT:
            check = film.storyboard.check(self.catalog())
            if not check.ready:
                raise FilmNotReady(check)
            rows = self._intents(
                film, check, [1] if film.storyboard.one_call else [s.number for s in check.shots], origin
            )
            written = self.store.record_intents(rows, budget=budget)
            self.table.set_state(film.id, FilmState.RUNNING, only_from=(FilmState.DRAFT,))
            self._send_new(written)
        self.advance(film_id)
        film = self.table.film(film_id) or film
        return self.progress(film)

    def _intents(
        self, film: Film, check: FilmCheck, numbers: list[int], origin: Origin, takes: dict[int, int] | None = None
    ) -> list[NewIntent]:
        """The intents of these shots (their next takes), or of the one call a film made in one call sends."""
        takes = takes or {}
        if not film.storyboard.one_call:
            return [self._intent(film, check, n, origin, take=takes.get(n, 0) + 1) for n in numbers]
        call = one_call.fit(film.storyboard, self.catalog())
        if call.valid is None:
            raise FilmNotReady(replace(check, problems=check.problems + call.reasons))
        shot = film.storyboard.shots[0]
        return [
            NewIntent(
                shot_key(film.id, shot, takes.get(1, 0) + 1, one_call=True),
                call.valid.payload(),
                call.valid.estimate(),
                origin,
                content_key=content_key(call.valid.request),
                columns=call.valid.columns(),
                film_id=film.id,
                shot=1,
            )
        ]

    def _intent(self, film: Film, check: FilmCheck, number: int, origin: Origin, *, take: int) -> NewIntent:
        """A shot's intent from the film's one check (a storyboard is checked once per start, not once a shot)."""
        shot_check = check.shots[number - 1]
        if shot_check.valid is None:
            raise FilmNotReady(check)
        valid, shot = shot_check.valid, shot_check.shot
        return NewIntent(
            shot_key(film.id, shot, take),
            valid.payload(),
            valid.estimate(),
            origin,
            content_key=content_key(valid.request),
            columns=valid.columns(),
            film_id=film.id,
            shot=number,
            waiting=shot.join in WAITS,
        )

    def _send_new(self, written: list[tuple[TaskRecord, bool]]) -> None:
        """Send the shots this call wrote that need nothing before them. Only this call's: an intent written
        by another click is that click's to send (and one cut off by a crash becomes unknown at the restart,
        for the person to reconcile: never sent twice)."""
        for record, created in written:
            if created and record.state == TaskState.INTENT:
                post_intent(self.store, self.provider, record.idempotency_key)

    # --- going on ---------------------------------------------------------------------
    def advance_all(self) -> int:
        """One round for every running film of this backend: the number of shots sent or held back."""
        moved = 0
        for film in self.table.films(simulated=self.simulated, states=(FilmState.RUNNING,)):
            try:
                moved += self.advance(film.id)
            except Exception:  # noqa: BLE001 - one film's trouble must not stop the others (or the tracker)
                log.exception("advancing film %s failed", film.id)
        return moved

    def advance(self, film_id: str) -> int:
        """Send each waiting shot whose previous shot's video is saved; hold back one whose previous shot ended
        without a video; say when every shot is saved or the film has stopped. Returns shots sent or held."""
        film = self.table.film(film_id)
        if film is None or film.state != FilmState.RUNNING:
            return 0
        moved = 0
        shots = self.progress(film)
        for progress in shots:
            record = progress.record
            if record is None or record.state != TaskState.WAITING:
                continue
            previous = shots[progress.number - 2]
            if previous.saved:
                moved += self._release(film, progress, previous)
            elif previous.ended_without_video or previous.record is None:
                note = Note("film.previous_ended", {"shot": previous.number})
                moved += int(self.store.hold_back(record.idempotency_key, note))
        self._settle(film)
        return moved

    def _release(self, film: Film, progress: ShotProgress, previous: ShotProgress) -> int:
        record = progress.record
        assert record is not None and previous.record is not None and previous.record.video_path
        if progress.shot.join == EXTEND:  # the model extends the shot before itself: its task id is the source
            return self._send(record, replace(progress.shot.request, extends=previous.record.task_id), None)
        try:
            frame = last_frame(Path(previous.record.video_path))
        except UnreadableVideo:
            note = Note("film.frame_unreadable", {"shot": previous.number})
            return int(self.store.hold_back(record.idempotency_key, note))
        try:
            url = self.provider.upload_image(frame.data, frame.name, frame.mime)
        except ApiError as error:  # tried again next round; the shot is still waiting, nothing is paid
            log.warning("uploading the last frame of shot %s failed: %s", previous.number, error.kind)
            return 0
        self.kept.remember(url, self.kept.keep(frame.data, frame.name, frame.mime))
        return self._send(record, replace(progress.shot.request, first_frame=url), url)

    def _send(self, record: TaskRecord, request: GenerationRequest, image_url: str | None) -> int:
        """A waiting shot's request, now whole, sent once (by the one caller that releases it)."""
        try:
            valid = request.validate(self.catalog())
        except InvalidRequest as refused:
            note = next(iter(refused.notes.values()))
            return int(self.store.hold_back(record.idempotency_key, note))
        if not self.store.release_waiting(record.idempotency_key, valid.payload(), image_url):
            return 0  # another replica released it first and sends it
        post_intent(self.store, self.provider, record.idempotency_key)
        return 1

    def _settle(self, film: Film) -> None:
        shots = self.progress(film)
        if all(s.saved for s in shots):
            self.table.set_state(film.id, FilmState.SHOT, only_from=(FilmState.RUNNING,))
        elif not any(s.in_flight for s in shots):
            self.table.set_state(film.id, FilmState.STOPPED, only_from=(FilmState.RUNNING,))

    # --- a shot again -----------------------------------------------------------------
    def retry(self, film_id: str, number: int, *, budget: Budget | None, origin: Origin) -> list[ShotProgress]:
        """A new take of a shot that ended without a video, and of the shots held back behind it (those that
        continue it), checked against the cap together; the film runs again."""
        film = self.table.film(film_id)
        if film is None:
            raise LookupError(film_id)
        shots = self.progress(film)
        number = 1 if film.storyboard.one_call else number  # one call: its shots are one task
        if not shots[number - 1].ended_without_video:
            return shots
        again = [shots[number - 1]]
        for later in shots[number:]:
            if film.storyboard.one_call or later.shot.join not in WAITS or not later.ended_without_video:
                break
            again.append(later)
        check = film.storyboard.check(self.catalog())
        rows = self._intents(film, check, [p.number for p in again], origin, {p.number: p.takes for p in again})
        written = self.store.record_intents(rows, budget=budget)
        self.table.set_state(film.id, FilmState.RUNNING, only_from=(FilmState.STOPPED, FilmState.RUNNING))
        self._send_new(written)
        self.advance(film_id)
        return self.progress(self.table.film(film_id) or film)

    # --- the film ---------------------------------------------------------------------
    def make(self, film_id: str) -> Joined:
        """Join the saved shots into the film's MP4 (copied when they share a format, else encoded again).
        Raises `FilmNotShot` when a shot's video is missing, `UnreadableVideo` when one cannot be read."""
        film = self.table.film(film_id)
        if film is None:
            raise LookupError(film_id)
        shots = self.progress(film)
        if not shots or not all(s.saved for s in shots):
            raise FilmNotShot(film_id)
        paths = list(dict.fromkeys(Path(s.record.video_path) for s in shots if s.record and s.record.video_path))
        try:
            joined = join(paths, self.folder / f"{film.id}.mp4")
        except UnreadableVideo as failed:
            self.table.mark_film_failed(film.id, Note("film.join_failed", {"reason": str(failed)}))
            raise
        self.table.mark_made(film.id, str(joined.path))
        return joined
