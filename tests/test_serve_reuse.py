"""The dev server on a site of events keeps each unchanged event's plans from its last build,
and still serves, after any edit, the bytes of a clean build."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import html
from PIL import Image

from eventsite.build import build
from eventsite.load import markdown
from eventsite.model import Site
from eventsite.model.lifecycle import Timing
from eventsite.outputs import offline
from eventsite.serve.server import Preview
from tests.conftest import NOW, REPO, copy_project
from tests.test_catalog import _text
from tests.test_engine import Watched, _apply, _differences, _site

INSTITUTE = REPO / "examples" / "institute"
A, B = "korea-forum-2026-spring", "water-drought-conflict"
PERSON = ("content/speakers.yaml", "Senior Fellow, Korea Program", "Senior Fellow")
"""Hana Seo, who speaks at event A (and at others)."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(INSTITUTE, tmp_path / "project").root
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def _tables(preview: Preview) -> dict[str, object]:
    """Each event's table of fingerprints in the last build: the same object while its plan
    is kept."""
    return {slug: parts[0].plan.table for slug, (_, parts) in preview.plans.plans.items()}


def _served_is_clean(preview: Preview, project: Path, out: Path) -> None:
    """Rebuild the preview and compare it with a clean build at its moment (but for each
    event's offline worker, which a preview never keeps)."""
    assert preview.rebuild(), preview.errors
    preview.finish()
    build(project, out, now=preview.now, cache=False)
    clean = {k: v for k, v in _site(out).items() if not k.endswith(offline.PATH)}
    served = {k: v for k, v in _site(preview.out).items() if not k.endswith(offline.PATH)}
    assert _differences(served, clean) == []


def test_an_edit_to_a_then_the_people_then_b_gives_the_clean_build(
    project: Path, tmp_path: Path
) -> None:
    watched = Watched(project, tmp_path)
    edits = [
        (f"content/events/{A}/agenda.yaml", "title: Welcome", "title: A Warm Welcome"),
        PERSON,
        (f"content/events/{B}/agenda.yaml", "title: Drought and Disputes", "title: Dry Years"),
    ]
    for name, old, new in edits:
        before, read = _tables(watched.preview), _loads(watched.preview)
        _apply(project, name, old, new)
        watched.check()
        after, again = _tables(watched.preview), _loads(watched.preview)
        kept = {slug for slug in after if after[slug] is before.get(slug)}
        taken = {slug for slug in again if again[slug] is read.get(slug)}
        if name.startswith("content/events/"):  # only the edited event is read and planned
            assert kept == taken == set(after) - {name.split("/")[2]}
        else:  # the person's events are planned again; the others are kept
            assert A not in kept
            assert B in kept
            assert taken == set(), "a shared file: every event is read again"


def _loads(preview: Preview) -> dict[str, object]:
    """Each event's site as the last load gave it: the same object while it is taken whole."""
    return {slug: part.loaded[0] for slug, part in preview.reuse.parts.items() if part.loaded}


