"""The agenda as a schedule feed for conference apps: schedule.json and schedule.xml.

The format is the frab/pretalx schedule exchange format (the c3voc "Fahrplan"), read by
Giggity, EventFahrplan, ConfClerk and recording pipelines; its published validators are in
tests/schedule-format/. Both files carry the same data. A slot without a room of its own is in a
"room" named after the venue; where the source names no venue, as the example's does not, in
one that says so ("Venue not announced"), since the format needs a room.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from eventsite import __version__
from eventsite.model import Event, Room, Site, known_end
from eventsite.model.online import of_session
from eventsite.outputs.common import (
    ONLINE,
    UNANNOUNCED,
    Afterwards,
    Settings,
    Slot,
    notes,
    own_people,
    person_line,
    public_people,
    segment_lines,
    slots,
    stable_uuid,
)
from eventsite.text import plain, slug

JSON_PATH = "schedule.json"
XML_PATH = "schedule.xml"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"

Json = dict[str, Any]


def feeds(site: Site, settings: Settings, made: Sequence[bytes]) -> dict[str, bytes]:
    """schedule.json and schedule.xml, by output path, from each slot's event in both forms
    (`slot_entry`, in the order of `slots`, which the build keeps between builds).

    Each slot's event is put into the rest of the document where its place holds: so a change
    to one slot serialises that slot again, not the thousand others.
    """
    pieces = [piece.split(b"\0") for piece in made]
    data = schedule(site, settings, b"".join(made))
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    text = _PLACE_JSON.sub(lambda m: _indent(pieces[int(m[2])][0].decode(), m[1]), text)
    xml = _PLACE_XML.sub(lambda m: pieces[int(m[1])][1], to_xml(data, settings))
    return {JSON_PATH: text.encode(), XML_PATH: xml}


def slot_entry(
    event: Event, settings: Settings, slot: Slot, avatars: Mapping[str, str] | None = None
) -> bytes:
    """One slot's event in both forms of the feed: its JSON, then a NUL, then its XML. Its
    people's portraits are `avatars`' full addresses, by speaker id."""
    data = _event(event, settings, slot, avatars or {})
    holder = ET.Element("room")
    _xml_event(holder, data)
    ET.indent(holder[0], level=3)  # schedule > day > room > event
    xml = ET.tostring(holder[0], encoding="unicode")
    return json.dumps(data, ensure_ascii=False, indent=2).encode() + b"\0" + xml.encode()


_PLACE = "\0slot {}\0"
_PLACE_JSON = re.compile(r'^( *)"\\u0000slot (\d+)\\u0000"', re.MULTILINE)
_PLACE_XML = re.compile(rb'<slot n="(\d+)" />')


def _indent(text: str, indent: str) -> str:
    return indent + text.replace("\n", "\n" + indent)


def schedule(site: Site, settings: Settings, events: bytes = b"") -> Json:
    """The schedule as the JSON document's data, each event standing in its place (`_PLACE`);
    `events` are the events' own bytes, for the version."""
    event = site.event
    conference: Json = {
        "acronym": acronym(event),
        "title": event.title,
        "start": event.days[0].isoformat(),
        "end": event.days[-1].isoformat(),
        "daysCount": len(event.days),
        "timeslot_duration": _hhmm(_timeslot(site)),
        "time_zone_name": event.timezone.key,
    }
    # No "description": pretalx writes none, and the recording teams' tools (c3voc's) turn it
    # into an element their own XML Schema refuses. The page and the calendars carry it.
    url = settings.absolute()
    if url:
        conference["url"] = url
    all_slots = slots(site)
    rooms: dict[str, Room | None] = {}  # in order of first use, with the room's addresses
    for slot in all_slots:
        name = room_name(event, slot, settings)
        rooms[name] = rooms.get(name) or of_session(event, slot.session).room
    conference["rooms"] = [_room(event, name, room, settings) for name, room in rooms.items()]
    conference["days"] = [
        _day(site, settings, index, day, [s for s in all_slots if s.session.start.date() == day])
        for index, day in enumerate(event.days, 1)
    ]
    # The version changes whenever the schedule does, so apps can tell a new one from the last.
    version = hashlib.sha256(json.dumps(conference, sort_keys=True).encode() + events)
    version_text = version.hexdigest()[:12]
    body: Json = {"version": version_text}
    if settings.base_url:
        body["base_url"] = settings.base_url
    body["conference"] = conference
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "eventsite", "version": __version__},
        "schedule": body,
    }


