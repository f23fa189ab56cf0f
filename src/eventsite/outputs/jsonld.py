"""schema.org JSON-LD for search engines: the event, its sessions and the related publications.

It carries what Google's event rich results require (name, startDate, location with address)
and recommend (description, endDate, eventStatus, eventAttendanceMode, image, offers,
organizer, performer) whenever the content gives it. Speakers marked private are left out.

Each session is a sub-event with its times, its place and its people, and each segment of a
session a sub-event of that. What several sub-events share is written once and referred to by
its "@id": each person (the "#speaker-..." of their entry on the page), the venues and the rooms.
A session's abstract is in the structured data of its own page (`session`), where the page
shows it, not repeated for every session on the event's page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from eventsite.model import Appearance, Event, Publication, Segment, Session, Site, Speaker, Venue
from eventsite.model.lifecycle import span
from eventsite.model.online import Online, of_event, of_session
from eventsite.outputs.common import (
    DRAFT,
    SLIDES,
    TRANSCRIPT,
    Afterwards,
    Settings,
    Slot,
    description,
    own_people,
    public_people,
    slots,
)
from eventsite.outputs.entry import Entry
from eventsite.text import plain, slug

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "draft": "EventScheduled",  # the event takes place; only its agenda may change
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
    "moved-online": "EventMovedOnline",
}
ATTENDANCE = {
    "in-person": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "hybrid": "MixedEventAttendanceMode",
}

Json = dict[str, Any]


def graph(site: Site, settings: Settings, phase: str, images: Sequence[str] = ()) -> Json:
    """The page's structured data: the event, the places of its sessions, each publication."""
    items: list[Json] = [event(site, settings, phase, images)]
    items.extend(_places(site))
    items.extend(creative_work(p) for p in site.publications)
    return {"@context": "https://schema.org", "@graph": items}


def script(site: Site, settings: Settings, phase: str, images: Sequence[str] = ()) -> Markup:
    """The structured data as the body of a <script type="application/ld+json"> element, for
    the event at the given phase of its life (upcoming, ongoing, past), with the full
    addresses of its pictures (16:9, 4:3 and 1:1, as Google asks)."""
    return _script(graph(site, settings, phase, images))


def item_list(settings: Settings, entries: Sequence[Entry]) -> Markup:
    """The events of a site's index as a schema.org ItemList: each item the address of an
    event's page, which carries the event's own structured data (Google's summary page)."""
    items = [
        {"@type": "ListItem", "position": number, "name": entry.title,
         "url": settings.absolute(entry.path.removesuffix("index.html")) or entry.path}
        for number, entry in enumerate(entries, 1)
    ]  # fmt: skip
    return _script({"@context": "https://schema.org", "@type": "ItemList",
                    "itemListElement": items})  # fmt: skip


def session_script(info: Event, settings: Settings, slot: Slot) -> Markup:
    """The structured data of a session's own page: the session as an Event, whole."""
    session = slot.session
    online = of_session(info, session)
    data: Json = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.heading,
        **_span(session.start, session.end),
        "eventStatus": SCHEMA + _status(info, session),
        "eventAttendanceMode": SCHEMA + ATTENDANCE[online.attendance],
        **_location(info, session, online, settings, whole=True),
        "organizer": _organizer(info),
    }
    _previous(info, data)
    if session.abstract:
        data["description"] = plain(session.abstract)
    people = [
        {"@type": "PerformanceRole", "roleName": a.role, "performer": person(a.speaker)}
        if a.role
        else person(a.speaker)
        for a in public_people(session)
    ]
    _given(data, inLanguage=settings.tag, performer=people)
    _afterwards(data, session.heading, online, Afterwards.of_session(info, session), settings,
                (session.start, session.end), info.title)  # fmt: skip
    parent: Json = {"@type": "Event", "name": info.title}
    url = settings.absolute()
    if url:
        parent["url"] = url
        data["url"] = settings.absolute(f"#slot-{slot.slug}")
    data["superEvent"] = parent
    return _script(data)


