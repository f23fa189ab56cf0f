"""The summit's machine outputs: rooms and venues, segments, access and a draft day, in the
calendars, the schedule feed and the JSON-LD, each read back by its real consumers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import ics
import jsonschema
import pytest
from lxml import etree

from eventsite.load.event import load_site
from eventsite.model import Site
from tests.outputs_support import ROOT, build_at, make_project, page, text, the_event

SUMMIT = ROOT / "examples" / "summit" / "content"
FORMAT = ROOT / "tests" / "schedule-format"
BEFORE = datetime(2031, 5, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    project = make_project(tmp_path_factory.mktemp("summit"), SUMMIT)
    return load_site(project), build_at(project, BEFORE, base_url="https://example.org/summit/")


def vevent(out: Path, name: str) -> icalendar.Event:
    data = (out / "calendar" / f"{name}.ics").read_bytes()
    assert len(ics.Calendar(data.decode()).events) == 1, "the stricter parser reads it too"
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return event


def test_a_calendar_entry_has_its_room_venue_segments_and_access(
    summit: tuple[Site, Path],
) -> None:
    _, out = summit
    opening = vevent(out, "opening")
    assert str(opening["LOCATION"]) == (
        "Auditorium I, Example Congress Centre, 1 Example Quay, Lisbon, PT"
    )
    lines = str(opening["DESCRIPTION"]).splitlines()
    assert lines[:4] == [
        "Open to all guests.",
        "Watch live: https://stream.example.org/harbour-cities/auditorium",  # its room's stream
        "9:00 AM Welcome",
        "  Host: Dr. Nadia Haddad, Secretary-General, Example Coalition of Harbour Cities",
    ]
    assert "10:00 AM Remarks by the Prime Minister of Estoria (open to the press)" in lines
    assert str(opening["STATUS"]) == "CONFIRMED"
    reception = vevent(out, "reception")
    assert (
        str(reception["LOCATION"]) == "Roof Terrace, Hotel Miradouro, 25 Example Hill, Lisbon, PT"
    )
    description = str(reception["DESCRIPTION"])
    assert description.startswith("By invitation only: invitations were sent by email; bring yours")
    assert "Map: https://www.openstreetmap.org/" in description


def test_the_draft_day_is_tentative_and_says_so(summit: tuple[Site, Path]) -> None:
    _, out = summit
    closing = vevent(out, "closing")
    assert str(closing["STATUS"]) == "TENTATIVE"
    assert str(closing["DESCRIPTION"]).startswith("Draft agenda, subject to change.")
    whole = icalendar.Calendar.from_ical((out / "event.ics").read_bytes()).walk("VEVENT")[0]
    agenda = str(whole["DESCRIPTION"])
    assert "Friday, June 13, 2031 (WEST)" in agenda
    assert "    Draft agenda, subject to change." in agenda
    assert "    Roof Terrace, Hotel Miradouro, 25 Example Hill, Lisbon, PT" in agenda


def test_the_feed_is_valid_and_names_rooms_and_segments(summit: tuple[Site, Path]) -> None:
    _, out = summit
    schema = json.loads((FORMAT / "schema.json").read_text(encoding="utf-8"))
    data = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )
    validator.validate(data)
    xsd = etree.XMLSchema(etree.parse(str(FORMAT / "schedule.xml.xsd")))
    xsd.assertValid(etree.parse(str(out / "schedule.xml")))
    conference = data["schedule"]["conference"]
    assert [r["name"] for r in conference["rooms"]] == [
        "Foyer", "Auditorium I", "Room 2", "Room 3", "Roof Terrace, Hotel Miradouro",
    ]  # fmt: skip
    events = {e["title"]: e for day in conference["days"] for r in day["rooms"].values() for e in r}
    assert events["Opening Plenary"]["track"] == "Main Plenary"
    assert (
        "9:25 AM A Conversation: Harbours in a Warmer World"
        in events["Opening Plenary"]["description"].splitlines()
    )
    assert events["Closing Plenary"]["description"].startswith("Draft agenda, subject to change.")
    assert events["Evening Reception"]["room"] == "Roof Terrace, Hotel Miradouro"
    assert "By invitation only" in events["Evening Reception"]["description"]


def test_json_ld_gives_each_session_its_place_and_segments(summit: tuple[Site, Path]) -> None:
    _, out = summit
    event = the_event(page(out))
    assert event["startDate"] == "2031-06-12T08:00:00+01:00"
    assert event["endDate"] == "2031-06-13T12:30:00+01:00"
    by_name = {s["name"]: s for s in event["subEvent"]}
    reception = by_name["Evening Reception"]["location"]
    assert reception["name"] == "Roof Terrace"
    assert reception["containedInPlace"]["name"] == "Hotel Miradouro"
    assert reception["containedInPlace"]["address"]["streetAddress"] == "25 Example Hill"
    assert reception["containedInPlace"]["hasMap"].startswith("https://www.openstreetmap.org/")
    room_2, stream = by_name["Floating Neighbourhoods"]["location"]  # the summit is hybrid
    assert room_2["containedInPlace"]["name"] == "Example Congress Centre"
    assert stream == {"@type": "VirtualLocation", "name": "Room 2",
                      "url": "https://stream.example.org/harbour-cities/room-2"}  # fmt: skip
    parts = by_name["Opening Plenary"]["subEvent"]
    assert [p["name"] for p in parts][:2] == ["Welcome", "Opening Remarks"]
    assert parts[0]["startDate"] == "2031-06-12T09:00:00+01:00"
    assert [p["name"] for p in parts[3]["performer"]] == ["Elena Varga"]
    assert by_name["Floating Neighbourhoods"]["url"] == (
        "https://example.org/summit/#slot-floating-neighbourhoods"
    )


def test_the_page_says_draft_and_times_per_day(summit: tuple[Site, Path]) -> None:
    _, out = summit
    words = text(page(out))
    assert "Thu June 12: 8:00 AM - 9:30 PM WEST" in words
    assert "Fri June 13: 8:30 AM - 12:30 PM WEST" in words
    assert words.count("Draft agenda for this day, subject to change.") == 1
    assert "By invitation only" in words
    assert "Registration required 20 places; book at the registration desk" in words


def test_draft_event_status_reaches_every_feed(tmp_path: Path) -> None:
    project = make_project(tmp_path, SUMMIT, event_extra="status: draft")
    out = build_at(project, BEFORE)
    tree = page(out)
    assert "Draft agenda, subject to change." in text(tree)
    event = the_event(tree)
    assert event["description"].startswith("Draft agenda, subject to change. ")
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    data: dict[str, Any] = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    # No conference description (pretalx writes none): each event of the feed says it.
    feed_events = [e for d in data["schedule"]["conference"]["days"]
                   for room in d["rooms"].values() for e in room]  # fmt: skip
    assert feed_events
    assert all(e["description"].startswith("Draft agenda") for e in feed_events)
    whole = icalendar.Calendar.from_ical((out / "event.ics").read_bytes()).walk("VEVENT")[0]
    assert str(whole["DESCRIPTION"]).startswith("Draft agenda, subject to change.")
    assert str(whole["STATUS"]) == "TENTATIVE"
    assert str(vevent(out, "opening")["STATUS"]) == "TENTATIVE"


def test_a_two_day_event_whose_agenda_fills_one_day(tmp_path: Path) -> None:
    project = make_project(tmp_path, SUMMIT)
    agenda = "- {start: 8:00 AM, end: 10:20 AM, kind: talk, title: Only One}\n"
    (project / "content" / "agenda.yaml").write_text(agenda, encoding="utf-8")
    for track in (project / "content" / "agenda").iterdir():
        track.unlink()
    # The evening after the first day: the event is not over, its second day is still to come.
    out = build_at(project, datetime(2031, 6, 12, 20, tzinfo=UTC))
    tree = page(out)
    words = text(tree)
    assert "Happening now" in words
    assert "Thursday, June 12, 2031 – Friday, June 13, 2031" in words
    assert "Thu June 12: 8:00 AM - 10:20 AM WEST" in words
    assert "Fri June 13: to be announced" in words
    assert "Time 8:00 AM" not in words, "no one time under a two-day range"
    assert tree.xpath('//h3[@class="agenda__day"]/text()') == [
        "Thursday, June 12, 2031",
        "Friday, June 13, 2031",
    ]
    assert "The programme of this day will be announced." in words
    event = the_event(tree)
    assert event["startDate"] == "2031-06-12T08:00:00+01:00"
    assert event["endDate"] == "2031-06-13", "the event's end, not the agenda's"
    whole = icalendar.Calendar.from_ical((out / "event.ics").read_bytes()).walk("VEVENT")[0]
    assert whole["DTEND"].dt.isoformat() == "2031-06-14", "whole days, to the end of the last"
