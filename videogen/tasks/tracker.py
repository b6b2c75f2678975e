"""Follows unfinished tasks: polls them concurrently and saves each finished video before its link expires."""

from __future__ import annotations

import json
import logging
import os
import random
import re
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

from videogen.i18n import Note
from videogen.provider.errors import ApiError, NotFoundError, RateLimitedError
from videogen.provider.protocol import TaskStatus, VideoProvider
from videogen.request.recipe import Recipe
from videogen.settings import LEASE_SECONDS
from videogen.tasks.background import Background
from videogen.tasks.database import holder_name
from videogen.tasks.store import TaskRecord, TaskStore
from videogen.videos.tagging import write_comment

log = logging.getLogger(__name__)

MAX_VIDEO_BYTES = 512 * 1024 * 1024
POLL_INTERVAL = 2.0  # seconds, as the provider's own client
MAX_POLL_BACKOFF = 60.0
RETRY_AFTER_CAP = 60.0


@dataclass(frozen=True)
class RefreshReport:
    polled: int
    finished: int
    saved: int
    errors: int


def _backoff(record: TaskRecord, error: ApiError) -> float:
    """When to try this task again: a capped Retry-After, or a backoff with jitter."""
    if isinstance(error, RateLimitedError) and error.retry_after:
        return min(error.retry_after, RETRY_AFTER_CAP)
    streak = min(6, record.poll_failures + 1)
    return min(MAX_POLL_BACKOFF, POLL_INTERVAL * 2**streak) * random.uniform(0.75, 1.25)


