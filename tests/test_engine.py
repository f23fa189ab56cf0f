"""However a site is made (clean, from the cache, by the dev server after any edits), the bytes
agree; and an edit makes again exactly the steps that read what it changed."""

from __future__ import annotations

import gc
import shutil
from collections import Counter
from pathlib import Path

import pytest
from bench.generate import SIZES, generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventsite.build import build
from eventsite.engine.steps import Memory, Step
from eventsite.load.event import load_site
from eventsite.model import Session
from eventsite.outputs import offline
from eventsite.plan.event import session_paths
from eventsite.serve.server import Preview
from tests.conftest import NOW, REPO
from tests.golden_site import tree

SUMMIT = REPO / "examples" / "summit"
SITE_OF_EVENTS = {"events", "listing", "person", "people", "partials/event-item",
                  "partials/site-nav", "partials/site-links", "partials/subscribe",
                  "partials/browse", "partials/languages"}  # fmt: skip
"""Templates only a site of events uses (test_catalog.py edits them), and the language
switcher, which only an event in several languages shows (edited below)."""
TEMPLATES = sorted(
    p.relative_to(REPO).as_posix()
    for p in (REPO / "templates").rglob("*.html")
    if p.relative_to(REPO / "templates").with_suffix("").as_posix() not in SITE_OF_EVENTS
)
COUNT = '<p class="count">{{ site.publications|length }} publications</p>'
"""What a project's own speaker.html adds: a fact the default templates never show there."""


def _edit_for(template: str) -> tuple[str, str, str]:
    """A visible change to a template: a comment where the template's output starts (or, in
    one that only defines words for others, a word)."""
    text = (REPO / template).read_text()
    if '"Keynote"' in text:
        return template, '"Keynote"', '"Keynote Address"'  # words.html
    if "<picture>" in text:  # picture.html: macros alone
        return template, "<picture>", '<picture data-edited="">'
    if '_("Watch live")' in text:  # online.html: macros, whose words the slots show
        return template, '_("Watch live")', '_("Watch it live")'
    for anchor in ("<!doctype html>", "{% block main %}"):
        if anchor in text:
            return template, anchor, f"{anchor}<!-- edited {template} -->"
    first = text.splitlines()[0]  # a partial: before its first line
    return template, first, f"<!-- edited {template} -->{first}"


