"""One event as the pages and feeds across a site's events show it: its `Entry`, its people's
slots, the fingerprint of what its own pages are planned from; made of its loaded site alone.
Beside it, what those pages list of the entries: a year's past events (`Year`), a series' or a
topic's (`Group`), a person's events with their slots at each (`Person`).

The dev server keeps each event's `Piece` from one build to the next while the load gives the
very same event (an event whose files are unchanged is taken whole from the last load): a save
costs what it changed, not the size of the site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime

from markupsafe import Markup

from eventsite.engine.steps import Table, digest
from eventsite.i18n import Language
from eventsite.model import (
    Catalog,
    Event,
    Organizer,
    Publication,
    Series,
    Session,
    Site,
    Speaker,
)
from eventsite.model.lifecycle import Timing, localize
from eventsite.model.online import moved_online
from eventsite.outputs.common import ONLINE, event_uid, venue_line
from eventsite.outputs.images import Shown


@dataclass(frozen=True)
class Entry:
    """One event as the pages across events show it."""

    slug: str
    path: str  # its page, from the site's top
    title: str
    summary: Markup | None  # the lead paragraph
    date: dt.date
    end_date: dt.date | None
    begins: datetime
    ends: datetime
    timed: bool  # one day with an agenda: its hours are shown
    place: str
    location: str  # the venue on one line, for calendars
    online: bool  # held online only (planned so, or moved online): its place is "Online"
    status: str
    phase: str
    series: Series | None
    series_path: str | None
    topics: tuple[str, ...]
    organizer: Organizer
    uid: str
    updated: datetime
    noindex: bool
    image: Shown | None = None
    """The event's picture, for the list of events."""

    @property
    def year(self) -> int:
        """The year the event starts in."""
        return self.date.year

    @property
    def open(self) -> bool:
        """Whether the event is still to come or under way (the upcoming list)."""
        return self.phase != "past"


@dataclass(frozen=True)
class Year:
    """The past events of one year, the newest first."""

    year: int
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Listed:
    """A publication, with the events that show it."""

    publication: Publication
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Group:
    """The events of a topic or a series, and the publications on the topic."""

    kind: str  # "series" or "topic"
    name: str
    path: str
    summary: Markup | None
    upcoming: tuple[Entry, ...]
    past: tuple[Entry, ...]
    publications: tuple[Listed, ...]


