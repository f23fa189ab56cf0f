"""However a site is made (clean, from the cache, by the dev server after any edits), the bytes
agree; and an edit makes again exactly the steps that read what it changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bench.generate import SIZES, generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventsite.build import build
from eventsite.engine import Memory, Step
from eventsite.serve import Preview
from tests.conftest import NOW, REPO
from tests.golden_site import tree

MULTIDAY = REPO / "examples" / "multiday"
SITE_OF_EVENTS = {"events", "listing", "person", "people", "partials/event-item",
                  "partials/site-nav", "partials/site-links", "partials/subscribe",
                  "partials/browse"}  # fmt: skip
"""Templates only a site of events uses (test_catalog.py edits them)."""
TEMPLATES = sorted(
    p.relative_to(REPO).as_posix()
    for p in (REPO / "templates").rglob("*.html")
    if p.relative_to(REPO / "templates").with_suffix("").as_posix() not in SITE_OF_EVENTS
)
COUNT = '<p class="count">{{ site.publications|length }} publications</p>'
"""What a project's own speaker.html adds: a fact the default templates never show there."""


def _edit_for(template: str) -> tuple[str, str, str]:
    """A visible change to a template: a comment where the template's output starts."""
    text = (REPO / template).read_text()
    for anchor in ("<!doctype html>", "{% block main %}"):
        if anchor in text:
            return template, anchor, f"{anchor}<!-- edited {template} -->"
    first = text.splitlines()[0]  # a partial: before its first line
    return template, first, f"<!-- edited {template} -->{first}"


