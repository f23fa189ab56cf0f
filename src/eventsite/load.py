"""Load a project's content: read each file, read its records, check them together.

Every problem in every file is collected, and the load fails once, listing them all; warnings
travel with the loaded site.
"""

from __future__ import annotations

import dataclasses
import gc
from datetime import UTC
from pathlib import Path

from eventsite import checks, markdown, model, theme
from eventsite.errors import ContentError, Problem
from eventsite.records import Reader
from eventsite.yamlfile import Document, read_document, read_text

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


def load_site(project: Path, strict: bool = False) -> model.Site:
    """Read and check every content file of a project; raise ContentError listing all problems.

    Warnings (a gap in the agenda, a speaker on no slot) do not stop the load: the site carries
    them. With `strict`, they are errors.
    """
    # The loader makes hundreds of thousands of objects and no reference cycles; left on, the
    # cycle collector would walk them all again and again (half the load time of a big event).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(project, strict)
    finally:
        if collecting:
            gc.enable()


def _load(project: Path, strict: bool) -> model.Site:
    parts = _agenda_parts(project)
    docs = {
        name: _read(project, name, required and not (name == "agenda.yaml" and parts))
        for name, required in FILES.items()
    }
    agendas = [(docs["agenda.yaml"], "agenda")] + [
        (read_document(path, f"{CONTENT}/{AGENDA_FOLDER}/{path.name}", True), root)
        for path, root in parts
    ]
    reader = Reader()
    for doc in [*docs.values(), *(doc for doc, _ in agendas[1:])]:
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
    body = _body(project, reader.problems)
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
        publications=publications or (),
        courses=courses or (),
    )
    # Checks across records run on a site that reads cleanly: a schedule with a broken slot
    # in it cannot be judged, and would only repeat the slot's own problem.
    origins = [(path, number) for path, number, _ in merged]
    found = checks.check_site(
        site, reader.marks, theme.static_folders(project), origins, reader.texts
    )
    if strict:
        found = [dataclasses.replace(p, warning=False) for p in found]
    if any(not p.warning for p in found):
        raise ContentError(found)
    return dataclasses.replace(site, warnings=tuple(sorted(found)))


def _read(project: Path, name: str, required: bool) -> Document:
    return read_document(project / CONTENT / name, f"{CONTENT}/{name}", required)


def _agenda_parts(project: Path) -> list[tuple[Path, str]]:
    """The files of content/agenda/, in name order, each with the root of its paths."""
    folder = project / CONTENT / AGENDA_FOLDER
    if not folder.is_dir():
        return []
    found = sorted(
        p for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith(".")
    )
    return [(path, f"{AGENDA_FOLDER}/{path.stem}") for path in found]


def _body(project: Path, problems: list[Problem]) -> model.Html:
    """about.md rendered; a missing file is an empty body."""
    text = read_text(project / CONTENT / "about.md", f"{CONTENT}/about.md", False, problems)
    return model.Html(markdown.render(text or ""))
