"""Indico's JSON export (/export/event/N.json?detail=contributions) as a programme.

`results[0]` is the event: `title`, `startDate`/`endDate` as `{date, time, tz}`, `timezone`,
`location` and `address`; its `contributions[]` each have `startDate`, `endDate`, `duration` (in
minutes), `room` or `roomFullname`, `track`, `session`, `type`, `title`, `description` (HTML)
and `speakers` (or, when no one is named to speak, `primaryauthors`) with `first_name`,
`last_name`, `fullName` and `affiliation`. No biography, no photo, no breaks.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from eventsite.text import count
from eventsite.tools.importers.markup import description
from eventsite.tools.importers.programme import (
    Person,
    Problems,
    Programme,
    Talk,
    check_rooms,
    event_zone,
    moment,
    text_of,
    zone_named,
)

Json = dict[str, Any]


def read(data: Any, problems: Problems, timezone: str | None, known: str | None) -> Programme:
    """The programme of a parsed Indico export."""
    results = data.get("results") if isinstance(data, dict) else None
    event = results[0] if isinstance(results, list) and results else None
    if not isinstance(event, dict):
        problems.add(
            "/results",
            "holds no event",
            "export the event with ?detail=contributions, while it is public",
        )
        problems.stop()
    assert isinstance(event, dict)  # noqa: S101 - stop() raised otherwise
    own = text_of(event.get("timezone")) or text_of((event.get("startDate") or {}).get("tz"))
    where = "--timezone" if timezone else "/results/0/timezone"
    zone = event_zone(timezone or own or known, problems, where, "/results/0", "names no time zone")
    people: dict[str, Person] = {}
    talks: list[Talk] = []
    unscheduled: list[str] = []
    contributions = event.get("contributions")
    if not isinstance(contributions, list):
        problems.add(
            "/results/0/contributions",
            "is missing",
            "export with ?detail=contributions, which lists the sessions",
        )
        problems.stop()
    for number, item in enumerate(contributions or []):
        where = f"/results/0/contributions/{number}"
        if not isinstance(item, dict):
            problems.add(where, "is not a contribution", "export the event again")
            continue
        talk = _talk(item, where, zone, problems, people, unscheduled)
        if talk is not None:
            talks.append(talk)
    problems.stop()
    programme = Programme(
        "Indico JSON",
        text_of(event.get("title")),
        str(zone),
        talks,
        people,
        ids="Indico's contribution ids",
    )
    for name, key in (("name", "location"), ("street", "address")):
        if text_of(event.get(key)):
            programme.venue[name] = " ".join(str(text_of(event.get(key))).split())
    day = _when(event.get("startDate"), "", zone, problems)
    last = _when(event.get("endDate"), "", zone, problems)
    programme.first = day.date() if day else None
    programme.last = last.date() if last else None
    if unscheduled:
        programme.notes.append(
            f"left out {count(len(unscheduled), 'contribution')} with no time yet: "
            + "; ".join(f'"{t}"' for t in unscheduled[:10])
        )
    programme.notes.append(
        "Indico's export has no breaks, biographies or photos: add them by "
        "hand (breaks in content/agenda.yaml, which a re-import leaves alone)"
    )
    check_rooms(programme, problems)
    problems.stop()
    return programme


def _when(value: object, where: str, zone: ZoneInfo, problems: Problems) -> datetime | None:
    """Indico's {date, time, tz} as an aware time."""
    if not isinstance(value, dict) or not value.get("date"):
        return None
    written = f"{value.get('date')}T{value.get('time') or '00:00:00'}"
    own = zone_named(text_of(value.get("tz")), problems, where) if value.get("tz") else None
    found = moment(written, problems, where, own or zone)
    return found.astimezone(zone) if found is not None else None


def _talk(
    item: Json,
    where: str,
    zone: ZoneInfo,
    problems: Problems,
    people: dict[str, Person],
    unscheduled: list[str],
) -> Talk | None:
    title = text_of(item.get("title"))
    key = text_of(item.get("id")) or text_of(item.get("db_id"))
    if title is None or key is None:
        problems.add(
            where,
            "a contribution without a title" if key else "a contribution without an id",
            "export the event again",
        )
        return None
    start = _when(item.get("startDate"), f"{where}/startDate", zone, problems)
    if start is None:
        if not item.get("startDate"):
            unscheduled.append(title)
        return None
    end = _when(item.get("endDate"), f"{where}/endDate", zone, problems)
    if end is None and isinstance(item.get("duration"), int | float):
        end = start + timedelta(minutes=float(item["duration"]))
    kind = item.get("type")
    talk = Talk(
        key=f"contribution-{key}",
        where=where,
        title=title,
        start=start,
        end=end,
        room=text_of(item.get("room")) or text_of(item.get("roomFullname")),
        track=text_of(item.get("track")) or text_of(item.get("session")),
        type=text_of(kind.get("name") if isinstance(kind, dict) else kind),
        abstract=description(text_of(item.get("description"))),
    )
    named = item.get("speakers") or item.get("primaryauthors") or []
    for n, person in enumerate(named if isinstance(named, list) else []):
        ident = _person(person, f"{where}/speakers/{n}", problems, people)
        if ident is not None:
            talk.people.append((ident, None))
    return talk


def _person(
    person: object, where: str, problems: Problems, people: dict[str, Person]
) -> str | None:
    if not isinstance(person, dict):
        problems.add(where, "is not a person", "export the event again")
        return None
    first, last = text_of(person.get("first_name")), text_of(person.get("last_name"))
    # Indico's fullName is "Last, First"; its pages show first then last name, as given apart.
    name = f"{first} {last}" if first and last else text_of(person.get("fullName")) or last
    if name is None:
        problems.add(where, "a person with no name", "give the person a name in Indico")
        return None
    key = (
        text_of(person.get("person_id"))
        or text_of(person.get("id"))
        or text_of(person.get("emailHash"))
        or f"name:{name}"
    )
    if key not in people:
        people[key] = Person(key=key, name=name, organization=text_of(person.get("affiliation")))
    return key
