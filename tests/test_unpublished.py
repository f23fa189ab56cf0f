"""What a source does not publish stays unsaid: a session with a start and no end, a place with
no city, a title printed at one appearance, a panel with no named moderator, an intended gap.

The policy summit (tests/fixtures/policy-summit) is written as such agendas are published; its
build must carry no end, length or city that its content does not give."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import ics
import pytest
import vobject

from eventsite.plan import timetable
from tests.conftest import REPO, Project
from tests.outputs_support import build_at, make_project, page, structured_data, text

SUMMIT = REPO / "tests" / "fixtures" / "policy-summit" / "content"
BEFORE = datetime(2031, 6, 1, 12, tzinfo=UTC)
OPEN_ENDED = ["National Committee Dinner", "Check-In Desk Opens", "Closing Reception"]


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The policy summit, built with a base_url as a site is published."""
    project = make_project(tmp_path_factory.mktemp("summit"), SUMMIT)
    return build_at(project, BEFORE, base_url="https://events.example.org/summit/")


def _vevents(path: Path) -> list[Any]:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def _summary(event: Any) -> str:
    return str(event.get("SUMMARY"))


def test_the_summit_builds_with_no_warning_and_no_invented_end(summit: Path) -> None:
    # build_at raises on an error; a warning would be in the report, and the checks below
    # read every output a calendar, a search engine or a conference app takes.
    slots = {_summary(e): e for p in (summit / "calendar").glob("*.ics") for e in _vevents(p)}
    assert len(slots) == 9
    for title, entry in slots.items():
        assert ("DTEND" in entry) is (title not in OPEN_ENDED), title
        assert "DURATION" not in entry, title
    # The whole event: two days as dates, not hours made up for the last evening.
    (whole,) = _vevents(summit / "event.ics")
    assert whole.decoded("DTSTART").isoformat() == "2031-06-10"


@pytest.mark.parametrize("reader", ["ics", "vobject"])
def test_other_calendar_readers_take_a_start_alone(summit: Path, reader: str) -> None:
    path = summit / "calendar" / "2031-06-10-1700-national-committee-dinner.ics"
    data = path.read_text(encoding="utf-8")
    if reader == "ics":
        (event,) = ics.Calendar(data).events
        start = event.begin.datetime
        assert event.duration.total_seconds() == 0  # a moment, as RFC 5545 reads it
    else:
        start = vobject.readOne(data).vevent.dtstart.value
    assert start.astimezone(UTC) == datetime(2031, 6, 10, 21, tzinfo=UTC)


def test_the_summit_structured_data_says_no_end_or_city_it_was_not_given(summit: Path) -> None:
    items = structured_data(page(summit))
    (event,) = [i for i in items if i["@type"] == "Event"]
    ends = {s["name"]: s.get("endDate") for s in event["subEvent"]}
    assert [name for name, end in ends.items() if end is None] == OPEN_ENDED
    assert event["endDate"] == "2031-06-11"  # the last day, as published; no hour
    raw = json.dumps(items)
    assert "addressLocality" not in raw
    bar = next(i for i in items if i.get("name") == "Twelve Floors bar")
    assert "address" not in bar  # nothing but its name is known
    main = event["location"]
    assert main["address"] == {"@type": "PostalAddress", "streetAddress": "100 Example Avenue"}


def test_the_schedule_feed_gives_a_start_alone_no_length(summit: Path) -> None:
    data = json.loads((summit / "schedule.json").read_text(encoding="utf-8"))
    found = {
        e["title"]: e["duration"]
        for day in data["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for e in events
    }
    # The format requires a duration: a moment (00:00) where the end is not published.
    assert {t: d for t, d in found.items() if t in OPEN_ENDED} == dict.fromkeys(OPEN_ENDED, "00:00")
    assert found["Members' Breakfast"] == "01:15"


def test_the_page_shows_a_start_alone_and_the_title_of_each_appearance(summit: Path) -> None:
    tree = page(summit)
    (dinner,) = tree.xpath('//li[@id="slot-2031-06-10-1700-national-committee-dinner"]')
    when = " ".join(dinner.xpath('.//*[@class="slot__time"]')[0].text_content().split())
    assert when == "5:00 PM EDT"
    words = text(tree)
    # Dr. Helen Marsh at the breakfast with her own title, in the plenary with the one printed
    # there; the organisation is hers at both.
    assert "Former Acting Under Secretary for Policy, Example Department" in words
    assert "former Acting Under Secretary, Example Department" in words
    assert not re.search(r",\s*[,·]|,\s*\(|·\s*$", words), "an empty place left a separator"


def test_a_start_alone_is_no_overlap_and_no_gap(project: Project) -> None:
    project.write("content/panels.yaml", "[]")
    project.write("content/speakers.yaml", "[]")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00 AM, end: 10:00 AM, kind: talk, title: A}
        - {start: 9:30 AM, kind: registration, title: Check-in desk opens}
        - {start: 10:00 AM, kind: meal, title: Lunch, room: Hall}
        - {start: 2:00 PM, end: 3:00 PM, kind: talk, title: B}
    """,
    )
    assert [str(w) for w in project.load().warnings] == []
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00 AM, end: 10:00 AM, kind: talk, title: A}
        - {start: 10:30 AM, kind: registration, title: Check-in desk opens}
    """,
    )
    assert [str(w) for w in project.load().warnings] == [
        "content/agenda.yaml:2:11: agenda[2].start: 30 minutes with nothing on the agenda "
        "before this slot (10:00 AM - 10:30 AM); add a slot (a break, say), or start this one "
        "at 10:00 AM (warning)"
    ]


