"""Each record's own rules, judged once its fields are decoded: what no field can say alone.

An end before its start, a price without its currency, a language given twice. A rule takes the
record as read (`Fields`: each field's node and decoded value) and returns its problems, and the
values it sets, if any (a segment of a session past midnight is moved to the next day); it
never changes what it is given nor calls back into the decoder, so each rule can be read, and
tested, as a function of one record. Rules across records (the schedule, people on no slot) are
checks.py's.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import yaml

from eventsite import i18n, model
from eventsite.errors import Problem
from eventsite.load.refs import id_node
from eventsite.load.yamlfile import problem
from eventsite.text import duration, likely_typo

LONGEST = timedelta(hours=12)
"""A slot longer than this is taken for a mistake (8:45 PM for 8:45 AM), not a long session."""

_ABSOLUTE = re.compile(r"https?://[^/?#]+", re.IGNORECASE)


@dataclass(frozen=True)
class Fields:
    """One record as read: where it is, each field's node as written and its decoded value."""

    file: str
    path: str
    node: yaml.Node
    given: Mapping[str, yaml.Node]
    values: Mapping[str, Any]
    texts: Mapping[str, str]  # times of day as written, by path, for messages in the same words

    def at(self, where: yaml.Node | None, field: str, message: str, hint: str) -> Problem:
        """A problem at a field of the record (the field's own node unless `where`)."""
        node = self.given[field] if where is None else where
        return problem(self.file, node, f"{self.path}.{field}", message, hint)


Verdict = tuple[list[Problem], dict[str, Any]]  # a rule's problems, and the values it sets


def _session(r: Fields) -> Verdict:
    found = _times(r)
    v = r.values
    if v.get("panel") is None and not v.get("title"):
        found.append(problem(r.file, r.node, r.path, 'missing required field "title"',
                             "add title: ..., or panel: <panel id> for a panel"))  # fmt: skip
    if v.get("panel") is not None and v.get("title"):
        found.append(r.at(None, "title", "a panel slot takes its title from the panel",
                          "remove title here, or change it in panels.yaml"))  # fmt: skip
    # Segment times are read on the session's first day; in a session past midnight, a time
    # before the session's start is on the next day. (Whether each lies within its session is
    # a check of the schedule, with the others.)
    start, segments = v["start"], v.get("segments", ())
    runs_over_midnight = v.get("end") is not None and v["end"].date() > start.date()
    if runs_over_midnight and any(s.start and s.start < start or s.end and s.end < start
                                  for s in segments):  # fmt: skip
        return found, {"segments": tuple(_after(s, start) for s in segments)}
    return found, {}


def _times(r: Fields) -> list[Problem]:
    """A slot that ends before it starts, or runs longer than LONGEST, with the likely typo."""
    start, end = r.values["start"], r.values.get("end")
    if end is None:
        if r.values.get("end_date") is None:
            return []
        return [r.at(None, "end_date", "gives the day the slot ends, but the slot has no end",
                     "add end: with the time it ends, or remove end_date")]  # fmt: skip
    # Compared in UTC: Python compares two times in one zone by their wall clocks, which is
    # wrong across a daylight-saving change.
    length = end.astimezone(UTC) - start.astimezone(UTC)
    if timedelta(0) < length <= LONGEST:
        return []
    written = {n: r.texts[f"{r.path}.{n}"] for n in ("start", "end")}
    fix = likely_typo(start, end, written)
    end_date = r.values.get("end_date")
    if length <= timedelta(0):
        hint = fix or "make end later than start"
        if not fix and start.hour >= 18 and end.hour < 12 and end_date is None:
            hint += (
                f", or add end_date: {start.date() + timedelta(days=1)} if it runs past midnight"
            )
        what = f"ends at {written['end']}, not after it starts ({written['start']})"
    elif end_date is not None and end.date() > start.date() + timedelta(days=1):
        return []  # a slot over several days: the schedule's checks say so, in their words
    else:
        minutes = length // timedelta(minutes=1)
        what = f"runs {duration(minutes)} ({written['start']} - {written['end']}), over 12 hours"
        hint = fix or "check the times; give a long event one slot per part of the day"
    return [r.at(None, "end", what, hint)]


