"""The part of schema.org's vocabulary eventsite writes, as schema.org defines it, and a check
of structured data against it: every type known, every property defined for its type (or a
type it is a kind of), every value of a type the property's range allows.

Written out by hand from schema.org's definitions (no validator works offline): each type with
its parent and its own properties, each property with its range. Only the types and properties
eventsite writes are here; anything else in the output is an error, so a typo cannot pass.
"""

from __future__ import annotations

import re
from typing import Any

PARENT = {
    "Thing": None,
    "Event": "Thing",
    "PublicationEvent": "Event",
    "BroadcastEvent": "PublicationEvent",
    "Place": "Thing",
    "Intangible": "Thing",
    "VirtualLocation": "Intangible",
    "StructuredValue": "Intangible",
    "ContactPoint": "StructuredValue",
    "PostalAddress": "ContactPoint",
    "Role": "Intangible",
    "PerformanceRole": "Role",
    "Offer": "Intangible",
    "Organization": "Thing",
    "Person": "Thing",
    "CreativeWork": "Thing",
    "MediaObject": "CreativeWork",
    "VideoObject": "MediaObject",
    "Clip": "CreativeWork",
    "DigitalDocument": "CreativeWork",
    "PresentationDigitalDocument": "DigitalDocument",
    "ItemList": "Intangible",
    "ListItem": "Intangible",
}

TEXT, URL, DATE, DATETIME, NUMBER, BOOLEAN = "Text", "URL", "Date", "DateTime", "Number", "Boolean"

PROPERTIES: dict[str, dict[str, tuple[str, ...]]] = {
    "Thing": {
        "name": (TEXT,),
        "alternateName": (TEXT,),
        "description": (TEXT,),
        "url": (URL,),
        "image": (URL,),
        "subjectOf": ("CreativeWork", "Event"),
    },
    "Event": {
        "startDate": (DATE, DATETIME),
        "endDate": (DATE, DATETIME),
        "previousStartDate": (DATE,),
        "eventStatus": ("EventStatusType",),
        "eventAttendanceMode": ("EventAttendanceModeEnumeration",),
        "location": ("Place", "VirtualLocation", "PostalAddress", TEXT),
        "organizer": ("Organization", "Person"),
        "performer": ("Organization", "Person"),
        "offers": ("Offer",),
        "subEvent": ("Event",),
        "superEvent": ("Event",),
        "inLanguage": (TEXT,),
        "recordedIn": ("CreativeWork",),
        "workFeatured": ("CreativeWork",),
    },
    "BroadcastEvent": {"isLiveBroadcast": (BOOLEAN,), "broadcastOfEvent": ("Event",)},
    "Place": {
        "address": ("PostalAddress", TEXT),
        "hasMap": (URL,),
        "containedInPlace": ("Place",),
    },  # fmt: skip
    "PostalAddress": {
        "streetAddress": (TEXT,),
        "addressLocality": (TEXT,),
        "addressRegion": (TEXT,),
        "postalCode": (TEXT,),
        "addressCountry": (TEXT,),
    },
    "Person": {"honorificPrefix": (TEXT,), "jobTitle": (TEXT,), "affiliation": ("Organization",)},
    # A Role stands in for the value of the property it qualifies (schema.org's Role pattern).
    "PerformanceRole": {"roleName": (TEXT,), "performer": ("Organization", "Person")},
    "Offer": {
        "price": (TEXT, NUMBER),
        "priceCurrency": (TEXT,),
        "validFrom": (DATE, DATETIME),
        "availability": ("ItemAvailability",),
    },  # fmt: skip
    "CreativeWork": {
        "genre": (TEXT,),
        "datePublished": (DATE,),
        "author": ("Person", "Organization"),
        "abstract": (TEXT,),
        "keywords": (TEXT,),
        "hasPart": ("CreativeWork",),
        "publication": ("PublicationEvent",),
    },
    "Clip": {"startOffset": (NUMBER,)},
    "ItemList": {"itemListElement": ("ListItem",)},
    "ListItem": {"position": (NUMBER,)},
}

ENUMERATIONS = {
    "EventStatusType": {
        "EventScheduled",
        "EventCancelled",
        "EventPostponed",
        "EventRescheduled",
        "EventMovedOnline",
    },  # fmt: skip
    "EventAttendanceModeEnumeration": {
        "OfflineEventAttendanceMode",
        "OnlineEventAttendanceMode",
        "MixedEventAttendanceMode",
    },
    "ItemAvailability": {"InStock", "SoldOut", "PreOrder"},
}

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)"
)


def kinds(name: str) -> list[str]:
    """A type and every type it is a kind of: VideoObject, MediaObject, CreativeWork, Thing."""
    found = []
    current: str | None = name
    while current is not None:
        found.append(current)
        current = PARENT[current]
    return found


def _defined(type_name: str, prop: str) -> tuple[str, ...] | None:
    for kind in kinds(type_name):
        if prop in PROPERTIES.get(kind, {}):
            return PROPERTIES[kind][prop]
    return None


def _fits(value: Any, allowed: tuple[str, ...], where: str, problems: list[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _fits(item, allowed, where, problems)
        return
    if isinstance(value, dict):
        if set(value) == {"@id"}:
            return  # a reference: its node is checked where it is defined
        kind = value.get("@type")
        if kind not in PARENT:
            problems.append(f"{where}: unknown type {kind!r}")
            return
        if kind == "PerformanceRole":  # stands for the performer it qualifies
            problems.extend(check(value, where))
            return
        if not any(a in kinds(kind) for a in allowed):
            problems.append(f"{where}: a {kind} where {' or '.join(allowed)} is expected")
        problems.extend(check(value, where))
        return
    for expected in allowed:
        if _scalar(value, expected):
            return
    problems.append(f"{where}: {value!r} is not {' or '.join(allowed)}")


def _scalar(value: Any, expected: str) -> bool:
    if expected in ENUMERATIONS:
        return (
            isinstance(value, str)
            and value.removeprefix("https://schema.org/") in (ENUMERATIONS[expected])
        )
    if expected == BOOLEAN:
        return isinstance(value, bool)
    if expected == NUMBER:
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            or (isinstance(value, str) and value.replace(".", "", 1).isdigit())
        )
    if not isinstance(value, str):
        return False
    if expected == DATE:
        return _DATE.fullmatch(value) is not None
    if expected == DATETIME:
        return _DATETIME.fullmatch(value) is not None
    if expected == URL:
        return value.startswith(("https://", "http://", "#", "mailto:")) or "/" in value
    return expected == TEXT


def check(node: dict[str, Any], where: str = "") -> list[str]:
    """Every way a node (and the nodes inside it) departs from schema.org's definitions."""
    problems: list[str] = []
    kind = node.get("@type")
    if kind is not None and kind not in PARENT:
        return [f"{where}: unknown type {kind!r}"]
    for prop, value in node.items():
        if prop in ("@context", "@type", "@id"):
            continue
        if prop == "@graph":
            for number, item in enumerate(value):
                problems.extend(check(item, f"{where}@graph[{number}]"))
            continue
        allowed = _defined(kind, prop) if kind else None
        if allowed is None:
            problems.append(f"{where}.{prop}: not a property of {kind}")
            continue
        _fits(value, allowed, f"{where}.{prop}", problems)
    return problems
