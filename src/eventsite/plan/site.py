"""The pages of a site of events: each event's own pages in its folder, and the pages across
events: the index of events, a page per person, per topic and per series, and the feeds.

Each event is planned by render.plan as a single event is, with its own table of what its steps
may read, so nothing of another event can make its files again. The pages across events are
bound to what they show, made here once per build from the loaded events: an `Entry` per
event (its title, days, place, phase ...), each person's roles at each event, each topic's
events and publications. A page is made again only when what it shows changed: an edit to one
event's agenda changes its own files, and the pages across events that show what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import quote

from eventsite import i18n
from eventsite.engine.steps import Prints, Table, digest
from eventsite.model import Catalog, Event, Publication, SiteInfo, Speaker
from eventsite.model.lifecycle import Timing
from eventsite.outputs import feed, ics, images, jsonld
from eventsite.outputs.common import Settings
from eventsite.outputs.entry import (
    AtEvent,
    Entry,
    Group,
    Listed,
    Person,
    Piece,
    RoleAt,
    Year,
    newest,
    pieces,
    soonest,
)
from eventsite.outputs.images import Shown
from eventsite.plan.event import (
    EventPlan,
    Known,
    Page,
    Plan,
    Where,
    names,
    plan_languages,
    session_paths,
)
from eventsite.plan.views import Pictures, shown


@dataclass(frozen=True)
class CatalogPlan:
    """Every page of a site of events: each event's plan, and the pages across events."""

    events: tuple[EventPlan, ...]
    pages: Plan
    entries: tuple[Entry, ...]
    settings: Settings
    info: SiteInfo
    planned_from: Mapping[str, str] = field(default_factory=dict)
    """The fingerprint of what each event is planned from, by its folder, in the site's order
    (none unless asked for: see plan_catalog)."""
    unplanned: frozenset[str] = frozenset()
    """The events not planned: made by an earlier build from what they would be planned from."""
    timings: Mapping[str, Timing] = field(default_factory=dict)
    """What the moment is judged against of each event in its first language, by the folder of
    its pages (`EventPlan.prefix`): its piece's, kept with it while the event is unchanged."""


INDEX = "index.html"
PEOPLE = "people/index.html"


@dataclass(frozen=True)
class Basis:
    """What an event's plans are made of, but the moment itself: its site in each language
    (every field: its piece's fingerprint), the `inputs` (templates, pictures ...), its
    settings' addresses, where the moment puts it, and where its pages go and link to."""

    sites: str
    inputs: str
    addresses: Settings
    moment: dict[str, Any]
    where: Where


@dataclass(frozen=True)
class PlannedFrom:
    """What an event's plans are made of, and its fingerprint: the `key` they are kept by."""

    basis: Basis
    key: str


class Planned(NamedTuple):
    """An event's plans, one a language, with what they were planned from: a pair, as the dev
    server takes it apart after a build to settle each plan (serve/server.py)."""

    planned_from: PlannedFrom
    parts: tuple[EventPlan, ...]


@dataclass
class Kept:
    """What the dev server keeps of its last build's plan for the next: each event's plans, by
    its folder, with what they were planned from; what the pages across events took of each
    event; the people, and each person's page's values."""

    plans: dict[str, Planned] = field(default_factory=dict)
    pieces: dict[str, Piece] = field(default_factory=dict)
    people: People | None = None
    persons: dict[str, Page] = field(default_factory=dict)
    """Each person's page, by id."""
    site: Settings | None = None
    """The addresses of the site's own pages `persons` were made at. Kept, not derived from
    them: a page holds only what it shows (its language, its full address: none if noindex),
    and working out each one's address again to compare would cost every save a join of
    addresses per person (about 18 ms for the 2,000 people of the site of 300 events)."""


