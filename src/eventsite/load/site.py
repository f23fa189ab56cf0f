"""Load a site of events: content/site.yaml, the people and publications its events share, and
each event in content/events/<slug>/, read and checked together.

A project is a site of events when content/site.yaml exists; any other project is one event,
loaded by load.py exactly as before. Each event is read by the same loader as a single event,
given the shared records to name by id and the site's values for the fields it leaves out (its
time zone, organiser and venue). Problems in every file of every event are reported in one run.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from eventsite import model
from eventsite.engine.steps import Memo, Prints, Table, digest
from eventsite.errors import ContentError, Problem, SiteError
from eventsite.load import checks, markdown, pictures
from eventsite.load import files as sources
from eventsite.load import inputs as theme
from eventsite.load.event import (
    CONTENT,
    Loaded,
    Reuse,
    Shared,
    collecting_off,
    load_alone,
    load_event,
    markdown_of,
)
from eventsite.load.records import Reader
from eventsite.load.yamlfile import read_document
from eventsite.model.lifecycle import span
from eventsite.model.pictures import references

SITE = "site.yaml"
EVENTS = "events"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED = frozenset({"static", "people", "topics", "series", "calendar"})
"""Folders of the site itself, which no event may take as its name."""


def is_catalog(project: Path) -> bool:
    """Whether a project is a site of events (it has content/site.yaml)."""
    return (project / CONTENT / SITE).is_file()


def slugs(project: Path) -> list[str]:
    """The folder name of every event in content/events/, in name order."""
    folder = project / CONTENT / EVENTS
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_project(
    project: Path,
    strict: bool = False,
    memo: Memo | None = None,
    reuse: Reuse | None = None,
    event: str | None = None,
) -> Loaded:
    """A project's content: a site of events if it has content/site.yaml, else one event;
    with the fingerprint of each record."""
    if is_catalog(project):
        return Loaded(*_catalog(project, strict, memo, reuse, event))
    if event is not None:
        raise SiteError(
            f"--event {event}: this project is one event, not a site of events",
            f"leave out --event, or start a site with content/{SITE} (see docs/editing.md)",
        )
    return Loaded(*load_alone(project, strict, memo, reuse))


def load_catalog(
    project: Path,
    strict: bool = False,
    memo: Memo | None = None,
    reuse: Reuse | None = None,
    only: str | None = None,
) -> model.Catalog:
    """Read and check every file of a site of events; raise ContentError listing every problem
    in every file. `only` names the one event to read (`eventsite build --event`)."""
    return _catalog(project, strict, memo, reuse, only)[0]


def _catalog(
    project: Path,
    strict: bool,
    memo: Memo | None,
    reuse: Reuse | None,
    only: str | None,
) -> tuple[model.Catalog, Prints]:
    markdown.new_load()
    unsafe = sources.check_folders(project)  # links, pipes, unreadable files: see load_site
    if unsafe:
        raise ContentError(unsafe)
    with collecting_off():
        render = partial(markdown_of, memo) if memo else markdown.render
        return _load(project, strict, render, reuse, only)


def _load(
    project: Path,
    strict: bool,
    render: Callable[[str], Markup],
    reuse: Reuse | None,
    only: str | None,
) -> tuple[model.Catalog, Prints]:
    own = reuse.parts.setdefault("", Reuse()) if reuse is not None else None
    last = own.documents if own else {}
    docs = {
        name: read_document(
            project / CONTENT / name, f"{CONTENT}/{name}", name == SITE, last.get(name)
        )
        for name in (SITE, "speakers.yaml", "publications.yaml")
    }
    reader = Reader(render, own.records if own else None)
    for doc in docs.values():
        reader.problems.extend(doc.problems)
    info = reader.document(docs[SITE], model.SiteInfo, required=True)
    speakers = reader.records(docs["speakers.yaml"], model.Speaker, "speakers")
    publications = reader.records(docs["publications.yaml"], model.Publication, "publications")
    problems = list(reader.problems)
    for number, publication in enumerate(publications, 1):
        if publication.id is None:
            problems.append(_at(reader.marks, f"publications[{number}]", "has no id",
                                "add id: a-short-name, by which events name it"))  # fmt: skip
    if (project / CONTENT / "event.yaml").exists():
        problems.append(Problem(f"{CONTENT}/event.yaml", 0, 0, "", "a site of events keeps each "
                                "event in its own folder", f"move it into {CONTENT}/{EVENTS}/"
                                "<name>/ with the event's other files"))  # fmt: skip
    names = slugs(project)
    if only is not None and only not in names:
        hint = f"write one of: {', '.join(names)}" if names else "add one with eventsite new event"
        problems.append(Problem(f"{CONTENT}/{EVENTS}/{only}", 0, 0, "", "no such event", hint))
    elif not names:
        hint = "add one with: eventsite new event SLUG --title ... --date ..."
        problems.append(Problem(f"{CONTENT}/{EVENTS}", 0, 0, "", "the site has no events", hint))
    if problems or not isinstance(info, model.SiteInfo):
        # Without the site's own files, every event would only repeat their problems.
        raise ContentError(problems)
    if own is not None:
        own.documents, own.records = docs, reader.keep
    shared = _shared(info, speakers, publications, reader.fingerprints)
    prints = Prints()
    for record in (*speakers, *publications, *info.series):
        if id(record) in shared.fingerprints:
            prints.add(record, shared.fingerprints[id(record)])
    events: dict[str, model.Site] = {}
    marks: dict[str, dict[str, checks.Position]] = {}
    for slug in names if only is None else [only]:
        shown = f"{CONTENT}/{EVENTS}/{slug}"
        if not SLUG.fullmatch(slug) or slug in RESERVED:
            problems.append(Problem(shown, 0, 0, "", f'"{slug}" cannot name an event: it is its '
                                    "address", _slug_hint(slug)))  # fmt: skip
            continue
        part = reuse.parts.setdefault(slug, Reuse()) if reuse is not None else None
        try:
            events[slug], marks[slug], own_prints = load_event(
                project / CONTENT / EVENTS / slug, shown, project, strict, render, part, shared
            )
            prints.update(own_prints)
        except ContentError as exc:
            problems.extend(exc.problems)
    if reuse is not None:  # forget the events that went
        reuse.parts = {k: v for k, v in reuse.parts.items() if k in events or k == ""}
    found = [] if problems else _check(speakers, events, marks, reader.marks, project, only)
    wrong, seen = pictures.check(references(speakers, organizer=info.organizer), reader.marks,
                                 theme.static_folders(project))  # fmt: skip
    found.extend(wrong)
    if strict:
        found = [dataclasses.replace(p, warning=False) for p in found]
    problems.extend(found)
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    ordered = sorted(events.items(), key=lambda item: (span(item[1])[0].astimezone(UTC), item[0]))
    catalog = model.Catalog(
        info=info,
        events=dict(ordered),
        speakers=speakers,
        publications=publications,
        warnings=tuple(sorted(found)),
        pictures=seen,
    )
    return catalog, prints


def _slug_hint(slug: str) -> str:
    if slug in RESERVED:
        return f"rename the folder: {', '.join(sorted(RESERVED))} are the site's own folders"
    suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "my-event"
    return f"rename the folder with lower-case letters, digits and hyphens, e.g. {suggestion}"


def _shared(
    info: model.SiteInfo,
    speakers: tuple[model.Speaker, ...],
    publications: tuple[model.Publication, ...],
    fingerprints: Mapping[int, str],
) -> Shared:
    table = Table()
    prints = dict(fingerprints)
    for series in info.series:  # records inside site.yaml: fingerprints of what they hold
        prints[id(series)] = table.of(series)
    defaults: dict[tuple[type, str], Any] = {(model.Event, "organizer"): info.organizer}
    if info.timezone is not None:
        defaults[model.Event, "timezone"] = info.timezone
    if info.venue is not None:
        defaults[model.Event, "venue"] = info.venue
    key = digest(*(f"{name}={table.of(value)}" for (_, name), value in defaults.items()))
    records: dict[str, dict[str, Any]] = {
        "speakers": {s.id: s for s in speakers},
        "publications": {p.id: p for p in publications if p.id is not None},
        "series": {s.id: s for s in info.series},
    }
    keep = [*speakers, *publications, *info.series]
    prints = {id(r): prints[id(r)] for r in keep if id(r) in prints}
    return Shared(records, prints, defaults, key, info.language)


def _at(
    marks: Mapping[str, checks.Position], path: str, message: str, hint: str, warning: bool = False
) -> Problem:
    place = path
    while place not in marks and "." in place:
        place = place.rsplit(".", 1)[0]
    file, line, column = marks.get(place, (CONTENT, 0, 0))
    return Problem(file, line, column, path, message, hint, warning)


# -- checks across events ---------------------------------------------------------------------


def _check(
    speakers: tuple[model.Speaker, ...],
    events: Mapping[str, model.Site],
    marks: Mapping[str, Mapping[str, checks.Position]],
    shared_marks: Mapping[str, checks.Position],
    project: Path,
    only: str | None,
) -> list[Problem]:
    """Problems no single event shows: the same id in two events' own lists, a shared person
    no event names, two events at one venue at once; and each event's base_url."""
    found: list[Problem] = []
    shared_ids = {s.id for s in speakers}
    shared = {id(s) for s in speakers}
    first: dict[str, tuple[str, model.Speaker]] = {}
    for slug, site in events.items():
        if site.event.base_url is not None:
            hint = f"remove it, and give base_url in {CONTENT}/{SITE}"
            what = "an event of a site takes its address from the site"
            found.append(_at(marks[slug], "event.base_url", what, hint))
        for number, speaker in enumerate(s for s in site.speakers if id(s) not in shared):
            if speaker.id in shared_ids:
                continue  # the event shows a shared person as they were then: allowed
            if speaker.id not in first:
                first[speaker.id] = (slug, speaker)
                continue
            other, known = first[speaker.id]
            where = f"{CONTENT}/{EVENTS}/{other}/speakers.yaml"
            if known.name == speaker.name:
                found.append(_at(marks[slug], f"speakers[{number + 1}].id", f'"{speaker.id}" is '
                                 f"also in {where}", f"if it is the same person, move them to "
                                 f"{CONTENT}/speakers.yaml and remove both entries",
                                 warning=True))  # fmt: skip
            else:
                found.append(_at(marks[slug], f"speakers[{number + 1}].id", f'"{speaker.id}" '
                                 f"names {known.name} in {where}", "give one of them another "
                                 "id: an id is one person across the site"))  # fmt: skip
    if only is None:
        used = {s.id for site in events.values() for s in site.speakers}
        for number, speaker in enumerate(speakers, 1):
            if speaker.id not in used:
                found.append(_at(shared_marks, f"speakers[{number}].id", f'"{speaker.id}" is on '
                                 "no event's agenda", "name them in an event, or remove the "
                                 "entry", warning=True))  # fmt: skip
    found.extend(_clashes(events, marks))
    return found


def _clashes(
    events: Mapping[str, model.Site], marks: Mapping[str, Mapping[str, checks.Position]]
) -> list[Problem]:
    """Two events at the same named venue at overlapping times: a warning, on the later one."""
    held: list[tuple[str, model.Site, datetime, datetime]] = [
        (slug, site, *(t.astimezone(UTC) for t in span(site)))  # type: ignore[misc]
        for slug, site in events.items()
        if site.event.status in ("scheduled", "postponed") and site.event.venue.name
    ]
    held.sort(key=lambda item: (item[2], item[0]))
    found = []
    for n, (slug, site, begins, _) in enumerate(held):
        venue = site.event.venue
        for other, other_site, _, other_ends in held[:n]:
            place = other_site.event.venue
            if (place.name, place.locality) == (venue.name, venue.locality) and begins < other_ends:
                found.append(_at(marks[slug], "event.venue", f"{venue.name} also holds "
                                 f"{other_site.event.title} ({CONTENT}/{EVENTS}/{other}) at that "
                                 "time", "check the date and the venue of both events",
                                 warning=True))  # fmt: skip
                break
    return found
