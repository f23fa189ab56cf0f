"""Online, hybrid and after the event, as the loader reads them: what each field gives a
session, and one test per mistake, with the exact line it prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventsite.errors import ContentError
from eventsite.load.event import load_site
from eventsite.model.online import at, moved_online, of_event, of_session, recording
from tests.conftest import Project

EVENT = """
title: A Hybrid Forum
date: 2030-05-01
timezone: Europe/Berlin
organizer: {name: Example Institute, url: https://example.org}
venue:
  name: Example Hall
  locality: Berlin
  rooms:
    - name: Main Hall
      stream_url: https://stream.example.org/main
      stream_id: s1
    - name: Room 2
      online_url: https://meet.example.org/room-2
      online_note: Passcode by email.
"""
AGENDA = """
- start: 9:00
  end: 10:00
  kind: keynote
  title: Keynote
  room: Main Hall
- start: 10:00
  end: 10:30
  kind: break
  title: Coffee
  room: Main Hall
- start: 10:30
  end: 11:30
  kind: talk
  title: Workshop
  room: Room 2
- start: 11:30
  end: 12:30
  kind: discussion
  title: Off the Record
  room: Main Hall
  attendance: in-person
  recorded: false
"""


def forum(tmp_path: Path, event: str = EVENT, agenda: str = AGENDA, extra: str = "") -> Project:
    project = Project(tmp_path / "forum")
    project.write("content/event.yaml", event + extra)
    project.write("content/agenda.yaml", agenda)
    return project


def test_each_session_is_followed_through_its_room(tmp_path: Path) -> None:
    site = forum(tmp_path).load()
    keynote, coffee, workshop, closed = (of_session(site.event, s) for s in site.sessions)
    assert (keynote.attendance, keynote.stream, keynote.join) == (
        "hybrid", "https://stream.example.org/main", None)  # fmt: skip
    assert keynote.room is not None
    assert keynote.room.stream_id == "s1"
    assert (coffee.attendance, coffee.live) == ("in-person", False), "a break: nothing to follow"
    assert (workshop.join, workshop.note) == (
        "https://meet.example.org/room-2",
        "Passcode by email.",
    )
    assert (closed.attendance, closed.live) == ("in-person", False), "in a streamed room"
    assert of_event(site.event, site.sessions).attendance == "hybrid", "rooms make it hybrid"
    assert site.sessions[3].not_recorded


def test_a_session_own_address_wins_over_its_rooms_and_a_group_gives_its_sessions_one(
    tmp_path: Path,
) -> None:
    agenda = """
    - room: Main Hall
      stream_url: https://stream.example.org/track
      online_note: Questions by chat.
      sessions:
        - {start: 9:00, end: 10:00, kind: talk, title: A}
        - {start: 10:00, end: 11:00, kind: talk, title: B, online_url: https://meet.example.org/b}
    """
    site = forum(tmp_path, agenda=agenda).load()
    first, second = (of_session(site.event, s) for s in site.sessions)
    assert (first.stream, first.note) == ("https://stream.example.org/track", "Questions by chat.")
    assert (second.join, second.stream) == ("https://meet.example.org/b", first.stream)


def test_an_online_event_has_no_venue_and_its_sessions_are_online(tmp_path: Path) -> None:
    event = """
    title: An Online Seminar
    date: 2030-05-01
    timezone: America/New_York
    organizer: {name: Example Institute}
    attendance: online
    online_url: https://meet.example.org/seminar
    """
    site = forum(tmp_path, event, "- {start: 9:00, end: 10:00, kind: talk, title: A}").load()
    assert site.event.venue is None
    assert of_session(site.event, site.sessions[0]).attendance == "online"
    assert of_session(site.event, site.sessions[0]).join == "https://meet.example.org/seminar"
    assert moved_online(site.event)


def test_a_recording_starts_where_the_session_does(tmp_path: Path) -> None:
    agenda = """
    - start: 9:00
      end: 10:00
      kind: talk
      title: In the Day's Video
      recording_start: "1:02:30"
    - start: 10:00
      end: 11:00
      kind: talk
      title: With Its Own
      recording_url: https://www.youtube.com/watch?v=abc&t=5
      recording_start: 62:31
    - {start: 11:00, end: 12:00, kind: talk, title: None Yet}
    """
    extra = "recording_url: https://video.example.org/day-1.mp4\n"
    site = forum(tmp_path, agenda=agenda, extra=extra).load()
    day, own, none = (recording(site.event, s) for s in site.sessions)
    assert day is not None
    assert day.link == "https://video.example.org/day-1.mp4#t=3750"
    assert own is not None
    assert own.link == "https://www.youtube.com/watch?v=abc&t=3751"
    assert none is None, "the event's video without a start is the event's, not the session's"
    assert at("https://vimeo.com/123", 90) == "https://vimeo.com/123#t=90s"
    assert (
        at("https://video.example.org/v#chapter-2", 90) == "https://video.example.org/v#chapter-2"
    )


def test_an_online_event_of_a_site_does_not_take_the_sites_venue(tmp_path: Path) -> None:
    project = Project(tmp_path / "site")
    project.write("content/site.yaml", """
        organizer: {name: Example Institute}
        timezone: America/New_York
        venue: {name: Example Hall, locality: Washington}
    """)  # fmt: skip
    project.write("content/events/seminar/event.yaml", """
        title: An Online Seminar
        date: 2030-05-01
        attendance: online
        online_url: https://meet.example.org/seminar
    """)  # fmt: skip
    project.write("content/events/seminar/agenda.yaml", "[]")
    project.write("content/events/forum/event.yaml", "title: A Forum\ndate: 2030-06-01\n")
    project.write("content/events/forum/agenda.yaml", "[]")
    from eventsite.load.site import load_project

    catalog = load_project(project.root).content
    events = catalog.events  # type: ignore[union-attr]
    assert events["seminar"].event.venue is None
    assert events["forum"].event.venue is not None
    assert events["forum"].event.venue.name


MISTAKES = [
    (
        "event",
        EVENT.replace("title: A Hybrid Forum", "title: A Forum\nattendance: online"),
        "content/event.yaml:7:3: event.venue: an online event has no venue; remove venue:, or "
        "write attendance: hybrid for an event held in a place and online",
    ),
    (
        "event",
        EVENT.split("venue:")[0],
        'content/event.yaml:1:1: event: missing required field "venue"; add venue: with '
        "name: or locality: indented below it, venue_published: false if the source names no "
        "place, or attendance: online for an event held online only",
    ),
    (
        "event",
        EVENT.split("venue:")[0] + "attendance: online\n",
        "content/event.yaml:5:13: event.attendance: an online event with nowhere to join; add "
        "online_url: (or stream_url:), or online_note: saying how people get the link (warning)",
    ),
    (
        "event",
        EVENT + "status: rescheduled\n",
        "content/event.yaml:15:9: event.status: a rescheduled event needs the day it was to "
        "take place; add previous_date: with that day, e.g. previous_date: 2030-03-01",
    ),
    (
        "event",
        EVENT + "previous_date: 2030-04-01\n",
        "content/event.yaml:15:16: event.previous_date: is only read for a rescheduled event; "
        "write status: rescheduled, or remove previous_date (warning)",
    ),
    (
        "event",
        EVENT + "status: rescheduled\nprevious_date: 2030-05-01\n",
        "content/event.yaml:16:16: event.previous_date: is the same day as date; write the new "
        "day as date: and the old one as previous_date:",
    ),
    (
        "event",
        EVENT + "    - name: Room 2\n",
        'content/event.yaml:15:13: event.venue.rooms[3].name: duplicate room "Room 2", already '
        "event.venue.rooms[2]; give each room of a venue once, with all its addresses",
    ),
    (
        "event",
        EVENT + "attendance: remote\n",
        'content/event.yaml:15:13: event.attendance: "remote" is not allowed; write one of: '
        "in-person, online, hybrid",
    ),
    (
        "agenda",
        AGENDA.replace("room: Room 2", "room: room2"),
        'content/agenda.yaml:15:9: agenda[3].room: "room2" is not one of the rooms of Example '
        'Hall, so it has no online addresses; did you mean "Room 2"? (warning)',
    ),
    (
        "agenda",
        AGENDA + "  recording_url: https://video.example.org/closed\n",
        "content/agenda.yaml:23:18: agenda[4].recording_url: a session marked recorded: false "
        "has no recording; remove recording_url, or recorded: false",
    ),
    (
        "agenda",
        AGENDA.replace("title: Keynote", 'title: Keynote\n  recording_start: "5:00"'),
        "content/agenda.yaml:5:20: agenda[1].recording_start: is a point in no recording; add "
        "recording_url: here, or the whole event's in event.yaml",
    ),
    (
        "agenda",
        AGENDA.replace("title: Keynote", "title: Keynote\n  recording_start: 90 seconds"),
        'content/agenda.yaml:5:20: agenda[1].recording_start: "90 seconds" is not a point in a '
        "video; write hours, minutes and seconds, e.g. 1:02:30, or minutes and seconds, e.g. "
        "62:30",
    ),
    (
        "agenda",
        AGENDA.replace("title: Keynote", "title: Keynote\n  publications: [a-report]"),
        'content/agenda.yaml:5:18: agenda[1].publications[1]: unknown publication "a-report"; '
        "add it to content/publications.yaml first",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), MISTAKES)
def test_each_mistake_is_one_line(tmp_path: Path, name: str, text: str, expected: str) -> None:
    project = forum(tmp_path)
    project.write(f"content/{name}.yaml", text)
    if expected.endswith("(warning)"):
        assert [str(p) for p in project.load().warnings] == [expected]  # the page is made
        with pytest.raises(ContentError) as caught:  # --strict refuses it
            load_site(project.root, strict=True)
        assert caught.value.lines() == [expected.removesuffix(" (warning)")]
    else:
        assert project.problems() == [expected]


def test_a_session_names_a_publication_by_id(tmp_path: Path) -> None:
    project = forum(
        tmp_path,
        agenda=AGENDA.replace("title: Keynote", "title: Keynote\n  publications: [a-report]"),
    )
    project.write("content/publications.yaml", """
        - id: a-report
          title: A Report
          date: 2030-01-01
          authors: [A. Writer]
          type: Report
          url: https://example.org/a-report
        - title: Another, With No Id
          date: 2030-01-02
          authors: [B. Writer]
          type: Report
    """)  # fmt: skip
    site = project.load()
    assert [p.title for p in site.sessions[0].publications] == ["A Report"]
    assert len(site.publications) == 2