def plan_catalog(
    catalog: Catalog,
    now: datetime,
    base_url: str | None = None,
    known: Known | None = None,
    kept: Kept | None = None,
    made: Callable[[str, str], bool] | None = None,
) -> CatalogPlan:
    """Decide every page of a site of events and what each may read; pure, no disk access.
    An event planned from what it was planned from in the build `kept` holds (the dev
    server's last) keeps that plan; `kept` then holds this build's. An event whose folder and
    fingerprint of what it is planned from `made` says an earlier build made is not planned
    (a build takes its files whole: kept.py)."""
    info = catalog.info
    zone = info.timezone or UTC
    base = base_url or info.base_url
    if base and not base.endswith("/"):
        base += "/"
    site_now = now if now.tzinfo is not None else now.replace(tzinfo=zone)  # the site's time
    # The site's own pages speak its language; each event its own, else the site's.
    language = i18n.language(info.language or i18n.DEFAULT)
    settings = Settings(site_now, base or None, language, info.language is not None)
    known = known or Known()
    table = Table(known.prints)
    asked = kept is not None or made is not None  # what each event is planned from
    found = pieces(catalog, site_now, language, table, kept.pieces if kept else None, asked,
                   partial(_image, known=known), session_paths)  # fmt: skip
    people = _people(catalog, found, kept.people if kept else None)
    entries = {slug: piece.entry for slug, piece in found.items() if piece.entry is not None}
    planned: list[EventPlan] = []
    planned_from: dict[str, str] = {}
    timings: dict[str, Timing] = {}
    unplanned: set[str] = set()
    last = dict(kept.plans) if kept is not None else {}
    inputs = digest(*(table.of(v) for v in (known.templates, known.pictures, known.avif,
                                            known.colours)))  # fmt: skip
    languages: dict[str | None, i18n.Language] = {}  # each read once a build, not per event
    for slug, site in catalog.events.items():
        tag = site.event.language or info.language
        if tag not in languages:
            languages[tag] = i18n.language(tag or i18n.DEFAULT)
        event_settings = replace(
            Settings.for_site(site, site_now, f"{base}{slug}/" if base else None, languages[tag]),
            stated=tag is not None or bool(site.event.translations),
        )  # fmt: skip
        links = {s.id: f"../{people.paths[s.id]}" for s in site.speakers if s.id in people.paths}
        where = Where(prefix=f"{slug}/", up="../", people=links, home=info)
        timings[where.prefix] = found[slug].timing
        if not asked:
            planned.extend(plan_languages(site, event_settings, known, where))
            continue
        was = last.get(slug)
        why = _planned_from(table, found[slug], event_settings, where, inputs, was)
        planned_from[slug] = why.key
        if made is not None and made(slug, why.key):
            unplanned.add(slug)
            continue
        parts = _again(was, why.key, event_settings.now, known.prints)
        if parts is None:
            parts = plan_languages(site, event_settings, known, where)
        if kept is not None:
            kept.plans[slug] = Planned(why, parts)
        planned.extend(parts)
    if kept is not None:
        for slug in set(last) - set(catalog.events):
            del kept.plans[slug]  # an event that went
        kept.pieces, kept.people = found, people
    pages = _site_pages(catalog, entries, people, settings, known, kept)
    return CatalogPlan(tuple(planned), pages, tuple(entries.values()), settings, info,
                       MappingProxyType(planned_from), frozenset(unplanned),
                       MappingProxyType(timings))  # fmt: skip


def _planned_from(
    table: Table,
    piece: Piece,
    settings: Settings,
    where: Where,
    inputs: str,
    was: Planned | None,
) -> PlannedFrom:
    """What an event's plans are made of (a Basis), with its fingerprint; the one `was` was
    planned from while that is the same (the site's own information in `where` the very same
    record)."""
    table.prints.add(settings.language, settings.language.fingerprint)
    basis = Basis(piece.sites, inputs, settings.addresses(), piece.timing.at(settings.now), where)
    last = was.planned_from if was is not None else None
    if last is not None and last.basis.where.home is where.home and last.basis == basis:
        return last
    made_of = (table.of(basis.addresses), table.of(basis.moment), table.of(basis.where))
    return PlannedFrom(basis, digest(inputs, digest(piece.sites, *made_of)))


def _again(
    was: Planned | None, key: str, now: datetime, prints: Prints
) -> tuple[EventPlan, ...] | None:
    """The plans of an event kept from the last build if planned from what `key` says, told
    the new moment and this build's fingerprints; None if they cannot be kept."""
    if was is None or was.planned_from.key != key:
        return None
    parts = []
    for part in was.parts:
        table = part.plan.table
        part.plan.settle()  # what it left for later: of the records the last build's prints know
        # What its calendars, feeds and card are made of, as the last build fingerprinted it.
        made = [(v, table.prints.get(v)) for v in (*part.plan.slots, part.plan.card) if v]
        table.prints = prints  # not the last build's, which held every record of it
        for value, fingerprint in made:
            if fingerprint is not None:
                prints.add(value, fingerprint)
        prints.add(part.site, table.fingerprint("site"))
        prints.add(part.settings.language, part.settings.language.fingerprint)
        table.fingerprints["ctx.now"] = table.of(now)
        shared = MappingProxyType({**part.plan.shared, "now": now})
        parts.append(replace(part, settings=replace(part.settings, now=now),
                             plan=replace(part.plan, shared=shared)))  # fmt: skip
    return tuple(parts)