def test_a_picture_replaced_on_disk_is_judged_again(project: Path, tmp_path: Path) -> None:
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild(), preview.errors
    preview.finish()
    picture = project / "static" / "events" / f"{A}.jpg"  # event A's, named in its event.yaml
    with Image.open(picture) as old:
        size = old.size
    Image.new("RGB", (size[0] // 2, size[1] // 3), "teal").save(picture, "JPEG")
    _served_is_clean(preview, project, tmp_path / "clean")


def test_a_stale_or_planted_plan_is_never_used(project: Path, tmp_path: Path) -> None:
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild(), preview.errors
    stale = preview.plans.plans[A]
    _apply(project, f"content/events/{A}/agenda.yaml", "title: Welcome", "title: Hello")
    assert preview.rebuild(), preview.errors
    preview.plans.plans[A] = stale  # the plan from before the edit, as if it were still good
    _served_is_clean(preview, project, tmp_path / "clean-stale")
    preview.plans.plans[B] = preview.plans.plans[A]  # another event's plans, and what they're from
    _served_is_clean(preview, project, tmp_path / "clean-planted")
    assert preview.plans.plans[B].parts[0].site.folder == B


def test_a_kept_plan_is_told_the_new_moment(project: Path, tmp_path: Path) -> None:
    """An event nobody edited changes with the moment: a year later, every event is past."""
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild(), preview.errors
    preview.finish()
    for step, days in enumerate((1, 400)):
        preview.now = NOW + timedelta(days=days)
        _served_is_clean(preview, project, tmp_path / f"clean-{step}")


def test_a_file_as_the_last_listing_found_it_is_not_read_again(project: Path) -> None:
    from eventsite.load.inputs import sources

    name = f"content/events/{A}/agenda.yaml"
    first = sources(project)
    assert first.stats[str(project / name)][-1] is None, "just written: read again next time"
    settled = {path: [*stat[:-1], "settled"] for path, stat in first.stats.items()}
    kept = {**first.data, name: b"the bytes the last listing read"}
    again = sources(project, settled, kept)
    assert again.data[name] == b"the bytes the last listing read"
    assert again.content[name.removeprefix("content/")] == "settled"
    _apply(project, name, "title: Welcome", "title: Hello")  # a new stat: read
    assert b"title: Hello" in sources(project, settled, kept).data[name]


def test_a_person_s_page_across_events_follows_an_edit_to_one_event_s_slot(
    project: Path, tmp_path: Path
) -> None:
    """The dev server keeps what the pages across events take of each event it did not
    read again (its entry, its people's slots) and each person's values on their page: an
    edit to the title of Hana Seo's slot at event A reaches her page, and stays there while
    another event is edited, as in a clean build."""
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild(), preview.errors
    preview.finish()
    edits = [
        (f"content/events/{A}/agenda.yaml", "title: Phones, Drives and Radio", "title: Radio Days"),
        (f"content/events/{B}/agenda.yaml", "title: Drought and Disputes", "title: Dry Years"),
    ]
    for step, (name, old, new) in enumerate(edits):
        pieces, persons = dict(preview.plans.pieces), dict(preview.plans.persons)
        _apply(project, name, old, new)
        _served_is_clean(preview, project, tmp_path / f"clean-{step}")
        edited = name.split("/")[2]
        kept = {slug for slug, piece in preview.plans.pieces.items() if piece is pieces[slug]}
        assert kept == set(pieces) - {edited}, "each event not read again is kept, and only those"
        page = html.fromstring((preview.out / "people/hana-seo.html").read_bytes())
        roles = " ".join(_text(title) for title in page.cssselect(".roles__title"))
        assert "Radio Days" in roles
        assert "Phones, Drives and Radio" not in roles
        persons_now = preview.plans.persons
        again = {i for i in persons if persons_now[i].bound is persons[i].bound}
        assert "hana-seo" not in again or edited != A, "her values made again after the edit"
        assert again, "the values of the people of the events not edited are kept"


def test_an_edit_beside_a_text_does_not_render_its_markdown_again(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person's position edited, then another's: each bio (and each abstract of the
    sessions naming them) comes from the memo, though the save before did not read it."""
    shown = Preview(project, tmp_path / "preview", now=NOW)
    assert shown.rebuild(), shown.errors
    shown.finish()
    rendered: list[str] = []
    monkeypatch.setattr(markdown.Renderer, "_render", lambda self, text: rendered.append(text))
    for person in (PERSON, ("content/speakers.yaml", "Director of Research", "Director")):
        _apply(project, *person)
        assert shown.rebuild(), shown.errors
        shown.finish()
    assert rendered == []
    monkeypatch.undo()
    _served_is_clean(shown, project, tmp_path / "clean")


def test_a_save_works_out_the_moment_s_facts_of_the_edited_event_alone(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the moment is judged against (an event's first and last slot, its status ...) is
    worked out by each event's piece, and the build's record takes it from there: a save works
    it out for the event it changed, not again for each of the site's events."""
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild(), preview.errors
    preview.finish()
    folders: list[str] = []
    worked_out = Timing.of

    def counted(site: Site) -> Timing:
        folders.append(site.folder)
        return worked_out(site)

    monkeypatch.setattr(Timing, "of", counted)
    _apply(project, f"content/events/{A}/agenda.yaml", "title: Welcome", "title: Hello")
    assert preview.rebuild(), preview.errors
    assert set(folders) == {A}
