"""A requests-per-minute limit kept as a sliding window: at most `limit` sends in any 60 seconds, whatever
the clock says (a test clock, or the wall clock). O(1) per decision: the last `limit` send times only."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

WINDOW = 60.0


class RateWindow:
    def __init__(self, limit: int, sent: Iterable[float] = ()):
        self.limit = max(1, int(limit))
        self._sent: deque[float] = deque(sorted(sent)[-self.limit :], maxlen=self.limit)
        self._blocked_until = 0.0

    def wait(self, now: float) -> float:
        """Seconds to wait before the next send may go (0: now)."""
        wait = max(0.0, self._blocked_until - now)
        if len(self._sent) == self.limit:
            wait = max(wait, self._sent[0] + WINDOW - now)
        return wait

    def sent(self, at: float) -> None:
        self._sent.append(at)

    def hold(self, until: float) -> None:
        """The API said to wait (429 with Retry-After): nothing goes before `until`."""
        self._blocked_until = max(self._blocked_until, until)

    def relimit(self, limit: int) -> None:
        """Another limit (the next batch's), keeping what was sent."""
        limit = max(1, int(limit))
        if limit != self.limit:
            self.limit = limit
            self._sent = deque(list(self._sent)[-limit:], maxlen=limit)


def most_in_any_window(times: Iterable[float], window: float = WINDOW) -> int:
    """The most sends that fell in any half-open window [t, t + window): what a limit must never exceed."""
    ordered = sorted(times)
    most, start = 0, 0
    for end, at in enumerate(ordered):
        while ordered[start] <= at - window:
            start += 1
        most = max(most, end - start + 1)
    return most
