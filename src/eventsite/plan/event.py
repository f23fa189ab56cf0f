"""An event's pages: which files to make, from which template, with what data; pure.

`plan` decides every page and builds what templates may read, as views that record each read
in the plan's table (views.py): the site's lists, the maps from speakers and sessions to their
pages and roles, the calendar links, the settings. It also names all of it in the table, so
that a page, or a piece of one (`fragment`), is rendered again only when something it read
changed; what many pages read one part each of (a map's keys, a page's own values) is
fingerprinted when a page first asks, so that the pages a save makes first pay for theirs alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property, partial
from types import MappingProxyType
from typing import Any, TypeVar

from eventsite import i18n
from eventsite.engine.steps import Prints, Table, digest
from eventsite.i18n import N_, Language
from eventsite.model import Session, Site, SiteInfo, Speaker
from eventsite.model.lifecycle import Timing
from eventsite.model.online import of_event, of_session
from eventsite.model.pictures import REMOTE, focus
from eventsite.outputs import images, jsonld, offline
from eventsite.outputs.card import SIZE, Card, card_of
from eventsite.outputs.common import Afterwards, Settings, Slot, slots
from eventsite.outputs.images import Picture
from eventsite.outputs.preview import Still, preview
from eventsite.plan import timetable
from eventsite.plan.views import (
    LISTS,
    Calendars,
    Deferred,
    Lazy,
    Made,
    Map,
    Pictures,
    SiteView,
)
from eventsite.text import page_name

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """One output file: its path inside the site, its template, and the values only it has."""

    path: str
    template: str
    bound: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    table: Table = field(default_factory=Table, compare=False, repr=False)
    """The plan's table, which fingerprints the bound values."""

    @cached_property
    def local(self) -> Mapping[str, str]:
        """The fingerprints of the bound values, by the name templates read them under: worked
        out when the page is first made (or judged kept), not for every page before any."""
        of = self.table.of
        return MappingProxyType({f"ctx.{name}": value.fingerprint if isinstance(value, Lazy)
                                 else of(value) for name, value in self.bound.items()})  # fmt: skip

    def known_local(self) -> Mapping[str, str] | None:
        """The fingerprints of the bound values (`local`) if worked out already, else None:
        asking does not work them out."""
        known: Mapping[str, str] | None = vars(self).get("local")  # where cached_property keeps it
        return known


@dataclass(frozen=True)
class Plan:
    """Every page of a site, what all of them may read, and the fingerprints of all of it."""

    pages: tuple[Page, ...]
    shared: Mapping[str, Any]
    table: Table
    card: Card | None = None
    """The card link previews show, for an event without a picture (with base_url)."""
    slots: tuple[Slot, ...] = ()
    """The agenda's slots, each with its calendar file: made once, for the pages and the files
    machines read alike (their fingerprints then worked out once too)."""

    def settle(self) -> None:
        """Work out every fingerprint left for later, with the prints the plan was made with:
        before the dev server keeps it for a build whose prints may not know its records."""
        self.table.settle()
        for page in self.pages:
            _ = page.local  # worked out once, and kept


@dataclass(frozen=True)
class Version:
    """One language of an event: its pages' language, their folder below the event's top
    ("" for the first language, "ko/"), and their full address, if known."""

    language: Language
    folder: str
    base_url: str | None


@dataclass(frozen=True)
class Alternate:
    """The same page in one of the event's languages, for the switcher and hreflang."""

    tag: str
    name: str
    dir: str
    href: str  # from the page
    url: str | None  # the full address, with base_url
    current: bool


@dataclass(frozen=True)
class Role:
    """One thing a speaker does at the event, for their entry in the speakers list."""

    role: str | None
    session: Session


