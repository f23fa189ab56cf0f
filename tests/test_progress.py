"""The progress line of a long build or import: on a terminal only, reaching every file."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from pathlib import Path

from eventsite.build import build
from eventsite.cli import Progress
from eventsite.engine.steps import Counts
from tests.conftest import NOW, Project


class Terminal(io.StringIO):
    """What a terminal receives; says when the first line arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.wrote = threading.Event()

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        written = super().write(text)
        self.wrote.set()
        return written


def test_a_terminal_sees_files_made_of_files_to_make_then_a_clean_line() -> None:
    counts, terminal = Counts(total=2510, files=342, on="sessions/keynote.html"), Terminal()
    with Progress(counts, "loading the content", terminal, after=0, every=0.01):
        assert terminal.wrote.wait(30)
    shown = terminal.getvalue()
    assert "\r\x1b[Kmaking 342 of 2,510 files: sessions/keynote.html" in shown
    assert shown.endswith("\r\x1b[K")  # the summary line that follows starts on a clean line


def test_the_line_says_what_the_work_is_on_before_and_after_the_files() -> None:
    counts = Counts()
    progress = Progress(counts, "loading the content")
    assert progress.line() == "loading the content ..."
    counts.total = counts.files = 12
    assert progress.line() == "made 12 files; writing the site ..."
    assert Progress(label="importing schedule.json").line() == "importing schedule.json ..."


def test_not_a_terminal_gets_nothing() -> None:
    stream = io.StringIO()  # CI, a pipe
    with Progress(Counts(total=3), "loading", stream, after=0, every=0.01) as progress:
        assert progress._thread is None
    assert stream.getvalue() == ""


def test_a_build_counts_every_file_it_makes(project: Project, tmp_path: Path) -> None:
    counts = Counts()
    build(project.root, tmp_path / "out", now=NOW, cache=False, counts=counts)
    written = {p.relative_to(tmp_path / "out").as_posix()
               for p in (tmp_path / "out").rglob("*") if p.is_file()}  # fmt: skip
    kinds = (".html", ".ics", "schedule.json", "schedule.xml", "sw.js")  # sw.js: offline copy
    made = {name for name in written if name.endswith(kinds)}
    assert counts.total == counts.files == len(made) > 2


def test_an_event_that_keeps_no_offline_copy_counts_its_worker_too(
    project: Project, tmp_path: Path
) -> None:
    event = project.root / "content" / "event.yaml"
    project.write("content/event.yaml", event.read_text(encoding="utf-8") + "offline: false\n")
    counts = Counts()
    build(project.root, tmp_path / "out", now=NOW, cache=False, counts=counts)
    assert (tmp_path / "out" / "sw.js").is_file()  # the worker that lets a copy go
    assert counts.total == counts.files


def test_a_piped_build_prints_what_it_printed_before(project: Project) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "eventsite", "build", "--project", str(project.root)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "\r" not in run.stdout + run.stderr
    assert all(line.endswith("(warning)") for line in run.stderr.splitlines())
