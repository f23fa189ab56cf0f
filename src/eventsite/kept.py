"""The events of a site a build takes whole from the last build into the same folder.

An edit to one event of a site changes that event's files and the pages across events, never
another event's. An event is made of what plan_catalog fingerprints (every field of its sites,
its settings' addresses, where the moment puts it, where its pages go and whom they link to, the
templates, pictures and colours); its offline copy also lists the site's static files, and its
link preview card is drawn with fonts of the machine. An event whose fingerprint of all that is
the one the last build into the folder made it from, whose cards find the same fonts, whose
pages do not show the moment itself, and whose files are still in the folder as that build
wrote them, would be made of the same bytes: the build neither plans it nor looks up any of its
steps, and its files are linked from the folder. Its steps (each page, piece, calendar and
feed) stay in the cache, kept whole, for the build that changes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventsite.engine.steps import Counts, Memo, digest
from eventsite.outputs.card import Card, Fonts
from eventsite.plan.event import EventPlan, Plan
from eventsite.plan.site import CatalogPlan


@dataclass(frozen=True)
class Event:
    """What a build made of one event of a site, as its record keeps it for the next."""

    made_from: str
    """The fingerprint of what it was made from: its plans' and its offline copy's."""
    pages: int
    indexed: tuple[str, ...]
    """Its pages a sitemap lists, in order."""
    cards: tuple[tuple[Card, str], ...]
    """Each card drawn (a language's), with the fingerprint of the fonts it was drawn with."""
    inside: tuple[str, ...]
    """The keys of its steps, to keep in the cache while the event is taken whole."""

    def to_json(self) -> list[Any]:
        """The event as its build's record keeps it."""
        cards = [[[*vars(card).values()], fonts] for card, fonts in self.cards]
        # The keys as one string: JSON reads one long string faster than thousands of short ones
        return [self.made_from, self.pages, list(self.indexed), cards, "\n".join(self.inside)]

    @classmethod
    def from_json(cls, data: Any) -> Event | None:
        """The event back from a record; None if the record does not hold one."""
        try:
            made_from, pages, indexed, cards, inside = data
            drawn = tuple((_card(*fields), fonts) for fields, fonts in cards)
            steps = tuple(inside.split("\n")) if inside else ()
            return cls(str(made_from), int(pages), tuple(indexed), drawn, steps)
        except (TypeError, ValueError, AttributeError):
            return None


class Taken:
    """Which events of a site a build takes whole from the last build into `out`, whose record
    is `last`; asked by plan_catalog for each event with its fingerprint (`__call__`).

    `offline` is the fingerprint of the files every offline copy lists besides the event's own
    (the static files and pictures, as published); `fonts` finds a card's fonts."""

    def __init__(
        self,
        last: Mapping[str, Any],
        out: Path,
        offline: str,
        fonts: Callable[[Card], Fonts | None],
    ) -> None:
        self.out, self.offline, self.fonts = out, offline, fonts
        self.last = last
        self.outputs: dict[str, list[tuple[str, list[Any]]]] = {}  # by event folder
        for name, written in (last.get("outputs") or {}).items():
            self.outputs.setdefault(name.partition("/")[0], []).append((name, written))
        moment: Mapping[str, str] = last.get("moment") or {}
        self.now = {name.partition("/")[0] for name in moment if name.endswith("/now")}
        """The events whose pages showed the moment of the last build."""
        self.events: dict[str, Event] = {}
        """The events taken, by folder."""
        self.files: dict[str, str] = {}
        """Their files, each with its fingerprint."""

    def made_from(self, key: str) -> str:
        """The fingerprint of what an event is made from, given what it is planned from."""
        return digest(key, self.offline)

    def __call__(self, folder: str, key: str) -> bool:
        """Whether the event in `folder`, planned from what `key` says, is taken whole."""
        kept = (self.last.get("events") or {}).get(folder)
        was = Event.from_json(kept) if kept is not None else None
        if was is None or was.made_from != self.made_from(key):
            return False
        if folder in self.now:
            return False  # a page of it shows the moment of its build: it is made again
        files = self.outputs.get(folder) or []
        if not files or not all(_as_written(f"{self.out}/{name}", w) for name, w in files):
            return False
        for card, fonts in was.cards:
            if _print(self.fonts(card)) != fonts:
                return False  # a font installed or removed since: the card is drawn again
        self.events[folder] = was
        self.files.update((name, written[0]) for name, written in files)
        return True

    def of(self, section: str) -> dict[str, Any]:
        """The entries of the last record's `section` (timings, moment) of the events taken."""
        entries: Mapping[str, Any] = self.last.get(section) or {}
        return {name: v for name, v in entries.items() if name.partition("/")[0] in self.events}

    def listed(self, site: CatalogPlan, events: Sequence[EventPlan]) -> list[str]:
        """The pages of the site's events a sitemap lists, in the site's order: those of the
        `events` planned, and those the last build listed of each event taken whole."""
        parts = _by_folder(events)
        taken = {folder: list(event.indexed) for folder, event in self.events.items()}
        return [path for folder in site.planned_from
                for path in taken.get(folder) or indexed(parts.get(folder, ()))]  # fmt: skip

    def record(
        self,
        site: CatalogPlan,
        events: Sequence[EventPlan],
        inside: Mapping[str, set[str]],
        memo: Memo,
        counts: Counts,
    ) -> dict[str, list[Any]]:
        """What the record of this build keeps of each event, in the site's order: of each of
        the `events` planned, with its steps (each language's, `inside`); of each taken whole,
        what the last build kept, and its steps are kept in the cache again."""
        parts = _by_folder(events)
        record: dict[str, list[Any]] = {}
        for folder, key in site.planned_from.items():
            was = self.events.get(folder)
            if was is None:
                mine = parts[folder]
                steps = set().union(*(inside[part.prefix] for part in mine))
                cards = tuple((part.plan.card, _print(self.fonts(part.plan.card)))
                              for part in mine if part.plan.card is not None)  # fmt: skip
                was = Event(self.made_from(key), sum(len(p.plan.pages) for p in mine),
                            tuple(indexed(mine)), cards, tuple(sorted(steps)))  # fmt: skip
            else:
                memo.keep(was.inside)
                counts.reused += 1  # one step: the event, kept whole
            record[folder] = was.to_json()
        counts.files += len(self.files)
        return record

    @property
    def pages(self) -> int:
        """The pages of the events taken whole."""
        return sum(event.pages for event in self.events.values())


def indexed(events: Iterable[EventPlan]) -> list[str]:
    """The pages of `events` a sitemap lists: none of an event marked noindex."""
    return [path for part in events if not part.site.event.noindex
            for path in listed_pages(part.plan)]  # fmt: skip


def listed_pages(planned: Plan) -> list[str]:
    """The pages of a plan a sitemap lists: those not marked noindex."""
    return [page.path for page in planned.pages if not page.bound.get("noindex")]


def _by_folder(events: Iterable[EventPlan]) -> dict[str, list[EventPlan]]:
    found: dict[str, list[EventPlan]] = {}
    for part in events:
        found.setdefault(part.prefix.partition("/")[0], []).append(part)
    return found


def _card(title: str, when: str, place: str, organizer: str, language: str, rtl: bool,
          colours: list[list[str]]) -> Card:  # fmt: skip
    return Card(title, when, place, organizer, language, rtl, tuple((k, v) for k, v in colours))


def _print(fonts: Fonts | None) -> str:
    return fonts.fingerprint if fonts else ""


def _as_written(path: str, written: list[Any]) -> bool:
    """Whether a file of the output is still as the last build wrote it."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return [st.st_size, st.st_mtime_ns, st.st_ino] == list(written[1:4])
