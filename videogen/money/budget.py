"""The daily budget: a cap on the dollars asked for in one day, counted over the estimates of every request
of the day that is not refunded (unfinished and unknown ones included), and enforced where intents are
recorded, so two sessions submitting at once never cross it together.

The cap in force is the one set on the page (kept in the store, shared by every session), else the
configuration's `VIDEOGEN_DAILY_BUDGET_USD`, else none."""

from __future__ import annotations

import math
from dataclasses import dataclass

from videogen import settings
from videogen.i18n import Note, NotedError

PREFERENCE = "daily_budget_usd"  # the cap set on the page; "" = no cap, deliberately
NO_CAP = ""


def crosses(cap: float | None, committed: float, asked: float) -> bool:
    """The budget's rule, the one place it is written: `asked` dollars on top of `committed` cross the cap (to the
    cent: a float's rounding never refuses a request that lands exactly on it)."""
    return cap is not None and committed + asked > cap + 1e-9


@dataclass(frozen=True)
class Budget:
    """The cap on one day's requests of one backend (the sandbox's are simulated, counted apart)."""

    cap: float  # dollars
    since: float  # the start of the day
    simulated: bool

    def check(self, committed: float, asked: float) -> None:
        """Raise `OverBudget` when `asked` on top of what the day has `committed` would cross the cap."""
        if crosses(self.cap, committed, asked):
            raise OverBudget(self.cap, committed, asked)


@dataclass(frozen=True)
class Standing:
    """Where today stands against the cap: what is asked for so far and what is left."""

    cap: float | None
    committed: float  # estimates of today's requests that are not refunded
    source: str  # page | config | none
    problem: Note | None = None  # the configured cap is not a number
    notice: Note | None = None  # the configured time zone is not one: the day is counted in UTC

    @property
    def left(self) -> float | None:
        return None if self.cap is None else max(0.0, self.cap - self.committed)

    def crossed_by(self, asked: float) -> bool:
        return crosses(self.cap, self.committed, asked)

    def raise_to(self, asked: float) -> float:
        """The smallest whole-dollar cap that lets `asked` through today."""
        return float(math.ceil(self.committed + asked - 1e-9))


class OverBudget(NotedError):
    """A submit, a set of variations or a batch row that would cross the day's cap: nothing was recorded or sent."""

    def __init__(self, cap: float, committed: float, asked: float):
        self.cap, self.committed, self.asked = cap, committed, asked
        super().__init__(
            Note("budget.over", {"cap": cap, "committed": committed, "asked": asked, "total": committed + asked})
        )


class CapRefused(NotedError, ValueError):
    """A cap that is not a number of dollars."""

    def __init__(self, value: str):
        super().__init__(Note("budget.not_a_number", {"value": value[:40]}))


def parse_cap(text: str | None) -> float | None:
    """Dollars from a setting: blank is no cap. Raises `CapRefused` (a ValueError) for anything else."""
    if text is None or not str(text).strip():
        return None
    cleaned = str(text).strip().lstrip("$").replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise CapRefused(str(text)) from None
    if not math.isfinite(value) or value < 0:
        raise CapRefused(str(text))
    return round(value, 2)


def cap_in_force(page_value: str | None) -> tuple[float | None, str, Note | None]:
    """(cap, where it comes from, problem). `page_value` is the store's preference (None when never set).
    A configured cap that is not a number blocks everything (cap 0) rather than silently allowing all."""
    if page_value is not None:
        try:
            return parse_cap(page_value), ("page" if page_value != NO_CAP else "none"), None
        except CapRefused as error:
            return 0.0, "page", error.note
    configured = settings.setting("VIDEOGEN_DAILY_BUDGET_USD")
    try:
        cap = parse_cap(configured)
    except CapRefused as error:
        return 0.0, "config", error.note
    return cap, ("config" if cap is not None else "none"), None