def _image(event: Event, known: Known) -> Shown | None:
    """An event's picture as the list of events shows it."""
    if not event.image:
        return None
    return shown(known.pictures, known.avif, event.image, images.BANNER, event.image_focus)


@dataclass(frozen=True)
class People:
    """Everyone on an event's agenda whom the site may name: their page, their record, and
    their slots at each event."""

    paths: dict[str, str]  # speaker id -> people/<name>.html
    records: dict[str, Speaker]  # the record each page shows
    roles: dict[str, list[tuple[str, tuple[RoleAt, ...]]]]  # id -> (event slug, roles)


def _people(catalog: Catalog, found: Mapping[str, Piece], last: People | None = None) -> People:
    """The people of the site's events, from each event's piece. A person marked private
    anywhere (the shared list or any event's own) gets no page across events: it would gather
    what the protection hides. Their pages are named as in the `last` build while the same
    records are named."""
    shared = {s.id: s for s in catalog.speakers}
    private = {s.id for s in catalog.speakers if s.private}.union(
        *(piece.private for piece in found.values())
    )
    records: dict[str, Speaker] = {}
    roles: dict[str, list[tuple[str, tuple[RoleAt, ...]]]] = {}
    for slug, piece in found.items():  # in time order: the latest record wins
        for slots in piece.people:
            if slots.ident in private:
                continue
            records[slots.ident] = shared.get(slots.ident, slots.speaker)
            roles.setdefault(slots.ident, []).append((slug, slots.roles))
    was = last.records if last is not None else {}
    if last and len(was) == len(records) and all(was.get(i) is r for i, r in records.items()):
        return People(last.paths, records, roles)  # the very same people: the same pages
    ordered = sorted(records, key=lambda i: (_sort_name(records[i]), i))
    chosen = names([(i, i) for i in ordered], {"index"})
    return People({i: f"people/{name}.html" for i, name in chosen}, records, roles)


def _sort_name(speaker: Speaker) -> str:
    """A name as an index sorts it: by the last word of the name, then the rest."""
    words = speaker.name.split()
    return " ".join([*words[-1:], *words[:-1]]).casefold()


def _site_pages(
    catalog: Catalog,
    entries: Mapping[str, Entry],
    people: People,
    settings: Settings,
    known: Known,
    kept: Kept | None = None,
) -> Plan:
    table = Table(known.prints)
    fps = table.fingerprints
    fps.update((f"template:{name}", fp) for name, fp in known.templates.items())
    info = catalog.info
    upcoming = soonest(e for e in entries.values() if e.open)
    past = newest(e for e in entries.values() if not e.open)
    years = tuple(
        Year(year, tuple(e for e in past if e.year == year))
        for year in sorted({e.year for e in past}, reverse=True)
    )
    groups = _groups(catalog, entries)
    series = tuple(g for g in groups if g.kind == "series")
    topics = tuple(g for g in groups if g.kind == "topic")
    subscribe = _subscribe(settings)
    shared: dict[str, Any] = {
        "home": info,
        "base_url": settings.base_url,
        "series_pages": tuple((g.name, g.path) for g in series),
        "topic_pages": tuple((g.name, g.path) for g in topics),
        "subscribe": subscribe,
        "portraits": any(s.photo and not s.private for s in people.records.values()),
    }
    fps.update((f"ctx.{name}", table.of(value)) for name, value in shared.items())
    shared["pictures"] = Pictures(table, known.pictures, known.avif)  # it records its reads
    pages = [_page(table, settings, INDEX, "events.html", root="", language=settings.language,
                   upcoming=upcoming, years=years,
                   itemlist=jsonld.item_list(settings, (*upcoming, *past)))]  # fmt: skip
    for group in groups:
        pages.append(_page(table, settings, group.path, "listing.html", root="../", group=group,
                           language=settings.language))  # fmt: skip
    listed, persons = [], {}
    last = kept.persons if kept is not None and kept.site == settings.addresses() else {}
    for ident, path in people.paths.items():
        page = _person(table, settings, people, ident, path, entries, last.get(ident))
        persons[ident] = page
        listed.append(page.bound["person"])
        pages.append(page)
    everyone = tuple((p.speaker, p.path, len(p.parts)) for p in listed)
    pages.append(_page(table, settings, PEOPLE, "people.html", root="../", everyone=everyone,
                       language=settings.language))  # fmt: skip
    if kept is not None:
        kept.persons, kept.site = persons, settings.addresses()
    return Plan(tuple(pages), MappingProxyType(shared), table)


