"""The output folder: swapped in whole or not at all, and never a folder eventsite did not make."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from eventsite.build import build
from eventsite.cli import main
from eventsite.errors import ContentError, OutputError, SiteError
from eventsite.outputs import sitemap
from eventsite.write import site as write_module
from eventsite.write import staging as staging_module
from eventsite.write.guard import MARKER
from eventsite.write.site import clean_leftovers, staging, update_site, write_site
from tests.conftest import NOW, Project, snapshot
from tests.golden_site import tree


def fail_on_write(monkeypatch: pytest.MonkeyPatch, number: int) -> list[Path | str]:
    """Make the build's `number`th file write fail as a full disk would; return the writes."""
    real = staging_module.write_file
    calls: list[Path | str] = []

    def failing(target: Path | str, data: bytes | Path) -> int:
        calls.append(target)
        if len(calls) == number:
            raise OSError(28, "No space left on device (injected)")
        return real(target, data)

    monkeypatch.setattr(staging_module, "write_file", failing)
    return calls


# -- atomic output ------------------------------------------------------------------------------


@pytest.mark.parametrize("point", ["first file", "halfway", "last file"])
def test_failed_write_leaves_the_previous_output_intact(
    project: Project, out: Path, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    before, around = tree(out), snapshot(project.root.parent)
    count = len(before)  # the manifest and every page and static file
    number = {"first file": 1, "halfway": count // 2 + 1, "last file": count}[point]
    calls = fail_on_write(monkeypatch, number)
    with pytest.raises(OutputError, match=r"cannot write the site into .*\(injected\)"):
        build(project.root, out, now=NOW, cache=False)  # no cache: every file is written
    assert len(calls) == number
    assert tree(out) == before
    assert snapshot(project.root.parent) == around, "the staging folder is removed"


def test_a_build_failing_after_files_were_written_publishes_none(
    project: Project, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each file goes into the staging folder as it is made; the sitemap is the last file made.
    before, around = tree(out), snapshot(project.root.parent)
    staged: list[str] = []

    def failing(*args: object, **kwargs: object) -> dict[str, bytes]:
        (stage,) = out.parent.glob(f".{out.name}.new-*")
        staged.extend(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file())
        raise SiteError("the sitemap cannot be made (injected)")

    monkeypatch.setattr(sitemap, "files", failing)
    with pytest.raises(SiteError, match="injected"):
        build(project.root, out, now=NOW, cache=False)
    assert {"index.html", "event.ics", "schedule.json"} <= set(staged), "written as made"
    assert tree(out) == before
    assert snapshot(project.root.parent) == around, "the staging folder is removed"


def test_failed_swap_leaves_the_previous_output_intact(
    project: Project, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, around = tree(out), snapshot(project.root.parent)

    def broken(a: Path, b: Path) -> bool:
        raise OSError(5, "Input/output error (injected)")

    monkeypatch.setattr(write_module, "exchange", broken)
    with pytest.raises(OutputError, match=r"cannot write the site into .*\(injected\)"):
        build(project.root, out, now=NOW)
    assert tree(out) == before
    assert snapshot(project.root.parent) == around


def test_swap_without_renameat2_still_replaces_the_output(
    project: Project, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_module, "exchange", lambda a, b: False)
    build(project.root, out, now=NOW)
    assert b"<h1>Changed Markets" in (out / "index.html").read_bytes()
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".public")) == []


def test_failure_between_the_fallback_renames_puts_the_output_back(
    project: Project, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, around = tree(out), snapshot(project.root.parent)
    monkeypatch.setattr(write_module, "exchange", lambda a, b: False)
    real = os.rename

    def rename(src: str | Path, dst: str | Path) -> None:
        if ".public.new-" in str(src):
            raise OSError(5, "Input/output error (injected)")
        real(src, dst)

    monkeypatch.setattr(write_module.os, "rename", rename)
    with pytest.raises(OutputError, match=r"cannot write the site into .*\(injected\)"):
        build(project.root, out, now=NOW)
    monkeypatch.undo()
    assert tree(out) == before
    assert snapshot(project.root.parent) == around


def test_renameat2_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "from-a").write_text("a")
    if not write_module.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.fail("renameat2(RENAME_EXCHANGE) is expected on Linux with ext4 or tmpfs")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]
    assert list((tmp_path / "a").iterdir()) == []


def _slow_build(project: Project, out: Path, pause: float) -> subprocess.Popen[bytes]:
    """`eventsite build` in a child process that sleeps after each file it writes."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.slow_build", str(pause), "build", "--project",
         str(project.root), "--out", str(out)],
        cwd=Path(__file__).parent.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _wait_for_stage(out: Path, files: int) -> Path:
    """The staging folder of a running build, once it holds `files` files."""
    deadline = time.monotonic() + 120  # a hang guard, not a speed bound
    while time.monotonic() < deadline:
        for stage in out.parent.glob(f".{out.name}.new-*"):
            if sum(1 for p in stage.rglob("*") if p.is_file()) >= files:
                return stage
        time.sleep(0.02)
    pytest.fail("the child build never started writing")


def test_killed_build_leaves_the_previous_output_and_the_next_build_cleans_up(
    project: Project, out: Path
) -> None:
    before = tree(out)
    child = _slow_build(project, out, pause=0.25)
    try:
        stage = _wait_for_stage(out, files=2)  # the manifest and one file: mid-write
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert tree(out) == before, "a killed build changed the output"
    assert stage.is_dir(), "the kill came after the build had finished"

    build(project.root, out, now=NOW)
    assert not stage.exists(), "the next build removes what the killed one left"
    assert b"<h1>Changed Markets" in (out / "index.html").read_bytes()
    assert sorted(p.name for p in project.root.iterdir()) == [
        "content", "public", "static", "templates"]  # fmt: skip


def test_a_running_build_is_not_taken_for_a_leftover(project: Project, out: Path) -> None:
    child = _slow_build(project, out, pause=0.05)
    try:
        stage = _wait_for_stage(out, files=1)
        clean_leftovers(out)  # what a second build started now would do first
        assert stage.is_dir(), "a build in progress lost its staging folder"
        assert child.wait(timeout=120) == 0  # a hang guard, not a speed bound
    finally:
        child.kill()
        child.wait()
    assert b"<h1>Changed Markets" in (out / "index.html").read_bytes()


def test_output_moved_aside_by_a_killed_swap_is_put_back(project: Project, out: Path) -> None:
    # The fallback swap renames public/ aside, then the new site into place; a kill between
    # the two leaves no public/ at all. The next build (or serve) repairs it before anything.
    before = tree(out)
    out.rename(out.parent / ".public.old-1a2b3c4d")
    clean_leftovers(out)
    assert tree(out) == before
    assert sorted(p.name for p in project.root.iterdir()) == [
        "content", "public", "static", "templates"]  # fmt: skip


def test_lookalike_folders_that_are_not_leftovers_are_kept(project: Project, out: Path) -> None:
    mine = project.root / ".public.new-mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    build(project.root, out, now=NOW)
    assert (mine / "notes.txt").read_text() == "keep me"


# -- guard rails --------------------------------------------------------------------------------

Target = Callable[[Project, Path], Path]


def _home(project: Project, tmp_path: Path) -> Path:
    return Path.home()


def _linked(to: Target) -> Target:
    def make(project: Project, tmp_path: Path) -> Path:
        link = tmp_path / "link"
        link.symlink_to(to(project, tmp_path), target_is_directory=True)
        return link

    return make


def _git_repo(project: Project, tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return repo


def _git_repo_with_marker(project: Project, tmp_path: Path) -> Path:
    repo = _git_repo(project, tmp_path)
    (repo / MARKER).write_text('{"generator": "eventsite", "files": [".eventsite-output"]}')
    return repo


def _foreign(project: Project, tmp_path: Path) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"\xff\xd8\xff")
    return folder


def _foreign_marker(project: Project, tmp_path: Path) -> Path:
    folder = _foreign(project, tmp_path)
    (folder / MARKER).write_text("I made this myself\n")
    return folder


def _marker_symlink(project: Project, tmp_path: Path) -> Path:
    build(project.root, tmp_path / "real", now=NOW)
    folder = _foreign(project, tmp_path)
    (folder / MARKER).symlink_to(tmp_path / "real" / MARKER)
    return folder


def _a_file(project: Project, tmp_path: Path) -> Path:
    path = tmp_path / "site.zip"
    path.write_bytes(b"PK")
    return path


def _public_linked_to_content(project: Project, tmp_path: Path) -> Path:
    (project.root / "public").symlink_to(project.root / "content", target_is_directory=True)
    return project.root / "public"


GUARDED: dict[str, tuple[Target, str]] = {
    "the project": (lambda p, t: p.root, "refusing to write into .*: it holds the project"),
    "a parent of the project": (lambda p, t: p.root.parent, "it holds the project"),
    "the home folder": (_home, "it holds the project, your home folder or more"),
    "a parent of home": (lambda p, t: Path.home().parent, "your home folder or more"),
    "the root folder": (lambda p, t: Path("/"), "your home folder or more"),
    "content": (lambda p, t: p.root / "content", "it overlaps content/"),
    "inside content": (lambda p, t: p.root / "content" / "out", "it overlaps content/"),
    "templates": (lambda p, t: p.root / "templates", "it overlaps templates/"),
    "inside templates": (lambda p, t: p.root / "templates/partials", "it overlaps templates/"),
    "static": (lambda p, t: p.root / "static", "it overlaps static/"),
    "inside static": (lambda p, t: p.root / "static" / "built", "it overlaps static/"),
    "a folder holding .git": (_git_repo, "it holds a .git folder"),
    "a repository with a marker": (_git_repo_with_marker, "it holds a .git folder"),
    "inside .git": (lambda p, t: _git_repo(p, t) / ".git" / "site", "inside a .git folder"),
    "a folder eventsite did not make": (_foreign, "not empty and was not made by eventsite"),
    "a marker eventsite did not write": (_foreign_marker, "not made by eventsite"),
    "a marker that is a symlink": (_marker_symlink, "not made by eventsite"),
    "a file": (_a_file, "is a file"),
    "a symlink to the project": (_linked(lambda p, t: p.root), "it holds the project"),
    "a symlink to content": (_linked(lambda p, t: p.root / "content"), "overlaps content/"),
    "a symlink to home": (_linked(_home), "your home folder"),
    "a symlink to a repository": (_linked(_git_repo), "it holds a .git folder"),
    "public/ linked to content": (_public_linked_to_content, "it overlaps content/"),
}


@pytest.mark.parametrize("case", GUARDED)
def test_refuses_outputs_that_would_destroy_other_files(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    home = tmp_path / "home" / "editor"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "letter.txt").write_text("dear")
    monkeypatch.setenv("HOME", str(home))
    make, message = GUARDED[case]
    target = make(project, tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(OutputError, match=message):
        build(project.root, target, now=NOW)
    assert snapshot(tmp_path) == before, "nothing anywhere may change"


def test_cli_refuses_with_one_line_and_exit_status_2(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project.root)
    assert main(["build", "--project", str(project.root), "--out", str(project.root)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"error: refusing to write into {project.root}: it holds the project, your home folder "
        "or more; choose a folder such as public/\n"
    )
    assert snapshot(project.root) == before


def test_an_output_that_cannot_be_written_is_one_line_not_a_traceback(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("a file where a folder should be")
    out = tmp_path / "notes.txt" / "public"
    assert main(["build", "--project", str(project.root), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot write the site into {out}: [Errno ")
    assert len(err.splitlines()) == 1


def test_files_added_by_hand_stop_the_build_and_are_kept(project: Project, out: Path) -> None:
    (out / "CNAME").write_text("events.example.org\n")
    (out / "drafts" / "old").mkdir(parents=True)
    (out / "drafts" / "old" / "a.html").write_text("draft")
    (out / "static" / "logo.png").write_bytes(b"\x89PNG")
    before = snapshot(project.root)
    with pytest.raises(OutputError) as caught:
        build(project.root, out, now=NOW)
    assert str(caught.value) == (
        f"error: refusing to replace {out}: eventsite did not write CNAME, drafts/, "
        "static/logo.png; move them out of the folder (files to publish belong in static/), "
        "then build again"
    )
    assert snapshot(project.root) == before


def test_a_symlink_added_by_hand_stops_the_build(project: Project, out: Path) -> None:
    (out / "photos").symlink_to(project.root / "static", target_is_directory=True)
    with pytest.raises(OutputError, match="eventsite did not write photos;"):
        build(project.root, out, now=NOW)
    assert (project.root / "static" / "site.css").is_file()


def test_files_an_earlier_build_wrote_are_removed_when_no_longer_made(
    project: Project, out: Path
) -> None:
    project.write("static/extra.css", "p{}")
    build(project.root, out, now=NOW)
    assert (out / "static/extra.css").read_text() == "p{}"
    (project.root / "static/extra.css").unlink()
    (out / "index.html").write_text("edited by hand")  # eventsite's own file: rebuilt
    build(project.root, out, now=NOW)
    assert not (out / "static/extra.css").exists()
    assert b"<h1>Changed Markets" in (out / "index.html").read_bytes()


def test_output_of_an_earlier_release_is_replaced(project: Project, out: Path) -> None:
    # Before the manifest, the marker held one line and the whole folder was eventsite's.
    (out / MARKER).write_text("made by eventsite; replaced whole by each build\n")
    (out / "old-page.html").write_text("from an earlier build")
    build(project.root, out, now=NOW)
    assert not (out / "old-page.html").exists()
    assert (out / MARKER).read_text().startswith('{\n "generator": "eventsite"')


@pytest.mark.parametrize(
    "name", ["../escaped.html", "/var/www/absolute.html", "a/../../b.html", "a//b.html",
             "speakers/x\nevil.html", "a\\..\\b.html", "./index.html", MARKER],
)  # fmt: skip
def test_output_paths_cannot_leave_the_site(project: Project, tmp_path: Path, name: str) -> None:
    before = snapshot(tmp_path)
    with pytest.raises(OutputError, match="its path would leave the site"):
        write_site(tmp_path / "out", {name: b"x"}, static={})
    assert snapshot(tmp_path) == before


def test_an_output_cannot_be_both_a_file_and_a_folder(project: Project, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="speakers would be both a file and a folder"):
        write_site(tmp_path / "out", {"speakers": b"x", "speakers/a.html": b"y"}, static={})
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("order", [1, -1])
def test_a_file_and_a_folder_of_one_name_are_refused_in_the_order_made(
    tmp_path: Path, order: int
) -> None:
    # A build writes each file as it makes it, in the order it makes them, not sorted.
    refused = pytest.raises(OutputError, match="speakers would be both a file and a folder")
    with refused, staging(tmp_path / "out") as staged:
        for name in ["speakers", "speakers/a.html"][::order]:
            staged.put(name, b"x")
    assert list(tmp_path.iterdir()) == [], "the staging folder is removed"


def test_the_preview_checks_the_names_when_they_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dev server writes every save: the names of the last write were checked then, and a
    new name is checked against all of them."""
    written = {"speakers/a.html": b"x", "index.html": b"y"}
    update_site(tmp_path, written, {})
    again = {**written, "index.html": b"z"}
    assert update_site(tmp_path, again, written) == 1
    assert (tmp_path / "index.html").read_bytes() == b"z"
    for wrong, reason in (
        ({**again, "speakers": b"x"}, "speakers would be both a file and a folder"),
        ({**again, "../out.html": b"x"}, "would leave the site"),
    ):
        with pytest.raises(OutputError, match=reason):
            update_site(tmp_path, wrong, again)
    assert not (tmp_path.parent / "out.html").exists()
    checked: list[str] = []
    monkeypatch.setattr(write_module.Names, "add", lambda self, name: checked.append(name))
    update_site(tmp_path, {**again, "index.html": b"w"}, again)
    assert checked == [], "the names of the last write are checked again"


def test_symlinks_in_static_stop_the_build(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "password.txt").write_text("hunter2")
    (project.root / "static" / "leak").symlink_to(secret, target_is_directory=True)
    (project.root / "static" / "leak.txt").symlink_to(secret / "password.txt")
    with pytest.raises(ContentError) as refused:
        build(project.root, tmp_path / "out", now=NOW)
    assert [line.split(":")[0] for line in refused.value.lines()] == [
        "static/leak",
        "static/leak.txt",
    ]
    assert not (tmp_path / "out").exists()
