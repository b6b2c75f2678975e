"""The test clocks, one of each kind, for the tests and the benchmarks alike.

- `SteppedClock`: time that passes only when the code under test sleeps (hours of a batch queue in a moment).
- `AheadClock`: real time, moved ahead at once when a test says so (a task completes, a link expires)."""

from __future__ import annotations

import time


class SteppedClock:
    """Time that passes only when the queue sleeps: call it for now, give its `sleep` to the code."""

    def __init__(self, start: float = 1_900_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class AheadClock:
    """Real time, moved ahead at once when a test says so (instead of sleeping until a task completes or a link
    expires)."""

    def __init__(self):
        self.ahead = 0.0

    def __call__(self) -> float:
        return time.time() + self.ahead

    def advance(self, seconds: float) -> None:
        self.ahead += seconds
