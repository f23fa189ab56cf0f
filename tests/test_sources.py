"""Project files that are not regular files of the project: each is one line, nothing is written.

A symlink could publish any file of the computer, a named pipe would hang the build, an
unreadable file used to end in a traceback: each case below is set up for real on disk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from eventsite.load.files import MAX_FILE_BYTES
from tests.conftest import REPO, Project, copy_project
from tests.test_hostile import bare, build_fails_with

PRIVATE = "root:x:0:0:the text that must not be published"
ONLY = "eventsite reads only regular files"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project, like a home folder, with a secret in it."""
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_ed25519").write_text(PRIVATE)
    (home / "passwd").write_text(PRIVATE)
    return home


Setup = Callable[[Project, Path], None]


def _link(name: str, to: Callable[[Project, Path], Path], folder: bool = False) -> Setup:
    def make(project: Project, home: Path) -> None:
        path = project.root / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        path.symlink_to(to(project, home), target_is_directory=folder)

    return make


def _fifo(name: str) -> Setup:
    def make(project: Project, home: Path) -> None:
        (project.root / name).unlink()
        os.mkfifo(project.root / name)

    return make


def _folder(name: str) -> Setup:
    def make(project: Project, home: Path) -> None:
        (project.root / name).unlink(missing_ok=True)
        (project.root / name).mkdir()

    return make


CASES: dict[str, tuple[Setup, str]] = {
    "about.md linked to a file outside": (
        _link("content/about.md", lambda p, h: h / "passwd"),
        f"content/about.md: is a symbolic link to a file outside the project; {ONLY}",
    ),
    "static/ linked to a home folder": (
        _link("static", lambda p, h: h, folder=True),
        f"static/: is a symbolic link to a folder outside the project; {ONLY}",
    ),
    "content/ linked outside": (
        _link("content", lambda p, h: h, folder=True),
        f"content/: is a symbolic link to a folder outside the project; {ONLY}",
    ),
    "templates/ linked outside": (
        _link("templates", lambda p, h: h, folder=True),
        f"templates/: is a symbolic link to a folder outside the project; {ONLY}",
    ),
    "a static file linked outside": (
        _link("static/leak.txt", lambda p, h: h / "passwd"),
        f"static/leak.txt: is a symbolic link to a file outside the project; {ONLY}",
    ),
    "a static folder linked outside": (
        _link("static/keys", lambda p, h: h / ".ssh", folder=True),
        f"static/keys: is a symbolic link to a folder outside the project; {ONLY}",
    ),
    "a static file linked inside the project": (
        _link("static/copy.css", lambda p, h: p.root / "static" / "site.css"),
        f"static/copy.css: is a symbolic link to a file inside the project; {ONLY}",
    ),
    "a template linked outside": (
        _link("templates/leak.html", lambda p, h: h / "passwd"),
        f"templates/leak.html: is a symbolic link to a file outside the project; {ONLY}",
    ),
    "about.md a dangling link": (
        _link("content/about.md", lambda p, h: h / "gone.md"),
        f"content/about.md: is a symbolic link that leads nowhere; {ONLY}",
    ),
    "speakers.yaml linked outside": (
        _link("content/speakers.yaml", lambda p, h: h / "passwd"),
        f"content/speakers.yaml: is a symbolic link to a file outside the project; {ONLY}",
    ),
    "about.md a named pipe": (
        _fifo("content/about.md"),
        f"content/about.md: is a named pipe, not a file; {ONLY}",
    ),
    "speakers.yaml a named pipe": (
        _fifo("content/speakers.yaml"),
        f"content/speakers.yaml: is a named pipe, not a file; {ONLY}",
    ),
    "a static file a named pipe": (
        _fifo("static/site.css"),
        f"static/site.css: is a named pipe, not a file; {ONLY}",
    ),
    "about.md a folder": (
        _folder("content/about.md"),
        f"content/about.md: is a folder, not a file; {ONLY}",
    ),
    "event.yaml a folder": (
        _folder("content/event.yaml"),
        f"content/event.yaml: is a folder, not a file; {ONLY}",
    ),
}