def _person(
    table: Table,
    settings: Settings,
    people: People,
    ident: str,
    path: str,
    entries: Mapping[str, Entry],
    was: Page | None,
) -> Page:
    """A person's page: the values of the page `was` (the last build's, at the same addresses)
    while made of the very same record, entries and slots, with their fingerprint if it was
    worked out; else made."""
    held, record = people.roles.get(ident, []), people.records[ident]
    if was is not None and _made_of(was.bound["person"], record, path, held, entries):
        made = (was.known_local() or {}).get("ctx.person")  # worked out when it was judged
        if made is not None:
            table.prints.add(was.bound["person"], made)
        return Page(path, was.template, was.bound, table)
    person = Person(record, path, tuple(AtEvent(entries[slug], roles)
                                        for slug, roles in reversed(held)))  # fmt: skip
    noindex = all(p.entry.noindex for p in person.parts)
    return _page(table, settings, path, "person.html", root="../", person=person,
                 noindex=noindex, language=settings.language)  # fmt: skip


def _made_of(
    person: Person,
    record: Speaker,
    path: str,
    held: list[tuple[str, tuple[RoleAt, ...]]],
    entries: Mapping[str, Entry],
) -> bool:
    """Whether `person` is made of these very values."""
    if person.speaker is not record or person.path != path or len(person.parts) != len(held):
        return False
    pairs = zip(person.parts, reversed(held), strict=True)
    return all(part.entry is entries[slug] and part.roles is roles for part, (slug, roles) in pairs)


def _page(table: Table, settings: Settings, path: str, template: str, **bound: Any) -> Page:
    bound["site_root"] = bound["root"]
    # Its own address, as the sitemap lists it (none for a page search engines leave out).
    address = path.removesuffix("index.html")
    bound["canonical"] = None if bound.get("noindex") else settings.absolute(address)
    table.prints.add(bound["language"], bound["language"].fingerprint)
    return Page(path, template, MappingProxyType(bound), table)


def _groups(catalog: Catalog, entries: Mapping[str, Entry]) -> list[Group]:
    """A group per series of site.yaml, and per topic of an event or a publication."""
    found: list[Group] = []
    for series in catalog.info.series:
        members = [e for e in entries.values() if e.series is not None and e.series.id == series.id]
        found.append(Group("series", series.title, series.page, series.summary,
                           soonest(e for e in members if e.open),
                           newest(e for e in members if not e.open), ()))  # fmt: skip
    shown: dict[int, tuple[Publication, list[Entry]]] = {}
    for publication in catalog.publications:
        shown[id(publication)] = (publication, [])
    for slug, site in catalog.events.items():
        for publication in site.publications:
            shown.setdefault(id(publication), (publication, []))[1].append(entries[slug])
    topics: dict[str, str] = {}
    for entry in entries.values():
        for topic in entry.topics:
            topics.setdefault(topic.casefold(), topic)
    for publication, _ in shown.values():
        for topic in publication.topics:
            topics.setdefault(topic.casefold(), topic)
    ordered = sorted(topics.values(), key=str.casefold)
    for topic, name in names([(t, t) for t in ordered], {"index"}):
        key = topic.casefold()
        members = [e for e in entries.values() if key in {t.casefold() for t in e.topics}]
        publications = sorted(
            (Listed(p, newest(es)) for p, es in shown.values()
             if key in {t.casefold() for t in p.topics}),
            key=lambda item: (item.publication.date, item.publication.title), reverse=True,
        )  # fmt: skip
        upcoming = soonest(e for e in members if e.open)
        past = newest(e for e in members if not e.open)
        found.append(Group("topic", topic, f"topics/{name}.html", None, upcoming, past,
                           tuple(publications)))  # fmt: skip
    return found


@dataclass(frozen=True)
class Subscribe:
    """Where people subscribe: the feed and the calendar, and the calendar apps' own links."""

    feed: str
    calendar: str
    webcal: str | None
    google: str | None


def _subscribe(settings: Settings) -> Subscribe:
    full = settings.absolute(ics.SUBSCRIPTION_PATH)
    webcal = "webcal://" + full.split("://", 1)[1] if full else None
    google = (
        f"https://calendar.google.com/calendar/render?cid={quote(webcal, safe='')}"
        if webcal
        else None
    )
    return Subscribe(feed.PATH, ics.SUBSCRIPTION_PATH, webcal, google)
