"""Hints in the words of the page an agenda was pasted from: a field it names otherwise
(location:, city:), a time written as a range, as noon or as 9h30, a space after a colon.

Editors copy agendas from event pages, programmes and e-mails, and keep their words; each hint
here answers a way real agendas write a fact that eventsite has a field or a form for.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from eventsite.model import forms

_ROOM_OR_VENUE = (
    ("room", "room: for a room of the venue"),
    ("venue", "venue: for another place (the id of one of venues in event.yaml)"),
)
_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "location": _ROOM_OR_VENUE,
    "place": _ROOM_OR_VENUE,
    "where": _ROOM_OR_VENUE,
    "hall": _ROOM_OR_VENUE,
    "time": (("start", "start: and end: (each a time)"),),
    "times": (("start", "start: and end: (each a time)"),),
    "begin": (("start", "start:"),),
    "begins": (("start", "start:"),),
    "start_time": (("start", "start:"),),
    "ends": (("end", "end:"),),
    "finish": (("end", "end:"),),
    "end_time": (("end", "end:"),),
    "until": (("end", "end:"),),
    "day": (("date", "date:"),),
    "type": (("kind", "kind:"),),
    "format": (("kind", "kind:"),),
    "category": (("kind", "kind:"),),
    "description": (("abstract", "abstract:"), ("summary", "summary:"), ("bio", "bio:")),
    "speaker": (("speakers", "speakers: (a list)"),),
    "presenters": (("speakers", "speakers:"),),
    "participants": (("speakers", "speakers:"), ("panelists", "panelists:")),
    "chair": (("moderator", "moderator:"),),
    "city": (("locality", "locality:"),),
    "town": (("locality", "locality:"),),
    "address": (("street", "street: (and locality:, postal_code: ...)"),),
    "state": (("region", "region:"),),
    "zip": (("postal_code", "postal_code:"),),
    "postcode": (("postal_code", "postal_code:"),),
    "title": (("position", "position: for a job title"),),
    "job_title": (("position", "position:"),),
    "affiliation": (("organization", "organization:"),),
    "company": (("organization", "organization:"),),
    "institution": (("organization", "organization:"),),
    "employer": (("organization", "organization:"),),
    "tba": (("more_to_come", "more_to_come: true"),),
    "to_be_announced": (("more_to_come", "more_to_come: true"),),
    "more_sessions": (("more_to_come", "more_to_come: true"),),
}
_OF_A_GROUP = {"more_to_come", "tba", "to_be_announced", "more_sessions"}
"""Names of what a group of sessions says (a day's or a track's programme is not all known),
never one session."""


def field_hint(name: str, fields: Collection[str]) -> str:
    """What to write for a field the source names its own way ("location" -> room or venue),
    among the record's `fields`; "" when the name is none of those."""
    said = [words for field, words in _FIELDS.get(name.casefold(), ()) if field in fields]
    if not said and name.casefold() in _OF_A_GROUP and "start" in fields:
        return ("a session cannot say it; write more_to_come: true in a group of sessions, "
                "beside its date: or track: and sessions:")  # fmt: skip
    return "write " + ", or ".join(said) if said else ""


_RANGE = re.compile(r"^(.+?)\s*(?:[-–—~]|\bto\b|\buntil\b|\bbis\b)\s*(.+?)$", re.IGNORECASE)
_MERIDIEM = re.compile(r"[aApP]\.? ?[mM]\.?\s*$")
_NOON = {"noon": "12:00 PM", "12 noon": "12:00 PM", "12:00 noon": "12:00 PM", "midday": "12:00 PM"}
_HOURS = re.compile(r"^(\d{1,2})\s*(?:h|uhr)\s*(\d{2})?\s*$|^(\d{1,2})[:.](\d{2})\s*uhr$", re.I)
_UNKNOWN = {"tbd", "tba", "tbc", "to be announced", "to be determined", "to be confirmed"}


def clock_problem(text: str, field: str) -> tuple[str, str] | None:
    """What is wrong with a time as a source writes it, and what to write, for the forms
    agendas use that eventsite reads otherwise; None for any other text."""
    folded = " ".join(text.split()).casefold()
    if folded in _NOON:
        return f'"{text}" is not a time of day', f"write {_NOON[folded]}"
    if folded == "midnight":
        hint = "write 12:00 AM" + (", and end_date: with the next day" if field == "end" else "")
        return f'"{text}" is not a time of day', hint
    if folded in _UNKNOWN:
        if field == "end":
            return f'"{text}" is not a time of day', "leave end out: a slot may have a start alone"
        return f'"{text}" is not a time of day', "leave the slot out until its time is published"
    hours = _HOURS.match(folded)
    if hours:
        hour, minutes = (hours[1], hours[2]) if hours[1] else (hours[3], hours[4])
        return f'"{text}" is not a time of day', f"write {int(hour):02d}:{minutes or '00'}"
    parts = _RANGE.match(text.strip())
    if parts is None:
        return None
    first, last = parts[1].strip(), parts[2].strip()
    meridiem = _MERIDIEM.search(last)
    if meridiem and not _MERIDIEM.search(first):  # "10 - 11 am": both in the morning
        first = f"{first} {meridiem[0].strip()}"
    if not (forms.CLOCK.matches(first) and forms.CLOCK.matches(last)):
        return None
    return (f'"{text}" is a time range, not a time of day',
            f"write start: {first} and end: {last}, each on a line of its own")  # fmt: skip


_HOUR = re.compile(r"\d{1,2}$")
_AFTER = re.compile(r"^ +(\d{2})\b")


def colon_space(line: str, column: int) -> tuple[str, str] | None:
    """A time typed with a space after its colon ("7: 30 AM"), which YAML reads as a new
    field: what is wrong and what to write; None when the colon at `column` is not one."""
    before, after = line[:column], line[column + 1 :]
    hour = _HOUR.search(before)
    if hour is None or _AFTER.match(after) is None:
        return None
    written = f"{hour[0]}:{after.strip()}"
    return (f'a space after the colon in "{hour[0]}:{after.rstrip()}"',
            f"delete the space after the colon: {written}")  # fmt: skip
