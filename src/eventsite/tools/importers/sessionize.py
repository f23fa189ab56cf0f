"""Sessionize's "All" JSON (its public API's view/All) as a programme.

`sessions[]` with `startsAt`/`endsAt` without an offset (the zone comes from --timezone or the
project), `roomId`, `speakers` (ids), `categoryItems` (track, format and level are all
categories, named in `categories[].items`), `isServiceSession` (breaks; some exports leave them
out) and `questionAnswers`; `speakers[]` with `fullName`, `bio`, `tagLine` (position and
company in one field), `profilePicture` and `links`; `rooms[]`; `categories[]`.
"""

from __future__ import annotations

from typing import Any

from eventsite.text import count
from eventsite.tools.importers.markup import from_plain
from eventsite.tools.importers.programme import (
    Person,
    Problems,
    Programme,
    Talk,
    check_rooms,
    event_zone,
    moment,
    text_of,
)
from eventsite.tools.importers.records import service_kind

Json = dict[str, Any]
TRACK = ("track", "tracks", "stream", "topic", "topics", "theme")
FORMAT = ("session format", "format", "session type", "type", "formats")


def read(data: Any, problems: Problems, timezone: str | None, known: str | None) -> Programme:
    """The programme of a parsed Sessionize "All" export."""
    if isinstance(data, list):
        problems.add(
            "/",
            'is Sessionize\'s "Sessions" export, which has no speakers or rooms',
            'export "All" instead (API / Embed: JSON, view All)',
        )
        problems.stop()
    zone = event_zone(timezone or known, problems, "--timezone", "/sessions",
                      "Sessionize gives times without a time zone")  # fmt: skip
    rooms = {str(r.get("id")): text_of(r.get("name")) for r in _list(data, "rooms")}
    items, groups = _categories(data)
    questions = {str(q.get("id")): text_of(q.get("question")) for q in _list(data, "questions")}
    people: dict[str, Person] = {}
    for number, speaker in enumerate(_list(data, "speakers")):
        person = _person(speaker, f"/speakers/{number}", problems)
        if person is not None:
            people[person.key] = person
    talks: list[Talk] = []
    unscheduled: list[str] = []
    service = 0
    for number, session in enumerate(_list(data, "sessions")):
        where = f"/sessions/{number}"
        title = text_of(session.get("title"))
        key = text_of(session.get("id"))
        if title is None or key is None:
            problems.add(
                where,
                f"a session without {'a title' if key else 'an id'}",
                "export the programme again from Sessionize",
            )
            continue
        if session.get("startsAt") in (None, ""):
            unscheduled.append(title)
            continue
        start = moment(session.get("startsAt"), problems, f"{where}/startsAt", zone)
        end = None
        if session.get("endsAt") not in (None, ""):
            end = moment(session.get("endsAt"), problems, f"{where}/endsAt", zone)
        if start is None:
            continue
        talk = Talk(
            key=key,
            where=where,
            title=title,
            start=start,
            end=end,
            room=rooms.get(str(session.get("roomId"))),
            abstract=from_plain(text_of(session.get("description"))),
        )
        _categorise(talk, session, items, groups, where, problems)
        if session.get("isServiceSession"):
            talk.kind = service_kind(title)
            service += 1
        elif session.get("isPlenumSession") and talk.type is None:
            talk.type = "plenary"
        for n, ident in enumerate(session.get("speakers") or []):
            ident = str(ident.get("id") if isinstance(ident, dict) else ident)
            if ident in people:
                talk.people.append((ident, None))
            else:
                problems.add(
                    f"{where}/speakers/{n}",
                    f'names the speaker "{ident}", who is not among the export\'s speakers',
                    'export "All" again',
                )
        for answer in session.get("questionAnswers") or []:
            asked = questions.get(
                str(answer.get("questionId")), f"question {answer.get('questionId')}"
            )
            if text_of(answer.get("answerValue")):
                talk.unplaced.append(f"{asked}: {text_of(answer.get('answerValue'))}")
        for name in ("liveUrl", "recordingUrl"):
            if text_of(session.get(name)):
                talk.unplaced.append(f"{name}: {text_of(session.get(name))}")
        talks.append(talk)
    problems.stop()
    programme = Programme(
        "Sessionize All JSON", None, str(zone), talks, people, ids="Sessionize ids"
    )
    if unscheduled:
        programme.notes.append(
            f"left out {count(len(unscheduled), 'session')} with no time yet: "
            + "; ".join(f'"{t}"' for t in unscheduled[:10])
        )
    if not service:
        programme.notes.append(
            "the export has no service sessions (breaks, meals): add them to "
            "content/agenda.yaml, which a re-import leaves alone"
        )
    if any(p.position for p in people.values()):
        programme.notes.append(
            "a speaker's tagLine (position and company in one) is written as "
            "position: move the company into organization if you want it apart"
        )
    programme.notes.append(
        "the title, the venue and the organiser are not in the export: write "
        "them in content/event.yaml"
    )
    check_rooms(programme, problems)
    problems.stop()
    return programme


def _list(data: Json, name: str) -> list[Json]:
    found = data.get(name) if isinstance(data, dict) else None
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _categories(data: Json) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Each category item's (category, name) by id; each category's title by its id."""
    items: dict[str, tuple[str, str]] = {}
    groups: dict[str, str] = {}
    for category in _list(data, "categories"):
        title = text_of(category.get("title")) or "category"
        groups[str(category.get("id"))] = title
        for item in category.get("items") or []:
            if isinstance(item, dict):
                items[str(item.get("id"))] = (title, text_of(item.get("name")) or "")
    return items, groups


def _categorise(
    talk: Talk,
    session: Json,
    items: dict[str, tuple[str, str]],
    groups: dict[str, str],
    where: str,
    problems: Problems,
) -> None:
    """Track and format from the session's categories; the others kept as comments."""
    for ident in session.get("categoryItems") or []:
        found = items.get(str(ident))
        if found is None:
            talk.unplaced.append(f"category item {ident} (not among the export's categories)")
            continue
        category, name = found
        folded = category.casefold()
        if folded in TRACK and talk.track is None:
            talk.track = name
        elif folded in FORMAT and talk.type is None:
            talk.type = name
        else:
            talk.unplaced.append(f"{category}: {name}")


def _person(speaker: Json, where: str, problems: Problems) -> Person | None:
    key = text_of(speaker.get("id"))
    name = text_of(speaker.get("fullName"))
    if name is None:  # the parts as given, joined in the order the export gives them
        parts = [text_of(speaker.get("firstName")), text_of(speaker.get("lastName"))]
        name = " ".join(p for p in parts if p) or None
    if key is None or name is None:
        problems.add(
            where,
            "a person with no name" if key else "a speaker without an id",
            "give the speaker a name in Sessionize, then export again",
        )
        return None
    person = Person(
        key=key,
        name=name,
        bio=from_plain(text_of(speaker.get("bio"))),
        position=text_of(speaker.get("tagLine")),
    )
    picture = text_of(speaker.get("profilePicture"))
    if picture and picture.startswith("https://"):
        person.photo = picture
    for link in speaker.get("links") or []:
        if isinstance(link, dict) and text_of(link.get("url")):
            kind = text_of(link.get("title")) or text_of(link.get("linkType")) or "link"
            person.unplaced.append(f"{kind}: {text_of(link.get('url'))}")
    return person
