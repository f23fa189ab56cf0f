"""Whole builds: the golden example, nothing written on failure, and the output guard rails."""

from __future__ import annotations

import difflib
import gc
import subprocess
import sys
from pathlib import Path

import pytest

from eventsite.build import build
from eventsite.errors import ContentError, OutputError, SiteError
from eventsite.load.event import collecting_new
from eventsite.plan.event import Page, Plan
from eventsite.render.pages import Renderer
from eventsite.write.guard import MARKER
from tests.conftest import NOW, REPO, Project
from tests.golden_site import GOLDEN, tree


def test_example_matches_the_golden_site(tmp_path: Path) -> None:
    build(REPO, tmp_path / "out", now=NOW)
    built, golden = tree(tmp_path / "out"), tree(GOLDEN)
    assert sorted(built) == sorted(golden), "files differ; run `make golden` if intended"
    for name, data in golden.items():
        if built[name] != data:
            diff = difflib.unified_diff(
                data.decode().splitlines(), built[name].decode().splitlines(),
                f"golden/{name}", f"built/{name}", lineterm="", n=2,
            )  # fmt: skip
            pytest.fail(f"{name} changed; run `make golden` if intended:\n" + "\n".join(diff))


def test_same_content_builds_the_same_bytes(project: Project, tmp_path: Path) -> None:
    build(project.root, tmp_path / "a", now=NOW)
    build(project.root, tmp_path / "b", now=NOW)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_failing_build_leaves_public_untouched(project: Project) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    before = tree(out)
    project.write("content/agenda.yaml", "- {start: 9:00, end: 8:00, kind: other, title: X}")
    with pytest.raises(ContentError):
        build(project.root, out, now=NOW)
    assert tree(out) == before
    assert sorted(p.name for p in project.root.iterdir()) == [
        "content", "public", "static", "templates"]  # fmt: skip


def test_pages_are_made_with_the_cycle_collector_on_the_loaded_content_out_of_it(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each page and piece leaves a reference cycle (Jinja's context and its macros): collected
    # as the build goes rather than all held to its end; the loaded records are never walked.
    seen: list[tuple[bool, bool]] = []
    real = Renderer._page

    def page(self: Renderer, plan: Plan, page: Page) -> bytes:
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0))
        return real(self, plan, page)

    monkeypatch.setattr(Renderer, "_page", page)
    build(project.root, project.root / "public", now=NOW, cache=False)
    assert seen
    assert set(seen) == {(True, True)}
    assert gc.get_freeze_count() == 0, "nothing stays frozen after the build"


def test_with_the_collector_off_a_make_leaves_it_off() -> None:
    # The dev server turns it off while it rebuilds, and collects after: nothing is frozen.
    gc.disable()
    try:
        with collecting_new():
            assert (gc.isenabled(), gc.get_freeze_count()) == (False, 0)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cli_reports_problems_and_exits_non_zero(project: Project) -> None:
    project.write("content/agenda.yaml", "- {start: 9:00, end: 8:00, kind: other, title: X}")
    run = subprocess.run(
        [sys.executable, "-m", "eventsite", "build", "--project", str(project.root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.splitlines()[0].startswith("content/agenda.yaml:1:22: agenda[1].end: ")
    assert "Traceback" not in run.stderr
    assert not (project.root / "public").exists()


def test_cli_build_prints_one_line_summary(project: Project) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "eventsite", "build", "--project", str(project.root)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert len(run.stdout.splitlines()) == 1
    assert run.stdout.startswith("built 1 page and ")
    assert (project.root / "public" / "index.html").is_file()


def test_cli_check_writes_nothing(project: Project) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "eventsite", "check", "--project", str(project.root)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert run.stdout.splitlines()[0].endswith("; no errors, no warnings")
    assert run.stderr == ""
    assert all(line.endswith("(warning)") for line in run.stderr.splitlines())
    assert not (project.root / "public").exists()


@pytest.mark.parametrize("where", [".", "content", "content/sub", "static", "templates", ".."])
def test_refuses_to_write_over_the_project(project: Project, where: str) -> None:
    before = tree(project.root)
    with pytest.raises(OutputError, match="refusing to write into"):
        build(project.root, project.root / where, now=NOW)
    assert tree(project.root) == before


def test_refuses_a_folder_it_did_not_make(project: Project, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match="not empty and was not made by eventsite"):
        build(project.root, mine, now=NOW)
    assert (mine / "notes.txt").read_text() == "keep me"


def test_replaces_its_own_output_whole(project: Project) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    (out / "index.html").write_text("old")
    build(project.root, out, now=NOW)
    assert (out / "index.html").read_text() != "old"
    assert (out / MARKER).is_file()
    assert out.stat().st_mode & 0o777 == 0o755, "a web server must be able to read the site"


def test_template_syntax_error_is_one_line(project: Project) -> None:
    project.write("templates/partials/speaker.html", "{% if speaker.name %}\n{{ speaker.name }\n")
    with pytest.raises(SiteError) as caught:
        build(project.root, project.root / "public", now=NOW)
    assert caught.value.lines() == [
        "templates/partials/speaker.html:2: template syntax error: unexpected '}'"
    ]
    assert not (project.root / "public").exists()


def test_template_typo_is_named_not_left_blank(project: Project) -> None:
    project.write("templates/partials/speaker.html", "<h3>\n{{ speaker.nmae }}</h3>")
    with pytest.raises(SiteError) as caught:
        build(project.root, project.root / "public", now=NOW)
    assert caught.value.lines() == [
        "templates/partials/speaker.html:2: unknown name: Speaker has "
        "no attribute 'nmae'; check the spelling"
    ]


def test_not_a_project_folder(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "eventsite", "build", "--project", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr == f"error: {tmp_path}/content/ not found; run eventsite in a project " \
        "folder or pass --project DIR\n"  # fmt: skip
