"""Helpers for the machine-output tests: projects in tmp_path, builds at a fixed moment, parsing."""

from __future__ import annotations

import copy
import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from eventsite.build import build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content"
FULL = ROOT / "tests" / "fixtures" / "outputs-event" / "content"
"""A two-day workshop in Berlin that uses every field the outputs read, with a private speaker."""

BEFORE = datetime.fromisoformat("2011-07-01T12:00:00-04:00")
DURING = datetime.fromisoformat("2011-07-19T10:00:00-04:00")
AFTER = datetime.fromisoformat("2011-08-01T12:00:00-04:00")


def make_project(tmp_path: Path, content: Path = EXAMPLE, event_extra: str = "") -> Path:
    """A project in tmp_path: the given content with the repository's templates and static."""
    project = tmp_path / "project"
    shutil.copytree(content, project / "content")
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copytree(ROOT / "static", project / "static")
    if (content.parent / "static").is_dir():  # the fixture's own pictures
        shutil.copytree(content.parent / "static", project / "static", dirs_exist_ok=True)
    if event_extra:
        with (project / "content" / "event.yaml").open("a", encoding="utf-8") as event:
            event.write("\n" + event_extra.strip() + "\n")
    return project


def build_at(project: Path, now: datetime, base_url: str | None = None, name: str = "") -> Path:
    """Build the project as of `now` into a fresh folder beside it; return that folder."""
    out = project.parent / (name or f"public-{now:%Y%m%dT%H%M}-{'abs' if base_url else 'rel'}")
    build(project, out, now=now, base_url=base_url)
    return out


def page(out: Path) -> Any:
    """The built index.html, parsed as a browser would."""
    return lxml_html.fromstring((out / "index.html").read_bytes())


def text(tree: Any) -> str:
    """The page's visible text with runs of white space collapsed (without what only screen
    readers hear, such as the "to" between two times)."""
    body = copy.deepcopy(tree.body)
    for spoken in body.find_class("visually-hidden"):
        spoken.drop_tree()
    return " ".join(body.text_content().split())


def structured_data(tree: Any) -> list[dict[str, Any]]:
    """Every item of the page's JSON-LD graph, parsed from the script element's text."""
    scripts = tree.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].text)
    assert data["@context"] == "https://schema.org"
    items: list[dict[str, Any]] = data["@graph"]
    return items


def the_event(tree: Any) -> dict[str, Any]:
    """The one top-level schema.org Event of the page, each reference ({"@id": ...}) replaced
    by the node it names, as a JSON-LD consumer reads it."""
    items = structured_data(tree)
    events = [item for item in items if item["@type"] == "Event"]
    assert len(events) == 1
    return resolve(events[0], nodes(items))


def nodes(value: Any, found: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every node of the graph that has an "@id" and says more than it, by its "@id"."""
    found = {} if found is None else found
    if isinstance(value, dict):
        if "@id" in value and len(value) > 1:
            assert found.get(value["@id"], value) == value, f"two nodes are {value['@id']}"
            found[value["@id"]] = value
        for item in value.values():
            nodes(item, found)
    elif isinstance(value, list):
        for item in value:
            nodes(item, found)
    return found


def resolve(value: Any, known: dict[str, Any]) -> Any:
    """The value with each reference replaced by its node; a dangling reference fails."""
    if isinstance(value, dict):
        if set(value) == {"@id"}:
            assert value["@id"] in known, f"nothing in the graph is {value['@id']}"
            return resolve(known[value["@id"]], known)
        return {key: resolve(item, known) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, known) for item in value]
    return value


def every_file(out: Path) -> dict[str, bytes]:
    """Every file of a built site, by path, for comparing two builds."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
