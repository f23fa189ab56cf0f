"""Load a project's content: read each file, read its records, check them together.

Every problem in every file is collected, and the load fails once, listing them all; warnings
travel with the loaded site.
"""

from __future__ import annotations

import dataclasses
import gc
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from eventsite import model
from eventsite.engine.cache import Store
from eventsite.engine.steps import Memo, Prints, Step, digest
from eventsite.errors import ContentError, Problem
from eventsite.load import checks, languages, markdown, pictures
from eventsite.load import inputs as theme
from eventsite.load.decode import markdown_key, rendered
from eventsite.load.files import read_text, walk
from eventsite.load.inputs import Sources
from eventsite.load.languages import Languages
from eventsite.load.online import check_online
from eventsite.load.records import Reader, Shared
from eventsite.load.reuse import Kept, Key, Reuse
from eventsite.load.yamlfile import Document, Position, read_document
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
    project: Path,
    strict: bool = False,
    memo: Memo | None = None,
    reuse: Reuse | None = None,
    found: Sources | None = None,
) -> tuple[model.Site, Prints]:
    """A project of one event, as `load_site` reads it, with its records' fingerprints;
    `found`: the project as a build's `sources` walked and read it (see `loading`)."""
    with loading(project, strict, memo, found) as load:
        site, _, prints = load_event(load, project / CONTENT, CONTENT, reuse)
        return site, prints


@dataclasses.dataclass(frozen=True)
class Load:
    """What every file of one load is read with."""

    project: Path
    strict: bool
    render: Callable[[str], Markup]
    data: Mapping[str, bytes]
    """The content files `sources` read, by their path in the project: not read again."""
    files: Memo | None = None
    """A build's cache, where each file read cleanly is kept (records.py)."""
    static: tuple[Path, ...] = ()
    """The folders of static files, where pictures are found: listed once, for every event."""
    content: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """The fingerprint of each content file, by its path below content/, and of each static
    file (`pictures` are judged from them), as `sources` listed them: what an event's load is
    made of (site.py)."""
    pictures: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def bytes(self, path: Path, shown: str) -> bytes | None:
        """A content file's bytes if the build read them already (None: read it now)."""
        return self.data.get(shown) if path == self.project / shown else None

    def document(
        self, path: Path, shown: str, required: bool, last: Document | None, keep: bool
    ) -> Document:
        """A YAML content file (`last`: as the last load read it; `keep`: the dev server's)."""
        return read_document(path, shown, required, last, self.bytes(path, shown), keep)


@contextmanager
def loading(
    project: Path, strict: bool, memo: Memo | None, found: Sources | None
) -> Iterator[Load]:
    """Begin a load. Links, pipes and unreadable files in the project's folders stop it before
    any file is read (what a link points at must not be read, let alone published): `found`
    says the build's walk found none, else the folders are checked here."""
    unsafe = walk(project)[1] if found is None else []
    if unsafe:
        raise ContentError(unsafe)
    renderer = markdown.Renderer()  # one load's converter and time for suspicious texts
    render = partial(markdown_of, memo, renderer) if memo else renderer
    # --no-cache keeps nothing: its files are not made into entries only to be dropped.
    files = None if isinstance(memo, Store) and memo.path is None else memo
    with collecting_off():
        static = tuple(theme.static_folders(project))
        if found is None:
            yield Load(project, strict, render, {}, files, static)
        else:
            yield Load(project, strict, render, found.data, files, static, found.content,
                       found.static_fingerprints)  # fmt: skip


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


