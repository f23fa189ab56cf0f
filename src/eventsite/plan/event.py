"""The pages: which files to make, from which template, with what data; and rendering them.

`plan` decides every page and builds what templates may read, as views that record each read
(engine.read): the site's lists, the maps from speakers and sessions to their pages and roles,
the calendar links, the settings. It also fingerprints all of it in the build's table, so that
a page, or a piece of one (`fragment`), is rendered again only when something it read changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from types import MappingProxyType
from typing import Any, TypeVar

from eventsite import i18n
from eventsite.engine.steps import Table, digest
from eventsite.i18n import N_, Language
from eventsite.model import Appearance, Session, Site, Speaker
from eventsite.model.lifecycle import Timing
from eventsite.outputs import jsonld
from eventsite.outputs.common import Settings, slots
from eventsite.outputs.preview import preview
from eventsite.plan import timetable
from eventsite.plan.views import Calendars, Lazy, Map, SiteView
from eventsite.text import slug

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """One output file: its path inside the site, its template, and the values only it has."""

    path: str
    template: str
    bound: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    local: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The fingerprints of the bound values, by the name templates read them under."""


@dataclass(frozen=True)
class Plan:
    """Every page of a site, what all of them may read, and the fingerprints of all of it."""

    pages: tuple[Page, ...]
    shared: Mapping[str, Any]
    table: Table


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


@dataclass(frozen=True)
class Day:
    """One day of the agenda and its slots, in order."""

    date: date
    sessions: tuple[Session, ...]


# -- views: what templates read, recorded ---------------------------------------------------------


# -- the plan -----------------------------------------------------------------------------------


def plan(
    site: Site,
    settings: Settings,
    templates: Mapping[str, str] | None = None,
    prefix: str = "",
    people: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
    up: str | None = None,
    versions: tuple[Version, ...] = (),
    folder: str = "",
) -> Plan:
    """Decide every page of the site and what templates may read; pure, no disk access.

    Speakers with a bio or a photo, and sessions with an abstract, get a page of their own.
    Every link is relative (`root` leads back to the event's top, `site_root` to the site's),
    so the site works from any folder and from file://. `templates` are the fingerprints of the
    template files by name. In a site of events, an event's pages are put in its folder
    (`prefix`), the people with a page of the site's own link there instead (`people`: speaker
    id to path from the event's top), and `extra` values are shared with its templates. `up`
    leads from the pages' folder to the site's top (another language of an event is a folder
    further down). An event in several languages has a plan per language: `versions` are all
    of them, `folder` this one's (each page then links to itself in the others).

    Every page is bound to its language (`settings.language`), so that a piece of a page is
    kept for pages of that language only, and every output that says a word reads it.
    """
    table = Table(records=dict(site.fingerprints))
    fps = table.fingerprints
    fps["site"] = digest(*table.records.values())
    language = settings.language
    table.records[id(language)] = language.fingerprint
    fps["language"] = digest(language.fingerprint, str(settings.tag))
    fps.update((f"template:{name}", fp) for name, fp in (templates or {}).items())
    keys = record_keys(site)

    def key(record: Any) -> str:  # a session's name in the table
        return keys.get(id(record)) or table.of(record)

    moment = Timing.of(site).at(settings.now)
    values: dict[str, Any] = {
        "event": site.event,
        "now": settings.now,
        **moment,  # phase, what the page offers: the moment matters only through these
        "days": agenda_days(site),
        "zones": zones(site, language),
        "choices": choices(site),
        "base_url": settings.base_url,
    }
    fps.update((f"ctx.{name}", table.of(value)) for name, value in values.items())
    people = people or {}
    speaker_pages = {s.id: f"speakers/{name}.html" for s, name in names(_speakers(site, people))}
    speaker_pages.update(people)
    session_pages = session_paths(site)
    views: dict[str, Any] = {
        "site": SiteView(site, table),
        "roles": Map(table, "roles", speaker_roles(site), str),
        "speaker_pages": Map(table, "speaker_pages", speaker_pages, str),
        "session_pages": Map(table, "session_pages", session_pages, key),
        "calendar": Calendars(site, settings, table, key),
    }
    base = settings.base_url or ""
    words = fps["language"]
    lazy = {  # made when a page first reads them; each fingerprinted by what it is made of
        "preview": Lazy(
            partial(preview, site, settings), fps["site.event"], fps["site.body"], base, words
        ),
        "jsonld": Lazy(
            partial(jsonld.script, site, settings), fps["site"], base, moment["phase"], words
        ),
        # every day of the event, as a list or a grid
        "timetable": Lazy(partial(timetable.days, site), fps["site.event"], fps["site.sessions"]),
    }
    fps.update((f"ctx.{name}", value.fingerprint) for name, value in lazy.items())
    views.update(lazy)
    for name, value in (extra or {}).items():
        fps[f"ctx.{name}"] = table.of(value)
    if up is None:
        up = "../" if prefix else ""  # from an event's folder to the site's top

    def page(path: str, template: str, **bound: Any) -> Page:
        inner = path.removeprefix(prefix)
        alternates = _alternates(versions, folder, inner, language)
        return _page(table, path, template, language=language, alternates=alternates, **bound)

    pages = [page(f"{prefix}index.html", "index.html", root="", site_root=up)]
    for speaker in site.speakers:
        if speaker.id in speaker_pages and speaker.id not in people:
            pages.append(page(prefix + speaker_pages[speaker.id], "speaker.html", root="../",
                              site_root=f"../{up}", speaker=speaker,
                              noindex=speaker.private))  # fmt: skip
    for session, path in session_pages.items():
        page_data = Lazy(partial(jsonld.session_script, site, settings, session),
                         fps[f"calendar[{key(session)}]"])  # fmt: skip
        pages.append(page(prefix + path, "session.html", root="../", site_root=f"../{up}",
                          session=session, session_jsonld=page_data))  # fmt: skip
    shared = {**values, **views, **(extra or {})}
    return Plan(tuple(pages), MappingProxyType(shared), table)


