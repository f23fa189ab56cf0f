"""The neutral programme every source format is read into, and the problems found reading it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from eventsite.errors import SiteError, line
from eventsite.model import forms


@dataclass
class Person:
    """One person, by the source's own id."""

    key: str
    name: str
    bio: str | None = None  # Markdown
    photo: str | None = None  # an address
    url: str | None = None
    organization: str | None = None
    position: str | None = None
    unplaced: list[str] = field(default_factory=list)
    """What the source says of the person that no field holds (a tagline, a link): comments."""


@dataclass
class Talk:
    """One session, by the source's own id; `where` is its place in the source, for messages."""

    key: str
    where: str
    title: str
    start: datetime  # aware
    end: datetime | None = None  # None: the source gives no end
    room: str | None = None
    track: str | None = None
    type: str | None = None  # the source's own word for what it is ("Talk", "Vortrag")
    kind: str | None = None  # when the source says it (a Sessionize service session)
    abstract: str | None = None  # Markdown
    people: list[tuple[str, str | None]] = field(default_factory=list)
    """(person key, role) in the source's order."""
    cancelled: bool = False
    day: date | None = None
    """The day the source lists it under (a day of a 24-hour programme runs past midnight)."""
    unplaced: list[str] = field(default_factory=list)
    """What the source says that no field holds (custom questions, categories): comments."""


@dataclass
class Programme:
    """A whole programme as a source gives it."""

    format: str  # what it was read as, e.g. "pretalx schedule.json"
    title: str | None
    timezone: str
    sessions: list[Talk]
    people: dict[str, Person]
    first: date | None = None
    last: date | None = None
    venue: dict[str, str] = field(default_factory=dict)
    """What the source says of the place (name, street, locality), if anything."""
    notes: list[str] = field(default_factory=list)
    """What the reader had to decide or could not place, said once after the import."""
    ids: str = "its own ids"
    """How the source names its sessions, for the report."""


class SourceError(SiteError):
    """A source that cannot be imported: every problem found, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        Exception.__init__(self, "\n".join(problems))

    def lines(self) -> list[str]:
        """One line per problem."""
        return list(self.problems)


class Problems:
    """The problems of one source, collected so that all are told at once."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.found: list[str] = []

    def add(self, where: str, what: str, hint: str = "") -> None:
        """Note a problem at a place in the source: a JSON pointer, or a line number."""
        if where.isdigit():
            self.found.append(line(f"{self.shown}:{where}", what, hint))
        else:
            self.found.append(line(self.shown, what, hint, field=where or "/"))

    def stop(self) -> None:
        """Raise every problem noted, if any."""
        if self.found:
            raise SourceError(self.found)


def zone_named(name: str | None, problems: Problems, where: str) -> ZoneInfo | None:
    """The zone of a name the source or the command line gives; None (noted) if it is none."""
    if name is None:
        return None
    if name.strip() not in forms.zones():
        problems.add(where, f'"{name}" is not a time zone', forms.zone_hint(name))
        return None
    return ZoneInfo(name.strip())


NEEDS_ZONE = "pass --timezone with the venue's zone as Area/City, e.g. --timezone Europe/Berlin"


def event_zone(name: str | None, problems: Problems, where: str, at: str, says: str) -> ZoneInfo:
    """The event's zone from a name (--timezone's, the source's or the project's); with no name,
    the import stops at `at` with what the source `says` (and how to pass one)."""
    zone = zone_named(name, problems, where)
    if zone is None and not problems.found:
        problems.add(at, says, NEEDS_ZONE)
    problems.stop()
    assert zone is not None  # noqa: S101 - stop() raised otherwise
    return zone


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def moment(text: object, problems: Problems, where: str, zone: tzinfo | None) -> datetime | None:
    """An ISO date and time from the source, aware: its own offset, else the zone; None (noted)
    if it is not one, or has no offset and no zone is known."""
    if not isinstance(text, str) or not _ISO.match(text.strip()):
        problems.add(where, f"{_shown(text)} is not a date and time",
                     "the format gives e.g. 2030-05-01T09:00:00+02:00")  # fmt: skip
        return None
    written = text.strip()
    if re.search(r"[T ]24:", written):
        problems.add(where, f'"{written}": 24:00 is not a time of day',
                     "write 00:00 of the next day, or 23:59")  # fmt: skip
        return None
    try:
        value = datetime.fromisoformat(written.replace("Z", "+00:00"))
    except ValueError:
        problems.add(where, f'"{written}" is not a day and time that exist',
                     "check the month, day, hour and minute")  # fmt: skip
        return None
    if value.tzinfo is None:
        if zone is None:
            problems.add(where, f'"{written}" has no time zone and the source names none',
                         NEEDS_ZONE)  # fmt: skip
            return None
        value = value.replace(tzinfo=zone)
    return value


def length(text: object, problems: Problems, where: str) -> timedelta | None:
    """A duration written "01:30" or "1:30:00" (hours and minutes); None (noted) if not one."""
    found = re.fullmatch(r"(\d{1,3}):(\d{2})(?::(\d{2}))?", str(text).strip())
    if not isinstance(text, str) or found is None or int(found[2]) > 59:
        problems.add(where, f"{_shown(text)} is not a duration", "the format gives e.g. 01:30")
        return None
    return timedelta(hours=int(found[1]), minutes=int(found[2]))


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else "nothing" if value is None else str(value)


def text_of(value: object) -> str | None:
    """A text field of the source, trimmed; None for nothing, null or blanks."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").strip()
    return text or None


def check_rooms(programme: Programme, problems: Problems) -> None:
    """Two sessions at once in one room: the source's own mistake, refused before anything is
    written (the agenda's checks would refuse it too, further from where it is fixed)."""
    by_room: dict[str, list[Talk]] = {}
    for talk in programme.sessions:
        if talk.room and not talk.cancelled:
            by_room.setdefault(talk.room, []).append(talk)
    for room, talks in by_room.items():
        talks.sort(key=lambda t: t.start)
        for before, after in zip(talks, talks[1:], strict=False):
            if before.end is not None and after.start < before.end:
                problems.add(after.where, f'"{after.title}" overlaps "{before.title}" in the room '
                             f'"{room}" ({after.start:%Y-%m-%d %H:%M} before {before.end:%H:%M})',
                             "fix the times or rooms at the source, then import again")  # fmt: skip
