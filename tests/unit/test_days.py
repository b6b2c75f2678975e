"""The team's day: replicas on machines in different time zones count the daily budget and the ledger on
the same calendar day when `VIDEOGEN_TIMEZONE` names one; a name that is not a zone is said, and the day is
then UTC's on every replica."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from videogen.money import days
from videogen.money.days import start_of_day
from videogen.request import GenerationRequest
from videogen.studio import open_studio
from videogen.tasks.ledger import entry
from videogen.tasks.submission import intent_key, new_nonce

# 2026-11-25 23:30 UTC: already the 26th in Tokyo, still the 25th in Los Angeles.
LATE = datetime(2026, 11, 25, 23, 30, tzinfo=UTC).timestamp()
MACHINES = ("Asia/Tokyo", "America/Los_Angeles")


@pytest.fixture
def machine_zone(monkeypatch):
    """Put this process on a machine in another time zone (what `time.localtime` uses)."""

    def move(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield move
    monkeypatch.delenv("TZ", raising=False)
    time.tzset()


def seen_by(machine_zone, now: float) -> list[tuple[float, str]]:
    """(start of the day, the day) as a replica on each machine counts it at `now`."""
    seen = []
    for name in MACHINES:
        machine_zone(name)
        seen.append((start_of_day(now), days.day_of(now)))
    return seen


def test_replicas_in_different_zones_count_different_days_unless_the_team_names_one(machine_zone, monkeypatch):
    monkeypatch.delenv("VIDEOGEN_TIMEZONE", raising=False)
    tokyo, los_angeles = seen_by(machine_zone, LATE)
    assert tokyo[1] == "2026-11-26" and los_angeles[1] == "2026-11-25"  # the machines' own days differ
    monkeypatch.setenv("VIDEOGEN_TIMEZONE", "UTC")
    tokyo, los_angeles = seen_by(machine_zone, LATE)
    assert tokyo == los_angeles == (datetime(2026, 11, 25, tzinfo=UTC).timestamp(), "2026-11-25")
    monkeypatch.setenv("VIDEOGEN_TIMEZONE", "Asia/Shanghai")
    tokyo, los_angeles = seen_by(machine_zone, LATE)
    assert tokyo == los_angeles and tokyo[1] == "2026-11-26"  # 07:30 on the 26th in Shanghai


def test_two_replicas_see_the_same_spend_today_on_one_store(
    simulator, store, tmp_path, catalog, machine_zone, monkeypatch
):
    monkeypatch.setenv("VIDEOGEN_TIMEZONE", "UTC")
    studio = open_studio(
        api_key=simulator.state.api_key, base_url=simulator.base_url, data_dir=tmp_path, task_store=store
    )
    request = studio.validate(GenerationRequest("sora-2-preview", "a lantern on a lake", 4, "16:9"))
    studio.submit(request, intent_key(new_nonce(), request.request))
    spent = []
    for name in MACHINES:
        machine_zone(name)
        spent.append((studio.standing().committed, [e.day for e in studio.ledger()]))
    assert spent[0] == spent[1] and spent[0][0] == pytest.approx(request.estimate())
    assert entry(store.listing.page(limit=1)[0]).day == datetime.now(UTC).strftime("%Y-%m-%d")


def test_a_name_that_is_not_a_zone_is_said_and_the_day_is_utcs(monkeypatch, machine_zone):
    monkeypatch.setenv("VIDEOGEN_TIMEZONE", "Europe/Berln")
    _, note = days.zone()
    assert note is not None and "Europe/Berln" in note.text("en") and "UTC" in note.text("en")
    assert "不是时区名称" in note.text("zh")
    tokyo, los_angeles = seen_by(machine_zone, LATE)
    assert tokyo == los_angeles == (datetime(2026, 11, 25, tzinfo=UTC).timestamp(), "2026-11-25")
    monkeypatch.setenv("VIDEOGEN_TIMEZONE", "../../etc/passwd")
    assert days.zone()[1] is not None  # a path is not a zone either, and never read


def test_moments_are_shown_in_the_teams_zone(monkeypatch):
    """History, Batch, the ledger and the command line show times in `VIDEOGEN_TIMEZONE`, the zone the day is
    counted in (they showed the machine's zone while the budget counted the team's day)."""
    from videogen.money import days

    noon_utc = 1_765_000_800  # 2025-12-06 06:00:00 UTC
    monkeypatch.setenv("VIDEOGEN_TIMEZONE", "Asia/Shanghai")
    assert days.shown(noon_utc) == "2025-12-06 14:00"
    assert days.moment(noon_utc).hour == 14 and days.moment(noon_utc).tzinfo is None
    monkeypatch.setenv("VIDEOGEN_TIMEZONE", "America/New_York")
    assert days.shown(noon_utc, "%H:%M:%S") == "01:00:00"
