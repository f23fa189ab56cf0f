"""Online, hybrid and after the event, as machines read them: JSON-LD extracted by extruct and
checked against schema.org's definitions; calendars with CONFERENCE read by icalendar and ics;
the schedule feed's recording fields, stream ids and links against the format's validators."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import extruct
import icalendar
import ics
import jsonschema
import pytest
from lxml import etree

from tests import schema_org
from tests.outputs_support import BEFORE, ROOT, build_at, make_project

SUMMIT = ROOT / "examples" / "summit" / "content"
INSTITUTE = ROOT / "examples" / "institute"
FORMAT = ROOT / "tests" / "schedule-format"
BASE = "https://events.example.org/"
S = "https://schema.org/"

ONLINE = """
title: A Seminar Online
date: 2030-05-01
timezone: America/New_York
attendance: online
online_url: https://meet.example.org/seminar
online_note: The passcode is sent to registered guests.
organizer: {name: Example Institute, url: https://example.org}
"""


def json_ld(page: Path) -> list[dict[str, Any]]:
    """The page's JSON-LD as extruct extracts it, each item checked against schema.org."""
    found: list[dict[str, Any]] = extruct.extract(page.read_text(), syntaxes=["json-ld"],
                                                  uniform=False)["json-ld"]  # fmt: skip
    assert found, f"no JSON-LD in {page}"
    for item in found:
        assert schema_org.check(item) == [], page
    return found


def event_of(page: Path) -> dict[str, Any]:
    """The page's one top-level Event."""
    items = [i for d in json_ld(page) for i in d.get("@graph", [d]) if i["@type"] == "Event"]
    assert len(items) == 1
    return items[0]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hybrid summit, published: a stream per room, a workshop room to join online."""
    project = make_project(tmp_path_factory.mktemp("summit"), SUMMIT)
    return build_at(project, datetime.fromisoformat("2031-05-01T12:00+01:00"), BASE)


@pytest.fixture(scope="module")
def online(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An event held online only: no venue."""
    project = make_project(tmp_path_factory.mktemp("online"))
    (project / "content" / "event.yaml").write_text(ONLINE)
    return build_at(project, BEFORE, BASE)


@pytest.fixture(scope="module")
def institute(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The institute's site of events, published, with its 2025 conference over."""
    project = tmp_path_factory.mktemp("institute") / "project"
    for folder in ("content", "static"):  # static: the pictures its content names
        shutil.copytree(INSTITUTE / folder, project / folder)
    return build_at(project, datetime.fromisoformat("2026-10-01T09:00-04:00"), BASE)


def test_an_online_event_has_a_virtual_location_and_no_address(online: Path) -> None:
    event = event_of(online / "index.html")
    assert event["eventAttendanceMode"] == S + "OnlineEventAttendanceMode"
    assert event["location"] == {"@type": "VirtualLocation",
                                 "url": "https://meet.example.org/seminar"}  # fmt: skip
    assert "address" not in json.dumps(event)
    for sub in event["subEvent"]:
        assert sub["location"]["@type"] == "VirtualLocation", sub["name"]


def test_a_hybrid_event_has_its_place_and_each_rooms_stream(summit: Path) -> None:
    event = event_of(summit / "index.html")
    assert event["eventAttendanceMode"] == S + "MixedEventAttendanceMode"
    places = as_list(event["location"])
    assert places[0]["@type"] == "Place"
    assert places[0]["address"]["addressLocality"] == "Lisbon"
    assert [(p["@type"], p["name"], p["url"]) for p in places[1:]] == [
        ("VirtualLocation", "Auditorium I", "https://stream.example.org/harbour-cities/auditorium"),
        ("VirtualLocation", "Room 2", "https://stream.example.org/harbour-cities/room-2"),
        ("VirtualLocation", "Room 3", "https://meet.example.org/harbour-cities/policy-lab"),
        ("VirtualLocation", "Room 3", "https://stream.example.org/harbour-cities/room-3"),
    ]
    subs = {s["name"]: s for s in event["subEvent"]}
    tide = subs["Tide Sensors on a Shoestring"]
    assert [p.get("url") for p in as_list(tide["location"])] == [
        None, "https://stream.example.org/harbour-cities/room-2"]  # fmt: skip
    live = tide["recordedIn"]  # the live stream, as Google marks one: a BroadcastEvent
    assert live["@type"] == "VideoObject"
    when = {"startDate": tide["startDate"], "endDate": tide["endDate"]}
    assert live["publication"] == {"@type": "BroadcastEvent", "isLiveBroadcast": True, **when}
    closed = subs["Roundtable: Who Governs a Port?"]
    assert closed["eventAttendanceMode"] == S + "OfflineEventAttendanceMode"
    assert "recordedIn" not in closed
    assert as_list(closed["location"])[0] == {"@id": "#room-room-3"}
    lunch = subs["Lunch"]
    assert "recordedIn" not in lunch, "a pause has nothing to watch"


def test_a_session_page_says_where_to_join(summit: Path) -> None:
    session = event_of(summit / "sessions" / "adaptation-budget.html")
    assert session["eventAttendanceMode"] == S + "MixedEventAttendanceMode"
    urls = {p.get("url") for p in as_list(session["location"])}
    assert {"https://meet.example.org/harbour-cities/policy-lab",
            "https://stream.example.org/harbour-cities/room-3"} <= urls  # fmt: skip


def test_moved_online_and_rescheduled_are_written_for_machines(tmp_path: Path) -> None:
    moved = make_project(tmp_path / "moved", event_extra="status: moved-online\n"
                         "online_url: https://www.example.org/live")  # fmt: skip
    event = event_of(build_at(moved, BEFORE, BASE) / "index.html")
    assert event["eventStatus"] == S + "EventMovedOnline"
    assert event["eventAttendanceMode"] == S + "OnlineEventAttendanceMode"
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://www.example.org/live"}
    later = make_project(tmp_path / "later", event_extra="status: rescheduled\n"
                         "previous_date: 2011-06-21")  # fmt: skip
    event = event_of(build_at(later, BEFORE, BASE) / "index.html")
    assert event["eventStatus"] == S + "EventRescheduled"
    assert (event["previousStartDate"], event["startDate"][:10]) == ("2011-06-21", "2011-07-19")
    calendar = icalendar.Calendar.from_ical((build_at(later, BEFORE, BASE, "ics") / "event.ics")
                                            .read_bytes())  # fmt: skip
    entry = calendar.walk("VEVENT")[0]
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert "Rescheduled: it was to take place on Tuesday, June 21, 2011." in entry["DESCRIPTION"]


def test_a_past_event_gives_its_recordings_slides_and_transcript(institute: Path) -> None:
    folder = institute / "annual-conference-2025"
    event = event_of(folder / "index.html")
    assert event["recordedIn"] == {
        "@type": "VideoObject",
        "name": "Annual Conference 2025: The Economics of Peace",
        "url": "https://video.example.org/calder/annual-conference-2025-day-1",
    }
    assert event["workFeatured"]["@type"] == "PresentationDigitalDocument"
    subs = {s["name"]: s for s in event["subEvent"]}
    keynote = subs["The Price of War"]["recordedIn"]
    assert keynote["url"] == "https://video.example.org/calder/annual-conference-2025-day-1"
    assert keynote["hasPart"] == {
        "@type": "Clip", "name": "The Price of War", "startOffset": 1905,
        "url": "https://video.example.org/calder/annual-conference-2025-day-1#t=1905",
    }  # fmt: skip
    assert subs["The Price of War"]["subjectOf"]["@type"] == "DigitalDocument"  # the transcript
    assert "recordedIn" not in subs["Paying for Peace Agreements"], "not recorded"


def test_calendars_carry_the_link_as_conference_url_and_description(summit: Path) -> None:
    text = (summit / "calendar" / "adaptation-budget.ics").read_text()
    entry = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    conferences = entry.get("CONFERENCE")
    assert [(str(c), c.params["FEATURE"], c.params["LABEL"]) for c in conferences] == [
        ("https://meet.example.org/harbour-cities/policy-lab", ["AUDIO", "VIDEO"],
         "Join online (Room 3)"),
        ("https://stream.example.org/harbour-cities/room-3", "VIDEO", "Watch live (Room 3)"),
    ]  # fmt: skip
    assert all(c.params["VALUE"] == "URI" for c in conferences)
    assert str(entry["URL"]) == "https://meet.example.org/harbour-cities/policy-lab"
    description = str(entry["DESCRIPTION"])
    assert "Join online: https://meet.example.org/harbour-cities/policy-lab" in description
    assert "The passcode is in the confirmation email of your booking." in description
    # The stricter second reader keeps the properties it does not model, as written.
    (strict,) = ics.Calendar(text).events
    kept = [line for line in strict.extra if line.name == "CONFERENCE"]
    assert [line.value for line in kept] == [str(c) for c in conferences]
    assert kept[0].params["FEATURE"] == ["AUDIO", "VIDEO"]
    assert strict.url == "https://meet.example.org/harbour-cities/policy-lab"


def test_the_whole_events_calendar_lists_each_rooms_link(summit: Path) -> None:
    entry = icalendar.Calendar.from_ical((summit / "event.ics").read_bytes()).walk("VEVENT")[0]
    assert str(entry["URL"]) == BASE, "the event's page: the rooms' streams are the rooms'"
    labels = [c.params["LABEL"] for c in entry.get("CONFERENCE")]
    assert labels == ["Watch live (Auditorium I)", "Watch live (Room 2)", "Join online (Room 3)",
                      "Watch live (Room 3)"]  # fmt: skip


def test_an_online_events_calendar_is_online(online: Path) -> None:
    text = (online / "event.ics").read_text()
    entry = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(entry["LOCATION"]) == "Online: https://meet.example.org/seminar"
    assert str(entry["CONFERENCE"]) == "https://meet.example.org/seminar"
    assert "The passcode is sent to registered guests." in str(entry["DESCRIPTION"])
    (strict,) = ics.Calendar(text).events
    assert strict.location == "Online: https://meet.example.org/seminar"


def test_a_session_at_another_venue_or_in_person_takes_no_stream(summit: Path) -> None:
    for name in ("reception", "2031-06-12-1330-roundtable-who-governs-a-port"):
        calendar = (summit / "calendar" / f"{name}.ics").read_bytes()
        entry = icalendar.Calendar.from_ical(calendar).walk("VEVENT")[0]
        assert "CONFERENCE" not in entry, name
        assert "Not recorded." in str(entry["DESCRIPTION"]) or name == "reception"


@pytest.fixture(scope="module")
def validators() -> tuple[jsonschema.Validator, etree.XMLSchema]:
    schema = json.loads((FORMAT / "schema.json").read_text(encoding="utf-8"))
    checker = jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )
    return checker, etree.XMLSchema(etree.parse(str(FORMAT / "schedule.xml.xsd")))


def feed_events(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    days = data["schedule"]["conference"]["days"]
    return {e["title"]: e for d in days for room in d["rooms"].values() for e in room}


def test_the_feed_tells_recording_teams_what_to_record_and_stream(
    summit: Path, validators: tuple[jsonschema.Validator, etree.XMLSchema]
) -> None:
    checker, xsd = validators
    data = json.loads((summit / "schedule.json").read_text())
    checker.validate(data)
    assert xsd.validate(etree.parse(str(summit / "schedule.xml"))), xsd.error_log
    rooms = {r["name"]: r.get("stream_id") for r in data["schedule"]["conference"]["rooms"]}
    assert rooms == {"Foyer": None, "Auditorium I": "s1", "Room 2": "s2", "Room 3": "s3",
                     "Roof Terrace, Hotel Miradouro": None}  # fmt: skip
    events = feed_events(data)
    closed = events["Roundtable: Who Governs a Port?"]
    assert (closed["do_not_record"], closed["do_not_stream"]) == (True, True)
    tide = events["Tide Sensors on a Shoestring"]
    assert (tide["do_not_record"], tide["do_not_stream"]) == (False, False)
    xml = etree.parse(str(summit / "schedule.xml"))
    optout = xml.xpath("//event[title='Roundtable: Who Governs a Port?']/recording/optout")
    assert [o.text for o in optout] == ["true"]


def test_the_feed_links_each_sessions_recording_slides_and_publications(
    institute: Path, validators: tuple[jsonschema.Validator, etree.XMLSchema]
) -> None:
    checker, xsd = validators
    folder = institute / "annual-conference-2025"
    data = json.loads((folder / "schedule.json").read_text())
    checker.validate(data)
    assert xsd.validate(etree.parse(str(folder / "schedule.xml"))), xsd.error_log
    events = feed_events(data)
    assert [(link["type"], link["title"]) for link in events["The Price of War"]["links"]] == [
        ("media", "Recording"), ("slides", "Slides"), ("related", "Transcript")]  # fmt: skip
    assert events["The Price of War"]["links"][0]["url"].endswith("day-1#t=1905")
    assert events["Markets After Conflict"]["links"][-1]["type"] == "paper"
    assert events["Paying for Peace Agreements"]["do_not_record"] is True
    xml = etree.parse(str(folder / "schedule.xml"))
    (video,) = xml.xpath("//event[title='Aid and Trade on the Korean Peninsula']/recording/url")
    assert video.text == "https://video.example.org/calder/aid-and-trade-korean-peninsula"


def test_the_schema_org_check_can_fail() -> None:
    assert schema_org.check({"@type": "Event", "eventStatus": S + "EventHappening"})
    assert schema_org.check({"@type": "Event", "recordedIn": {"@type": "Place", "name": "x"}})
    assert schema_org.check({"@type": "VideoObject", "isLiveBroadcast": True})
    assert schema_org.check({"@type": "Clip", "startOffset": "soon"})
    assert not schema_org.check({"@type": "BroadcastEvent", "isLiveBroadcast": True})