def _script(data: Json) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" in a title must not end the script element: escape < > & in JSON.
    safe = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(safe)  # noqa: S704 - JSON with every markup character escaped just above


def event(site: Site, settings: Settings, phase: str, images: Sequence[str] = ()) -> Json:
    """The schema.org Event, with each slot as a sub-event."""
    info = site.event
    begins, ends = span(site)
    whole = of_event(info, site.sessions)
    data: Json = {
        "@type": "Event",
        "name": info.title,
        "description": _description(site, settings),
        # The agenda's first start and last end, where it reaches the event's first and last
        # days; else the event's own dates (a second day whose programme is not out yet).
        "startDate": _when(begins if begins is site.starts else info.days[0]),
        "endDate": _when(ends if ends is site.ends else info.days[-1]),
        "eventStatus": SCHEMA + EVENT_STATUS[info.status],
        "eventAttendanceMode": SCHEMA + ATTENDANCE[whole.attendance],
        **_location(info, None, whole, settings, True, _rooms(site)),
        "organizer": _organizer(info),
    }
    _previous(info, data)
    # inLanguage: the language of this page's words, when the event states one
    _given(data, inLanguage=settings.tag, image=list(images), url=settings.absolute(),
           offers=_offers(site, settings, phase),
           performer=[{"@id": _person_id(s), **person(s)} for s in _performers(site)])  # fmt: skip
    _afterwards(data, info.title, whole, Afterwards.of_event(info), settings, (begins, ends))
    return _given(data, subEvent=[_sub_event(info, settings, slot, whole) for slot in slots(site)])


def _given(data: Json, **fields: Any) -> Json:
    """`data` with each of `fields` that says something (not None, not empty), in order."""
    data.update((key, value) for key, value in fields.items() if value)
    return data


def _previous(info: Event, data: Json) -> None:
    """The day a rescheduled event was to start; a postponed one's is the day announced."""
    if info.status == "rescheduled" and info.previous_date is not None:
        data["previousStartDate"] = _when(info.previous_date)
    elif info.status == "postponed":
        data["previousStartDate"] = data["startDate"]


def _afterwards(
    data: Json,
    name: str,
    online: Online,
    after: Afterwards,
    settings: Settings,
    live: tuple[datetime, datetime | None] | None = None,
    whole: str | None = None,
) -> None:
    """What captured an event or a session (recordedIn: its live stream, a BroadcastEvent, and
    its recording), its slides (workFeatured) and its transcript (subjectOf)."""
    videos: list[Json] = []
    stream = settings.absolute(online.stream) if online.stream else None
    if stream and live is not None:  # Google's shape for a live stream: a BroadcastEvent
        broadcast = {"@type": "BroadcastEvent", "isLiveBroadcast": True,
                     **_span(*live)}  # fmt: skip
        videos.append({"@type": "VideoObject", "name": name, "url": stream,
                       "publication": broadcast})  # fmt: skip
    video = after.recording
    address = settings.absolute(video.url) if video else None
    if video and address:
        recorded: Json = {"@type": "VideoObject", "name": name, "url": address}
        if video.start:  # a part of the event's video (Google's key moments: a Clip)
            recorded["name"] = whole or name
            recorded["hasPart"] = {"@type": "Clip", "name": name, "startOffset": video.start,
                                   "url": settings.absolute(video.link)}  # fmt: skip
        videos.append(recorded)
    if videos:
        data["recordedIn"] = videos[0] if len(videos) == 1 else videos
    for field, kind, words, address in (
        ("workFeatured", "PresentationDigitalDocument", SLIDES, after.slides),
        ("subjectOf", "DigitalDocument", TRANSCRIPT, after.transcript),
    ):
        full = settings.absolute(address) if address else None
        if full:
            data[field] = {"@type": kind, "name": f"{settings._(words)}: {name}", "url": full}


def _description(site: Site, settings: Settings) -> str:
    text = description(site, limit=None)
    return f"{settings._(DRAFT)} {text}".strip() if site.event.status == "draft" else text