class Tracker(Background):
    """Polling and saving for one store and one API client; `refresh()` does one round; `start()` follows in a
    daemon thread for as long as the process lives (it survives closed tabs)."""

    thread_name = "videogen-tracker"

    def __init__(
        self,
        store: TaskStore,
        client: VideoProvider,
        videos_dir: Path,
        *,
        workers: int = 64,
        max_video_bytes: int = MAX_VIDEO_BYTES,
        simulated: bool | None = None,
        lease: float = LEASE_SECONDS,  # held unless renewed (each round renews)
        owner: str | None = None,
        recover_after: float | None = None,
        after_round: Callable[[], object] | None = None,
    ):
        self.store = store
        # Who holds the leases: this tracker of this process on this host (replicas share the store).
        self.owner = owner or holder_name()
        self.lease = lease
        # A shared store: requests another replica was sending when it died become unknown after this long
        # (longer than any submit takes), each round. None: only at the start (one process, SQLite).
        self.recover_after = recover_after
        # More work each round, after the polling (the films: a shot whose previous shot's video was just saved
        # is sent), so that it goes on with no page open.
        self.after_round = after_round
        self.simulated = simulated  # follow only the sandbox's tasks (True) or only the live API's (False)
        self.client = client
        self.videos_dir = Path(videos_dir)
        self.workers = workers
        self.max_video_bytes = max_video_bytes
        self._download = requests.Session()
        self._download.trust_env = False
        super().__init__()
        self._round = threading.Lock()

    # --- one round ------------------------------------------------------------------------
    def refresh(self) -> RefreshReport:
        """Poll every task that needs it, at once; save what finished. Never marks a task failed on
        its own: only the API saying failed or cancelled does."""
        with self._round:
            if self.recover_after is not None:
                self.store.recover_interrupted(older_than=self.recover_after)
            records = self.store.tracking.claim(self.owner, lease=self.lease, simulated=self.simulated)
            outcomes: list[tuple[int, int, int]] = []
            if records:
                with ThreadPoolExecutor(
                    max_workers=min(self.workers, len(records)), thread_name_prefix="videogen-poll"
                ) as pool:
                    outcomes = list(pool.map(self._follow, records))
            if self.after_round is not None:
                self.after_round()
            return RefreshReport(
                len(records), sum(o[0] for o in outcomes), sum(o[1] for o in outcomes), sum(o[2] for o in outcomes)
            )

    def _follow(self, record: TaskRecord) -> tuple[int, int, int]:
        finished = saved = errors = 0
        task_id = record.task_id
        if task_id is None:  # to_track() gives only rows with a task id
            return 0, 0, 0
        if record.status != TaskStatus.COMPLETED:
            try:
                task = self.client.get_task(task_id, language=record.language or "en")
            except ApiError as error:
                code = "poll.not_found" if isinstance(error, NotFoundError) else "poll.failed"
                self.store.tracking.mark_poll_error(task_id, error.note(code), time.time() + _backoff(record, error))
                return 0, 0, 1
            self.store.tracking.update_from_api(task)
            if not task.finished:
                return 0, 0, 0
            finished = 1
            if task.status != TaskStatus.COMPLETED:
                return finished, 0, 0
            latest = self.store.listing.by_task_id(task_id)
            if latest is None:  # removed meanwhile
                return finished, 0, 0
            record = latest
        if record.video_path is None and record.urls:
            if self.save_video(record):
                saved = 1
            else:
                errors = 1
        return finished, saved, errors

    # --- saving ---------------------------------------------------------------------------
    def video_path(self, task_id: str) -> Path:
        return self.videos_dir / (re.sub(r"[^A-Za-z0-9_-]", "_", task_id) + ".mp4")

    def save_video(self, record: TaskRecord) -> bool:
        """Download the video now, so it outlives its link. On failure, retry later until expiry."""
        task_id = record.task_id
        if task_id is None:
            return False
        target = self.video_path(task_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        # A name of this host, process and thread: replicas may share the folder (VIDEOGEN_DATA_DIR on a
        # shared disk), and the video appears under its own name only whole (written, synced, renamed).
        partial = target.with_suffix(f".part-{socket.gethostname()}-{os.getpid()}-{threading.get_ident()}")
        try:
            size = 0
            with self._download.get(record.urls[0], stream=True, timeout=(5, 30)) as response:
                response.raise_for_status()
                with open(partial, "wb") as out:
                    for chunk in response.iter_content(256 * 1024):
                        size += len(chunk)
                        if size > self.max_video_bytes:
                            raise ValueError(f"the video is over {self.max_video_bytes // 2**20} MB")
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
            if size == 0:
                raise ValueError("the download was empty")
            _tag_recipe(record, partial)
            os.replace(partial, target)
        except (requests.RequestException, OSError, ValueError) as exc:
            partial.unlink(missing_ok=True)
            reason = type(exc).__name__
            note = (
                Note("save.failed_expiring", {"reason": reason, "expires": record.expires_at})
                if record.expires_at
                else Note("save.failed", {"reason": reason})
            )
            self.store.tracking.mark_save_failed(task_id, note, time.time() + 10 * random.uniform(0.75, 1.25))
            log.warning("saving %s failed: %s", task_id, type(exc).__name__)
            return False
        self.store.tracking.mark_saved(task_id, str(target))
        return True

    # --- in the background ----------------------------------------------------------------
    def _run(self) -> None:
        self.run()

    def run(
        self,
        on_round: Callable[[RefreshReport], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        """Follow until `stop()`: a round every two seconds, each reported to `on_round`; a failing round
        is told once to `on_failure` (default: the log), not every two seconds. Stopping lets go of the leases."""

        def one_round() -> float:
            report = self.refresh()
            if on_round is not None:
                on_round(report)
            return POLL_INTERVAL

        self.repeat(
            one_round,
            pause=POLL_INTERVAL,
            available=self.store.database.available,
            on_failure=on_failure or (lambda exc: log.exception("tracker round failed")),
            let_go=lambda: self.store.tracking.release(self.owner),
        )


class Following:
    """The one tracker (or batch sender) a process runs for a store: replaced, and the old one stopped, when the backend
    changes (another key or base URL), so a new key is never followed with the old client."""

    def __init__(self):
        self._lock = threading.Lock()
        self._current: tuple[object, Tracker] | None = None

    def tracker(self, signature: object, make) -> Tracker:
        with self._lock:
            if self._current is None or self._current[0] != signature:
                if self._current is not None:
                    self._current[1].stop()
                self._current = (signature, make().start())
            return self._current[1]

    def stop(self) -> None:
        """Stop the tracker in force (the process, or a test, is done with this store)."""
        with self._lock:
            if self._current is not None:
                self._current[1].stop()
                self._current = None


def _tag_recipe(record: TaskRecord, video: Path) -> None:
    """The video carries its recipe (the body it was made from), so dropping it on Generate makes it again. A video
    that cannot be copied with the tag is kept as it came."""
    try:
        body = json.loads(record.payload or "null")
        if not isinstance(body, dict):
            return
        recipe = Recipe(record.prompt[:60] or record.model, record.model, record.prompt, body)
        write_comment(video, video, recipe.tag())
    except (ValueError, OSError) as failed:
        log.info("the video of %s keeps no recipe: %s", record.task_id, type(failed).__name__)
