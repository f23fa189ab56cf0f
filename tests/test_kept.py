"""A build of a site of events takes an event unchanged since the last build into the same folder
whole (kept.py): it neither plans it nor looks up its steps, and links its files as written. What
it publishes is byte for byte what a build from nothing publishes, whatever changed meanwhile."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from eventsite import kept
from eventsite.build import BuildReport, build
from eventsite.errors import OutputError
from eventsite.outputs import card
from eventsite.plan import site as plan_site
from tests.conftest import REPO, copy_project
from tests.test_catalog import BASE, INSTITUTE, NOW

EDITED = "korea-forum-2026-spring"


@pytest.fixture
def institute(tmp_path: Path, own_cache: Path) -> Path:
    """The site of events, with a cache of its own; one of its events in two languages."""
    root = copy_project(INSTITUTE, tmp_path / "project").root
    seoul = REPO / "examples" / "seoul-workshop"
    shutil.copytree(seoul / "content", root / "content" / "events" / "seoul-workshop")
    shutil.copytree(seoul / "static", root / "static", dirs_exist_ok=True)
    return root


@pytest.fixture
def planned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders of the events the builds plan, in turn."""
    folders: list[str] = []
    plan = plan_site.plan_languages

    def noted(*args: object, **kwargs: object) -> object:
        where = args[3] if len(args) > 3 else kwargs["where"]
        folders.append(where.prefix)  # type: ignore[attr-defined]
        return plan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_site, "plan_languages", noted)
    return folders


def _build(project: Path, out: Path, cache: bool = True, now: datetime = NOW) -> BuildReport:
    return build(project, out, now=now, base_url=BASE, cache=cache)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _edit(project: Path, event: str = EDITED) -> None:
    agenda = project / "content" / "events" / event / "agenda.yaml"
    text = agenda.read_text(encoding="utf-8")
    agenda.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")


def _as_from_nothing(project: Path, out: Path, tmp_path: Path, now: datetime = NOW) -> None:
    """The folder holds what a build from nothing, with no cache, publishes."""
    fresh = tmp_path / "fresh"
    _build(project, fresh, cache=False, now=now)
    made, expected = _files(out), _files(fresh)
    assert sorted(made) == sorted(expected)
    assert [name for name in made if made[name] != expected[name]] == []


def _again(
    project: Path, out: Path, planned: list[str], change: Callable[[], object], now: datetime = NOW
) -> BuildReport:
    """A build, the `change`, and a build after it (at `now`), whose plans `planned` holds."""
    _build(project, out)
    change()
    planned.clear()
    return _build(project, out, now=now)


def _template(project: Path, name: str, meta: str) -> None:
    """The theme's template `name` as the project's own, with `meta` in the page's head."""
    theme = (REPO / "templates" / name).read_text(encoding="utf-8")
    changed = theme.replace("{% block meta %}", "{% block meta %}" + meta, 1)
    assert changed != theme
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / name).write_text(changed, encoding="utf-8")


