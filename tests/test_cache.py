"""The build cache: kept outside the project, sealed, and a miss, never a wrong page, whenever it
is missing, old, corrupt, truncated, planted or another version's."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest

from eventsite.build import build
from eventsite.cli import main
from eventsite.engine import cache
from eventsite.engine import steps as engine
from tests.conftest import NOW, Project, snapshot
from tests.golden_site import tree


def _file(folder: Path) -> Path:
    (found,) = folder.glob("*.sqlite")
    return found


def _site(out: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(out).items() if k != ".eventsite-output"}


def _edit(project: Project) -> None:
    """A change every page shows, so that a build must make pages again."""
    path = project.root / "content/event.yaml"
    path.write_text(path.read_text().replace("title: Informal", "title: Formal"))


def _clean(project: Project, out: Path) -> dict[str, bytes]:
    build(project.root, out, now=NOW, cache=False)
    return _site(out)


def test_the_cache_lives_outside_the_project(project: Project, own_cache: Path) -> None:
    before = snapshot(project.root)
    build(project.root, project.root / "public", now=NOW)
    assert _file(own_cache).stat().st_size > 0
    added = set(snapshot(project.root)) - set(before)
    assert all(name == "public" or name.startswith("public/") for name in added)
    key = own_cache.with_name("cache.key")
    assert key.stat().st_size == 32, "the seal's key lives beside the cache, not in it"
    assert key.stat().st_mode & 0o077 == 0, "and only its owner can read it"


def test_a_warm_build_makes_only_what_changed(project: Project, own_cache: Path) -> None:
    out = project.root / "public"
    first = build(project.root, out, now=NOW)
    assert first.kept == 0
    _edit(project)
    second = build(project.root, out, now=NOW)
    assert second.kept > 0, "calendars of the slots did not change"
    assert _site(out) == _clean(project, project.root.parent / "clean")


def _planted(store: Path, html: bytes) -> int:
    """Replace the output of every kept step with `html`, keeping the seals: return how many."""
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT key, value FROM entries WHERE key LIKE 'page:%'").fetchall()
        for key, value in rows:
            head = value.partition(b"\n")[0]
            db.execute("UPDATE entries SET value = ? WHERE key = ?", (head + b"\n" + html, key))
    db.close()
    return len(rows)


BROKEN = {
    "missing": lambda path: path.unlink(),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
    "corrupt": lambda path: path.write_bytes(os.urandom(path.stat().st_size)),
    "not a database": lambda path: path.write_text("hello"),
    "a folder": lambda path: (path.unlink(), path.mkdir()),
    "unreadable": lambda path: path.chmod(0),
    "planted": lambda path: _planted(path, b"<script>alert(1)</script>"),
}


@pytest.mark.parametrize("how", list(BROKEN))
def test_a_broken_cache_is_a_miss_never_a_wrong_page(
    project: Project, own_cache: Path, how: str
) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    BROKEN[how](_file(own_cache))
    shutil.rmtree(out)  # so that the build cannot be skipped as unchanged
    build(project.root, out, now=NOW)
    assert _site(out) == _clean(project, project.root.parent / "clean")
    assert b"alert(1)" not in (out / "index.html").read_bytes()


def test_a_planted_step_fails_its_seal(project: Project, own_cache: Path) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    store = _file(own_cache)
    assert _planted(store, b"<p>planted</p>") > 0
    _edit(project)  # the step must be looked up, not skipped with the whole build
    report = build(project.root, out, now=NOW)
    assert b"planted" not in (out / "index.html").read_bytes()
    assert report.made > 0
    assert _site(out) == _clean(project, project.root.parent / "clean")


def test_a_cache_copied_from_elsewhere_is_not_trusted(
    project: Project, own_cache: Path, tmp_path: Path
) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    own_cache.with_name("cache.key").write_bytes(os.urandom(32))  # another machine's secret
    _edit(project)
    report = build(project.root, out, now=NOW)
    assert report.kept == 0, "no entry sealed with another key is used"
    assert _site(out) == _clean(project, tmp_path / "clean")


def test_another_version_s_cache_is_a_miss(
    project: Project, own_cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    monkeypatch.setattr(engine, "__version__", "9.9.9")
    monkeypatch.setattr(cache, "__version__", "9.9.9")
    report = build(project.root, out, now=NOW)
    assert report.kept == 0, "nothing of 0.1.0's is used by 9.9.9"
    assert report.made > 0
    assert _site(out) == _clean(project, tmp_path / "clean")


def test_no_cache_reads_and_keeps_nothing(project: Project, own_cache: Path) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    store = _file(own_cache)
    _planted(store, b"<p>planted</p>")
    kept = store.read_bytes()
    _edit(project)
    assert main(["build", "--project", str(project.root), "--now", "2026-01-01", "--no-cache"]) == 0
    assert store.read_bytes() == kept, "--no-cache leaves the cache alone"
    assert b"planted" not in (out / "index.html").read_bytes()


def test_a_store_that_keeps_nothing_holds_no_page_and_no_output() -> None:
    # --no-cache: a page or an output is made once a build and written as it is made; a piece
    # of a page is looked up again by the next page that shows it, a template's code too.
    store, step = cache.Store(), engine.Step({}, b"<p>made</p>")
    for key in ("page:index.html", "out:event.ics", "fragment-9f2c", "compiled:5e1a"):
        store.put(key, step)
    assert store.get("page:index.html") is None
    assert store.get("out:event.ics") is None
    assert store.get("fragment-9f2c") == step
    assert store.get("compiled:5e1a") == step


def test_a_hand_edited_output_file_is_written_again(project: Project, own_cache: Path) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    css = out / "static" / "site.css"
    css.write_text("/* edited by hand */")
    build(project.root, out, now=NOW)
    assert css.read_bytes() == (project.root / "static" / "site.css").read_bytes()


def test_clean_removes_the_project_s_cache(project: Project, own_cache: Path) -> None:
    build(project.root, project.root / "public", now=NOW)
    other = own_cache / "another-project.sqlite"
    other.write_bytes(b"")
    assert main(["clean", "--project", str(project.root)]) == 0
    assert sorted(p.name for p in own_cache.iterdir()) == ["another-project.sqlite"]


# -- what lies outside the project: the zone database, eventsite's own code ---------------------


def _build_in_child(project: Project, out: Path, **env: str) -> str:
    """`eventsite build` in a process of its own (the zones and the code it runs with are read
    once per process), into `out`; its last line."""
    done = subprocess.run(
        [sys.executable, "-m", "eventsite", "build", "--project", str(project.root), "--out",
         str(out), "--now", "2011-07-19"],
        env={**os.environ, **env}, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def test_a_new_zone_database_makes_the_calendars_again(
    project: Project, own_cache: Path, tmp_path: Path
) -> None:
    # A tzdata release that moves an offset: a cached build kept the old one in 14 files.
    # Stand-in: a zone folder whose America/New_York has Chicago's rules, of another version.
    zones = tmp_path / "zones"
    (zones / "America").mkdir(parents=True)
    chicago = next(Path(p, "America/Chicago") for p in zoneinfo.TZPATH
                   if Path(p, "America/Chicago").is_file())  # fmt: skip
    shutil.copy(chicago, zones / "America" / "New_York")
    (zones / "tzdata.zi").write_text("# version 2099a\n")
    _build_in_child(project, tmp_path / "before")
    before = (tmp_path / "before" / "event.ics").read_bytes()
    assert b"TZOFFSETTO:-0400" in before
    _build_in_child(project, tmp_path / "after", PYTHONTZPATH=str(zones))
    after = (tmp_path / "after" / "event.ics").read_bytes()
    assert b"TZOFFSETTO:-0500" in after  # Chicago's CDT
    assert b"TZOFFSETTO:-0400" not in after
    assert after != before


def test_an_edit_to_eventsite_s_own_code_makes_what_it_changes_again(
    project: Project, own_cache: Path, tmp_path: Path
) -> None:
    # An editable install, edited, keeps its version number: a cached build left 11 files stale.
    code = tmp_path / "code"
    shutil.copytree(Path(cache.__file__).resolve().parent.parent, code / "eventsite",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    ics_module = code / "eventsite" / "outputs" / "ics.py"
    ics_module.write_text(ics_module.read_text().replace("{__version__}//EN", "{__version__}//DE"))
    _build_in_child(project, tmp_path / "before")
    assert b"0.1.0//EN" in (tmp_path / "before" / "event.ics").read_bytes()
    _build_in_child(project, tmp_path / "after", PYTHONPATH=str(code))
    assert b"0.1.0//DE" in (tmp_path / "after" / "event.ics").read_bytes()
