"""However a site is made, on one core or several, from a cold or a warm cache, the bytes agree."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import jinja2
import pytest
from bench.generate import Size, generate

from eventsite import markdown, render
from eventsite.build import build, render_site
from eventsite.outputs import links
from eventsite.serve import Preview
from tests.conftest import NOW, Project
from tests.golden_site import tree

# Big enough that Markdown and the outputs are spread over several processes.
MEDIUM = Size("M", speakers=200, sessions=400, days=2, rooms=4)


@pytest.fixture(scope="module")
def event(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("medium")
    generate(MEDIUM, folder)
    return folder / "eventsite"


@pytest.fixture
def jobs(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    markdown._done.clear()  # every build in these tests starts cold unless it says otherwise
    yield monkeypatch
    markdown._done.clear()


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def test_cached_builds_are_the_clean_build(event: Path, jobs: pytest.MonkeyPatch) -> None:
    render._COMPILED.code.clear()
    clean = render_site(event, NOW)  # renders every text and compiles every template
    assert render._COMPILED.code, "the compiled templates are kept"

    rendered: list[str] = []
    original = markdown._render
    jobs.setattr(markdown, "_render", lambda text: rendered.append(text) or original(text))
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile
    jobs.setattr(
        jinja2.Environment,
        "compile",
        lambda env, source, name=None, *args, **kwargs: (
            compiled.append(name) or compile_(env, source, name, *args, **kwargs)
        ),
    )
    warm = render_site(event, NOW)  # as the dev server's next build: all from memory
    assert rendered == [], "the second build renders no Markdown again"
    assert compiled == [], "nor compiles a template again"
    assert _differences(clean, warm) == []


def test_dev_server_writes_what_a_build_writes_and_only_what_changed(
    project: Project, tmp_path: Path
) -> None:
    preview = Preview(project.root, tmp_path / "preview", now=NOW)
    assert preview.rebuild()
    preview.finish()
    build(project.root, tmp_path / "built", now=NOW)
    assert _differences(_site(tmp_path / "preview"), _site(tmp_path / "built")) == []

    files = sorted((tmp_path / "preview").rglob("*"))
    before = {path: path.stat().st_ino for path in files if path.is_file()}
    speakers = project.root / "content/speakers.yaml"
    speakers.write_text(speakers.read_text().replace("Senior Economist", "Lead Economist", 1))
    assert preview.rebuild()
    preview.finish()
    rewritten = sorted(
        str(path.relative_to(tmp_path / "preview"))
        for path, inode in before.items()
        if path.stat().st_ino != inode
    )
    edited = {name for name, data in _site(tmp_path / "preview").items() if b"Lead Econ" in data}
    assert edited, "the edit shows"
    assert set(rewritten) == edited, "files that did not change are left alone"
    build(project.root, tmp_path / "rebuilt", now=NOW)
    assert _differences(_site(tmp_path / "preview"), _site(tmp_path / "rebuilt")) == []


def _site(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in tree(folder).items() if not name.startswith(".eventsite")}


@pytest.mark.parametrize(
    "text",
    ["Panel 2: Remittances & Markets", "a/b?c=d#e%f+g", "Café — 9:00–10:00 €5 😀", "tab\tline\nend",
     "quote\"s <b> 'x' \\ ^ ~._-", ""],
)  # fmt: skip
def test_calendar_links_quote_as_urllib_does(text: str) -> None:
    params = {"text": text, "details": text * 3, "ctz": "America/New_York"}
    assert links._query(params) == urlencode(params, quote_via=quote, safe="/")


EDITS = [
    ("content/speakers.yaml", "  position: ", "  position: Acting "),  # one speaker's title
    ("content/speakers.yaml", "  bio: |\n    ", "  bio: |\n    Newly: "),  # one speaker's page
    ("content/agenda.yaml", '  title: "', '  title: "Renamed '),  # a session's page and links
    ("content/agenda.yaml", "  abstract: |\n    ", "  abstract: |\n    Revised. "),
    ("content/panels.yaml", '  title: "', '  title: "Retitled '),  # shown in session pages
    ("content/event.yaml", "title: ", "title: Renamed "),  # every page's head and footer
    ("templates/partials/person.html", "person__name", "person__name person"),  # a template
]


def test_dev_server_renders_again_every_page_an_edit_changes(
    event: Path, tmp_path: Path, jobs: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "event"
    shutil.copytree(event, project)
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild()
    for n, (name, old, new) in enumerate(EDITS):
        path = project / name
        text = path.read_text()
        assert old in text, f"{name} has no {old!r} to edit"
        path.write_text(text.replace(old, new, 1))
        assert preview.rebuild()
        preview.finish()
        build(project, tmp_path / f"built-{n}", now=NOW)
        assert _differences(_site(tmp_path / "preview"), _site(tmp_path / f"built-{n}")) == [], (
            f"after editing {name}"
        )
