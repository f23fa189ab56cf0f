"""Checks of how an event is followed online and found afterwards: an online event's venue
(and one left unpublished), a rescheduled event's previous date, each venue's rooms and the
rooms sessions name, and what a session not recorded may not have.

They judge fields of several records together (a session's room against its venue's rooms, a
recording's start against the event's recording), so they run with the checks across records,
on a site that reads cleanly; each problem points at the line to change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from eventsite.errors import Problem
from eventsite.load.checks import Report
from eventsite.load.yamlfile import Position
from eventsite.model import Event, Session, Site, Venue
from eventsite.model.online import room_of


def check_online(
    site: Site, where: Mapping[str, Position], paths: Sequence[str] | None = None
) -> list[Problem]:
    """Every problem of the event's online, rescheduling and recording fields; `paths` gives
    each session's path (agenda[3], agenda/track.sessions[2]) in the order of `site.sessions`."""
    report = Report(where)
    _event(report, site)
    event = site.event
    for path, venue in [("event.venue", event.venue)] + [
        (f"event.venues[{n}]", v) for n, v in enumerate(event.venues, 1)
    ]:
        _rooms(report, path, venue)
    paths = paths or [f"agenda[{n}]" for n in range(1, len(site.sessions) + 1)]
    for path, session in zip(paths, site.sessions, strict=True):
        _session(report, event, path, session)
    return report.problems


def _event(report: Report, site: Site) -> None:
    """An online event's venue and where to join it; a rescheduled event's previous day."""
    event, add = site.event, report.add
    online, unpublished = event.attendance == "online", not event.venue_published
    if online and event.venue is not None:
        add("event.venue", "an online event has no venue",
            "remove venue:, or write attendance: hybrid for an event held in a place and "
            "online")  # fmt: skip
    elif online and unpublished:
        add("event.venue_published", "an online event has no venue to leave out",
            "remove venue_published: false")  # fmt: skip
    elif unpublished and event.venue is not None:
        add("event.venue", "is given, but venue_published: false says the source names no "
            "place", "remove venue_published: false to publish this venue, or remove venue: "
            "if the source names none")  # fmt: skip
    elif not online and event.venue is None and not unpublished:
        add("event", 'missing required field "venue"',
            "add venue: with name: or locality: indented below it, venue_published: false if "
            "the source names no place, or attendance: online for an event held online "
            "only")  # fmt: skip
    rooms = [r for v in (event.venue, *event.venues) if v for r in v.rooms]
    addresses = [event.online_url, event.stream_url, event.online_note]
    addresses += [r.online_url or r.stream_url for r in rooms]
    addresses += [s.online_url or s.stream_url for s in site.sessions]
    if online and not any(addresses):
        add("event.attendance", "an online event with nowhere to join",
            "add online_url: (or stream_url:), or online_note: saying how people get the "
            "link", warning=True)  # fmt: skip
    if event.status == "rescheduled" and event.previous_date is None:
        add("event.status", "a rescheduled event needs the day it was to take place",
            "add previous_date: with that day, e.g. previous_date: 2030-03-01")  # fmt: skip
    elif event.previous_date is not None and event.status != "rescheduled":
        add("event.previous_date", "is only read for a rescheduled event",
            "write status: rescheduled, or remove previous_date", warning=True)  # fmt: skip
    elif event.previous_date is not None and event.previous_date == event.date:
        add("event.previous_date", "is the same day as date",
            "write the new day as date: and the old one as previous_date:")  # fmt: skip


def _folded(name: str) -> str:
    return "".join(name.casefold().split())


def _rooms(report: Report, path: str, venue: Venue | None) -> None:
    """A venue's rooms: each named once."""
    first: dict[str, int] = {}
    for number, room in enumerate(venue.rooms if venue else (), 1):
        if room.name in first:
            report.add(f"{path}.rooms[{number}].name",
                       f'duplicate room "{room.name}", already {path}.rooms[{first[room.name]}]',
                       "give each room of a venue once, with all its addresses")  # fmt: skip
        first.setdefault(room.name, number)


def _session(report: Report, event: Event, path: str, session: Session) -> None:
    """A room written as one of its venue's but for case and spaces (a room not listed is
    simply not followed online); what a session not recorded may not have."""
    venue = session.venue or event.venue
    if session.room and venue is not None and room_of(event, session) is None:
        same = [r.name for r in venue.rooms if _folded(r.name) == _folded(session.room)]
        if same:
            report.add(f"{path}.room", f'"{session.room}" is not one of the rooms of '
                       f"{venue.name or venue.locality}, so it has no online addresses",
                       f'did you mean "{same[0]}"?', warning=True)  # fmt: skip
    if session.not_recorded:
        for name in ("recording_url", "recording_start"):
            if getattr(session, name) is not None:
                report.add(f"{path}.{name}", "a session marked recorded: false has no "
                           "recording", f"remove {name}, or recorded: false")  # fmt: skip
    elif session.recording_start and not (session.recording_url or event.recording_url):
        report.add(f"{path}.recording_start", "is a point in no recording",
                   "add recording_url: here, or the whole event's in event.yaml")  # fmt: skip
