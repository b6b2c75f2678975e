"""The team's day: the daily budget and the spending ledger count calendar days in one time zone, the same
on every replica whatever its machine's zone (`VIDEOGEN_TIMEZONE`, an IANA name such as `Europe/Berlin` or
`UTC`); unset, the machine's own zone, as for one person on one machine."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from videogen import settings
from videogen.i18n import Note

FALLBACK = "UTC"  # a name that is not a zone: every replica still counts the same day


def zone() -> tuple[tzinfo | None, Note | None]:
    """(the configured zone, or None for the machine's own; a note when the name is not a zone)."""
    name = settings.setting("VIDEOGEN_TIMEZONE")
    if name is None:
        return None, None
    try:
        return ZoneInfo(name), None
    except (ZoneInfoNotFoundError, ValueError):  # ValueError: a path-like or malformed key
        return ZoneInfo(FALLBACK), Note("days.unknown_zone", {"zone": name[:60], "fallback": FALLBACK})


def start_of_day(now: float | None = None) -> float:
    """Midnight of the day `now` falls in (default: today), in the team's zone."""
    seconds = time.time() if now is None else now
    where, _ = zone()
    if where is None:
        return time.mktime(time.localtime(seconds)[:3] + (0, 0, 0, 0, 0, -1))
    local = datetime.fromtimestamp(seconds, where)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def day_namer() -> Callable[[float], str]:
    """The calendar day (YYYY-MM-DD) of a moment, in the team's zone, read once for a whole ledger."""
    where, _ = zone()
    if where is None:
        return lambda seconds: time.strftime("%Y-%m-%d", time.localtime(seconds))
    return lambda seconds: datetime.fromtimestamp(seconds, where).strftime("%Y-%m-%d")


def day_of(seconds: float) -> str:
    """The calendar day (YYYY-MM-DD) of one moment, in the team's zone."""
    return day_namer()(seconds)


def shown(seconds: float, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A moment as people read it, in the team's zone: the same clock on every replica and in every export
    as the day the budget counts (it was the machine's own zone while the day was the team's)."""
    where, _ = zone()
    if where is None:
        return time.strftime(pattern, time.localtime(seconds))
    return datetime.fromtimestamp(seconds, where).strftime(pattern)


def moment(seconds: float) -> datetime:
    """A moment as a naive date and time in the team's zone (for a table's date column)."""
    where, _ = zone()
    return datetime.fromtimestamp(seconds, where).replace(tzinfo=None) if where else datetime.fromtimestamp(seconds)