def newest(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """The entries, the latest to begin first."""
    return tuple(sorted(entries, key=lambda e: (e.begins.astimezone(UTC), e.slug), reverse=True))


def soonest(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """The entries, the soonest to begin first."""
    return tuple(sorted(entries, key=lambda e: (e.begins.astimezone(UTC), e.slug)))


def entry_of(
    slug: str, site: Site, now: datetime, language: Language, timing: Timing | None = None
) -> Entry:
    """The entry of the event in folder `slug` at the moment `now` (`timing`: its facts, if
    known already)."""
    event = site.event
    timing = timing or Timing.of(site)
    begins, ends = timing.begins, timing.ends
    stage = timing.at(localize(now, site))["phase"]
    venue, online = event.venue, moved_online(event)
    place = ", ".join(p for p in (venue.name, venue.place) if p) if venue else ""
    updated = event.updated or event.date
    return Entry(
        slug=slug,
        path=f"{slug}/index.html",
        title=event.title,
        summary=event.summary,
        date=event.date,
        end_date=event.end_date,
        begins=begins,
        ends=ends,
        timed=bool(site.sessions) and len(event.days) == 1 and site.ends is not None,
        place=language.gettext(ONLINE) if online or not venue and event.venue_published else place,
        location=venue_line(venue),
        online=online,
        status=event.status,
        phase=stage,
        series=event.series,
        series_path=event.series.page if event.series else None,
        topics=event.topics,
        organizer=event.organizer,
        uid=str(event_uid(site)),
        updated=datetime(updated.year, updated.month, updated.day, tzinfo=event.timezone),
        noindex=event.noindex,
    )


@dataclass(frozen=True)
class RoleAt:
    """What a person did in one slot of an event."""

    role: str | None
    heading: str
    start: datetime
    end: datetime | None
    href: str | None  # the slot's own page, from the site's top


@dataclass(frozen=True)
class AtEvent:
    """A person at one event: the event, and each slot they were in."""

    entry: Entry
    roles: tuple[RoleAt, ...]


@dataclass(frozen=True)
class Person:
    """Someone who spoke at the site's events, with each event, the newest first."""

    speaker: Speaker
    path: str
    parts: tuple[AtEvent, ...]


@dataclass(frozen=True)
class Slots:
    """A person's slots at one event: the record the event names them by, what they did in
    each slot, and the fingerprint of that."""

    ident: str
    speaker: Speaker
    roles: tuple[RoleAt, ...]
    fingerprint: str


@dataclass(frozen=True)
class Piece:
    """What the pages across events take of one event."""

    site: Site
    """What it is made of: kept while the load gives this very object."""
    timing: Timing
    sites: str
    """The fingerprint of the event in each language, every field ("" if not asked for)."""
    people: tuple[Slots, ...]
    private: frozenset[str]
    """The people the event's own list marks private."""
    entry: Entry | None = None
    """Its entry in the lists of events, at the moment of the build that made it."""
    language: Language | None = None
    """The language of the site's own pages, which the entry is made in."""
    entry_print: str = ""
    """The fingerprint of the entry ("" if not asked for)."""


def pieces(
    catalog: Catalog,
    now: datetime,
    language: Language,
    table: Table,
    kept: Mapping[str, Piece] | None,
    fingerprint: bool,
    image: Callable[[Event], Shown | None],
    pages: Callable[[Site], Mapping[Session, str]],
) -> dict[str, Piece]:
    """Each event's piece at the moment `now`, in the site's order: the one `kept` holds for
    it while the event loaded is the very one it was made of, told the moment and the
    pictures (`image`: the picture lists of events show); made anew otherwise, with the page
    of each slot that has one (`pages`), and the fingerprints of its sites and its entry only
    if asked for (the dev server's, and a build's that takes events whole)."""
    found: dict[str, Piece] = {}
    for slug, site in catalog.events.items():
        was = kept.get(slug) if kept is not None else None
        if was is None or not _same(was.site, site) or (fingerprint and not was.sites):
            was = _piece(slug, site, pages(site), table, fingerprint)
        # The moment and the pictures change with no edit to the event: its entry follows.
        entry, shown = was.entry, image(site.event)
        if (
            entry is None
            or language is not was.language
            or was.timing.at(now)["phase"] != entry.phase
        ):
            entry = replace(entry_of(slug, site, now, language, was.timing), image=shown)
        elif shown != entry.image:
            entry = replace(entry, image=shown)
        if entry is not was.entry:
            made = table.of(entry) if fingerprint else ""  # the next build's, if kept
            was = replace(was, entry=entry, language=language, entry_print=made)
        elif was.entry_print:
            table.prints.add(entry, was.entry_print)
        for slots in was.people:  # the prints of this build know those of the kept slots
            table.prints.add(slots.roles, slots.fingerprint)
        found[slug] = was
    return found


def _same(was: Site, site: Site) -> bool:
    """Whether `site` is made of the very records `was` is made of, in each language: the load
    gives an event whose files are unchanged whole, in a new shell (its folder's)."""
    if was is site:
        return True
    if was.folder != site.folder or len(was.translations) != len(site.translations):
        return False
    pairs = zip((was, *was.translations), (site, *site.translations), strict=True)
    return all(getattr(a, name) is getattr(b, name) for a, b in pairs for name in _FIELDS)


_FIELDS = tuple(
    f.name for f in fields(Site) if f.name not in ("translations", "original", "folder")
)
"""What a site is made of, but its other languages and its folder (a name, not a record)."""


def _piece(
    slug: str, site: Site, pages: Mapping[Session, str], table: Table, fingerprint: bool
) -> Piece:
    """The piece of the event in folder `slug`.

    The fingerprint of a person's slots is made of what is known already: the loader's print
    of each slot they are in (its text in the event's zone and day, and the panel it names:
    their role, the heading, the times) and the slot's page, whose name hangs on other slots'
    titles too. Their page is then not digested again field by field, for every event of
    theirs, in every build."""
    found: dict[str, list[RoleAt]] = {}
    records: dict[str, Speaker] = {}
    sources: dict[str, list[str]] = {}  # the prints each person's slots are made of
    for session in site.sessions:
        href = pages.get(session)
        link = f"{slug}/{href}" if href else None
        source = f"{table.of(session)} {link or ''}"
        for person in session.people:
            speaker = person.speaker
            records[speaker.id] = speaker
            found.setdefault(speaker.id, []).append(
                RoleAt(person.role, session.heading, session.start, session.end, link)
            )
            sources.setdefault(speaker.id, []).append(source)
    # the slot holds everyone in it: whose roles these are is part of what they are
    people = tuple(Slots(i, records[i], tuple(held), digest("slots", i, *sources[i]))
                   for i, held in found.items())  # fmt: skip
    timing = Timing.of(site)
    sites = ""
    if fingerprint:
        every = [{k: v for k, v in vars(s).items() if k not in ("translations", "original")}
                 for s in (site, *site.translations)]  # fmt: skip
        sites = table.of(every)
    private = frozenset(s.id for s in site.speakers if s.private)
    return Piece(site, timing, sites, people, private)
