"""Compiled templates in the build cache: a warm build compiles none, and an entry that is
planted, tampered with, another key's or another eventsite's is a miss, never a wrong page."""

from __future__ import annotations

import json
import marshal
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest

from eventsite.build import build
from eventsite.cli import main
from eventsite.engine import cache
from eventsite.engine.steps import Step
from eventsite.render.pages import make_env
from tests.conftest import NOW, Project
from tests.golden_site import tree

PLANTED = b"PLANTED"
Rows = dict[str, tuple[bytes, bytes]]
"""Entries of the cache by key: each value (a JSON head, a line break, the bytes) and seal."""


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each template Jinja compiles from source, in order."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(env: jinja2.Environment, source: str, name: str | None = None, *a: Any) -> Any:
        names.append(name or "")
        return compile_(env, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def _site(out: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(out).items() if k != ".eventsite-output"}


def _clean(project: Project) -> dict[str, bytes]:
    out = project.root.parent / "clean"
    build(project.root, out, now=NOW, cache=False)
    return _site(out)


def _edit(project: Project) -> None:
    """A change the page shows, so that its step and its templates are needed again."""
    path = project.root / "content/event.yaml"
    path.write_text(path.read_text().replace("title: Informal", "title: Formal"))


def _store(own_cache: Path) -> Path:
    (found,) = own_cache.glob("*.sqlite")
    return found


def _compiled(store: Path) -> Rows:
    """The compiled templates' entries: their values and seals, by key."""
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT key, value, seal FROM entries WHERE key LIKE 'compiled:%'")
        found = {key: (value, seal) for key, value, seal in rows}
    db.close()
    return found


def _rewrite(store: Path, rows: Rows) -> None:
    with sqlite3.connect(store) as db:
        db.executemany("UPDATE entries SET value = ?, seal = ? WHERE key = ?",
                       [(value, seal, key) for key, (value, seal) in rows.items()])  # fmt: skip
    db.close()


def _only_compiled(store: Path) -> None:
    """Drop every entry but the compiled templates: each page and piece is made again."""
    with sqlite3.connect(store) as db:
        db.execute("DELETE FROM entries WHERE key NOT LIKE 'compiled:%'")
    db.close()


def _planted_code(project: Project) -> bytes:
    """A template's code that shows PLANTED, marshalled as an entry holds it."""
    code = make_env([project.root / "templates"]).compile(PLANTED.decode(), "planted.html")
    return marshal.dumps(code)


def _resealed(project: Project, rows: Rows, output: Callable[[int], bytes]) -> None:
    """Keep other code under each compiled template's key, with what the template was made of
    (its text, the compiler), sealed as eventsite seals: with the user's key, by this code."""
    store = cache.Store.open(project.root)
    for i, (key, (value, _)) in enumerate(sorted(rows.items())):
        store.put(key, Step(json.loads(value.partition(b"\n")[0])["deps"], output(i)))
    store.save()


def test_a_warm_build_compiles_no_template(
    project: Project, own_cache: Path, compiles: list[str]
) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    assert "index.html" in compiles, "a first build compiles what the page uses"
    assert len(_compiled(_store(own_cache))) == len(set(compiles))
    compiles.clear()
    _edit(project)
    report = build(project.root, out, now=NOW)
    assert report.made > 0, "the page was made again, from its templates"
    assert compiles == []
    _only_compiled(_store(own_cache))  # every page and piece made again: every template read
    assert build(project.root, out, now=NOW).kept == 0
    assert compiles == []
    assert _site(out) == _clean(project)


def test_an_edited_template_is_compiled_again_and_shows(
    project: Project, own_cache: Path, compiles: list[str]
) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    base = project.root / "templates/base.html"
    base.write_text(base.read_text().replace("</footer>", "<p>Edited by hand</p></footer>"))
    compiles.clear()
    build(project.root, out, now=NOW)
    assert compiles == ["base.html"], "the templates left as they were come from the cache"
    assert b"<p>Edited by hand</p></footer>" in (out / "index.html").read_bytes()
    assert _site(out) == _clean(project)


def _tampered(project: Project, rows: Rows) -> None:
    # The code replaced, the seal kept: what someone who may write the cache but has not the
    # user's key can do.
    head = next(iter(rows.values()))[0].partition(b"\n")[0]
    planted = head + b"\n" + _planted_code(project)
    _rewrite(cache.location(project.root), {key: (planted, rows[key][1]) for key in rows})


def _swapped(project: Project, rows: Rows) -> None:
    # Each entry holds another template's code with its seal: sealed, but for another key.
    keys = sorted(rows)
    _rewrite(cache.location(project.root), {key: rows[keys[i - 1]] for i, key in enumerate(keys)})


def _foreign(project: Project, rows: Rows) -> None:
    # Planted code sealed with another user's key (a cache copied in from elsewhere).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "_secret", lambda: bytes(range(32)))
        _resealed(project, rows, lambda _: _planted_code(project))


def _other_version(project: Project, rows: Rows) -> None:
    # Planted code sealed with the user's key, by another eventsite (another `made_by`).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "made_by", lambda: "0.0.1|another eventsite")
        _resealed(project, rows, lambda _: _planted_code(project))


def _not_code(project: Project, rows: Rows) -> None:
    # Sealed with the user's key by this eventsite, but no code: a miss, not an error.
    values = [b"", b"\x00not marshal", marshal.dumps(42)]
    _resealed(project, rows, lambda i: values[i % 3])


SPOILED: dict[str, Callable[[Project, Rows], None]] = {
    "tampered": _tampered,
    "swapped": _swapped,
    "foreign": _foreign,
    "another version's": _other_version,
    "not code": _not_code,
}


@pytest.mark.parametrize("how", list(SPOILED))
def test_a_spoiled_compiled_template_is_a_miss(
    project: Project, own_cache: Path, compiles: list[str], how: str
) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    used = sorted(set(compiles))
    SPOILED[how](project, _compiled(_store(own_cache)))
    _only_compiled(_store(own_cache))
    compiles.clear()
    build(project.root, out, now=NOW)
    assert sorted(compiles) == used, "every template compiled again from its source"
    site = _site(out)
    assert all(PLANTED not in data for data in site.values())
    assert site == _clean(project)


def test_no_cache_neither_reads_nor_writes_compiled_templates(
    project: Project, own_cache: Path, compiles: list[str]
) -> None:
    out = project.root / "public"
    command = ["build", "--project", str(project.root), "--now", "2026-01-01", "--no-cache"]
    assert main(command) == 0
    assert not own_cache.exists(), "--no-cache keeps nothing"
    build(project.root, out, now=NOW)
    used = sorted(set(compiles))
    # The worst an entry can hold: code sealed with the user's own key.
    _resealed(project, _compiled(_store(own_cache)), lambda _: _planted_code(project))
    kept = _store(own_cache).read_bytes()
    compiles.clear()
    assert main(command) == 0
    assert sorted(compiles) == used
    assert PLANTED not in (out / "index.html").read_bytes()
    assert _store(own_cache).read_bytes() == kept, "nor writes compiled templates"
    # Such an entry is what a build with its cache trusts: so --no-cache is what kept it out.
    build(project.root, out, now=NOW)
    assert PLANTED in (out / "index.html").read_bytes()


def test_an_unreadable_cache_compiles_and_builds(
    project: Project, own_cache: Path, compiles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project.root / "public"
    build(project.root, out, now=NOW)
    used = sorted(set(compiles))
    compiles.clear()
    _edit(project)

    def refused(*args: object, **kwargs: object) -> sqlite3.Connection:
        # What SQLite says of a file its user may not read (chmod 0 does not stop root).
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(cache.sqlite3, "connect", refused)
    build(project.root, out, now=NOW)
    assert sorted(compiles) == used
    monkeypatch.undo()
    assert _site(out) == _clean(project)
