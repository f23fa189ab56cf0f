"""Markdown that would exhaust the machine: refused with one line, quickly, in build and check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventsite.cli import main
from eventsite.engine.steps import digest
from eventsite.load import markdown
from eventsite.serve.server import Preview
from tests.conftest import NOW, Project, cpu_seconds
from tests.test_hostile import bare, build_fails_with

HINT = "simplify it: fewer brackets and nested lists, blank lines between paragraphs"
DEEP = f"is nested more than {markdown.MAX_DEPTH} levels deep (lists, quotes or indentation)"
COSTLY = f"takes more than {markdown.TIME_LIMIT:.0f} s to render"

CASES = {
    "700 nested list markers": ("- " * 700 + "x", DEEP),
    "700 nested numbered items": ("1. " * 700 + "x", DEEP),
    "60 levels of indented lists": ("".join("    " * i + "- x\n" for i in range(60)), DEEP),
    "nested quotes": (">" * 5000 + " x", DEEP),
    "200 KB of entities": (
        "&amp;" * 40_000,
        "is 200,000 characters long, more than the 100,000 allowed",
    ),
    "2 MB of nested quotes": (
        ">" * 1_999_000,
        "is 1,999,000 characters long, more than the 100,000 allowed",
    ),  # fmt: skip
}


@pytest.mark.timeout(120)  # a hang guard, not a speed bound
@pytest.mark.parametrize("case", sorted(CASES))
def test_pathological_about_md_is_refused_quickly(
    project: Project, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    text, reason = CASES[case]
    (bare(project).root / "content" / "about.md").write_text(text)
    assert build_fails_with(project, capsys) == [f"content/about.md: {reason}; {HINT}"]


@pytest.mark.timeout(120)  # a hang guard, not a speed bound
@pytest.mark.parametrize("case", sorted(CASES))
def test_pathological_bio_is_refused_at_its_field(
    project: Project, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    text, reason = CASES[case]
    if len(text) > markdown.MAX_CHARS:
        reason = reason.removesuffix(" allowed") + " allowed for a Markdown text"
        hint = "shorten it"
    else:
        hint = HINT
    bare(project).write(
        "content/speakers.yaml", json.dumps([{"id": "a", "name": "A", "bio": text}])
    )
    assert build_fails_with(project, capsys) == [
        f"content/speakers.yaml:1:34: speakers[1].bio: {reason}; {hint}"
    ]


@pytest.mark.timeout(120)  # a hang guard, not a speed bound
@pytest.mark.parametrize(
    "text",
    # 20,000 setext headings in one block took 35 s up to Python-Markdown 3.11.3 and 1.5 s in
    # 3.11.4, which a fresh install gets: a case that depends on the library's version is no
    # test of the limit, so the two kept here are slow in every version.
    ["[" * 12_000 + "](" * 6_000, "<a" * 40_000],
    ids=["24 KB of nested brackets", "40,000 angle brackets"],
)
def test_text_that_takes_quadratic_time_is_stopped_at_the_time_limit(
    project: Project, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    bare(project).write(
        "content/speakers.yaml", json.dumps([{"id": "a", "name": "A", "bio": text}])
    )
    started = cpu_seconds()  # the child that renders it included, once it has ended
    assert main(["check", "--project", str(project.root)]) == 1
    assert cpu_seconds() - started < markdown.TIME_LIMIT + 3
    assert capsys.readouterr().err.splitlines() == [
        f"content/speakers.yaml:1:34: speakers[1].bio: {COSTLY}; {HINT}"
    ]


@pytest.mark.timeout(60)
def test_many_costly_texts_share_one_time_budget(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    costly = "[" * 12_000 + "](" * 6_000
    records = [{"id": f"s{n}", "name": "A", "bio": f"{costly}{n}"} for n in range(8)]
    bare(project).write("content/speakers.yaml", json.dumps(records))
    started = cpu_seconds()
    assert main(["check", "--project", str(project.root)]) == 1
    assert cpu_seconds() - started < markdown.TOTAL_TIME_LIMIT + 5
    assert len(capsys.readouterr().err.splitlines()) == 8


def test_check_reports_deep_nesting_without_a_traceback(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    (bare(project).root / "content" / "about.md").write_text("- " * 700 + "x")
    assert main(["check", "--project", str(project.root)]) == 1
    assert capsys.readouterr().err == f"content/about.md: {DEEP}; {HINT}\n"


def test_ordinary_markdown_renders_in_the_process() -> None:
    bio = "Dr. Lee leads *research* on [markets](https://example.org).\n\n- one\n- two\n"
    assert markdown.refuse(bio) is None
    assert not markdown._suspicious(bio)
    big = "| a | b |\n|---|---|\n" + "| x | y |\n" * 300  # a long table: one big block
    assert markdown._suspicious(big)
    assert "<table>" in markdown.render(big)  # rendered in a child process, within the bound


def test_the_dev_server_keeps_only_the_last_build_s_texts(project: Project, tmp_path: Path) -> None:
    preview = Preview(project.root, tmp_path / "preview", now=NOW)
    texts = {}
    for n in range(5):
        project.write("content/about.md", f"Text number {n}.\n")
        assert preview.rebuild()
        preview.finish()
        texts[n] = digest("markdown", f"Text number {n}.\n")
    kept = preview.memo.steps
    assert texts[4] in kept, "the text on the page now is kept"
    assert not [n for n in range(4) if texts[n] in kept], "earlier texts are forgotten"