def acronym(event: Event) -> str:
    """A short lower-case name for the event, as the format wants: words joined by "_"."""
    name = slug(event.title).replace("-", "_") or "event"
    return name if len(name) >= 4 else f"{name}_{event.date:%Y}"


def room_name(event: Event, slot: Slot, settings: Settings) -> str:
    """Where a slot takes place: its room, or the venue's name, or the venue's town, or online;
    with the venue's name too for a room at another venue than the event's."""
    session, main = slot.session, event.venue
    venue = session.venue or main
    if venue is None:  # an online event's session in no room of its own, or a place not given
        return session.room or settings._(ONLINE if event.venue_published else UNANNOUNCED)
    building = venue.name or venue.place
    if session.room and main is not None and venue is not main and venue.id != main.id:
        return f"{session.room}, {building}"
    return session.room or building


def _room(event: Event, name: str, room: Room | None, settings: Settings) -> Json:
    """A room of the feed; with its stream's name, for the recording team's tools."""
    data: Json = {"name": name, "guid": str(stable_uuid(event, f"room|{name}"))}
    if room is not None and room.stream_url:
        data["stream_id"] = room.stream_id or slug(room.name)
    if event.venue is None and event.venue_published and room is None:
        data["type"] = "online"
    return data


def _day(site: Site, settings: Settings, index: int, day: date, found: list[Slot]) -> Json:
    zone = site.event.timezone
    begins = min((s.session.start for s in found), default=None)
    ends = known_end([s.session for s in found])  # else the day's end: no hour made up
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    return {
        "index": index,
        "date": day.isoformat(),
        "day_start": (begins or midnight).isoformat(),
        "day_end": (ends or datetime.combine(day + timedelta(1), time(0), tzinfo=zone)).isoformat(),
        "rooms": _by_room(site, settings, found),
    }


def _by_room(site: Site, settings: Settings, found: list[Slot]) -> dict[str, list[str]]:
    rooms: dict[str, list[str]] = {}
    for slot in found:  # each event by its place: the slot's index in slots(site)
        name = room_name(site.event, slot, settings)
        rooms.setdefault(name, []).append(_PLACE.format(slot.number - 1))
    return rooms


def _event(event: Event, settings: Settings, slot: Slot, avatars: Mapping[str, str]) -> Json:
    session = slot.session
    people = public_people(session)
    return {
        "guid": str(slot.uid),
        "id": slot.number,
        "date": session.start.isoformat(),
        "start": f"{session.start:%H:%M}",
        # The format requires a duration: 00:00 for a slot whose end is not published, a
        # moment, as iCalendar reads a DTSTART alone; no length is made up.
        "duration": _hhmm((session.end or session.start) - session.start),
        "room": room_name(event, slot, settings),
        "slug": f"{acronym(event)}-{slot.slug}",
        "url": settings.absolute(f"#slot-{slot.slug}") or f"index.html#slot-{slot.slug}",
        "title": session.heading,
        "subtitle": None,
        "track": session.track,
        "type": session.kind,
        "language": settings.tag,
        "abstract": plain(session.abstract) or session.note,
        "description": _description(event, session, settings) or None,
        "persons": [_person(event, p.speaker, avatars.get(p.speaker.id)) for p in people],
        "links": _links(event, session, settings),
        # Whether the recording team may record it (recorded: false), and stream it (not a
        # session marked in-person, even in a streamed room).
        "do_not_record": session.not_recorded,
        "do_not_stream": session.attendance == "in-person",
    }


def _links(event: Event, session: Any, settings: Settings) -> list[Json]:
    """The session's recording, slides and transcript, and the publications it discusses, as
    the format's links: full addresses only."""
    found = [
        {"url": url, "title": title, "type": kind}
        for kind, title, url in Afterwards.of_session(event, session).links(settings)
    ]
    for publication in session.publications:
        url = settings.absolute(publication.url) if publication.url else None
        if url:
            found.append({"url": url, "title": publication.title, "type": "paper"})
    return found


