"""schema.org JSON-LD for search engines: the event, its sessions and the related publications.

It carries what Google's event rich results require (name, startDate, location with address)
and recommend (description, endDate, eventStatus, eventAttendanceMode, image, offers,
organizer, performer) whenever the content gives it. Speakers marked private are left out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from eventsite.lifecycle import phase, span
from eventsite.model import Event, Publication, Site, Speaker
from eventsite.outputs.common import Settings, Slot, description, public_people, slots
from eventsite.text import plain

if TYPE_CHECKING:
    from eventsite.listing import Entry

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "moved-online": "EventMovedOnline",
}

Json = dict[str, Any]


def graph(site: Site, settings: Settings) -> Json:
    """The page's structured data: the event, then each related publication."""
    items: list[Json] = [event(site, settings)]
    items.extend(creative_work(p) for p in site.publications)
    return {"@context": "https://schema.org", "@graph": items}


def script(site: Site, settings: Settings) -> Markup:
    """The structured data as the body of a <script type="application/ld+json"> element."""
    return _script(graph(site, settings))


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


def _script(data: Json) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" in a title must not end the script element: escape < > & in JSON.
    safe = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(safe)  # noqa: S704 - JSON with every markup character escaped just above


def event(site: Site, settings: Settings) -> Json:
    """The schema.org Event, with each slot as a sub-event."""
    info = site.event
    begins, ends = span(site)
    data: Json = {
        "@type": "Event",
        "name": info.title,
        "description": description(site, limit=None),
        "startDate": _when(begins if site.sessions else info.days[0]),
        "endDate": _when(ends if site.sessions else info.days[-1]),
        "eventStatus": SCHEMA + EVENT_STATUS[info.status],
        "eventAttendanceMode": SCHEMA + _attendance(info),
        "location": _location(info),
        "organizer": _organizer(info),
    }
    image = settings.absolute(info.image) if info.image else None
    if image:
        data["image"] = [image]
    url = settings.absolute()
    if url:
        data["url"] = url
    offers = _offers(site, settings)
    if offers:
        data["offers"] = offers
    performers = [person(s) for s in _performers(site)]
    if performers:
        data["performer"] = performers
    sub_events = [_sub_event(info, settings.addresses(), slot) for slot in slots(site)]
    if sub_events:
        data["subEvent"] = sub_events
    return data


def person(speaker: Speaker) -> Json:
    """A speaker as a schema.org Person."""
    data: Json = {"@type": "Person", "name": speaker.name}
    if speaker.honorific:
        data["honorificPrefix"] = speaker.honorific
    if speaker.position:
        data["jobTitle"] = speaker.position
    if speaker.organization:
        data["affiliation"] = {"@type": "Organization", "name": speaker.organization}
    if speaker.url:
        data["url"] = speaker.url
    return data


def creative_work(publication: Publication) -> Json:
    """A related publication as a schema.org CreativeWork."""
    data: Json = {
        "@type": "CreativeWork",
        "name": publication.title,
        "genre": publication.type,
        "datePublished": publication.date.isoformat(),
        "author": [{"@type": "Person", "name": name} for name in publication.authors],
    }
    if publication.summary:
        data["abstract"] = plain(publication.summary)
    if publication.topics:
        data["keywords"] = list(publication.topics)
    if publication.url:
        data["url"] = publication.url
    return data


def _when(moment: date | datetime) -> str:
    return moment.isoformat()


def _attendance(info: Event) -> str:
    if info.status == "moved-online":
        return "OnlineEventAttendanceMode"
    return "MixedEventAttendanceMode" if info.online_url else "OfflineEventAttendanceMode"


def _location(info: Event) -> Json | list[Json]:
    venue = info.venue
    address: Json = {"@type": "PostalAddress", "addressLocality": venue.locality}
    fields = {
        "streetAddress": venue.street,
        "addressRegion": venue.region,
        "postalCode": venue.postal_code,
        "addressCountry": venue.country,
    }
    address.update({key: value for key, value in fields.items() if value})
    place: Json = {"@type": "Place", "name": venue.name or venue.place, "address": address}
    if not info.online_url:
        return place
    online: Json = {"@type": "VirtualLocation", "url": info.online_url}
    return online if info.status == "moved-online" else [place, online]


def _organizer(info: Event) -> Json:
    data: Json = {"@type": "Organization", "name": info.organizer.name}
    if info.organizer.abbreviation:
        data["alternateName"] = info.organizer.abbreviation
    if info.organizer.url:
        data["url"] = info.organizer.url
    return data


def _offers(site: Site, settings: Settings) -> Json | None:
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
    if site.event.status in ("scheduled", "moved-online") and phase(site, settings.now) != "past":
        data["availability"] = SCHEMA + "InStock"
    return data


def _performers(site: Site) -> list[Speaker]:
    """Everyone on the agenda who may be named, each once, in order of first appearance."""
    seen: dict[str, Speaker] = {}
    for session in site.sessions:
        for appearance in public_people(session):
            seen.setdefault(appearance.speaker.id, appearance.speaker)
    return list(seen.values())


@lru_cache(maxsize=32768)  # the dev server makes again only the slots that changed; read-only
def _sub_event(info: Event, settings: Settings, slot: Slot) -> Json:
    session = slot.session
    data: Json = {
        "@type": "Event",
        "name": session.heading,
        "startDate": _when(session.start),
        "endDate": _when(session.end),
        "eventStatus": SCHEMA + EVENT_STATUS[info.status],
        "eventAttendanceMode": SCHEMA + _attendance(info),
        "location": _location(info),
    }
    if session.abstract:
        data["description"] = plain(session.abstract)
    url = settings.absolute(f"#slot-{slot.slug}")
    if url:
        data["url"] = url
    roles = [
        {"@type": "PerformanceRole", "roleName": a.role, "performer": person(a.speaker)}
        if a.role
        else person(a.speaker)
        for a in public_people(session)
    ]
    if roles:
        data["performer"] = roles
    return data
