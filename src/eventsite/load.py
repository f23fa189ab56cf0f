"""Load a project's content: read each file, read its records, check them together.

Every problem in every file is collected, and the load fails once, listing them all; warnings
travel with the loaded site.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from functools import partial
from pathlib import Path

from markupsafe import Markup

from eventsite import checks, markdown, model, sources, theme
from eventsite.engine import Memo, Step, digest
from eventsite.errors import ContentError, Problem
from eventsite.records import Kept, Reader, rendered
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


@dataclasses.dataclass
class Reuse:
    """What one load leaves for the next in the same process (the dev server's): each file's
    nodes, and each record with its fingerprint, so that only what changed is read again."""

    documents: dict[str, Document] = dataclasses.field(default_factory=dict)
    records: dict[tuple[str, ...], Kept] = dataclasses.field(default_factory=dict)


def load_site(
    project: Path, strict: bool = False, memo: Memo | None = None, reuse: Reuse | None = None
) -> model.Site:
    """Read and check every content file of a project; raise ContentError listing all problems.

    Warnings (a gap in the agenda, a speaker on no slot) do not stop the load: the site carries
    them. With `strict`, they are errors. Markdown rendered by an earlier build is taken from
    `memo` (each text is rendered once, ever, while it stays the same); `reuse` carries the
    files and records of the last load from one load to the next.
    """
    # The loader makes hundreds of thousands of objects and no reference cycles; left on, the
    # cycle collector would walk them all again and again (half the load time of a big event).
    collecting = gc.isenabled()
    gc.disable()
    try:
        render = partial(_markdown, memo) if memo else markdown.render
        return _load(project, strict, render, reuse)
    finally:
        if collecting:
            gc.enable()


def _load(
    project: Path, strict: bool, render: Callable[[str], Markup], reuse: Reuse | None
) -> model.Site:
    # Links, pipes and unreadable files in the project's folders stop the load before any
    # file is read: what a link points at must not be read, let alone published.
    markdown.new_load()
    unsafe = sources.check_folders(project)
    if unsafe:
        raise ContentError(unsafe)
    last = reuse.documents if reuse else {}
    docs = {
        name: _read(project, name, required, last.get(name)) for name, required in FILES.items()
    }
    reader = Reader(render, reuse.records if reuse else None)
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
    body = _body(project, reader.problems, render)
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
    fingerprints = {**reader.fingerprints, id(body): digest("body", body)}
    if reuse is not None:
        reuse.documents, reuse.records = docs, reader.keep
    return dataclasses.replace(site, warnings=tuple(sorted(found)), fingerprints=fingerprints)


def _read(project: Path, name: str, required: bool, last: Document | None) -> Document:
    return read_document(project / CONTENT / name, f"{CONTENT}/{name}", required, last)


def _body(project: Path, problems: list[Problem], render: Callable[[str], Markup]) -> model.Html:
    """about.md rendered; a missing file is an empty body."""
    shown = f"{CONTENT}/about.md"
    text = read_text(project / CONTENT / "about.md", shown, False, problems)
    html, wrong = rendered(text or "", render)
    if wrong is not None:
        problems.append(Problem(shown, 0, 0, "", *wrong))
        return model.Html(Markup())
    return model.Html(html)


def _markdown(memo: Memo, text: str) -> Markup:
    """Markdown rendered and sanitised, or as an earlier build rendered it."""
    key = digest("markdown", text)
    kept = memo.get(key)
    if kept is not None:
        return Markup(kept.output.decode())  # noqa: S704 - sanitised when it was made
    html = markdown.render(text)
    memo.put(key, Step({}, html.encode()))
    return html
