"""frab, pretalx and c3voc `schedule.json` (and, through `frabxml`, their XML) as a programme.

`schedule.conference.days[]`, each with `rooms{name: [events]}`. An event's time is `date` (ISO
with its offset); the older `start` (a time of day on its day, which in a 24-hour programme
may be past midnight) and `duration` are read when `date` or `end` are missing. pretalx writes
descriptions in Markdown, frab in HTML. A person is a pretalx `code` with `name`, `biography`
and `avatar`, or a frab `id` with `public_name`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from eventsite.tools.importers.markup import description
from eventsite.tools.importers.programme import (
    Person,
    Problems,
    Programme,
    Talk,
    check_rooms,
    event_zone,
    length,
    moment,
    text_of,
)

Json = dict[str, Any]


def read(data: Any, problems: Problems, timezone: str | None, known: str | None) -> Programme:
    """The programme of a parsed schedule.json (or of schedule.xml made into the same shape)."""
    schedule = data.get("schedule") if isinstance(data, dict) else None
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    if not isinstance(conference, dict):
        problems.add(
            "/schedule/conference",
            "has no conference",
            "is this a schedule.json? pass --from to name its format",
        )
        problems.stop()
    assert isinstance(conference, dict)  # noqa: S101 - stop() raised otherwise
    generator = data.get("generator") if isinstance(data, dict) else None
    ours = isinstance(generator, dict) and generator.get("name") == "eventsite"
    # --timezone, else the schedule's own, else the project's; never guessed from the offsets.
    zone = event_zone(
        timezone or text_of(conference.get("time_zone_name")) or known,
        problems,
        "--timezone" if timezone else _at(conference, "/schedule/conference/time_zone_name"),
        _at(conference, "/schedule/conference"),
        "names no time zone (time_zone_name)",
    )
    reader = _Reader(problems, zone, ours)
    days = conference.get("days")
    if not isinstance(days, list) or not days:
        problems.add(
            _at(conference, "/schedule/conference/days"),
            "has no days",
            "export the schedule once it has sessions",
        )
        problems.stop()
    for number, day in enumerate(days or []):
        reader.day(day, f"/schedule/conference/days/{number}")
    problems.stop()
    programme = Programme(
        format=_format(data, conference, ours),
        title=text_of(conference.get("title")),
        timezone=str(zone),
        sessions=reader.talks,
        people=reader.people,
        first=_date(conference.get("start")),
        last=_date(conference.get("end")),
        ids="guid" if not reader.codes else "code",
    )
    for name, key in (("locality", "city"), ("name", "venue")):  # Pentabarf's
        if text_of(conference.get(key)):
            programme.venue[name] = str(text_of(conference.get(key)))
    check_rooms(programme, problems)
    problems.stop()
    return programme


def _format(data: Any, conference: Json, ours: bool) -> str:
    kind = "xml" if conference.get("@xml") else "json"
    if ours:
        return f"eventsite schedule.{kind}"
    generator = data.get("generator") if isinstance(data, dict) else None
    name = generator.get("name") if isinstance(generator, dict) else None
    if conference.get("@pentabarf"):
        return "Pentabarf schedule.xml"
    return f"{name or 'frab/pretalx'} schedule.{kind}"


def _at(node: Mapping[str, Any], pointer: str) -> str:
    """Where a node is: its line in an XML source, its JSON pointer in a JSON one."""
    line = node.get("@line")
    return str(line) if line else pointer


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class _Reader:
    def __init__(self, problems: Problems, zone: ZoneInfo, ours: bool) -> None:
        self.problems, self.zone, self.ours = problems, zone, ours
        self.talks: list[Talk] = []
        self.people: dict[str, Person] = {}
        self.codes = False

    def day(self, day: object, pointer: str) -> None:
        if not isinstance(day, dict):
            self.problems.add(pointer, "is not a day", "each day is an object with its rooms")
            return
        when = _date(day.get("date"))
        if when is None:
            self.problems.add(
                _at(day, f"{pointer}/date"),
                "a day without a date",
                "give each day its date, e.g. 2030-05-01",
            )
            return
        starts = day.get("day_start")
        begins = _clock(starts) if isinstance(starts, str) else None
        rooms = day.get("rooms")
        if not isinstance(rooms, dict):
            self.problems.add(
                _at(day, f"{pointer}/rooms"), "has no rooms", "each day lists its events by room"
            )
            return
        for room, events in rooms.items():
            for number, event in enumerate(events if isinstance(events, list) else []):
                where = f"{pointer}/rooms/{_escape(room)}/{number}"
                if isinstance(event, dict):
                    self.event(event, _at(event, where), when, begins, room)
                else:
                    self.problems.add(where, "is not an event", "each event is an object")

    def event(self, event: Json, where: str, day: date, begins: time | None, room: str) -> None:
        problems = self.problems

        def own(name: str) -> str:
            return where if where.isdigit() else f"{where}/{name}"

        key = text_of(event.get("code")) or text_of(event.get("guid")) or text_of(event.get("id"))
        self.codes = self.codes or bool(text_of(event.get("code")))
        title = text_of(event.get("title"))
        if key is None:
            problems.add(
                own("guid"),
                "an event without a guid, code or id",
                "export the schedule again from its system, which gives each one",
            )
        if title is None:
            problems.add(own("title"), "an event without a title", "give it a title at the source")
        start = self._start(event, own, day, begins)
        end = self._end(event, own, start)
        if key is None or title is None or start is None:
            return
        people = [
            self.person(p, f"{where}/persons/{n}" if not where.isdigit() else where)
            for n, p in enumerate(event.get("persons") or [])
        ]
        talk = Talk(
            key=key.lower() if text_of(event.get("code")) else key,
            where=where,
            title=title,
            start=start,
            end=end,
            room=text_of(event.get("room")) or text_of(room),
            track=text_of(event.get("track")),
            type=text_of(event.get("type")),
            abstract=self._abstract(event),
            people=[(p, None) for p in people if p is not None],
            day=day,
        )
        subtitle = text_of(event.get("subtitle"))
        if subtitle:
            talk.unplaced.append(f"subtitle: {subtitle}")
        for name in ("links", "attachments"):
            for link in event.get(name) or []:
                if isinstance(link, dict) and text_of(link.get("url") or link.get("href")):
                    title_of = text_of(link.get("title")) or name[:-1]
                    talk.unplaced.append(
                        f"{title_of}: {text_of(link.get('url') or link.get('href'))}"
                    )
        if event.get("do_not_record") is True:
            talk.unplaced.append("do_not_record: the speakers asked not to be recorded")
        self.talks.append(talk)

    def _abstract(self, event: Json) -> str | None:
        if self.ours:  # our own description repeats the people and segments: not an abstract
            return description(text_of(event.get("abstract")))
        parts = [description(text_of(event.get(k))) for k in ("abstract", "description")]
        found = [p for p in parts if p]
        if len(found) == 2 and found[0] == found[1]:
            found = found[:1]
        return "\n\n".join(found) or None

    def _start(
        self, event: Json, own: Callable[[str], str], day: date, begins: time | None
    ) -> datetime | None:
        if event.get("date") is not None:
            return moment(event.get("date"), self.problems, own("date"), self.zone)
        clock = event.get("start")
        found = _clock(clock) if isinstance(clock, str) else None
        if found is None:
            shown = "24:00 is not a time of day" if str(clock).startswith("24:") else "no time"
            self.problems.add(
                own("start"),
                f"an event with {shown} ({clock!r})",
                "give it a date or a start such as 09:30",
            )
            return None
        # A 24-hour programme's day runs e.g. 04:00 to 03:59: a time before its start is the
        # next morning's.
        on = day + timedelta(days=1) if begins is not None and found < begins else day
        return datetime.combine(on, found, tzinfo=self.zone)

    def _end(
        self, event: Json, own: Callable[[str], str], start: datetime | None
    ) -> datetime | None:
        if event.get("end") is not None:
            end = moment(event.get("end"), self.problems, own("end"), self.zone)
        elif event.get("duration") not in (None, ""):
            span = length(event.get("duration"), self.problems, own("duration"))
            end = start + span if start is not None and span is not None else None
        else:
            return None  # no end at the source: the editor decides (see records.py)
        return end.astimezone(self.zone) if end is not None else None

    def person(self, person: object, where: str) -> str | None:
        if not isinstance(person, dict):
            person = {"name": person} if isinstance(person, str) else {}
        key = (
            text_of(person.get("code")) or text_of(person.get("guid")) or text_of(person.get("id"))
        )
        name = (
            text_of(person.get("name"))
            or text_of(person.get("public_name"))
            or text_of(person.get("full_public_name"))
        )
        if name is None:
            self.problems.add(
                _at(person, where),
                "a person with no name",
                "give the person a name at the source, or remove them",
            )
            return None
        key = key or f"name:{name}"  # a person listed by name alone is that name
        if key not in self.people:
            self.people[key] = Person(
                key=key,
                name=name,
                bio=description(text_of(person.get("biography"))),
                photo=_address(person.get("avatar")),
                url=_address(person.get("url")),
            )
        return key


def _address(value: object) -> str | None:
    text = text_of(value)
    return text if text and text.startswith(("https://", "http://")) else None


def _clock(text: str) -> time | None:
    """A time of day written "09:30", or the time of an ISO date and time."""
    part = text.strip()[11:16] if len(text.strip()) > 10 else text.strip()[:5]
    try:
        hours, minutes = (int(n) for n in part.split(":"))
        return time(hours, minutes)
    except ValueError:
        return None


def _escape(name: str) -> str:
    """A key as a JSON pointer writes it (RFC 6901)."""
    return str(name).replace("~", "~0").replace("/", "~1")
