"""The page plan and the formatting filters, without touching the disk."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from eventsite.outputs.common import Settings
from eventsite.plan.event import plan, speaker_roles
from eventsite.text import clock, long_date, utc_offset
from tests.conftest import NOW, Project

NY = ZoneInfo("America/New_York")


def test_example_is_one_page_marked_past(project: Project) -> None:
    site = project.load()
    planned = plan(site, Settings.for_site(site, NOW))
    assert [p.path for p in planned.pages] == ["index.html"]
    assert planned.shared["is_past"] is True


def test_before_the_event_it_is_not_past(project: Project) -> None:
    site = project.load()
    planned = plan(site, Settings.for_site(site, datetime(2011, 7, 1, tzinfo=UTC)))
    assert planned.shared["is_past"] is False


def test_roles_belong_to_slots(project: Project) -> None:
    roles = speaker_roles(project.load())
    assert [(r.role, r.session.heading) for r in roles["stephen-linton"]] == [
        ("Keynote Speaker", "Opening Session")
    ]
    assert [(r.role, r.session.heading) for r in roles["raymond-gilpin"]] == [
        ("Moderator", "Panel 2: The Impact of Remittances on Local Political Economy")
    ]
    assert [r.role for r in roles["sonia-plaza"]] == ["Panelist"]


@pytest.mark.parametrize(
    ("hour", "minute", "shown"),
    [(8, 30, "8:30 AM"), (12, 15, "12:15 PM"), (0, 5, "12:05 AM"), (15, 0, "3:00 PM")],
)
def test_clock_matches_the_source_format(hour: int, minute: int, shown: str) -> None:
    assert clock(datetime(2011, 7, 19, hour, minute, tzinfo=NY)) == shown


def test_dates_carry_weekday_and_year() -> None:
    assert long_date(date(2011, 7, 19)) == "Tuesday, July 19, 2011"


def test_offsets_follow_daylight_saving() -> None:
    assert utc_offset(datetime(2011, 7, 19, 9, tzinfo=NY)) == "\u221204:00"
    assert utc_offset(datetime(2011, 12, 19, 9, tzinfo=NY)) == "\u221205:00"