@dataclass(frozen=True)
class Part:
    """One language of one event: its content, its settings, its pages, and where they go."""

    site: Site
    settings: Settings
    plan: Plan
    prefix: str


def plan_languages(
    site: Site,
    settings: Settings,
    templates: Mapping[str, str] | None = None,
    prefix: str = "",
    people: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> tuple[Part, ...]:
    """Plan an event in each of its languages: the first at `prefix`, each other one in a
    folder of its own below it ("ko/"), with its own settings (its language, its address)."""
    up = "../" if prefix else ""
    first = settings.language
    if not site.translations:
        return (
            Part(site, settings, plan(site, settings, templates, prefix, people, extra), prefix),
        )
    folders = [f"{i18n.base(t)}/" for t in site.event.translations]
    base = settings.base_url
    versions = (Version(first, "", base),) + tuple(
        Version(i18n.language(tag), folder, f"{base}{folder}" if base else None)
        for tag, folder in zip(site.event.translations, folders, strict=True)
    )
    parts = [Part(site, settings, plan(site, settings, templates, prefix, people, extra,
                                       versions=versions), prefix)]  # fmt: skip
    for other, version in zip(site.translations, versions[1:], strict=True):
        mine = Settings(settings.now, version.base_url, version.language, True)
        deeper = {k: f"../{v}" for k, v in (people or {}).items()}  # a folder further down
        made = plan(other, mine, templates, prefix + version.folder, deeper, extra,
                    up=f"../{up}", versions=versions, folder=version.folder)  # fmt: skip
        parts.append(Part(other, mine, made, prefix + version.folder))
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


def _page(table: Table, path: str, template: str, **bound: Any) -> Page:
    local = {f"ctx.{name}": value.fingerprint if isinstance(value, Lazy) else table.of(value)
             for name, value in bound.items()}  # fmt: skip
    return Page(path, template, MappingProxyType(bound), MappingProxyType(local))


def record_keys(site: Site) -> dict[int, str]:
    """A name for each session, stable from one build to the next, by its object's id."""
    return {id(slot.session): f"session:{slot.slug}" for slot in slots(site)}


def _speakers(site: Site, elsewhere: Mapping[str, str]) -> list[tuple[Speaker, str]]:
    return [(s, s.id) for s in site.speakers if (s.bio or s.photo) and s.id not in elsewhere]


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
    result = []
    for record, name in named:
        base = slug(name) or "page"
        chosen, n = base, 1
        while chosen in taken:
            n += 1
            chosen = f"{base}-{n}"
        taken.add(chosen)
        result.append((record, chosen))
    return result


def agenda_days(site: Site) -> tuple[Day, ...]:
    """The agenda split by the day each slot starts on, in the agenda's order."""
    found: dict[date, list[Session]] = {}
    for session in site.sessions:
        found.setdefault(session.start.date(), []).append(session)
    return tuple(Day(day, tuple(sessions)) for day, sessions in found.items())


def zones(site: Site, language: Language | None = None) -> tuple[str, ...]:
    """Each zone abbreviation and offset the agenda uses, "EDT, UTC−04:00", in order."""
    language = language or i18n.language()
    # Translators: a zone and its offset from UTC ("UTC−04:00", "GMT+09:00"), as the agenda's
    # note on zones lists them.
    said = language.gettext(N_("%(zone)s, %(offset)s"))
    seen = dict.fromkeys(
        said % {"zone": language.zone_label(s.start), "offset": language.offset(s.start)}
        for s in site.sessions
    )
    return tuple(seen)


def choices(site: Site) -> dict[str, tuple[str, ...]]:
    """What the agenda's filters offer: its tracks, rooms, venues (when sessions take place in
    more than one) and kinds, each in the order they first appear, and each only when there are
    two or more to choose from."""
    main = site.event.venue
    found: dict[str, list[str | None]] = {
        "track": [s.track for s in site.sessions],
        "room": [s.room for s in site.sessions],
        "venue": [timetable.building(s.venue or main) for s in site.sessions],
        "kind": [s.kind for s in site.sessions],
    }
    offered = {name: tuple(dict.fromkeys(v for v in values if v)) for name, values in found.items()}
    return {name: values for name, values in offered.items() if len(values) > 1}


def speaker_roles(site: Site) -> dict[str, tuple[Role, ...]]:
    """Every slot each speaker appears in, with their role there, by speaker id."""
    found: dict[str, list[Role]] = {s.id: [] for s in site.speakers}
    for session in site.sessions:
        for person in people(session):
            found[person.speaker.id].append(Role(person.role, session))
    return {key: tuple(value) for key, value in found.items()}


def people(session: Session) -> tuple[Appearance, ...]:
    """Everyone in a slot with their role, panel moderator and panelists included."""
    return session.people


# -- rendering ----------------------------------------------------------------------------------
