"""A programme as the records of eventsite's content files: what the source says, and nothing it
does not (a session with no end at the source is written with none, a venue with no city with
none)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, get_args
from zoneinfo import ZoneInfo

from eventsite.model import SessionKind
from eventsite.text import slug
from eventsite.tools.importers.programme import Programme, Talk

Record = dict[str, Any]

KINDS: tuple[str, ...] = get_args(SessionKind)
"""The kinds eventsite has."""

_WORDS: dict[str, tuple[str, ...]] = {
    # A source's word for a session (its type, or a Sessionize format category), folded to
    # lower case, and the kinds it may be, first the one eventsite has: a kind that a later
    # eventsite adds (workshop, plenary) is then used without a change here.
    "talk": ("talk",), "lecture": ("talk",), "presentation": ("talk",), "session": ("talk",),
    "vortrag": ("talk",), "lightning talk": ("talk",), "lightning": ("talk",),
    "short talk": ("talk",), "long talk": ("talk",), "contribution": ("talk",),
    "oral": ("talk",), "conference talk": ("talk",), "kurzvortrag": ("talk",),
    "keynote": ("keynote",), "plenary": ("plenary", "keynote"), "plenum": ("plenary", "keynote"),
    "panel": ("panel",), "panel discussion": ("panel",), "podium": ("panel",),
    "podiumsdiskussion": ("panel",), "discussion": ("discussion",), "diskussion": ("discussion",),
    "workshop": ("workshop", "discussion"), "hands-on": ("workshop", "discussion"),
    "tutorial": ("workshop", "discussion"), "meeting": ("discussion",),
    "bof": ("discussion",), "fireside chat": ("fireside-chat", "discussion"),
    "poster": ("poster-session", "other"), "poster session": ("poster-session", "other"),
    "break": ("break",), "pause": ("break",), "coffee break": ("break",), "kaffeepause": ("break",),
    "lunch": ("meal",), "dinner": ("meal",), "breakfast": ("meal",), "meal": ("meal",),
    "mittagessen": ("meal",), "mittagspause": ("meal",), "reception": ("reception",),
    "registration": ("registration",), "check-in": ("registration",),
    "anmeldung": ("registration",), "opening": ("opening",), "welcome": ("opening",),
    "begrüßung": ("opening",), "eröffnung": ("opening",), "closing": ("wrap-up",),
    "wrap-up": ("wrap-up",), "abschluss": ("wrap-up",), "remarks": ("remarks",),
    "networking": ("networking",), "social": ("networking",),
    "press conference": ("press-conference", "other"), "other": ("other",),
}  # fmt: skip

_SERVICE = (("lunch", "meal"), ("dinner", "meal"), ("breakfast", "meal"), ("coffee", "break"),
            ("break", "break"), ("registration", "registration"), ("reception", "reception"),
            ("welcome", "opening"), ("opening", "opening"), ("closing", "wrap-up"))  # fmt: skip
_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d",
                          "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d",
                          "œ": "oe", "Œ": "Oe", "ı": "i"})  # fmt: skip
"""Letters that Unicode does not decompose into ASCII ones, as they are usually spelt so."""
_MODERATOR = re.compile(r"^(moderat\w*|chair\w*|host|leitung)$", re.IGNORECASE)


def kind_of(word: str | None) -> str | None:
    """The kind a source's word for a session means, if eventsite has one; None if not."""
    if word is None:
        return None
    folded = " ".join(word.casefold().replace("_", " ").replace("-", " ").split())
    # The whole word first ("lightning talk"), then its last word ("invited talk": a talk).
    for words in (folded, folded.rsplit(" ", 1)[-1]):
        for kind in _WORDS.get(words, ()):
            if kind in KINDS:
                return kind
    return folded if folded in KINDS else None


def service_kind(title: str) -> str:
    """The kind of a service session (a Sessionize break or meal) from the words of its title."""
    folded = title.casefold()
    return next((kind for word, kind in _SERVICE if word in folded), "break")