@pytest.mark.timeout(120)  # a hang guard, not a speed bound
@pytest.mark.parametrize("case", sorted(CASES))
def test_only_regular_files_of_the_project_are_read(
    project: Project, outside: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    setup, expected = CASES[case]
    setup(bare(project), outside)
    assert build_fails_with(project, capsys) == [expected]


def test_check_refuses_them_too(
    project: Project, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eventsite.cli import main

    _fifo("content/speakers.yaml")(bare(project), outside)
    assert main(["check", "--project", str(project.root)]) == 1
    assert capsys.readouterr().err.splitlines() == [CASES["speakers.yaml a named pipe"][1]]


@pytest.mark.timeout(120)  # a hang guard, not a speed bound
def test_a_huge_sparse_file_is_refused_unread(project: Project, tmp_path: Path) -> None:
    with (bare(project).root / "content" / "about.md").open("wb") as sparse:
        sparse.truncate(1_000_000_000)  # 1 GB of nothing on disk: only reading it costs
    # The build may use 800 MB of address space: reading the file would take more.
    result = subprocess.run(
        ["prlimit", "--as=800000000", sys.executable, "-m", "eventsite", "build",
         "--project", str(project.root), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stderr.splitlines()) == (1, [
        f"content/about.md: file is larger than {MAX_FILE_BYTES // 1_000_000} MB; split it or "
        "remove what is not content"
    ])  # fmt: skip


# -- files the user cannot read: set up for real; root reads everything, so when the tests run
# as root the build runs without the capabilities that let root ignore file permissions.


@pytest.fixture
def shared_project(tmp_path: Path) -> Project:
    """The example, bare, with a place for its output."""
    (tmp_path / "out").mkdir()
    return bare(copy_project(REPO, tmp_path / "site"))


_DROP = "-dac_override,-dac_read_search"
_AS_USER = ["setpriv", f"--inh-caps={_DROP}", f"--bounding-set={_DROP}"]


def _build_as_user(project: Project) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "eventsite", "build", "--project", str(project.root),
               "--out", str(project.root.parent / "out" / "public")]  # fmt: skip
    return subprocess.run(
        [*_AS_USER, *command] if os.geteuid() == 0 else command,
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("path", "mode", "expected"),
    [
        ("content/about.md", 0o000, "content/about.md: cannot be read (permission denied); "
         "let your user read it, e.g. chmod a+r content/about.md"),
        ("content/speakers.yaml", 0o200, "content/speakers.yaml: cannot be read (permission "
         "denied); let your user read it, e.g. chmod a+r content/speakers.yaml"),
        ("static/site.css", 0o000, "static/site.css: cannot be read (permission denied); let "
         "your user read it, e.g. chmod a+r static/site.css"),
        ("static", 0o300, "static/: cannot be read (permission denied); let your user read "
         "it, e.g. chmod a+rx static/"),
    ],
)  # fmt: skip
def test_an_unreadable_file_is_one_line(
    shared_project: Project, path: str, mode: int, expected: str
) -> None:
    (shared_project.root / path).chmod(mode)
    result = _build_as_user(shared_project)
    assert (result.returncode, result.stdout, result.stderr.splitlines()) == (1, "", [expected])
    assert not (shared_project.root.parent / "out" / "public").exists()


def test_an_unreadable_content_folder_is_one_line(shared_project: Project) -> None:
    (shared_project.root / "content").chmod(0o000)
    result = _build_as_user(shared_project)
    assert (result.returncode, result.stderr.splitlines()) == (1, [
        "content/: cannot be read (permission denied); let your user read it, e.g. "
        "chmod a+rx content/"
    ])  # fmt: skip


def test_a_file_name_cannot_write_escapes_into_the_terminal(
    project: Project, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bare(project).root / "static" / "\x1b[2J\x1b]0;owned\x07.css").symlink_to(outside / "passwd")
    assert build_fails_with(project, capsys) == [
        "static/\\x1b[2J\\x1b]0;owned\\x07.css: is a symbolic link to a file outside the project; "
        f"{ONLY}"
    ]


def test_a_static_file_replaced_by_a_link_after_the_check_is_not_followed(
    project: Project, outside: Path
) -> None:
    from eventsite.load.files import open_regular

    link = project.root / "static" / "late.txt"
    link.symlink_to(outside / "passwd")
    with pytest.raises(OSError, match="symbolic links"):
        open_regular(link)
    os.mkfifo(project.root / "static" / "pipe")
    with pytest.raises(OSError, match="not a regular file"):
        open_regular(project.root / "static" / "pipe")
