"""The one loop of the studio's background workers (the tracker, the batch sender): a daemon thread that repeats a
step until stopped, outlives closed tabs, ends with the store's data folder, survives its own bugs (each failure
said once, not at every turn), and lets go of what it held when stopped on purpose."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Self

log = logging.getLogger(__name__)


class Background:
    """A worker with a thread of its own: `start()`, `stop()`, `join()`; `repeat()` is its loop."""

    thread_name = "videogen-worker"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        """Run `_run` in a daemon thread for as long as the process lives (once: a live thread is kept)."""
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the stopped worker to finish its step and let go of what it held."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        raise NotImplementedError

    def repeat(
        self,
        step: Callable[[], float | None],
        *,
        pause: float,
        available: Callable[[], bool],
        on_failure: Callable[[Exception], None],
        let_go: Callable[[], object],
    ) -> None:
        """`step()` until `stop()`: after each, wait what it returned (0: go on at once; None: `pause`), at most
        `pause`; after a failure, `pause`. A failure is told to `on_failure` (called inside the `except`, so a
        log there keeps its traceback) when it differs from the last one. Ends when `available()` says the store
        is gone, or the interpreter is exiting; stopped on purpose, calls `let_go()` (another replica takes over
        at once)."""
        last_failure = None
        while not self._stop.is_set():
            if not available():
                return  # the data folder is gone: nothing left to do
            try:
                wait = step()
                last_failure = None
            except Exception as exc:  # a bug must not end the worker for the life of the process
                if sys.is_finalizing() or "interpreter shutdown" in str(exc):
                    return  # the interpreter is exiting
                if repr(exc) != last_failure:
                    on_failure(exc)
                last_failure = repr(exc)
                wait = pause
            if wait is None or wait > 0:
                self._stop.wait(min(wait or pause, pause))
        try:
            let_go()
        except Exception:  # noqa: BLE001 - the store may be gone with the process; leases then lapse
            log.debug("letting go failed", exc_info=True)
