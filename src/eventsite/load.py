"""Load a project's content: read each file, read its records, check them together.

Every problem in every file is collected, and the load fails once, listing them all; warnings
travel with the loaded site.
"""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path

from markupsafe import Markup

from eventsite import checks, markdown, model, sources, theme
from eventsite.errors import ContentError, Problem
from eventsite.records import Reader, rendered
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
"""The YAML content files and whether each is required; about.md is the Markdown body."""


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
    # Links, pipes and unreadable files in the project's folders stop the load before any
    # file is read: what a link points at must not be read, let alone published.
    markdown.new_load()
    unsafe = sources.check_folders(project)
    if unsafe:
        raise ContentError(unsafe)
    docs = {name: _read(project, name, required) for name, required in FILES.items()}
    reader = Reader()
    for doc in docs.values():
        reader.problems.extend(doc.problems)
    event = reader.document(docs["event.yaml"], model.Event, required=True)
    if isinstance(event, model.Event):
        reader.ctx.timezone, reader.ctx.day = event.timezone, event.date
    speakers = reader.records(docs["speakers.yaml"], model.Speaker, "speakers")
    panels = reader.records(docs["panels.yaml"], model.Panel, "panels")
    sessions = reader.document(docs["agenda.yaml"], tuple[model.Session, ...], required=True)
    publications = reader.document(docs["publications.yaml"], tuple[model.Publication, ...])
    courses = reader.document(docs["courses.yaml"], tuple[model.Course, ...])
    body = _body(project, reader.problems)
    if reader.problems:
        raise ContentError(reader.problems)
    site = model.Site(
        event=event,
        body=body,
        sessions=sessions or (),
        speakers=speakers,
        panels=panels,
        publications=publications or (),
        courses=courses or (),
    )
    # Checks across records run on a site that reads cleanly: a schedule with a broken slot
    # in it cannot be judged, and would only repeat the slot's own problem.
    found = checks.check_site(site, reader.marks, theme.static_folders(project))
    if strict:
        found = [dataclasses.replace(p, warning=False) for p in found]
    if any(not p.warning for p in found):
        raise ContentError(found)
    return dataclasses.replace(site, warnings=tuple(sorted(found)))


def _read(project: Path, name: str, required: bool) -> Document:
    return read_document(project / CONTENT / name, f"{CONTENT}/{name}", required)


def _body(project: Path, problems: list[Problem]) -> model.Html:
    """about.md rendered; a missing file is an empty body."""
    shown = f"{CONTENT}/about.md"
    text = read_text(project / CONTENT / "about.md", shown, False, problems)
    html, wrong = rendered(text or "")
    if wrong is not None:
        problems.append(Problem(shown, 0, 0, "", *wrong))
        return model.Html(Markup())
    return model.Html(html)