def test_an_edit_to_one_event_plans_that_event_alone(
    institute: Path, planned: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(institute, out)
    assert len(planned) == 16  # the first build plans every event
    before = {p: p.stat().st_ino for p in (out / "seoul-workshop").rglob("*") if p.is_file()}
    _edit(institute)
    planned.clear()
    report = _build(institute, out)
    assert planned == [f"{EDITED}/"], "every other event was taken whole"
    assert 0 < report.made <= 20, report.summary()
    assert report.pages == 54, "the pages of the events taken count as pages of the site"
    # the other events' files, in both languages, are the very files the last build wrote
    assert {p: p.stat().st_ino for p in (out / "seoul-workshop").rglob("*") if p.is_file()} \
        == before  # fmt: skip
    assert (out / "seoul-workshop" / "en" / "index.html").is_file()
    _as_from_nothing(institute, out, tmp_path)


def test_the_steps_of_an_event_taken_whole_stay_in_the_cache(
    institute: Path, planned: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(institute, out)
    _edit(institute)  # the next build takes every other event whole, looking up none of its steps
    # A template only the people's pages read: every event is planned again, and its steps
    # are still in the cache, so only the pages that read that template are made again.
    report = _again(institute, out, planned, lambda: _template(institute, "person.html", "<!---->"))
    assert len(planned) == 16
    people = len(list(out.glob("people/*.html"))) - 1  # and the index of people
    assert people > 10
    assert people <= report.made <= people + 3, report.summary()
    _as_from_nothing(institute, out, tmp_path)


def test_a_file_changed_or_removed_in_the_folder_is_made_again(
    institute: Path, planned: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"

    def change() -> None:
        (out / "designing-ceasefires" / "index.html").write_text("defaced", encoding="utf-8")
        (out / "seoul-workshop" / "en" / "index.html").unlink()
        _edit(institute)

    _again(institute, out, planned, change)
    made = sorted([f"{EDITED}/", "designing-ceasefires/", "seoul-workshop/"])
    assert sorted(planned) == made, "an event whose files are not as written is made again"
    _as_from_nothing(institute, out, tmp_path)


def test_a_new_static_file_is_listed_by_every_offline_copy(
    institute: Path, planned: list[str], tmp_path: Path
) -> None:
    out, extra = tmp_path / "out", institute / "static" / "extra.css"
    _again(institute, out, planned, lambda: extra.write_text("p { color: red }\n"))
    assert len(planned) == 16, "each event's offline copy lists the site's static files"
    assert "extra.css" in (out / "designing-ceasefires" / "sw.js").read_text(encoding="utf-8")
    _as_from_nothing(institute, out, tmp_path)


def test_an_event_whose_card_finds_other_fonts_is_made_again(
    institute: Path, planned: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    fingerprint = card.Fonts.fingerprint.fget  # type: ignore[attr-defined]

    def change() -> None:  # a font installed since
        monkeypatch.setattr(card.Fonts, "fingerprint", property(lambda f: "new" + fingerprint(f)))
        _edit(institute)

    _again(institute, out, planned, change)
    cards = {p.parent.name + "/" for p in out.glob("*/card.*.png")}
    assert len(cards) >= 3
    assert sorted(planned) == sorted({*cards, f"{EDITED}/"})


def test_a_build_into_another_folder_between_takes_nothing_stale(
    institute: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _build(institute, first)
    _edit(institute, "designing-ceasefires")
    build(institute, second, now=NOW, base_url="https://elsewhere.example.org/")
    _edit(institute)
    _build(institute, first)
    _as_from_nothing(institute, first, tmp_path)


def test_an_event_whose_pages_show_the_moment_is_made_at_each_moment(
    institute: Path, planned: list[str], tmp_path: Path
) -> None:
    _template(institute, "index.html", "<!-- built {{ now }} -->")
    out, later = tmp_path / "out", NOW + timedelta(hours=1)
    _again(institute, out, planned, lambda: _edit(institute), now=later)
    assert len(planned) == 16
    assert str(later.hour) in (out / "designing-ceasefires" / "index.html").read_text()
    _as_from_nothing(institute, out, tmp_path, later)


def test_a_file_changed_while_the_build_runs_stops_it(
    institute: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, page = tmp_path / "out", tmp_path / "out" / "designing-ceasefires" / "index.html"
    _build(institute, out)
    taken = kept.Taken.__call__

    def then_changed(self: kept.Taken, folder: str, key: str) -> bool:
        found = taken(self, folder, key)
        if found and folder == "designing-ceasefires":  # another build, or a hand, meanwhile
            page.write_text("changed meanwhile", encoding="utf-8")
        return found

    monkeypatch.setattr(kept.Taken, "__call__", then_changed)
    _edit(institute)
    with pytest.raises(OutputError, match="index.html changed while the site was being built"):
        _build(institute, out)
    assert page.read_text(encoding="utf-8") == "changed meanwhile", "nothing was swapped in"


def test_without_hard_links_the_files_taken_are_copied(
    institute: Path, planned: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(1, "hard links not supported")

    out = tmp_path / "out"
    _again(institute, out, planned, lambda: (monkeypatch.setattr(os, "link", no_links),
                                             _edit(institute)))  # fmt: skip
    assert planned == [f"{EDITED}/"]
    _as_from_nothing(institute, out, tmp_path)