def _after(segment: model.Segment, start: datetime) -> model.Segment:
    """A segment whose times before `start` are moved to the next day."""

    def later(moment: datetime | None) -> datetime | None:
        if moment is None or moment >= start:
            return moment
        return datetime.combine(moment.date() + timedelta(days=1), moment.timetz())

    return dataclasses.replace(segment, start=later(segment.start), end=later(segment.end))


def _event(r: Fields) -> Verdict:
    found = []
    v = r.values
    if v.get("end_date") is not None and v["end_date"] < v["date"]:
        found.append(r.at(None, "end_date", "is before date",
                          "make end_date the same as or later than date"))  # fmt: skip
    seen: dict[str, int] = {}
    main = v["venue"].id if v.get("venue") else None  # an online event has none
    for number, venue in enumerate(v.get("venues", ()), 1):
        where, item = f"venues[{number}]", r.given["venues"].value[number - 1]
        if venue.id is None:
            hint = "add id: a short name that sessions give as venue, e.g. hotel"
            found.append(r.at(item, where, 'missing required field "id"', hint))
        elif venue.id in seen or venue.id == main:
            first = f"venues[{seen[venue.id]}]" if venue.id in seen else "venue"
            what = f'duplicate id "{venue.id}", already used by {r.path}.{first}'
            found.append(r.at(id_node(item), f"{where}.id", what, "give each venue its own id"))
        else:
            seen[venue.id] = number
    found += _languages(r)
    base_url = v.get("base_url")
    if base_url is not None and not _ABSOLUTE.match(base_url):
        # Machines need the full address; a relative one would resolve against the wrong page.
        hint = "write it with https://, e.g. https://events.example.org/markets/"
        found.append(r.at(None, "base_url", f'"{base_url}" is not a full web address', hint))
    return found, {}


def _languages(r: Fields) -> list[Problem]:
    """A region CLDR knows (the form is forms.LANGUAGE's), each language once."""
    found = []
    v = r.values
    seen: dict[str, str] = {}
    if v.get("language") is not None:
        seen[i18n.base(v["language"])] = "language"
    written = [("language", r.given.get("language"), v.get("language"))]
    nodes = r.given["translations"].value if "translations" in r.given else []
    for number, tag in enumerate(v.get("translations", ()), 1):
        written.append((f"translations[{number}]", nodes[number - 1], tag))
    for field, node, tag in written:
        if tag is None:
            continue
        if i18n.parse(tag) is None:
            found.append(r.at(node, field, f'"{tag}" is not a region of that language',
                              "write the language alone, e.g. fr, or with a region that uses it, "
                              "e.g. fr-CA"))  # fmt: skip
        elif field != "language":
            first = seen.setdefault(i18n.base(tag), field)
            if first != field:
                what = "is the event's language" if first == "language" else (
                    f"is already in {r.path}.{first}")  # fmt: skip
                found.append(r.at(node, field, f'"{tag}" {what}', "give each language once"))
    if v.get("language") is None and "en" in map(i18n.base, v.get("translations") or ()):
        found.append(r.at(None, "translations", '"en" is the event\'s language unless language: '
                          "says another", "add language: with the event's first language, e.g. "
                          "language: ko"))  # fmt: skip
    return found


def _registration(r: Fields) -> Verdict:
    # The forms of price and currency are the model's (forms.PRICE, forms.CURRENCY); what is
    # left is the rule that joins the two.
    if r.values.get("price") is not None and r.values.get("currency") is None:
        hint = "add currency: USD (or the code of the currency you charge in)"
        return [r.at(None, "price", "has no currency", hint)], {}
    return [], {}


def _venue(r: Fields) -> Verdict:
    keys = r.node.value if isinstance(r.node, yaml.MappingNode) else []
    if any(key.value not in r.given for key, _ in keys):
        return [], {}  # a field it does not know (city:) is reported already, and is likely it
    if r.values.get("name") is None and r.values.get("locality") is None:
        return [problem(r.file, r.node, r.path, "says neither the place's name nor its city",
                        "add name: (e.g. 12 Stories bar), locality: (the city), or "
                        "both")], {}  # fmt: skip
    return [], {}


RULES: dict[type, Callable[[Fields], Verdict]] = {
    model.Session: _session,
    model.Venue: _venue,
    model.Event: _event,
    model.Registration: _registration,
}
"""The rules of each kind of record that has any."""