# -- the plan -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """What a build knows of its inputs besides the content: the loader's fingerprint of each
    record, the fingerprint of each template file by the name Jinja loads it under, and the
    picture files."""

    prints: Prints = field(default_factory=Prints)
    templates: Mapping[str, str] = field(default_factory=dict)
    pictures: Mapping[str, Picture] = field(default_factory=dict)
    """Each picture file the content names, by its name (static/...)."""
    avif: bool = False
    """Whether pictures are made in AVIF too."""
    colours: Mapping[str, str] = field(default_factory=dict)
    """The theme's colours, as its stylesheet sets them (for the link previews' card)."""


@dataclass(frozen=True)
class Where:
    """Where an event's pages go and what they link out to.

    Every link is relative, so the site works from any folder and from file://. In a site of
    events an event's pages are in its folder (`prefix`), `up` leads from them to the site's
    top, the people with a page of the site's own link there (`people`: speaker id to the path
    from the pages' folder), and `home` is the site's own information. An event in several
    languages has a plan per language: `versions` are all of them, `folder` this one's (each
    page then links to itself in the others).
    """

    prefix: str = ""
    up: str = ""
    people: Mapping[str, str] = field(default_factory=dict)
    home: SiteInfo | None = None
    versions: tuple[Version, ...] = ()
    folder: str = ""


def plan(
    site: Site, settings: Settings, known: Known | None = None, where: Where | None = None
) -> Plan:
    """Decide every page of the event and what templates may read; pure, no disk access.

    Speakers with a bio or a photo (a private person's is never shown), and sessions with an
    abstract, get a page of their own.
    Every page is bound to its language (`settings.language`), so that a piece of a page is
    kept for pages of that language only, and every output that says a word reads it. What
    pages read but the moment (calendar links, JSON-LD, the head tags) is made with the
    settings' addresses alone, so that it is kept from one build to the next.
    """
    known, where = known or Known(), where or Where()
    table = Table(known.prints)
    fps = table.fingerprints
    shown = SiteView(site, table)  # each list's fingerprint: the site's is made of them
    lists = (fps[f"site.{name}"] for name in LISTS)
    fps["site"] = digest(table.of(site.event), table.of(site.body), *lists)
    table.prints.add(site, fps["site"])
    language = settings.language
    table.prints.add(language, language.fingerprint)
    fps["language"] = digest(language.fingerprint, str(settings.tag))
    fps.update((f"template:{name}", fp) for name, fp in known.templates.items())
    every = slots(site)
    keys = {id(slot.session): f"session:{slot.slug}" for slot in every}

    def key(table: Table, record: Any) -> str:  # a session's name in the table
        return keys.get(id(record)) or table.of(record)

    timing = Timing.of(site)  # the first start and last end: a walk over every session, once
    moment = timing.at(settings.now)
    values: dict[str, Any] = {
        "event": site.event,
        "now": settings.now,
        **moment,  # phase, what the page offers: the moment matters only through these
        "zones": zones(site, language),
        "choices": choices(site),
        "base_url": settings.base_url,
        # A list with a portrait in it gives everyone without one a monogram: a tidy grid.
        "portraits": any(s.photo and not s.private for s in site.speakers),
        # How people take part in the whole event, where to follow it, what it left behind.
        "event_online": of_event(site.event, site.sessions),
        "event_afterwards": Afterwards.of_event(site.event),
    }
    if where.home is not None:
        values["home"] = where.home
    fps.update((f"ctx.{name}", table.of(value)) for name, value in values.items())
    speaker_pages = {s.id: f"speakers/{name}.html"
                     for s, name in names(_speakers(site, where.people))}  # fmt: skip
    speaker_pages.update(where.people)
    session_pages = session_paths(site)
    addresses = settings.addresses()
    still, stills, card = _pictures(site, addresses, known, where.up)
    places = {session: at for at, session in enumerate(site.sessions)}
    views: dict[str, Any] = {
        "site": shown,
        "roles": Map(table, "roles", speaker_roles(site)),
        "speaker_pages": Map(table, "speaker_pages", speaker_pages),
        "session_pages": Map(table, "session_pages", session_pages, key),
        "calendar": Calendars(site, addresses, table, every, (timing.begins, timing.ends)),
        # each session's addresses to follow it online, and its recording, slides, transcript:
        # each made when a page first looks it up
        "online": Map(table, "online", Made(places, partial(of_session, site.event)), key),
        "afterwards": Map(
            table, "afterwards", Made(places, partial(Afterwards.of_session, site.event)), key
        ),
        # made when a page first reads them, each fingerprinted by what it is made of
        "preview": Lazy(table, preview, site, addresses, still),
        "jsonld": Lazy(table, jsonld.script, site, addresses, moment["phase"], stills),
        "pictures": Pictures(table, known.pictures, known.avif),
        "timetable": Lazy(table, timetable.days, site),  # each day, as a list or a grid
    }
    fps.update((f"ctx.{name}", value.fingerprint) for name, value in views.items()
               if isinstance(value, Lazy))  # fmt: skip

    prefix, up, event = where.prefix, where.up, site.event
    several, absolute = len(where.versions) > 1, settings.absolute

    def page(path: str, template: str, **bound: Any) -> Page:
        inner = path.removeprefix(prefix)
        alternates = _alternates(where.versions, where.folder, inner, language) if several else ()
        # Every page names its own address (with base_url), as the sitemap lists it; a page
        # search engines are asked to leave out names none. Joined when the page is made.
        hidden = bound.get("noindex") or event.noindex
        canonical = None if hidden else Deferred(table, absolute, inner.removesuffix("index.html"))
        # The event's offline worker, from this page: at the event's top (sw.js, see make.py).
        top = "../" * (where.folder + inner).count("/")
        worker = f"{top}{offline.PATH}" if event.offline else ""
        own = {"language": language, "alternates": alternates, "canonical": canonical,
               "worker": worker, **bound}  # fmt: skip
        return Page(path, template, MappingProxyType(own), table)

    pages = [page(f"{prefix}index.html", "index.html", root="", site_root=up)]
    for speaker in site.speakers:
        if speaker.id in speaker_pages and speaker.id not in where.people:
            pages.append(page(prefix + speaker_pages[speaker.id], "speaker.html", root="../",
                              site_root=f"../{up}", speaker=speaker,
                              noindex=speaker.private))  # fmt: skip
    by_session = {id(slot.session): slot for slot in every}
    for session, path in session_pages.items():
        about = Lazy(table, jsonld.session_script, site.event, addresses, by_session[id(session)])
        pages.append(page(prefix + path, "session.html", root="../", site_root=f"../{up}",
                          session=session, session_jsonld=about))  # fmt: skip
    return Plan(tuple(pages), MappingProxyType({**values, **views}), table, card, every)


def _pictures(
    site: Site, settings: Settings, known: Known, up: str
) -> tuple[Still | None, tuple[str, ...], Card | None]:
    """What link previews show (og:image), the pictures search engines are given (JSON-LD's
    16:9, 4:3 and 1:1), and the card to draw when the event has no picture: each needs a full
    address, so none without base_url."""
    event = site.event
    if event.image and event.image.lower().startswith(REMOTE):
        return Still(event.image, alt=event.title), (event.image,), None
    if settings.base_url is None:
        return None, (), None
    picture = known.pictures.get(event.image) if event.image else None
    if picture is None:
        card = card_of(site, settings, known.colours)
        url = settings.absolute(card.path) or card.path
        return Still(url, *SIZE, "image/png", event.title), (url,), card
    point = focus(event.image_focus)
    banner, card_sized, four_three, square = (
        picture.shown(replace(cut, focus=point)).largest for cut in images.CUTS["image"]
    )
    found = [settings.absolute(up + f.path) or f.path for f in (banner, four_three, square)]
    still = Still(settings.absolute(up + card_sized.path) or card_sized.path, card_sized.width,
                  card_sized.height, card_sized.type, event.title)  # fmt: skip
    return still, tuple(found), None


@dataclass(frozen=True)
class EventPlan:
    """One language of one event: its content, its settings, its pages, and their folder."""

    site: Site
    settings: Settings
    plan: Plan
    prefix: str


def plan_languages(
    site: Site, settings: Settings, known: Known | None = None, where: Where | None = None
) -> tuple[EventPlan, ...]:
    """Plan an event in each of its languages: the first where `where` says, each other one in
    a folder of its own below it ("ko/"), with its own settings (its language, its address)."""
    where = where or Where()
    if not site.translations:
        return (EventPlan(site, settings, plan(site, settings, known, where), where.prefix),)
    folders = [f"{i18n.base(t)}/" for t in site.event.translations]
    base = settings.base_url
    versions = (Version(settings.language, "", base),) + tuple(
        Version(i18n.language(tag), folder, f"{base}{folder}" if base else None)
        for tag, folder in zip(site.event.translations, folders, strict=True)
    )
    first = replace(where, versions=versions)
    parts = [EventPlan(site, settings, plan(site, settings, known, first), where.prefix)]
    for other, version in zip(site.translations, versions[1:], strict=True):
        mine = Settings(settings.now, version.base_url, version.language, True)
        deeper = replace(
            first,
            prefix=where.prefix + version.folder,
            up=f"../{where.up}",
            people={k: f"../{v}" for k, v in where.people.items()},  # a folder further down
            folder=version.folder,
        )
        parts.append(EventPlan(other, mine, plan(other, mine, known, deeper), deeper.prefix))
    return tuple(parts)


def _alternates(
    versions: tuple[Version, ...], folder: str, inner: str, language: Language
) -> tuple[Alternate, ...]:
    """The page `inner` (below its language's folder) in each language of the event."""
    if len(versions) < 2:
        return ()
    up = "../" * (folder + inner).count("/")
    shown = inner.removesuffix("index.html")  # a folder's address, as canonical links give it
    return tuple(
        Alternate(v.language.tag, v.language.name, v.language.dir, up + v.folder + inner,
                  f"{v.base_url}{shown}" if v.base_url else None, v.language.tag == language.tag)
        for v in versions
    )  # fmt: skip


def _speakers(site: Site, elsewhere: Mapping[str, str]) -> list[tuple[Speaker, str]]:
    return [(s, s.id) for s in site.speakers
            if (s.bio or (s.photo and not s.private)) and s.id not in elsewhere]  # fmt: skip


def session_paths(site: Site) -> dict[Session, str]:
    """The page of each session that has one (an abstract), from the event's top."""
    return {s: f"sessions/{name}.html" for s, name in names(_sessions(site))}


def _sessions(site: Site) -> list[tuple[Session, str]]:
    named = (site.original or site).sessions  # by the first language's titles, in every one
    return [(s, n.id or n.heading) for s, n in zip(site.sessions, named, strict=True)
            if s.abstract]  # fmt: skip


def names(named: list[tuple[T, str]], taken: set[str] | None = None) -> list[tuple[T, str]]:
    """Each record with a file name made from its id or title, unique among them (and unlike
    those `taken` already)."""
    taken = set(taken or ())
    numbers: dict[str, int] = {}  # the last number given to each base: linear, not quadratic
    result = []
    for record, name in named:
        base = page_name(name) or "page"
        n = numbers.get(base, 1)
        chosen = base if n == 1 else f"{base}-{n}"
        while chosen in taken:
            n += 1
            chosen = f"{base}-{n}"
        numbers[base] = n
        taken.add(chosen)
        result.append((record, chosen))
    return result


def zones(site: Site, language: Language | None = None) -> tuple[str, ...]:
    """Each zone abbreviation and offset the agenda uses, "EDT, UTC−04:00", in order."""
    language = language or i18n.language()
    # Translators: a zone and its offset from UTC ("UTC−04:00", "GMT+09:00"), as the agenda's
    # note on zones lists them.
    said = language.gettext(N_("%(zone)s, %(offset)s"))
    # A label and offset are the zone's at that offset, in or out of summer time: worked out
    # once for each (an agenda has one or two), not for each of a thousand sessions.
    found: dict[tuple[object, ...], datetime] = {}
    for session in site.sessions:
        m = session.start
        found.setdefault((m.tzinfo, m.utcoffset(), m.dst(), m.tzname()), m)
    seen = dict.fromkeys(
        said % {"zone": language.zone_label(m), "offset": language.offset(m)}
        for m in found.values()
    )
    return tuple(seen)


def choices(site: Site) -> dict[str, tuple[str, ...]]:
    """What the agenda's filters offer: its tracks, rooms, venues (when sessions take place in
    more than one) and kinds, each in the order they first appear, and each only when there are
    two or more to choose from."""
    main = site.event.venue
    here = timetable.building(main) if main else None  # most sessions': named once
    found: dict[str, list[str | None]] = {
        "track": [s.track for s in site.sessions],
        "room": [s.room for s in site.sessions],
        "venue": [timetable.building(s.venue) if s.venue else here for s in site.sessions],
        "kind": [s.kind for s in site.sessions],
    }
    offered = {name: tuple(dict.fromkeys(v for v in values if v)) for name, values in found.items()}
    return {name: values for name, values in offered.items() if len(values) > 1}


def speaker_roles(site: Site) -> dict[str, tuple[Role, ...]]:
    """Every slot each speaker appears in, with their role there, by speaker id."""
    found: dict[str, list[Role]] = {s.id: [] for s in site.speakers}
    for session in site.sessions:
        for person in session.people:
            found[person.speaker.id].append(Role(person.role, session))
    return {key: tuple(value) for key, value in found.items()}
