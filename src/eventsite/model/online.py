"""Where an event and its sessions are followed online, and found afterwards: each session's
join and stream addresses (its own, else its room's, else the event's), how people take part,
and its recording, at the point where the session starts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from eventsite.model.agenda import Session
from eventsite.model.event import Event, Room
from eventsite.model.fields import Attendance
from eventsite.model.forms import seconds

PAUSES = ("break", "meal")
"""Kinds of session with nothing to follow: they take no join or stream address from their
room or the event, only one of their own."""


@dataclass(frozen=True)
class Online:
    """How people take part in a session or the event, and where to follow it online."""

    attendance: Attendance
    join: str | None = None
    """Where to take part online (a video meeting)."""
    stream: str | None = None
    """Where to watch live."""
    note: str | None = None
    room: Room | None = None
    """The room whose addresses these are, if they are the room's."""

    @property
    def live(self) -> bool:
        """Whether the session can be followed online: joined or watched."""
        return bool(self.join or self.stream)


@dataclass(frozen=True)
class Recording:
    """A recording of a session or the event: the video, and where in it the session starts."""

    url: str
    start: int = 0
    """Seconds from the video's start."""

    @property
    def link(self) -> str:
        """The address that plays the video from the session's start."""
        return at(self.url, self.start)


def room_of(event: Event, session: Session) -> Room | None:
    """The room a session names, as its venue lists it (with its addresses), if it does."""
    venue = session.venue or event.venue
    if venue is None or not session.room:
        return None
    return next((room for room in venue.rooms if room.name == session.room), None)


def moved_online(event: Event) -> bool:
    """Whether the event is held online only: planned so, or moved online."""
    return event.status == "moved-online" or event.attendance == "online"


def of_event(event: Event, sessions: Iterable[Session] = ()) -> Online:
    """How people take part in the whole event, and its own addresses."""
    join, stream = event.online_url, event.stream_url
    if moved_online(event):
        attendance: Attendance = "online"
    elif event.attendance is not None:
        attendance = event.attendance
    else:
        rooms = (r for v in (event.venue, *event.venues) if v for r in v.rooms)
        given = any(r.online_url or r.stream_url for r in rooms) or any(
            s.online_url or s.stream_url or s.attendance in ("online", "hybrid") for s in sessions
        )
        attendance = "hybrid" if join or stream or given else "in-person"
    return Online(attendance, join, stream, event.online_note)


def of_session(event: Event, session: Session) -> Online:
    """How people take part in a session, and where to follow it online: its own addresses,
    else its room's, else the event's (not for a pause, nor at another venue than the event's,
    whose streams are not the event's)."""
    if session.attendance == "in-person":
        return Online("in-person")
    room = room_of(event, session)
    away = (
        session.venue is not None
        and event.venue is not None
        and (session.venue.id != event.venue.id)
    )
    inherits = session.kind not in PAUSES
    levels: list[tuple[str | None, str | None, str | None, Room | None]] = [
        (session.online_url, session.stream_url, session.online_note, None)
    ]
    if inherits and room is not None:
        levels.append((room.online_url, room.stream_url, room.online_note, room))
    if inherits and not away:
        levels.append((event.online_url, event.stream_url, event.online_note, None))
    join, stream, note, source = next(
        ((j, s, n, r) for j, s, n, r in levels if j or s), (None, None, None, None)
    )
    note = session.online_note or note
    online = moved_online(event) or session.attendance == "online"
    if online:
        attendance: Attendance = "online"
    elif session.attendance is not None:
        attendance = session.attendance
    else:
        attendance = "hybrid" if join or stream else "in-person"
    return Online(attendance, join, stream, note if join or stream else None, source)


def recording(event: Event, session: Session) -> Recording | None:
    """A session's recording: its own video, or the event's from where the session starts;
    none for a session that is not recorded."""
    if session.not_recorded:
        return None
    start = seconds(session.recording_start) if session.recording_start else 0
    url = session.recording_url or (event.recording_url if session.recording_start else None)
    return Recording(url, start) if url else None


_YOUTUBE = ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be")


def at(url: str, start: int) -> str:
    """A video's address that plays it from `start` seconds: YouTube's `t` parameter, Vimeo's
    `#t=`, else the W3C media fragment `#t=`, which players of plain video files follow."""
    if not start:
        return url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in _YOUTUBE:
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
        return urlunsplit(parts._replace(query=urlencode([*query, ("t", str(start))])))
    if parts.fragment:  # the address already points somewhere inside its page
        return url
    if host.endswith("vimeo.com"):
        return urlunsplit(parts._replace(fragment=f"t={start}s"))
    return urlunsplit(parts._replace(fragment=f"t={start}"))