EDITS: list[tuple[str, str, str]] = [
    ("content/event.yaml", "title: Local Markets Summit", "title: Local Market Summit"),
    ("content/event.yaml", "  locality: Berlin", "  locality: Potsdam"),
    ("content/speakers.yaml", "  position: Research Director", "  position: Research Lead"),
    ("content/speakers.yaml", "    Amara Okafor studies", "    Amara Okafor researches"),
    ("content/panels.yaml", "title: Who Sets the Rules", "title: Who Writes the Rules"),
    (
        "content/agenda.yaml",
        "  title: Credit Circles Among Traders",
        "  title: Credit Circles of Traders",
    ),  # fmt: skip
    ("content/agenda.yaml", "      role: Keynote Speaker", "      role: Opening Keynote"),
    (
        "content/publications.yaml",
        "[]",
        "- title: A Report\n  date: 2029-01-01\n  authors: [A. Writer]\n  type: Report",
    ),  # fmt: skip
    ("content/courses.yaml", "[]", "- title: A Course\n  url: https://example.org/course"),
    ("content/about.md", "\n", "\nA sentence added to the prose.\n"),
    ("static/site.css", "}", "}\n.added { color: red; }"),
    *(_edit_for(t) for t in TEMPLATES),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The multi-day example with the default theme copied in as its own, and one template
    of its own that shows the number of publications on each speaker's page."""
    root = tmp_path / "project"
    shutil.copytree(MULTIDAY / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    speaker = root / "templates" / "speaker.html"
    text = speaker.read_text()
    speaker.write_text(text.replace("<h1>{{ speaker.display_name }}</h1>",
                                    "<h1>{{ speaker.display_name }}</h1>" + COUNT, 1))  # fmt: skip
    return root


def _site(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in tree(folder).items() if name != ".eventsite-output"}


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def _clean(project: Path, out: Path) -> dict[str, bytes]:
    build(project, out, now=NOW, cache=False)
    return _site(out)


def _apply(project: Path, name: str, old: str, new: str) -> None:
    """Make the edit, or undo it if it was made: edits toggle, so any sequence applies."""
    path = project / name
    text = path.read_text()
    if old in text and new not in text:
        path.write_text(text.replace(old, new, 1))
    else:
        assert new in text, f"{name} holds neither {old!r} nor {new!r}"
        path.write_text(text.replace(new, old, 1))


class Watched:
    """The dev server's preview and a cached build, kept beside the project across edits."""

    def __init__(self, project: Path, work: Path) -> None:
        self.project, self.work = project, work
        self.preview = Preview(project, work / "preview", now=NOW)
        self.builds = 0
        self.check()

    def check(self) -> dict[str, bytes]:
        """Make the site the three ways and assert they are the same bytes; return them."""
        assert self.preview.rebuild(), self.preview.errors
        self.preview.finish()
        build(self.project, self.work / "cached", now=NOW)  # the cache of the last build
        self.builds += 1
        clean = _clean(self.project, self.work / f"clean-{self.builds}")
        assert _differences(_site(self.work / "preview"), clean) == [], "dev server"
        assert _differences(_site(self.work / "cached"), clean) == [], "cached build"
        shutil.rmtree(self.work / f"clean-{self.builds}")
        return clean


def test_every_edit_gives_the_clean_build_served_and_cached(project: Path, tmp_path: Path) -> None:
    watched = Watched(project, tmp_path)
    before = _clean(project, tmp_path / "first")
    for name, old, new in EDITS:
        _apply(project, name, old, new)
        after = watched.check()
        assert _differences(before, after), f"editing {name} changed no output"
        before = after


def test_a_project_template_showing_more_is_made_again(project: Path, tmp_path: Path) -> None:
    watched = Watched(project, tmp_path)
    page = next((tmp_path / "preview" / "speakers").glob("*.html"))
    assert "0 publications" in page.read_text()
    _apply(project, *EDITS[7])  # a first publication
    watched.check()
    assert "1 publications" in page.read_text()


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=st.lists(st.integers(0, len(EDITS) - 1), min_size=1, max_size=5))
def test_any_sequence_of_edits_gives_the_clean_build(
    sequence: list[int], project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("edits")
    copy = work / "project"
    shutil.copytree(project, copy)
    watched = Watched(copy, work)
    for index in sequence:
        _apply(copy, *EDITS[index])
        watched.check()


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the steps made (not taken from memory) from now on."""
    keys: list[str] = []
    put = Memory.put

    def noting(self: Memory, key: str, step: Step) -> None:
        keys.append(key)
        put(self, key, step)

    monkeypatch.setattr(Memory, "put", noting)
    return keys


def test_an_edit_makes_again_only_the_pages_that_show_it(
    project: Path, tmp_path: Path, made: list[str]
) -> None:
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild()
    preview.finish()
    made.clear()
    _apply(project, "content/speakers.yaml", "  position: Research Director",
           "  position: Research Lead")  # fmt: skip
    assert preview.rebuild()
    preview.finish()
    pages = sorted(key.removeprefix("page:") for key in made if key.startswith("page:"))
    shown = sorted(
        name for name, data in _site(tmp_path / "preview").items()
        if name.endswith(".html") and b"Research Lead" in data
    )  # fmt: skip
    assert pages == shown, "exactly the pages that show the position"
    assert "speakers/amara-okafor.html" in pages
    assert len(pages) < len([n for n in _site(tmp_path / "preview") if n.endswith(".html")])
    calendars = [key for key in made if key.startswith("out:calendar/")]
    assert calendars, "her sessions' calendar files name her role and affiliation"


def test_no_change_writes_nothing(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(project, out, now=NOW)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    report = build(project, out, now=NOW)
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert report.made == 0
    assert (report.pages, report.files, report.size) == (first.pages, first.files, first.size)
    assert report.warnings == first.warnings


def test_the_bench_event_from_the_cache_is_the_clean_build(tmp_path: Path) -> None:
    generate(SIZES["S"], tmp_path / "S")
    project = tmp_path / "S" / "eventsite"
    watched = Watched(project, tmp_path / "work")
    speakers = project / "content" / "speakers.yaml"
    speakers.write_text(speakers.read_text().replace("  position: ", "  position: Acting ", 1))
    watched.check()
    agenda = project / "content" / "agenda.yaml"
    agenda.write_text(
        agenda.read_text().replace("  abstract: |\n    ", "  abstract: |\n    New. ", 1)
    )
    watched.check()
