"""Small composed fixtures: the example project copied into tmp_path, and helpers to edit it."""

from __future__ import annotations

import gc
import os
import resource
import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from eventsite.errors import ContentError
from eventsite.load.event import load_site
from eventsite.model import Site

if TYPE_CHECKING:
    from tests.test_serve import DevServer

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 1, 1, tzinfo=UTC)
"""The build time every test uses, so output is the same on every run."""


@pytest.fixture(autouse=True, scope="session")
def _cache_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds in tests keep their cache in a folder of this run, never in the user's."""
    os.environ["EVENTSITE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache") / "eventsite")
    yield
    del os.environ["EVENTSITE_CACHE_DIR"]


@dataclass(frozen=True)
class Project:
    """A throwaway copy of a project that a test may change."""

    root: Path

    def write(self, name: str, text: str) -> Path:
        """Replace a file in the project with dedented text."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def load(self) -> Site:
        """Load the project's content."""
        return load_site(self.root)

    def warnings(self) -> list[str]:
        """Every warning of a load that succeeds, one line each."""
        return [str(p) for p in load_site(self.root).warnings]

    def problems(self) -> list[str]:
        """Every problem the loader reports, one line each; fails if it loads cleanly."""
        with pytest.raises(ContentError) as caught:
            load_site(self.root)
        return caught.value.lines()


def copy_project(source: Path, target: Path) -> Project:
    """Copy a project's content, templates and static folders."""
    for name in ("content", "templates", "static"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    return Project(target)


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own, in place of the run's shared one."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENTSITE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """The example event, copied into a temporary folder."""
    return copy_project(REPO, tmp_path / "site")


def snapshot(root: Path) -> dict[str, object]:
    """Every folder, symlink and file below `root` (hidden ones too), with file contents."""
    found: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            found[name] = "folder"
        elif not path.is_file():  # a named pipe: reading it would wait for a writer
            found[name] = "special"
        else:
            found[name] = path.read_bytes()
    return found


@pytest.fixture
def out(project: Project) -> Path:
    """The project built once into public/: the previous output every failure must keep."""
    from eventsite.build import build

    folder = project.root / "public"
    build(project.root, folder, now=NOW)
    # The next build would differ, so a half-written or swapped-in site would show.
    text = (project.root / "content/event.yaml").read_text()
    project.write("content/event.yaml", text.replace("title: Informal", "title: Changed"))
    return folder


@pytest.fixture
def server(project: Project, tmp_path: Path) -> Iterator[DevServer]:
    """`eventsite serve` of the example, once its first build is served."""
    from tests.test_serve import DevServer

    running = DevServer(project.root, tmp_path / "serve.log")
    try:  # stopped even when the first build never comes: no process is left to another test
        running.wait_for(lambda body: "<h1>" in body, "the first build")
        yield running
    finally:
        running.stop()
        # A client socket the test left open is collected here, so that its warning fails this
        # test, which made it, never a later one.
        gc.collect()


def cpu_seconds() -> float:
    """CPU time spent so far by this process and by its children that have ended: what a test
    bounds instead of wall time, which a machine busy with other work stretches (CI shares it).
    Waits for a condition keep a generous ceiling, as a hang guard, not as a speed bound."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