def test_an_end_date_needs_an_end(project: Project) -> None:
    project.write(
        "content/agenda.yaml",
        "- {start: 9:00 PM, end_date: 2011-07-20, kind: reception, title: Late}\n",
    )
    assert project.problems() == [
        "content/agenda.yaml:1:30: agenda[1].end_date: gives the day the slot ends, but the slot "
        "has no end; add end: with the time it ends, or remove end_date"
    ]


def test_a_venue_needs_a_name_or_a_city(project: Project) -> None:
    # The example names no venue (its source gives none): each venue here is written in.
    event = (project.root / "content" / "event.yaml").read_text(encoding="utf-8")
    venue = "venue_published: false\n"
    assert venue in event
    project.write("content/event.yaml", event.replace(venue, "venue:\n  name: USIP\n"))
    assert project.load().event.venue.locality is None
    project.write("content/event.yaml", event.replace(venue, "venue:\n  country: US\n"))
    (line,) = project.problems()
    assert line.endswith(
        "event.venue: says neither the place's name nor its city; add name: (e.g. 12 Stories "
        "bar), locality: (the city), or both"
    )


def test_a_panel_without_a_published_moderator_and_an_intended_gap(project: Project) -> None:
    assert [str(w) for w in project.load().warnings] == []  # the example says both
    panels = (project.root / "content" / "panels.yaml").read_text(encoding="utf-8")
    project.write("content/panels.yaml", panels.replace("  moderator_published: false\n", ""))
    agenda = (project.root / "content" / "agenda.yaml").read_text(encoding="utf-8")
    project.write("content/agenda.yaml", re.sub(r"  gap_before: true.*\n", "", agenda))
    assert [str(w).split(": ", 1)[1] for w in project.load().warnings] == [
        "agenda[5].start: 15 minutes with nothing on the agenda before this slot (11:15 AM - "
        "11:30 AM); add a slot (a break, say), or start this one at 11:15 AM (warning)",
        "panels[1]: has no moderator; add moderator: <speaker id>, or moderator_published: "
        "false if the source names none (warning)",
        "panels[3]: has no moderator; add moderator: <speaker id>, or moderator_published: "
        "false if the source names none (warning)",
    ]


def test_the_timetable_draws_a_start_alone_short_and_beside_nothing(project: Project) -> None:
    project.write("content/panels.yaml", "[]")
    project.write("content/speakers.yaml", "[]")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 8:00 AM, end: 9:00 AM, kind: talk, title: A, room: Hall A}
        - {start: 8:00 AM, kind: registration, title: Desk opens, room: Hall B}
        - {start: 9:00 AM, kind: meal, title: Dinner at last}
    """,
    )
    (day,) = timetable.days(project.load())
    parallel, alone = day.blocks
    # Drawn for timetable.OPEN (15 minutes) beside the talk: no length is claimed for it.
    assert parallel.sizes == (
        "auto minmax(calc(15*var(--minute)),auto) minmax(calc(45*var(--minute)),auto)"
    )
    cells = {c.session.title: (c.row, c.rows) for r in parallel.rooms for c in r.cells}
    assert cells == {"A": (1, 2), "Desk opens": (1, 1)}
    assert parallel.end is not None
    assert parallel.end.hour == 9  # the talk's end: the desk's is not published
    assert (alone.session is not None, alone.end) == (True, None)