def person(speaker: Speaker) -> Json:
    """A speaker as a schema.org Person."""
    organization = speaker.organization and {"@type": "Organization", "name": speaker.organization}
    return _given({"@type": "Person", "name": speaker.name}, honorificPrefix=speaker.honorific,
                  jobTitle=speaker.position, affiliation=organization, url=speaker.url)  # fmt: skip


def creative_work(publication: Publication) -> Json:
    """A related publication as a schema.org CreativeWork."""
    data: Json = {
        "@type": "CreativeWork",
        "name": publication.title,
        "genre": publication.type,
        "datePublished": publication.date.isoformat(),
        "author": [{"@type": "Person", "name": name} for name in publication.authors],
    }
    return _given(data, abstract=publication.summary and plain(publication.summary),
                  keywords=list(publication.topics), url=publication.url)  # fmt: skip


def _when(moment: date | datetime) -> str:
    return moment.isoformat()


def _location(
    info: Event,
    session: Session | None,
    online: Online,
    settings: Settings,
    whole: bool = False,
    more: Sequence[Online] = (),
) -> Json:
    """Where the event (no `session`) or a session takes place (its "location"): a Place, in
    full (`whole`) or by reference; a VirtualLocation for each address to follow it online
    (`more`: the rooms' of the event), or the page's own for one held online without one."""
    venue = (session.venue if session else None) or info.venue
    room = session.room if session else None
    found: list[Json] = []
    if venue is not None and online.attendance != "online":
        place: Json = {"@id": _place_id(info, venue, room)}
        if whole:
            place.update(_place(venue))
            if room:  # a session's own page: its room in the venue, with the venue's address
                place["name"] = f"{room}, {place['name']}"
        found.append(place)
    addresses: dict[str, str | None] = {}
    for each in (online, *more):
        name = each.room.name if each.room else None
        for address in (each.join, each.stream):
            full = settings.absolute(address) if address else None
            if full:
                addresses.setdefault(full, name)
    if not addresses and online.attendance != "in-person":
        addresses[settings.absolute() or ""] = None  # where to learn how to take part
    for url, name in addresses.items():
        virtual: Json = {"@type": "VirtualLocation"}
        virtual.update({"name": name} if name else {})
        virtual.update({"url": url} if url else {})
        found.append(virtual)
    # A place not published has no location (schema.org allows it): none is made up.
    return {"location": found[0] if len(found) == 1 else found} if found else {}


def _rooms(site: Site) -> list[Online]:
    """The addresses of the rooms the agenda's sessions are in, each room once."""
    found: dict[str, Online] = {}
    for session in site.sessions:
        online = of_session(site.event, session)
        if online.room is not None and online.live:
            found.setdefault(online.room.name, online)
    return list(found.values())


def _place(venue: Venue) -> Json:
    """A venue as a schema.org Place with its PostalAddress."""
    # Each part only when published: a bar known by its name alone has no city here.
    address = _given({"@type": "PostalAddress"}, addressLocality=venue.locality,
                     streetAddress=venue.street, addressRegion=venue.region,
                     postalCode=venue.postal_code, addressCountry=venue.country)  # fmt: skip
    return _given({"@type": "Place", "name": venue.name or venue.place},
                  address=address if len(address) > 1 else None, hasMap=venue.map_url)  # fmt: skip


def _place_id(info: Event, venue: Venue, room: str | None) -> str:
    """The "@id" of a venue ("#venue", "#venue-hotel") or of a room in it ("#room-room-2")."""
    base = (
        "#venue" if venue is info.venue else f"#venue-{slug(venue.id or venue.name or venue.place)}"
    )
    return f"#room-{slug(room)}{base.removeprefix('#venue')}" if room else base


