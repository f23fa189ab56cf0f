"""Content files kept in the build's cache: an unchanged file is neither parsed nor decoded again,
and what it gives (records, places of fields, messages) is what reading it would give."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from eventsite.build import build
from eventsite.errors import ContentError
from eventsite.load import yamlfile
from eventsite.load.decode import Decoder
from tests.conftest import NOW, REPO, Project, copy_project
from tests.golden_site import tree


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    """Each content file composed from YAML ("parsed") and each value decoded ("decoded"), by
    file, counted while the test runs."""
    seen: Counter[tuple[str, str]] = Counter()
    compose, decode = yamlfile.compose, Decoder.read

    def composing(text: str, shown: str, problems: list[Any]) -> Any:
        seen["parsed", shown] += 1
        return compose(text, shown, problems)

    def decoding(self: Decoder, *args: Any, **kwargs: Any) -> Any:
        seen["decoded", self.ctx.file] += 1
        return decode(self, *args, **kwargs)

    monkeypatch.setattr(yamlfile, "compose", composing)
    monkeypatch.setattr(Decoder, "read", decoding)
    return seen


def _files(seen: Counter[tuple[str, str]], what: str) -> set[str]:
    return {shown for (kind, shown) in seen if kind == what}


def _site(out: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(out).items() if k != ".eventsite-output"}


def _replace(project: Project, name: str, old: str, new: str) -> None:
    path = project.root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _clean(project: Project, out: Path) -> dict[str, bytes]:
    build(project.root, out, now=NOW, cache=False)
    return _site(out)


def test_a_second_build_parses_no_unchanged_file(
    project: Project, own_cache: Path, read: Counter[tuple[str, str]]
) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    assert "content/agenda.yaml" in _files(read, "parsed")
    read.clear()
    _replace(project, "content/speakers.yaml", "Program Officer-Northeast", "Fellow for Northeast")
    build(project.root, out, now=NOW)
    assert _files(read, "parsed") == {"content/speakers.yaml"}
    assert _files(read, "decoded") == {"content/speakers.yaml"}
    assert b"Fellow for Northeast Asia" in (out / "index.html").read_bytes()
    assert _site(out) == _clean(project, project.root.parent / "clean")


def test_a_site_of_events_reads_again_only_the_file_edited(
    tmp_path: Path, own_cache: Path, read: Counter[tuple[str, str]]
) -> None:
    site = copy_project(REPO / "examples" / "institute", tmp_path / "site")
    out = tmp_path / "public"
    build(site.root, out, now=NOW)
    read.clear()
    agenda = "content/events/designing-ceasefires/agenda.yaml"
    _replace(site, agenda, "title: ", "title: Revised ")
    build(site.root, out, now=NOW)
    assert _files(read, "parsed") == _files(read, "decoded") == {agenda}
    assert b"Revised " in (out / "designing-ceasefires" / "index.html").read_bytes()
    assert _site(out) == _clean(site, tmp_path / "clean")


def _tamper(folder: Path) -> int:
    """Change a name in every kept file, keeping each entry's seal; return how many."""
    (store,) = folder.glob("*.sqlite")
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT key, value FROM entries WHERE key LIKE 'file:%'").fetchall()
        for key, value in rows:
            db.execute("UPDATE entries SET value = ? WHERE key = ?",
                       (value.replace(b"John Park", b"Planted Name"), key))  # fmt: skip
    db.close()
    return len(rows)


def test_a_tampered_file_entry_is_a_miss_never_a_wrong_page(
    project: Project, own_cache: Path, read: Counter[tuple[str, str]]
) -> None:
    build(project.root, project.root / "first", now=NOW)
    assert _tamper(own_cache) > 0
    read.clear()
    out = project.root / "public"
    build(project.root, out, now=NOW)
    assert "content/speakers.yaml" in _files(read, "parsed"), "read from its text again"
    assert b"Planted Name" not in (out / "index.html").read_bytes()
    assert _site(out) == _clean(project, project.root.parent / "clean")


def test_warnings_of_an_unchanged_file_are_said_again_where_they_are(
    project: Project, own_cache: Path, read: Counter[tuple[str, str]]
) -> None:
    nobody = "- id: nobody\n  name: No One\n\n- id: john-park"
    _replace(project, "content/speakers.yaml", "- id: john-park", nobody)
    first = build(project.root, project.root / "public", now=NOW)
    said = [str(p) for p in first.warnings]
    assert any("content/speakers.yaml:10:7: speakers[2].id" in line for line in said), said
    read.clear()
    _replace(project, "content/agenda.yaml", "title: Group Discussion", "title: Open Discussion")
    second = build(project.root, project.root / "public", now=NOW)
    assert "content/speakers.yaml" not in _files(read, "parsed")
    assert [str(p) for p in second.warnings] == said == project.warnings()


def test_a_name_gone_from_another_file_is_reported_in_the_unchanged_one(
    project: Project, own_cache: Path
) -> None:
    build(project.root, project.root / "public", now=NOW)
    _replace(project, "content/speakers.yaml", "- id: stephen-linton", "- id: steve-linton")
    with pytest.raises(ContentError) as caught:
        build(project.root, project.root / "public", now=NOW)
    lines = caught.value.lines()
    assert any(
        line.startswith("content/agenda.yaml:") and "stephen-linton" in line for line in lines
    )
    assert lines == project.problems(), "the same lines, lines and columns as a load without cache"
