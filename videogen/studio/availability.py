"""Which models this API key can use: the API's own model list (kept for minutes) and the models the API
refused as unavailable; the catalogue alone when the list cannot be had."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from videogen.catalog import Catalog
from videogen.provider import prompt_help
from videogen.provider.errors import ApiError
from videogen.provider.protocol import VideoProvider

LIST_TTL = 300.0  # seconds the model list is kept
REFUSAL_MEMORY = 1800.0  # seconds a model the API refused stays marked unavailable


@dataclass
class Availability:
    clock: Callable[[], float] = time.monotonic
    listed: frozenset[str] | None = None  # lower-cased ids; None: unknown (not asked yet, or the list failed)
    video_ids: tuple[str, ...] = ()  # ids the list marks as video models
    checked_at: float | None = None
    failed: bool = False
    refused: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def refresh(self, provider: VideoProvider, *, force: bool = False) -> None:
        """Ask the API for its model list, unless the last answer is recent."""
        with self._lock:
            now = self.clock()
            if not force and self.checked_at is not None and now - self.checked_at < LIST_TTL:
                return
            self.checked_at = now
        try:
            listing = provider.list_models()
        except (ApiError, OSError, ValueError):
            self.listed, self.failed = None, True
            return
        self.listed = frozenset(m.id.lower() for m in listing)
        self.video_ids = tuple(m.id for m in listing if (m.category or "").lower() == "video")
        self.failed = False

    def refuse(self, model_id: str) -> None:
        """The API said this model is unavailable for this key: mark it so for a while."""
        self.refused[model_id] = self.clock()

    def usable(self, model_id: str, *, retired: bool = False) -> bool:
        """Whether a new request may go to this model: not refused lately, and listed for the key (every model
        when the list cannot be had, except a retired one, which only the key's own list can vouch for)."""
        refused_at = self.refused.get(model_id)
        if refused_at is not None and self.clock() - refused_at < REFUSAL_MEMORY:
            return False
        if self.listed is None:
            return not retired
        return model_id.lower() in self.listed

    def undescribed(self, catalog: Catalog) -> list[str]:
        """Video models the API lists that the catalogue does not describe yet (the prompt helper is known: it makes
        words, not videos)."""
        known = {m.lower() for m in catalog.models} | {prompt_help.MODEL.lower()}
        return [m for m in self.video_ids if m.lower() not in known]