@contextmanager
def collecting_new() -> Iterator[None]:
    """Let the cycle collector walk only the objects made inside the block, if it is on: what
    is there before (a load's records) is frozen out of its reach meanwhile. Off (the dev
    server's rebuild), the block runs as it is: the server collects after."""
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def load_event(
    load: Load,
    folder: Path,
    shown: str,
    reuse: Reuse | None,
    shared: Shared | None = None,
    made_of: str = "",
) -> tuple[model.Site, dict[str, Position], Prints]:
    """One event's files in `folder` (named `shown` in messages), read and checked; with where
    each record and field was read, for checks across events, and each record's fingerprint.
    The dev server's last load of it (`reuse`) is taken whole if `made_of`, the fingerprint of
    everything an event of a site is loaded from, is the one it was loaded from.

    An event in several languages is read once per language: the site of its first language,
    checked, holds the others (`Site.translations`), each with the texts of its language.
    """
    if reuse is not None and made_of and reuse.loaded is not None and reuse.made_of == made_of:
        return reuse.loaded
    last, parts = reuse.documents if reuse else {}, _agenda_parts(folder)
    entries = reuse is not None  # the dev server's: each file composed entry by entry
    docs = {
        name: load.document(folder / name, f"{shown}/{name}",
                            required and not (name == "agenda.yaml" and parts), last.get(name),
                            entries)
        for name, required in FILES.items()
    }  # fmt: skip
    for root in parts:  # content/agenda/*.yaml: one file per track, room or day
        docs[root] = load.document(folder / f"{root}.yaml", f"{shown}/{root}.yaml", True,
                                   last.get(root), entries)  # fmt: skip
    kept = reuse.records if reuse else None
    files = load.files if kept is None else None  # the dev server keeps records (reuse.py)
    tags, sure = _languages(files, docs["event.yaml"], shared.language if shared else None)
    where = folder, shown
    spoken = Languages(tags, tags[0], sure)
    site, reader, merged = _read(load, where, docs, spoken, kept, shared, files)
    # Checks across records run on a site that reads cleanly: a schedule with a broken slot
    # in it cannot be judged, and would only repeat the slot's own problem.
    origins = [(path, number) for path, number, _ in merged]
    notes = reader.notes
    static = load.static
    found, judged = checks.check_site(site, notes.marks, origins, notes.texts,
                                      reuse.judged if reuse else None)  # fmt: skip
    if reuse is not None:  # whatever the load's outcome: it is what those slots give
        reuse.judged = judged
    wrong, seen = pictures.check(references(site.speakers, site.event), notes.marks, static)
    found += wrong
    found += check_online(site, notes.marks, [path for path, _, _ in merged])
    found += checks.check_to_come(site, notes.marks, reader.to_come)
    found += languages.check_languages(docs, tags, folder, shown) if sure else []
    if load.strict:
        found = [dataclasses.replace(p, warning=False) for p in found]
    if any(not p.warning for p in found):
        raise ContentError(found)
    keep = dict(reader.tops.keep)
    prints = Prints()
    others = []
    for tag in tags[1:]:  # the same files, each text in another language
        other, again, _ = _read(load, where, docs, Languages(tags, tag, sure), kept, shared, files)
        keep.update(again.tops.keep)
        others.append(_finish(other, again, shared, prints))
    if reuse is not None:
        reuse.documents, reuse.records = docs, keep
    site = _finish(site, reader, shared, prints)
    site = dataclasses.replace(site, warnings=tuple(sorted(found)), pictures=seen,
                               translations=tuple(dataclasses.replace(o, original=site)
                                                  for o in others))  # fmt: skip
    if reuse is not None:
        reuse.made_of, reuse.loaded = made_of, (site, notes.marks, prints)
    return site, notes.marks, prints


def _finish(site: model.Site, reader: Reader, shared: Shared | None, prints: Prints) -> model.Site:
    """The site with the people it names from a site of events' list; the fingerprints of
    the records it holds go into `prints` (not those of shared records it does not name, so
    that a change to one of them leaves the event as it was)."""
    if shared is not None:  # the people the event names from the site's list are its own too
        site = dataclasses.replace(site, speakers=(*site.speakers, *_named(site, site.speakers)))
    reader.tops.give(site.records, prints)
    prints.add(site.body, digest("body", site.body))
    return site