EDITS: list[tuple[str, str, str]] = [
    ("content/event.yaml", "title: Harbour Cities Summit", "title: Harbour Towns Summit"),
    ("content/event.yaml", "    name: Hotel Miradouro", "    name: Hotel Mirador"),  # a venue
    ("content/speakers.yaml", "  position: Secretary-General", "  position: Chief Executive"),
    ("content/speakers.yaml", "    Nadia Haddad leads", "    Nadia Haddad directs"),  # a bio
    ("content/panels.yaml", "title: Who Pays for the Sea Wall?", "title: Who Pays for the Dike?"),
    (
        "content/agenda/innovation-stage.yaml",
        "      title: Tide Sensors on a Shoestring",
        "      title: Tide Sensors on a Budget",
    ),  # fmt: skip
    (
        "content/agenda/innovation-stage.yaml",
        "        - title: Sensors That Float",
        "        - title: Sensors That Swim",
    ),  # a segment  # fmt: skip
    ("content/agenda.yaml", "      role: Host", "      role: Evening Host"),
    ("content/publications.yaml", "  type: Report", "  type: Study"),
    ("content/courses.yaml", "[]", "- title: A Course\n  url: https://example.org/course"),
    ("content/about.md", "\n", "\nA sentence added to the prose.\n"),
    ("static/site.css", "}", "}\n.added { color: red; }"),
    *(_edit_for(t) for t in TEMPLATES),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The summit example (tracks in files of their own, segments, two venues, a timetable)
    with the default theme copied in as its own, and one template of its own that shows the
    number of publications on each speaker's page."""
    root = tmp_path / "project"
    shutil.copytree(SUMMIT / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    shutil.copytree(SUMMIT / "static", root / "static", dirs_exist_ok=True)  # its pictures
    speaker = root / "templates" / "speaker.html"
    text = speaker.read_text()
    speaker.write_text(text.replace("<h1>{{ speaker|named }}</h1>",
                                    "<h1>{{ speaker|named }}</h1>" + COUNT, 1))  # fmt: skip
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
        preview = _site(self.work / "preview")
        # The preview keeps no offline copy (a browser would keep it after the preview is
        # gone): each event's worker is the one that lets a copy go; every other byte is the
        # build's.
        workers = sorted(name for name in clean if name.rpartition("/")[2] == offline.PATH)
        assert workers, "each event has its offline copy's worker"
        assert {name: preview.pop(name) for name in workers} == dict.fromkeys(workers, offline.OFF)
        built = {name: data for name, data in clean.items() if name not in workers}
        assert _differences(preview, built) == [], "dev server"
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
    assert "1 publications" in page.read_text()
    publications = project / "content" / "publications.yaml"
    added = (
        "\n- title: Another Report\n  date: 2031-01-01\n  authors: [A. Writer]\n  type: Report\n"
    )
    publications.write_text(publications.read_text() + added)
    watched.check()
    assert "2 publications" in page.read_text(), "the speaker's page shows the new count"


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


def test_an_edit_makes_again_only_the_pages_that_read_it(
    project: Path, tmp_path: Path, made: list[str]
) -> None:
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild()
    preview.finish()
    made.clear()
    _apply(project, "content/speakers.yaml", "  position: Secretary-General",
           "  position: Chief Executive")  # fmt: skip
    assert preview.rebuild()
    preview.finish()
    pages = {key.removeprefix("page:") for key in made if key.startswith("page:")}
    shown = {
        name for name, data in _site(tmp_path / "preview").items()
        if name.endswith(".html") and b"Chief Executive" in data
    }  # fmt: skip
    assert shown <= pages, "every page that shows her position is made again"
    # Records are read whole: a page that shows a session she speaks at read her too (the
    # session holds its people). No other page is made again.
    site = load_site(project)

    def everyone(session: Session) -> set[str]:
        parts = (a for part in session.segments for a in part.speakers)
        return {a.speaker.id for a in (*session.people, *parts)}

    hers = [s for s in site.sessions if "nadia-haddad" in everyone(s)]
    pages_of = session_paths(site)
    readers = {"index.html", *(f"speakers/{i}.html" for s in hers for i in everyone(s)),
               *(pages_of[s] for s in hers if s in pages_of)}  # fmt: skip
    assert pages <= readers, "only pages that read her record, or a session she is in"
    assert "speakers/nadia-haddad.html" in pages
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


def _held(preview: Preview) -> dict[str, int]:
    """What the dev server keeps between saves: steps, records, and live objects by kind."""
    gc.collect()
    kinds = Counter(str(type(o).__module__).partition(".")[0] for o in gc.get_objects())
    return {"steps": len(preview.memo.steps), "records": len(preview.reuse.records),
            "eventsite objects": kinds["eventsite"],
            "all objects": sum(kinds.values())}  # fmt: skip


def test_what_the_dev_server_holds_does_not_grow_with_saves(project: Path, tmp_path: Path) -> None:
    # Issue 25: the dev server's memory over 1,000 edits stays flat. Whatever it keeps (steps,
    # records, objects) is the last build's, however many saves came before.
    preview = Preview(project, tmp_path / "preview", now=NOW)
    speakers = project / "content/speakers.yaml"
    text, held = speakers.read_text(), []
    for n in range(24):  # a new position every time, as an editor retyping it
        speakers.write_text(text.replace("position: Secretary-General", f"position: SG {n}", 1))
        assert preview.rebuild(), preview.errors
        preview.finish()
        if n in (3, 23):
            held.append(_held(preview))
    early, late = held
    assert late["steps"] == early["steps"], "every step kept is one the last build used"
    assert late["records"] == early["records"], "every record kept is one the last load read"
    assert late["eventsite objects"] == early["eventsite objects"]
    assert late["all objects"] - early["all objects"] < 200, f"{early} -> {late}"


def test_the_steps_inside_a_step_kept_whole_stay_kept(
    project: Path, tmp_path: Path, made: list[str]
) -> None:
    """A save that leaves the event page and the schedule feed as they were keeps them whole,
    without looking up their pieces (each slot's piece of the page, its entry in the feed);
    those pieces stay kept all the same, so that the next save, to one slot, makes that slot's
    pieces again, not every slot's."""
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild()
    preview.finish()
    speaker = project / "templates" / "speaker.html"  # read by the speakers' pages alone
    speaker.write_text(speaker.read_text().replace(COUNT, COUNT + "<p>Speaker</p>", 1))
    assert preview.rebuild()
    preview.finish()
    made.clear()
    _apply(project, "content/agenda.yaml", "  title: Coffee Break", "  title: Tea Break")
    assert preview.rebuild()
    preview.finish()
    entries = [key for key in made if key.startswith("out:schedule.json#")]
    assert len(entries) == 1, f"the feed's entries made again: {entries}"
    pieces = [key for key in made if not key.startswith(("page:", "out:"))]
    slots = len(load_site(project).sessions)
    assert 0 < len(pieces) < slots / 2, f"{len(pieces)} pieces of pages made again"
