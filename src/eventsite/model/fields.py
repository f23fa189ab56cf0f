"""How the model's fields are annotated: the kinds of values and the marks the loader reads.

Annotations the loader understands, beyond plain types:

- `Ref("speakers")`: the YAML holds an id; the model holds the record it names.
- `Clock(days=...)`: the YAML holds a time of day (`9:00 AM`, `09:00`, `13:15`); the model
  holds an aware datetime in the event's time zone, on the day named by the first of `days`
  that the record gives (else the event's first day).
- `Doc("...")`: the field's description for editors (it ends up in the JSON Schema).
- `Either("panel")`: the field is required unless the other is given, and refused with it.
- `Unless("attendance", "online")`: the field is required unless the other has that value,
  and refused with it; a field may carry several (an online event's venue, an unpublished one).
- `AnyOf()`: of the fields so marked, a record gives one or more (a venue's name or city).
- `Inherits()`: the records of this list take the other fields of the record that holds it as
  their own, unless they give them (a group's `track:` is each of its sessions' track).
- a `forms.Form`: the text must be written in that form (a price, a currency code).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NewType

from markupsafe import Markup

Url = NewType("Url", str)
"""An http(s), mailto or tel URL, or a relative path; anything else is refused at load."""

Html = NewType("Html", Markup)
"""Markdown text in YAML or a .md file, rendered and sanitised at load."""


@dataclass(frozen=True)
class Ref:
    """Marks a field whose YAML value is the id of a record in another file."""

    collection: Literal["speakers", "panels", "publications", "series", "venues"]


@dataclass(frozen=True)
class Clock:
    """Marks a field written as a time of day and held as an aware datetime."""

    days: tuple[str, ...] = ("date",)
    """The record's date fields that give the day, first given wins; without one, the day of
    the record that holds this one (a segment's session), else the event's first day."""


@dataclass(frozen=True)
class Inherits:
    """Marks a list of records that take their holder's other fields as defaults."""


@dataclass(frozen=True)
class Either:
    """Marks a field that is required unless `other` is given, and refused with it."""

    other: str


@dataclass(frozen=True)
class Unless:
    """Marks a field that is required unless `other` has the value `value` (an online event's
    venue, or one whose source names none: `venue_published: false`), and refused with it."""

    other: str
    value: str | bool


@dataclass(frozen=True)
class AnyOf:
    """Marks the fields of which a record must give at least one: a venue known by its name,
    its city, or both."""


@dataclass(frozen=True)
class Doc:
    """A field's description for editors."""

    text: str


SessionKind = Literal[
    "registration",
    "opening",
    "plenary",
    "keynote",
    "remarks",
    "panel",
    "fireside-chat",
    "talk",
    "workshop",
    "poster-session",
    "discussion",
    "press-conference",
    "break",
    "meal",
    "reception",
    "networking",
    "wrap-up",
    "other",
]

EventStatus = Literal["scheduled", "draft", "cancelled", "postponed", "rescheduled", "moved-online"]
SessionStatus = Literal["scheduled", "draft", "cancelled"]
Access = Literal["open", "invitation", "registration"]
Attendance = Literal["in-person", "online", "hybrid"]
"""How people take part: in the room, online only, or either (schema.org's attendance modes)."""
