"""The Jinja environment and the page plan: which files to make, from which template, with what."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import jinja2

from eventsite import timetable
from eventsite.errors import SiteError
from eventsite.lifecycle import Phase, phase
from eventsite.model import Appearance, Session, Site, Speaker
from eventsite.outputs import jsonld, links
from eventsite.outputs.common import Settings
from eventsite.outputs.preview import preview
from eventsite.text import clock, iso, long_date, slug, utc_offset, zone

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """One output file: its path inside the site, its template and the data it shows."""

    path: str
    template: str
    context: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    shows: tuple[Any, ...] | None = None
    """All the data the default templates show on this page; equal data, equal page. The dev
    server re-renders only pages whose `shows` changed. None: the page shows the whole site."""


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


def plan(site: Site, now: datetime, base_url: str | None = None) -> list[Page]:
    """Decide every page of the site; pure, no disk access.

    Speakers with a bio or a photo, and sessions with an abstract, get a page of their own.
    Every link is relative (`root` leads back to the site's top), so the site works from any
    folder and from file://.
    """
    settings = Settings.for_site(site, now, base_url)
    stage = phase(site, settings.now)
    speaker_pages = {s.id: f"speakers/{slug}.html" for s, slug in _slugs(_speakers(site))}
    session_pages = {s: f"sessions/{slug}.html" for s, slug in _slugs(_sessions(site))}
    context: dict[str, Any] = {
        "site": site,
        "event": site.event,
        "now": settings.now,
        "phase": stage,  # upcoming, ongoing or past; event.status says if it was called off
        "is_past": stage == "past",
        **offers(site, stage),
        "roles": MappingProxyType(speaker_roles(site)),
        "days": agenda_days(site),
        "timetable": timetable.days(site),  # every day of the event: a list, or a grid
        "places": MappingProxyType(timetable.places(site)),  # each session's room or track
        "zones": zones(site),
        "speaker_pages": MappingProxyType(speaker_pages),
        "session_pages": MappingProxyType(session_pages),
        "root": "",
        "calendar": links.calendars(site, settings),
        "preview": preview(site, settings),
        "jsonld": jsonld.script(site, settings),
    }
    pages = [Page("index.html", "index.html", MappingProxyType(context))]
    common = (site.event, bool(site.speakers))  # the head, the navigation and the footer
    roles = context["roles"]
    for speaker in site.speakers:
        if speaker.id in speaker_pages:
            data = {**context, "root": "../", "speaker": speaker, "noindex": speaker.private}
            hrefs = tuple(session_pages.get(r.session) for r in roles[speaker.id])
            shows = (common, speaker, roles[speaker.id], hrefs)
            path = speaker_pages[speaker.id]
            pages.append(Page(path, "speaker.html", MappingProxyType(data), shows))
    for session, path in session_pages.items():
        data = {**context, "root": "../", "session": session,
                "session_jsonld": jsonld.session_script(site, settings, session)}  # fmt: skip
        hrefs = tuple(speaker_pages.get(p.speaker.id) for p in session.people)
        pages.append(Page(path, "session.html", MappingProxyType(data), (common, session, hrefs)))
    return pages


def _speakers(site: Site) -> list[tuple[Speaker, str]]:
    return [(s, s.id) for s in site.speakers if s.bio or s.photo]


def _sessions(site: Site) -> list[tuple[Session, str]]:
    return [(s, s.id or s.heading) for s in site.sessions if s.abstract]


def _slugs(named: list[tuple[T, str]]) -> list[tuple[T, str]]:
    """Each record with a file name made from its id or title, unique among them."""
    taken: set[str] = set()
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


def zones(site: Site) -> tuple[str, ...]:
    """Each zone abbreviation and offset the agenda uses, "EDT, UTC−04:00", in order."""
    seen = dict.fromkeys(f"{zone(s.start)}, UTC{utc_offset(s.start)}" for s in site.sessions)
    return tuple(seen)


def offers(site: Site, stage: Phase) -> dict[str, bool]:
    """What the page offers visitors at this stage: registration, joining online, calendars."""
    on = site.event.status in ("scheduled", "moved-online") and stage != "past"
    return {
        "offer_registration": on and site.event.registration is not None,
        "offer_online": on and site.event.online_url is not None,
        "offer_calendar": on,
    }


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


def make_env(templates: Iterable[Path]) -> jinja2.Environment:
    """The one Jinja environment: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in templates]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build makes its own environment: no need to look at each file again
        bytecode_cache=_COMPILED,
    )
    env.filters.update(clock=clock, zone=zone, utc_offset=utc_offset, long_date=long_date, iso=iso)
    env.globals.update(people=people)
    return env


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates kept in memory by the checksum of their source, for the life of the
    process: the dev server compiles each template once, not on every save. Nothing is written
    to disk: a build writes only its output folder."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill the bucket from memory, if this source was compiled before."""
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a freshly compiled template."""
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


def render_all(env: jinja2.Environment, pages: Iterable[Page]) -> dict[str, bytes]:
    """Render every planned page to bytes, by output path."""
    try:
        return {p.path: env.get_template(p.template).render(p.context).encode() for p in pages}
    except jinja2.TemplateSyntaxError as exc:
        where = f"templates/{exc.name or exc.filename}:{exc.lineno}"
        raise SiteError(f"template syntax error: {exc.message}", where=where) from None
    except jinja2.TemplateNotFound as exc:
        raise SiteError(f"template {exc.name} not found in templates/") from None
    except jinja2.UndefinedError as exc:
        where = _template_frame(exc)
        raise SiteError(f"unknown name: {exc.message}", "check the spelling", where) from None


def _template_frame(exc: BaseException) -> str:
    # Jinja rewrites tracebacks so that template lines appear as frames of their own; the
    # innermost one is where the template went wrong.
    where = "templates"
    tb = exc.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if "templates" in path.parts:
            inside = path.parts[len(path.parts) - path.parts[::-1].index("templates") - 1 :]
            where = f"{'/'.join(inside)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