def _description(event: Event, session: Any, settings: Settings) -> str:
    """The slot's status and access, its people with their roles, and each of its segments."""
    language = settings.language
    lines = [line for line in notes(event, session, language) if not line.startswith("(")]
    lines += [person_line(p, language) for p in own_people(session)]
    lines += segment_lines(session, language)
    return "\n".join(lines)


def _person(event: Event, speaker: Any, avatar: str | None) -> Json:
    """A person as pretalx writes one: an integer id, name, biography and avatar (a full
    address only)."""
    guid = stable_uuid(event, f"person|{speaker.id}")
    # The integer id beside the guid: conference apps (ConfClerk) import a person only with
    # one. Taken from the guid, so it is as stable as the guid.
    data: Json = {"id": guid.int >> 97, "name": speaker.display_name, "guid": str(guid)}
    if speaker.bio:
        data["biography"] = plain(speaker.bio)
    if avatar:
        data["avatar"] = avatar
    return data


def _timeslot(site: Site) -> timedelta:
    """The largest step that every start time and length in the agenda is a multiple of."""
    minutes = 0
    for session in site.sessions:
        start = session.start.hour * 60 + session.start.minute
        length = int(((session.end or session.start) - session.start).total_seconds() // 60)
        minutes = math.gcd(minutes, start, length)
    return timedelta(minutes=minutes or 15)


def _hhmm(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def to_xml(data: Json, settings: Settings) -> bytes:
    """The same schedule as schedule.xml, the format's older, XML form."""
    body, conference = data["schedule"], data["schedule"]["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name="eventsite", version=__version__)
    url = settings.absolute(XML_PATH)
    if url:
        ET.SubElement(root, "url").text = url
    ET.SubElement(root, "version").text = body["version"]
    head = ET.SubElement(root, "conference")
    for key, tag in (("acronym", "acronym"), ("title", "title"), ("start", "start"),
                     ("end", "end"), ("daysCount", "days"),
                     ("timeslot_duration", "timeslot_duration"), ("url", "url"),
                     ("time_zone_name", "time_zone_name")):  # fmt: skip
        if key in conference:
            ET.SubElement(head, tag).text = str(conference[key])
    if settings.base_url:
        ET.SubElement(head, "base_url").text = settings.base_url
    rooms = {r["name"]: r["guid"] for r in conference["rooms"]}
    for day in conference["days"]:
        element = ET.SubElement(root, "day", index=str(day["index"]), date=day["date"],
                                start=day["day_start"], end=day["day_end"])  # fmt: skip
        for name, events in day["rooms"].items():
            room = ET.SubElement(element, "room", name=name, guid=rooms[name])
            for place in events:  # its event is put in later, made once (see `feeds`)
                ET.SubElement(room, "slot", n=place.strip("\0").removeprefix("slot "))
    ET.indent(root)
    xml: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"


def _xml_event(room: ET.Element, event: Json) -> None:
    element = ET.SubElement(room, "event", guid=event["guid"], id=str(event["id"]))
    for key in ("room", "title", "type", "date", "start", "duration"):
        ET.SubElement(element, key).text = event[key]
    ET.SubElement(element, "abstract").text = event["abstract"] or ""
    ET.SubElement(element, "slug").text = event["slug"]
    ET.SubElement(element, "track").text = event["track"] or ""
    persons = ET.SubElement(element, "persons")
    for person in event["persons"]:
        ET.SubElement(persons, "person", id=str(person["id"]), guid=person["guid"]).text = person[
            "name"
        ]
    if event["description"]:
        ET.SubElement(element, "description").text = event["description"]
    recording = ET.SubElement(element, "recording")
    ET.SubElement(recording, "license").text = ""
    ET.SubElement(recording, "optout").text = "true" if event["do_not_record"] else "false"
    video = next((link["url"] for link in event["links"] if link["type"] == "media"), None)
    if video and video.startswith(("http://", "https://")):
        ET.SubElement(recording, "url").text = video
    if event["links"]:
        holder = ET.SubElement(element, "links")
        for link in event["links"]:
            ET.SubElement(holder, "link", href=link["url"], type=link["type"]).text = link["title"]
    if event["url"].startswith(("http://", "https://")):
        ET.SubElement(element, "url").text = event["url"]
