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
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventsite import model
from eventsite.engine.steps import Memo, Prints, Table, digest
from eventsite.errors import ContentError, Problem, SiteError
from eventsite.load import pictures
from eventsite.load.checks import at as _at
from eventsite.load.event import CONTENT, Load, Loaded, load_alone, load_event, loading
from eventsite.load.inputs import Sources
from eventsite.load.records import Reader, Shared
from eventsite.load.reuse import Records, Reuse
from eventsite.load.yamlfile import Position
from eventsite.model.lifecycle import span
from eventsite.model.pictures import references
from eventsite.model.site import SITE_ONLY

SITE = "site.yaml"
EVENTS = "events"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED = frozenset({"static", "people", "topics", "series", "calendar"})
"""Folders of the site itself, which no event may take as its name."""
LONGEST = 100
"""The most characters of an event's name: an address, and public-NAME/ well within 255 bytes."""


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
    found: Sources | None = None,
) -> Loaded:
    """A project's content: a site of events if it has content/site.yaml, else one event (see
    load_site), with the fingerprint of each record. Of a site, every file is read and checked,
    and ContentError lists every problem in every file; `event` names the one event to read
    (`eventsite build --event`). `found`: the project as a build's `sources` walked and read it."""
    if not is_catalog(project):
        if event is not None:
            raise SiteError(f"--event {event}: this project is one event, not a site of events",
                            f"leave out --event, or start a site with content/{SITE} (see "
                            "docs/editing.md)")  # fmt: skip
        return Loaded(*load_alone(project, strict, memo, reuse, found))
    with loading(project, strict, memo, found) as load:
        return _load(load, reuse, event)