def _places(site: Site) -> list[Json]:
    """The rooms of the sessions, and the venues other than the event's, each once."""
    info = site.event
    found: dict[str, Json] = {}
    for session in site.sessions:
        venue = session.venue or info.venue
        if venue is None or of_session(info, session).attendance == "online":
            continue  # held online only: no place
        if venue is not info.venue:
            found.setdefault(_place_id(info, venue, None), _place(venue))
        if session.room:
            found.setdefault(
                _place_id(info, venue, session.room),
                {"@type": "Place", "name": session.room,
                 "containedInPlace": {"@id": _place_id(info, venue, None)}},
            )  # fmt: skip
    return [{"@id": key, **value} for key, value in found.items()]


def _organizer(info: Event) -> Json:
    return _given({"@type": "Organization", "name": info.organizer.name},
                  alternateName=info.organizer.abbreviation, url=info.organizer.url)  # fmt: skip


def _offers(site: Site, settings: Settings, phase: str) -> Json | None:
    registration = site.event.registration
    if registration is None:
        return None
    url = settings.absolute(registration.url) or registration.url
    data: Json = {"@type": "Offer", "url": url}
    if registration.price is not None:
        data["price"] = registration.price
        data["priceCurrency"] = registration.currency
    if registration.opens is not None:
        data["validFrom"] = registration.opens.isoformat()
    if site.event.status in ("scheduled", "rescheduled", "moved-online") and phase != "past":
        data["availability"] = SCHEMA + "InStock"
    return data


def _performers(site: Site) -> list[Speaker]:
    """Everyone on the agenda who may be named, each once, in order of first appearance."""
    seen: dict[str, Speaker] = {}
    for session in site.sessions:
        for appearance in public_people(session):
            seen.setdefault(appearance.speaker.id, appearance.speaker)
    return list(seen.values())


def _status(info: Event, session: Session) -> str:
    """A session's schema.org status: its own when cancelled, else the event's."""
    if session.status == "cancelled" and info.status not in ("cancelled", "postponed"):
        return EVENT_STATUS["cancelled"]
    return EVENT_STATUS[info.status]


def _person_id(speaker: Speaker) -> str:
    """The "@id" of a person: their entry in the speakers list of the page."""
    return f"#speaker-{speaker.id}"


def _roles(people: tuple[Appearance, ...]) -> list[Json]:
    """People by reference, each once. Their roles are on the page, in the calendars and the
    feed, and in the structured data of a session's own page; on the event's page they would
    weigh more than all the rest of its structured data, for what search engines do not use."""
    found = dict.fromkeys(_person_id(a.speaker) for a in people if not a.speaker.private)
    return [{"@id": ident} for ident in found]


def _sub_event(info: Event, settings: Settings, slot: Slot, whole: Online) -> Json:
    """A session as a sub-event: its name, times, place and people, and its own segments;
    how people take part, where it differs from the event."""
    session = slot.session
    online = of_session(info, session)
    data: Json = {
        "@type": "Event",
        "name": session.heading,
        **_span(session.start, session.end),
        **_location(info, session, online, settings),
    }
    if online.attendance != whole.attendance:
        data["eventAttendanceMode"] = SCHEMA + ATTENDANCE[online.attendance]
    status = _status(info, session)
    if status != EVENT_STATUS[info.status]:
        data["eventStatus"] = SCHEMA + status
    _given(data, url=settings.absolute(f"#slot-{slot.slug}"), performer=_roles(own_people(session)))
    # A stream of its own (its room's): the event's is said once, on the event.
    own = online if online.stream != whole.stream else Online(online.attendance)
    _afterwards(data, session.heading, own, Afterwards.of_session(info, session), settings,
                (session.start, session.end), info.title)  # fmt: skip
    return _given(data, subEvent=[_segment(s) for s in session.segments])


def _span(start: datetime | None, end: datetime | None) -> Json:
    """startDate and endDate, each only when it is published (a dinner with no end)."""
    return {key: _when(moment) for key, moment in (("startDate", start), ("endDate", end))
            if moment is not None}  # fmt: skip


def _segment(segment: Segment) -> Json:
    data: Json = {"@type": "Event", "name": segment.title, **_span(segment.start, segment.end)}
    return _given(data, performer=_roles(segment.speakers))
