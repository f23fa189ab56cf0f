"""Load a project's content: read each file, read its records, check them together.

Every problem in every file is collected, and the load fails once, listing them all; warnings
travel with the loaded site.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from eventsite import i18n, model
from eventsite.engine.steps import Memo, Prints, Step, digest
from eventsite.errors import ContentError, Problem
from eventsite.load import checks, markdown, pictures
from eventsite.load import files as sources
from eventsite.load import inputs as theme
from eventsite.load.records import Kept, Reader, rendered
from eventsite.load.yamlfile import Document, read_document, read_text
from eventsite.model import forms
from eventsite.model.pictures import references

CONTENT = "content"

FILES = {
    "event.yaml": True,
    "speakers.yaml": False,
    "panels.yaml": False,
    "agenda.yaml": True,
    "publications.yaml": False,
    "courses.yaml": False,
}
"""The YAML content files and whether each is required; about.md is the Markdown body.

agenda.yaml may be left out when content/agenda/ holds the agenda as several files (one per
track, room or day); when both exist, both are read.
"""

AGENDA_FOLDER = "agenda"


@dataclasses.dataclass
class Reuse:
    """What one load leaves for the next in the same process (the dev server's): each file's
    nodes, and each record with its fingerprint, so that only what changed is read again."""

    documents: dict[str, Document] = dataclasses.field(default_factory=dict)
    records: dict[tuple[str, ...], Kept] = dataclasses.field(default_factory=dict)
    parts: dict[str, Reuse] = dataclasses.field(default_factory=dict)
    """A site of events: the same for each event, by slug, and for the shared files ("")."""


@dataclasses.dataclass(frozen=True)
class Shared:
    """What a site of events gives each of its events: records to name by id, with their
    fingerprints, and values for the fields an event leaves out."""

    records: dict[str, dict[str, Any]]
    fingerprints: dict[int, str]
    defaults: dict[tuple[type, str], Any]
    key: str
    """A fingerprint of the defaults."""
    language: str | None = None
    """The language of events that name none: the site's."""


@dataclasses.dataclass(frozen=True)
class Loaded:
    """What a load gives a build: the content, and the loader's fingerprint of each record in
    it (its text as written, read in its circumstances), kept beside the model, not in it."""

    content: model.Site | model.Catalog
    prints: Prints


def load_site(
    project: Path, strict: bool = False, memo: Memo | None = None, reuse: Reuse | None = None
) -> model.Site:
    """Read and check every content file of a project; raise ContentError listing all problems.

    Warnings (a gap in the agenda, a speaker on no slot) do not stop the load: the site carries
    them. With `strict`, they are errors. Markdown rendered by an earlier build is taken from
    `memo` (each text is rendered once, ever, while it stays the same); `reuse` carries the
    files and records of the last load from one load to the next.
    """
    return load_alone(project, strict, memo, reuse)[0]


def load_alone(
    project: Path, strict: bool = False, memo: Memo | None = None, reuse: Reuse | None = None
) -> tuple[model.Site, Prints]:
    """A project of one event, as `load_site` reads it, with its records' fingerprints."""
    # Links, pipes and unreadable files in the project's folders stop the load before any
    # file is read: what a link points at must not be read, let alone published.
    markdown.new_load()
    unsafe = sources.check_folders(project)
    if unsafe:
        raise ContentError(unsafe)
    with collecting_off():
        render = partial(markdown_of, memo) if memo else markdown.render
        site, _, prints = load_event(project / CONTENT, CONTENT, project, strict, render, reuse)
        return site, prints


@contextmanager
def collecting_off() -> Iterator[None]:
    """Turn the cycle collector off for a load.

    The loader makes hundreds of thousands of objects and no reference cycles; left on, the
    cycle collector would walk them all again and again (half the load time of a big event).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def load_event(
    folder: Path,
    shown: str,
    project: Path,
    strict: bool,
    render: Callable[[str], Markup],
    reuse: Reuse | None,
    shared: Shared | None = None,
) -> tuple[model.Site, dict[str, checks.Position], Prints]:
    """One event's files in `folder` (named `shown` in messages), read and checked; with where
    each record and field was read, for checks across events, and each record's fingerprint.

    An event in several languages is read once per language: the site of its first language,
    checked, holds the others (`Site.translations`), each with the texts of its language.
    """
    last = reuse.documents if reuse else {}
    parts = _agenda_parts(folder)
    docs = {
        name: read_document(folder / name, f"{shown}/{name}",
                            required and not (name == "agenda.yaml" and parts), last.get(name))
        for name, required in FILES.items()
    }  # fmt: skip
    for path, root in parts:  # content/agenda/*.yaml: one file per track, room or day
        docs[root] = read_document(path, f"{shown}/{root}.yaml", True, last.get(root))
    languages, sure = _languages(docs["event.yaml"], shared)
    kept = reuse.records if reuse else None
    reading = _Reading(folder, shown, docs, parts, render, kept, shared, languages, sure)
    site, reader, merged = reading.read(languages[0])
    # Checks across records run on a site that reads cleanly: a schedule with a broken slot
    # in it cannot be judged, and would only repeat the slot's own problem.
    origins = [(path, number) for path, number, _ in merged]
    found = checks.check_site(site, reader.marks, origins, reader.texts)
    wrong, seen = pictures.check(
        references(site.speakers, site.event), reader.marks, theme.static_folders(project)
    )
    found += wrong
    found += checks.check_languages(docs, languages, folder, shown) if sure else []
    if strict:
        found = [dataclasses.replace(p, warning=False) for p in found]
    if any(not p.warning for p in found):
        raise ContentError(found)
    keep = dict(reader.keep)
    prints = Prints()
    others = []
    for tag in languages[1:]:  # the same files, each text in another language
        other, again, _ = reading.read(tag)
        keep.update(again.keep)
        others.append(_finish(other, again, shared, prints))
    if reuse is not None:
        reuse.documents, reuse.records = docs, keep
    site = _finish(site, reader, shared, prints)
    site = dataclasses.replace(site, warnings=tuple(sorted(found)), pictures=seen,
                               translations=tuple(dataclasses.replace(o, original=site)
                                                  for o in others))  # fmt: skip
    return site, reader.marks, prints


def _finish(site: model.Site, reader: Reader, shared: Shared | None, prints: Prints) -> model.Site:
    """The site with the people it names from a site of events' list; the fingerprints of
    the records it holds go into `prints` (not those of shared records it does not name, so
    that a change to one of them leaves the event as it was)."""
    if shared is not None:  # the people the event names from the site's list are its own too
        site = dataclasses.replace(site, speakers=(*site.speakers, *_named(site, site.speakers)))
    known = reader.fingerprints
    for record in site.records:
        if id(record) in known:
            prints.add(record, known[id(record)])
    prints.add(site.body, digest("body", site.body))
    return site


@dataclasses.dataclass
class _Reading:
    """What reading one event's files in one of its languages needs."""

    folder: Path
    shown: str
    docs: dict[str, Document]
    parts: list[tuple[Path, str]]
    render: Callable[[str], Markup]
    kept: dict[tuple[str, ...], Kept] | None
    shared: Shared | None
    languages: tuple[str, ...]
    sure: bool
    """Whether event.yaml states its languages soundly (see `_languages`)."""

    def read(self, language: str) -> tuple[model.Site, Reader, list[tuple[str, int, Any]]]:
        """The event with its texts in `language`; its reader; its sessions with their paths
        and lists, in time order."""
        docs, shared, parts = self.docs, self.shared, self.parts
        agendas = [(docs["agenda.yaml"], "agenda"), *((docs[root], root) for _, root in parts)]
        reader = Reader(self.render, self.kept)
        reader.ctx.languages, reader.ctx.language = self.languages, language
        reader.ctx.sure = self.sure
        if shared is not None:
            reader.ctx.records.update(shared.records)
            reader.shared = {"speakers": shared.records.get("speakers", {})}
            reader.fingerprints.update(shared.fingerprints)
            reader.defaults, reader.ctx.defaults = shared.defaults, shared.key
        for doc in docs.values():
            reader.problems.extend(doc.problems)
        event = reader.document(docs["event.yaml"], model.Event, required=True)
        if isinstance(event, model.Event):
            reader.ctx.timezone, reader.ctx.day = event.timezone, event.date
        places = (event.venue, *event.venues) if isinstance(event, model.Event) else None
        reader.register("venues", places)
        speakers = reader.records(docs["speakers.yaml"], model.Speaker, "speakers")
        panels = reader.records(docs["panels.yaml"], model.Panel, "panels")
        lists = [found for doc, root in agendas for found in reader.agenda(doc, root)]
        publications = reader.document(docs["publications.yaml"], tuple[model.Publication, ...])
        courses = reader.document(docs["courses.yaml"], tuple[model.Course, ...])
        body = _body(self._about(language), reader.problems, self.render)
        if reader.problems:
            raise ContentError(reader.problems)
        # The lists are merged in time order; slots that start together keep the order written.
        merged = sorted(
            ((path, number, s) for number, found in enumerate(lists) for path, s in found),
            key=lambda item: item[2].start.astimezone(UTC),
        )
        site = model.Site(
            event=event,
            body=body,
            sessions=tuple(s for _, _, s in merged),
            speakers=speakers,
            panels=panels,
            publications=(*event.publications, *(publications or ())),
            courses=courses or (),
        )
        return site, reader, merged

    def _about(self, language: str) -> tuple[Path, str]:
        """The prose of a language: about.ko.md, else the first language's about.md."""
        name = "about.md" if language == self.languages[0] else f"about.{language}.md"
        if not (self.folder / name).is_file():
            name = "about.md"
        return self.folder / name, f"{self.shown}/{name}"


def _languages(doc: Document, shared: Shared | None) -> tuple[tuple[str, ...], bool]:
    """The event's languages, its first one first, as event.yaml gives them (or a site of
    events does): read before the event's records, since any text may be given in each. And
    whether they are sure: not when `language:` or `translations:` is malformed or misspelt,
    whose own line then says what is wrong, and the texts' languages cannot be judged."""
    first = shared.language if shared is not None else None
    others: list[str] = []
    sure, stated = True, False
    root = doc.root
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            if name == "language" and isinstance(value, yaml.ScalarNode):
                stated = sure = sure and _spoken(value.value)
                first = value.value.strip() if sure else first
            elif name == "translations" and isinstance(value, yaml.SequenceNode):
                written = [v.value for v in value.value if isinstance(v, yaml.ScalarNode)]
                sure = sure and len(written) == len(value.value) and all(map(_spoken, written))
                others = [t.strip() for t in written if _spoken(t)]
            elif name in ("language", "translations") or difflib.get_close_matches(
                name, ("language", "translations"), cutoff=0.8
            ):  # fmt: skip
                sure = False
    if not stated and first is None and "en" in map(i18n.base, others):
        sure = False  # an English event translated into English: records.py says so
    first = first or "en"
    return (first, *dict.fromkeys(t for t in others if t != first)), sure


def _spoken(tag: str) -> bool:
    """A language tag eventsite can write pages in."""
    return forms.LANGUAGE.matches(tag) and i18n.parse(tag.strip()) is not None


def _named(site: model.Site, own: tuple[model.Speaker, ...]) -> list[model.Speaker]:
    """The people of the site's shared list an event names, in order of first appearance."""
    seen = {id(s) for s in own}
    found: dict[int, model.Speaker] = {}
    for session in site.sessions:
        for person in session.people:
            if id(person.speaker) not in seen:
                found.setdefault(id(person.speaker), person.speaker)
    for panel in site.panels:  # a panel on no slot still names its people
        for speaker in (panel.moderator, *panel.panelists):
            if speaker is not None and id(speaker) not in seen:
                found.setdefault(id(speaker), speaker)
    return list(found.values())


def _agenda_parts(folder: Path) -> list[tuple[Path, str]]:
    """The files of agenda/ in an event's folder, in name order, each with its paths' root."""
    found = sorted(p for p in (folder / AGENDA_FOLDER).glob("*.yaml") if not p.name.startswith("."))
    return [(path, f"{AGENDA_FOLDER}/{path.stem}") for path in found]


def _body(
    about: tuple[Path, str], problems: list[Problem], render: Callable[[str], Markup]
) -> model.Html:
    """about.md rendered; a missing file is an empty body."""
    path, shown = about
    text = read_text(path, shown, False, problems)
    html, wrong = rendered(text or "", render)
    if wrong is not None:
        problems.append(Problem(shown, 0, 0, "", *wrong))
        return model.Html(Markup())
    return model.Html(html)


def markdown_of(memo: Memo, text: str) -> Markup:
    """Markdown rendered and sanitised, or as an earlier build rendered it."""
    key = digest("markdown", text)
    kept = memo.get(key)
    if kept is not None:
        return Markup(kept.output.decode())  # noqa: S704 - sanitised when it was made
    html = markdown.render(text)
    memo.put(key, Step({}, html.encode()))
    return html