def _load(load: Load, reuse: Reuse | None, only: str | None) -> Loaded:
    project, strict = load.project, load.strict
    own = reuse.parts.setdefault("", Reuse()) if reuse is not None else None
    last = own.documents if own else {}
    docs = {
        name: load.document(project / CONTENT / name, f"{CONTENT}/{name}", name == SITE,
                            last.get(name), own is not None)
        for name in (SITE, "speakers.yaml", "publications.yaml")
    }  # fmt: skip
    reader = Reader(render=load.render, last=own.records if own else None,
                    files=load.files if own is None else None)  # fmt: skip
    info = reader.document(docs[SITE], model.SiteInfo, required=True)
    speakers = reader.records(docs["speakers.yaml"], model.Speaker, "speakers")
    publications = reader.records(docs["publications.yaml"], model.Publication, "publications")
    problems = list(reader.notes.problems)
    if isinstance(info, model.SiteInfo):
        problems.extend(_same_page(info.series, reader.notes.marks))
    for number, publication in enumerate(publications, 1):
        if publication.id is None:
            problems.append(_at(reader.notes.marks, f"publications[{number}]", "has no id",
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
        own.documents, own.records = docs, reader.tops.keep
    shared = _shared(info, speakers, publications, reader.tops)
    prints = Prints()
    prints.update(shared.fingerprints)
    made_of = _made_of(load) if reuse is not None else {}  # the dev server's: see load_event
    events: dict[str, model.Site] = {}
    marks: dict[str, dict[str, Position]] = {}
    for slug in names if only is None else [only]:
        shown = f"{CONTENT}/{EVENTS}/{slug}"
        if (wrong := bad_slug(slug)) is not None:
            problems.append(wrong)
            continue
        part = reuse.parts.setdefault(slug, Reuse()) if reuse is not None else None
        try:
            site, marks[slug], own_prints = load_event(load, project / shown, shown, part, shared,
                                                       made_of.get(slug, ""))  # fmt: skip
            events[slug] = _in_folder(site, slug)
            prints.update(own_prints)
        except ContentError as exc:
            problems.extend(exc.problems)
    if reuse is not None:  # forget the events that went
        reuse.parts = {k: v for k, v in reuse.parts.items() if k in events or k == ""}
    found = [] if problems else _check(speakers, events, marks, reader.notes.marks, project, only)
    unfit, seen = pictures.check(references(speakers, organizer=info.organizer),
                                 reader.notes.marks, load.static)  # fmt: skip
    found.extend(unfit)
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
    return Loaded(catalog, prints)


def _same_page(series: tuple[model.Series, ...], marks: Mapping[str, Position]) -> list[Problem]:
    """Two series whose ids make one page name ("s1" and "S1", "korea-forum" and
    "korea_forum"): the second would overwrite the first's page."""
    found: list[Problem] = []
    first: dict[str, model.Series] = {}
    for number, one in enumerate(series, 1):
        other = first.setdefault(one.page, one)
        if other is not one:
            found.append(_at(marks, f"site.series[{number}].id", f'"{one.id}" makes the page '
                             f'{one.page}, as "{other.id}" does', "give one of them an id of "
                             "other letters or digits"))  # fmt: skip
    return found


def _made_of(load: Load) -> dict[str, str]:
    """The fingerprint of everything each event of the site is loaded from, by its folder: its
    own files, the site's shared files (its defaults, people and publications), the static files
    pictures are judged from, and strict or not. None without the sources' fingerprints."""
    own: dict[str, list[str]] = {}
    shared = [str(load.strict), *(f"{n}={fp}" for n, fp in sorted(load.pictures.items()))]
    for name, fingerprint in sorted(load.content.items()):
        folder, _, inner = name.partition("/")
        if folder == EVENTS:
            own.setdefault(inner.partition("/")[0], []).append(f"{inner}={fingerprint}")
        elif "/" not in name:
            shared.append(f"{name}={fingerprint}")
    if not load.content:
        return {}
    common = digest(*shared)
    return {slug: digest(common, *files) for slug, files in own.items()}


def _in_folder(site: model.Site, slug: str) -> model.Site:
    """An event of the site, and each of its languages, marked with its folder (its ids')."""
    first = dataclasses.replace(site, folder=slug)
    others = tuple(dataclasses.replace(t, folder=slug, original=first) for t in site.translations)
    return dataclasses.replace(first, translations=others) if others else first


def bad_slug(slug: str) -> Problem | None:
    """Why a folder cannot name an event (its name is its address); `new event` says it too."""
    if SLUG.fullmatch(slug) and slug not in RESERVED and len(slug) <= LONGEST:
        return None
    message = f'"{slug}" cannot name an event: it is its address'
    return Problem(f"{CONTENT}/{EVENTS}/{slug}", 0, 0, "", message, _slug_hint(slug))


def _slug_hint(slug: str) -> str:
    if slug in RESERVED:
        return f"rename the folder: {', '.join(sorted(RESERVED))} are the site's own folders"
    suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower())[:LONGEST].strip("-") or "my-event"
    if SLUG.fullmatch(slug):
        return f"rename the folder with at most {LONGEST} characters, e.g. {suggestion}"
    return f"rename the folder with lower-case letters, digits and hyphens, e.g. {suggestion}"


def _shared(
    info: model.SiteInfo,
    speakers: tuple[model.Speaker, ...],
    publications: tuple[model.Publication, ...],
    read: Records,
) -> Shared:
    table, prints = Table(), Prints()
    read.give((*speakers, *publications), prints)  # the loader's, by their text
    for series in info.series:  # records inside site.yaml: fingerprints of what they hold
        prints.add(series, table.of(series))
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
    return Shared(records, prints, defaults, key, info.language)


# -- checks across events ---------------------------------------------------------------------


def _check(
    speakers: tuple[model.Speaker, ...],
    events: Mapping[str, model.Site],
    marks: Mapping[str, Mapping[str, Position]],
    shared_marks: Mapping[str, Position],
    project: Path,
    only: str | None,
) -> list[Problem]:
    """Problems no single event shows: the same id in two events' own lists, a shared person
    no event names, two events at one venue at once; and each event's base_url."""
    found: list[Problem] = []
    by_id = {s.id: s for s in speakers}
    shared = {id(s) for s in speakers}
    first: dict[str, tuple[str, model.Speaker]] = {}
    for slug, site in events.items():
        for field, why in SITE_ONLY.items():
            if getattr(site.event, field) is not None:
                hint = f"remove it, and give {field} in {CONTENT}/{SITE}"
                found.append(_at(marks[slug], f"event.{field}", why, hint))
        for number, speaker in enumerate(s for s in site.speakers if id(s) not in shared):
            if speaker.id in by_id:  # shown as they were then: their name and privacy stay
                found.extend(_differs(marks[slug], number + 1, speaker, by_id[speaker.id],
                                      f"{CONTENT}/speakers.yaml"))  # fmt: skip
                continue
            if speaker.id not in first:
                first[speaker.id] = (slug, speaker)
                continue
            other, known = first[speaker.id]
            where = f"{CONTENT}/{EVENTS}/{other}/speakers.yaml"
            if known.name == speaker.name and known.private != speaker.private:
                found.extend(_differs(marks[slug], number + 1, speaker, known, where))
            elif known.name == speaker.name:
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


def _differs(
    marks: Mapping[str, Position],
    number: int,
    speaker: model.Speaker,
    other: model.Speaker,
    where: str,
) -> list[Problem]:
    """An event's own entry for a person another file lists too: the same name, and private in
    both or in neither (a page across events would undo the protection of the private one)."""
    if speaker.name != other.name:
        return [_at(marks, f"speakers[{number}].id", f'"{speaker.id}" names {other.name} in '
                    f"{where}", "give one of them another id: an id is one person across the "
                    "site")]  # fmt: skip
    if speaker.private == other.private:
        return []
    here, there = ("here", f"in {where}") if speaker.private else (f"in {where}", "here")
    return [_at(marks, f"speakers[{number}].private", f'"{speaker.id}" is private {here} but '
                f"not {there}", "write private: true in both: a person kept private at one event "
                "is private across the site")]  # fmt: skip


def _clashes(
    events: Mapping[str, model.Site], marks: Mapping[str, Mapping[str, Position]]
) -> list[Problem]:
    """Two events at the same named venue at overlapping times: a warning, on the later one."""
    held: list[tuple[str, model.Site, datetime, datetime]] = [
        (slug, site, *(t.astimezone(UTC) for t in span(site)))  # type: ignore[misc]
        for slug, site in events.items()
        if site.event.status in ("scheduled", "postponed")
        and site.event.venue
        and site.event.venue.name
    ]
    held.sort(key=lambda item: (item[2], item[0]))
    found = []
    for n, (slug, site, begins, _) in enumerate(held):
        venue = site.event.venue
        for other, other_site, _, other_ends in held[:n]:
            place = other_site.event.venue
            if venue is None or place is None:
                continue
            if (place.name, place.locality) == (venue.name, venue.locality) and begins < other_ends:
                found.append(_at(marks[slug], "event.venue", f"{venue.name} also holds "
                                 f"{other_site.event.title} ({CONTENT}/{EVENTS}/{other}) at that "
                                 "time", "check the date and the venue of both events",
                                 warning=True))  # fmt: skip
                break
    return found