@dataclass
class Records:
    """The content of an event's files, each record as its YAML would hold it (text values)."""

    event: Record
    speakers: dict[str, Record]
    panels: dict[str, Record]
    sessions: dict[str, Record]
    comments: dict[str, list[str]] = field(default_factory=dict)
    """Lines kept as comments above a record, by "sessions/ID" or "speakers/ID"."""
    keys: dict[str, str] = field(default_factory=dict)
    """The speaker id of each of the source's people, kept from one import to the next."""
    kinds: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Each source word for a session: the kind it became, and how many sessions."""


def build(programme: Programme, keys: dict[str, str]) -> Records:
    """The records of a programme; `keys` are the speaker ids the last import gave."""
    zone = ZoneInfo(programme.timezone)
    talks = sorted(programme.sessions, key=lambda t: (t.start, t.room or "", t.key))
    days = sorted({t.start.astimezone(zone).date() for t in talks})
    first = min(d for d in (programme.first, *days[:1]) if d is not None) if talks else None
    last = max(d for d in (programme.last, *days[-1:]) if d is not None) if talks else None
    event: Record = {}
    if programme.title:
        event["title"] = programme.title
    if first is not None:
        event["date"] = first.isoformat()
        if last is not None and last != first:
            event["end_date"] = last.isoformat()
    event["timezone"] = programme.timezone
    if programme.venue:
        event["venue"] = dict(programme.venue)
    records = Records(event, {}, {}, {}, keys=dict(keys))
    used = {talk_people for talk in talks for talk_people, _ in talk.people}
    for key, person in programme.people.items():
        if key not in used:
            continue
        ident = records.keys.get(key) or _new_id(person.name, key, records)
        records.keys[key] = ident
        speaker: Record = {"id": ident, "name": person.name}
        for name in ("position", "organization", "url", "photo", "bio"):
            if getattr(person, name):
                speaker[name] = getattr(person, name)
        records.speakers[ident] = speaker
        if person.unplaced:
            records.comments[f"speakers/{ident}"] = list(person.unplaced)
    for talk in talks:
        _session(talk, records, zone)
    return records


def _new_id(name: str, key: str, records: Records) -> str:
    """A speaker id from the name when it is first seen (readable in the agenda), else from the
    source's id; kept from then on, whatever the name becomes."""
    base = slug(name.translate(_LETTERS), 60) or f"speaker-{slug(key, 40) or len(records.keys) + 1}"
    taken = set(records.keys.values())
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


def _session(talk: Talk, records: Records, zone: ZoneInfo) -> None:
    start, end = talk.start.astimezone(zone), talk.end.astimezone(zone) if talk.end else None
    kind = talk.kind or kind_of(talk.type) or "other"
    word = talk.type or (f"({talk.kind})" if talk.kind else "(no type at the source)")
    if talk.type is None and talk.kind is None:  # a sheet without types: the title's first word
        first = re.split(r"[\s:&,]+", talk.title.casefold(), maxsplit=1)[0]
        if kind_of(first):
            kind, word = str(kind_of(first)), f'"{first}" at the start of a title'

    made, count = records.kinds.get(word, (kind, 0))
    records.kinds[word] = (made, count + 1)
    record: Record = {"id": talk.key, "date": start.date().isoformat()}
    record["start"] = f"{start:%H:%M}"
    if end is not None:
        record["end"] = f"{end:%H:%M}"
        if end.date() != start.date():
            record["end_date"] = end.date().isoformat()
    record["kind"] = kind
    people = [(records.keys[k], role) for k, role in talk.people if k in records.keys]
    chairs = [p for p, role in people if role and _MODERATOR.match(role)]
    if chairs:
        panel: Record = {"id": talk.key, "title": talk.title, "moderator": chairs[0]}
        others = [p for p, role in people if p != chairs[0]]
        if others:
            panel["panelists"] = others
        records.panels[talk.key] = panel
        record["kind"], record["panel"] = "panel", talk.key
    else:
        record["title"] = talk.title
    if talk.room:
        record["room"] = talk.room
    if talk.track:
        record["track"] = talk.track
    if talk.cancelled:
        record["status"] = "cancelled"
    if talk.abstract:
        record["abstract"] = talk.abstract
    if people and not chairs:
        record["speakers"] = [{"speaker": p, "role": r} if r else {"speaker": p} for p, r in people]
    records.sessions[talk.key] = record
    if talk.unplaced:
        records.comments[f"sessions/{talk.key}"] = list(talk.unplaced)


def kinds_line(records: Records) -> str:
    """How the source's words became kinds, most used first: 'Talk -> talk (30), ...'."""
    counts = Counter({word: n for word, (_, n) in records.kinds.items()})
    return ", ".join(
        f"{word} -> {records.kinds[word][0]} ({n}"
        + ("; eventsite has no such kind: change it by hand if another fits)"
           if records.kinds[word][0] == "other" and word[0] not in '("' and word != "other"
           else ")")
        for word, n in counts.most_common()
    )  # fmt: skip