def _read(
    load: Load,
    where: tuple[Path, str],
    docs: dict[str, Document],
    spoken: Languages,
    kept: dict[Key, Kept] | None,
    shared: Shared | None,
    files: Memo | None,
) -> tuple[model.Site, Reader, list[tuple[str, int, Any]]]:
    """The event with its texts in the language `spoken`; its reader; its sessions with their
    paths and lists, in time order."""
    reader = Reader(spoken, load.render, kept, shared, files)
    problems = reader.notes.problems
    event = reader.event(docs["event.yaml"])
    speakers = reader.records(docs["speakers.yaml"], model.Speaker, "speakers")
    panels = reader.records(docs["panels.yaml"], model.Panel, "panels")
    agendas = {"agenda": docs["agenda.yaml"]} | {r: d for r, d in docs.items() if "/" in r}
    publications = reader.publications(docs["publications.yaml"])
    lists = [found for root, doc in agendas.items() for found in reader.agenda(doc, root)]
    courses = reader.document(docs["courses.yaml"], tuple[model.Course, ...])
    # The prose of a language: about.ko.md, else the first language's about.md.
    about = "about.md" if spoken.language == spoken.tags[0] else f"about.{spoken.language}.md"
    folder, shown = where
    if not (folder / about).is_file():
        about = "about.md"
    path, about = folder / about, f"{shown}/{about}"
    text = read_text(path, about, False, problems, load.bytes(path, about))
    html, wrong = rendered(text or "", load.render)
    if wrong is not None:  # a missing about.md is an empty body
        problems.append(Problem(about, 0, 0, "", *wrong))
    if problems:
        raise ContentError(problems)
    # The lists are merged in time order; slots that start together keep the order written.
    merged = sorted(
        ((path, number, s) for number, found in enumerate(lists) for path, s in found),
        key=lambda item: item[2].start.astimezone(UTC),
    )
    site = model.Site(
        event=event,
        body=html,
        sessions=tuple(s for _, _, s in merged),
        speakers=speakers,
        panels=panels,
        publications=(*event.publications, *(publications or ())),
        courses=courses or (),
        to_come=_to_come(event, reader.to_come),
    )
    return site, reader, merged


def _languages(
    files: Memo | None, doc: Document, first: str | None
) -> tuple[tuple[str, ...], bool]:
    """The event's languages (languages.of_event), or as a build found them in the same text,
    so that an unchanged event.yaml is not composed for them."""
    if files is None or not doc.text:
        return languages.of_event(doc, first)
    key = f"file:{digest('languages', doc.shown, doc.text, first or '')}"
    kept = files.get(key)
    with suppress(ValueError, TypeError):
        tags, sure = json.loads(kept.output) if kept is not None else ((), False)
        if tags and all(isinstance(tag, str) for tag in tags):
            return tuple(tags), sure is True
    found = languages.of_event(doc, first)
    files.put(key, Step({}, json.dumps(found).encode()))
    return found


def _to_come(event: model.Event, found: list[tuple[str, model.ToCome]]) -> tuple[model.ToCome, ...]:
    """Where more sessions are to come, each on a day of the event (a group of no sessions and
    no date: the day of a one-day event); any other is checks.py's to report."""
    days = event.days
    dated = (
        dataclasses.replace(more, date=days[0]) if more.date is None and len(days) == 1 else more
        for _, more in found
    )
    return tuple(dict.fromkeys(more for more in dated if more.date in days))


def _named(site: model.Site, own: tuple[model.Speaker, ...]) -> list[model.Speaker]:
    """The people of the site's shared list an event names, in order of first appearance (a
    panel on no slot still names its people)."""
    panels = [p for panel in site.panels for p in (panel.moderator, *panel.panelists) if p]
    named = [*(a.speaker for s in site.sessions for a in s.people), *panels]
    seen = {id(s) for s in own}
    return list({id(p): p for p in named if id(p) not in seen}.values())


def _agenda_parts(folder: Path) -> list[str]:
    """The files of agenda/ in an event's folder, in name order, as their paths' roots."""
    found = sorted(p for p in (folder / AGENDA_FOLDER).glob("*.yaml") if not p.name.startswith("."))
    return [f"{AGENDA_FOLDER}/{path.stem}" for path in found]


def markdown_of(memo: Memo, render: Callable[[str], Markup], text: str) -> Markup:
    """Markdown rendered and sanitised, or as an earlier build rendered it."""
    key = markdown_key(text)
    kept = memo.get(key)
    if kept is not None:
        return Markup(kept.output.decode())  # noqa: S704 - sanitised when it was made
    html = render(text)
    memo.put(key, Step({}, html.encode()))
    return html
