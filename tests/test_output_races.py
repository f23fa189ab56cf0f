"""The writer against what happens around it: kills while it removes the old site, builds
running at once, files added by hand while it writes, a folder someone else made, a mount
point, a power cut."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventsite.build import build
from eventsite.errors import OutputError
from eventsite.write import site as write_module
from eventsite.write.guard import MARKER
from tests.conftest import NOW, Project
from tests.golden_site import tree
from tests.test_output import _slow_build, _wait_for_stage


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.mark.timeout(60)
def test_a_build_killed_while_removing_the_old_site_is_cleaned_up_next_time(
    project: Project, out: Path
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.slow_build", "0", "build", "--project", str(project.root),
         "--out", str(out)],
        cwd=Path(__file__).parent.parent, env={**os.environ, "SLOW_REMOVE": "30"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120  # a hang guard, not a speed bound
        # Wait until the swap is done and the old site's manifest is gone: mid-removal.
        while time.monotonic() < deadline:
            stages = list(out.parent.glob(f".{out.name}.new-*"))
            if (
                stages
                and not (stages[0] / MARKER).exists()
                and b"Changed" in (out / "index.html").read_bytes()
            ):
                break
            time.sleep(0.01)
        else:
            pytest.fail("the child build never reached the removal")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert _leftovers(out), "the kill came after the removal"
    build(project.root, out, now=NOW)
    assert _leftovers(out) == [], "the next build removes what the killed one left"


@pytest.mark.timeout(120)
def test_concurrent_builds_into_one_folder_take_turns(project: Project, out: Path) -> None:
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "eventsite",
                "build",
                "--project",
                str(project.root),
                "--out",
                str(out),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(16)
    ]
    try:  # a hang guard; whatever happens, no build is left running to trouble another test
        results = [(child.communicate(timeout=300)[1], child.returncode) for child in children]
    finally:
        for child in children:
            child.kill()
            child.wait()
    failed = [err for err, status in results if status != 0]
    assert failed == [], failed[0]
    assert _leftovers(out) == []
    assert b"<h1>Changed Markets" in (out / "index.html").read_bytes()
    assert set(tree(out)) >= {"index.html", MARKER}


def test_a_build_waiting_too_long_for_another_says_so(
    project: Project, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_module, "WAIT_FOR_OTHER_BUILD", 0.5)
    child = _slow_build(project, out, pause=0.2)
    try:
        _wait_for_stage(out, files=1)
        with pytest.raises(OutputError, match="another build has been writing into .*public for "
                           "over 0 s; wait for it to finish, or stop it"):  # fmt: skip
            build(project.root, out, now=NOW)
    finally:
        child.kill()
        child.wait()


@pytest.mark.timeout(60)
def test_a_file_added_while_the_site_is_written_is_kept_and_stops_the_build(
    project: Project, out: Path
) -> None:
    before = tree(out)
    child = _slow_build(project, out, pause=0.1)
    try:
        _wait_for_stage(out, files=2)
        (out / "notes.txt").write_text("my notes")
        _, err = child.communicate(timeout=50)
    finally:
        child.kill()
    assert child.returncode == 2
    assert (out / "notes.txt").read_text() == "my notes"
    assert tree(out) == {**before, "notes.txt": b"my notes"}
    assert _leftovers(out) == []


def test_a_folder_someone_else_made_keeps_its_mode(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "www"
    target.mkdir()
    target.chmod(0o2750)
    build(project.root, target, now=NOW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o2750
    build(project.root, target, now=NOW)  # and again, over its own output
    assert stat.S_IMODE(target.stat().st_mode) == 0o2750
    assert (target / "index.html").is_file()


def test_a_new_output_folder_is_readable_by_a_web_server(project: Project, tmp_path: Path) -> None:
    build(project.root, tmp_path / "new", now=NOW)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o755


def test_a_mount_point_is_refused_plainly(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "mnt"
    target.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(target)],
                             capture_output=True, check=False)  # fmt: skip
    if mounted.returncode != 0:  # no right to mount here: pretend, as the check asks the same
        real = os.path.ismount
        monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == target or real(p))
    try:
        with pytest.raises(OutputError) as refused:
            build(project.root, target, now=NOW)
        assert str(refused.value) == (
            f"error: {target} is a mount point, which eventsite cannot replace whole; "
            f"choose a folder inside it, e.g. {target / 'site'}"
        )
        build(project.root, target / "site", now=NOW)
        assert (target / "site" / "index.html").is_file()
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", str(target)], check=True)


def _record_syncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What is flushed to disk, by path, and when the swap happens."""
    synced: list[str] = []
    real_fsync, real_exchange = os.fsync, write_module.exchange

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    def exchange(a: Path, b: Path) -> bool:
        synced.append("swap")
        return real_exchange(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(write_module, "exchange", exchange)
    return synced


def test_the_whole_new_site_is_on_disk_before_the_swap(
    project: Project, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = _record_syncs(monkeypatch)
    real_syncfs = write_module._syncfs()
    assert real_syncfs is not None, "Linux has syncfs"

    def syncfs(fd: int) -> int:
        synced.append(f"syncfs {os.readlink(f'/proc/self/fd/{fd}')}")
        return real_syncfs(fd)

    monkeypatch.setattr(write_module, "_syncfs", lambda: syncfs)
    build(project.root, out, now=NOW)
    (flushed,) = synced[: synced.index("swap")]
    assert Path(flushed.removeprefix("syncfs ")).name.startswith(".public.new-")
    assert str(out.parent) in synced[synced.index("swap") :], "the swap itself is synced"


def test_without_syncfs_every_file_and_folder_is_synced_before_the_swap(
    project: Project, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = _record_syncs(monkeypatch)
    monkeypatch.setattr(write_module, "_syncfs", lambda: None)
    build(project.root, out, now=NOW)
    before = synced[: synced.index("swap")]
    stage = Path(before[0]).parent
    written = {str(stage / name) for name in tree(out)}
    folders = {str(stage)} | {str(Path(name).parent) for name in written}
    assert written | folders <= set(before)
    assert str(out.parent) in synced[synced.index("swap") :], "the swap itself is synced"
