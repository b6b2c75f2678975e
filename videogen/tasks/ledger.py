"""The spending ledger: per request, its estimate, what the API billed (`cost`, when it says), and whether it
was refunded (a task that ended without a video); totals per day and per model; a CSV of it all.

Read from the task store; nothing here is kept apart, so the ledger and History can never disagree."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from videogen.money import days
from videogen.tasks.schema import TaskRecord, iso_time

CSV_FIELDS = (
    "created_at",
    "day",
    "task_id",
    "model",
    "status",
    "estimate_usd",
    "billed_usd",
    "refunded",
    "simulated",
)


@dataclass(frozen=True)
class Entry:
    created_at: float
    task_id: str | None
    model: str
    status: str
    estimate: float | None  # the estimate when it was asked for; None when unknown (a task added by its id)
    billed: float | None  # what the API says it charged; None until it says (0 when refunded)
    refunded: bool
    simulated: bool
    day: str  # the calendar day it was asked for, in the team's zone (the daily budget's day)

    @property
    def counted(self) -> float:
        """What it counts against the budget: its estimate, unless refunded."""
        return 0.0 if self.refunded or self.estimate is None else self.estimate

    def row(self) -> dict:
        return {
            "created_at": iso_time(self.created_at),
            "day": self.day,
            "task_id": self.task_id or "",
            "model": self.model,
            "status": self.status,
            "estimate_usd": "" if self.estimate is None else f"{self.estimate:.4f}",
            "billed_usd": "" if self.billed is None else f"{self.billed:.4f}",
            "refunded": "yes" if self.refunded else "no",
            "simulated": "yes" if self.simulated else "no",
        }


def entry(record: TaskRecord, day_of: Callable[[float], str] = days.day_of) -> Entry:
    """A task as a ledger row; `day_of` names its day in the team's zone (`days.day_namer()`: read once for
    many rows)."""
    return Entry(
        record.created_at,
        record.task_id,
        record.model,
        record.display_status,
        None if record.estimated_cost is None else float(record.estimated_cost),
        record.billed_cost,
        record.refunded,
        bool(record.simulated),
        day_of(record.created_at),
    )


@dataclass(frozen=True)
class Total:
    """The sums of a group of entries (a day, a model, or all)."""

    name: str
    tasks: int = 0
    estimated: float = 0.0  # estimates of what was not refunded
    billed: float = 0.0  # what the API reported charging
    unbilled: int = 0  # tasks the API has not reported a cost for (yet)
    refunded: float = 0.0  # the estimates of refunded tasks

    def add(self, item: Entry) -> Total:
        return Total(
            self.name,
            self.tasks + 1,
            self.estimated + item.counted,
            self.billed + (item.billed or 0.0),
            self.unbilled + (item.billed is None and not item.refunded),
            self.refunded + ((item.estimate or 0.0) if item.refunded else 0.0),
        )


def totals(entries: Iterable[Entry], by: str) -> list[Total]:
    """Sums per `day` or per `model`, in order of the name."""
    groups: dict[str, Total] = {}
    for item in entries:
        name = item.day if by == "day" else item.model
        groups[name] = groups.get(name, Total(name)).add(item)
    return [groups[name] for name in sorted(groups)]


def overall(entries: Iterable[Entry]) -> Total:
    result = Total("all")
    for item in entries:
        result = result.add(item)
    return result


def as_csv(entries: Iterable[Entry], headers: dict[str, str] | None = None) -> str:
    """The ledger as CSV: no prompt (free text is not money, and stays out of spreadsheets' formulas).
    `headers`: the header row's words by field (the field names when not given)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writerow({name: (headers or {}).get(name, name) for name in CSV_FIELDS})
    for item in entries:
        writer.writerow(item.row())
    return out.getvalue()
