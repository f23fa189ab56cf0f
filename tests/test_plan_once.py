"""The plan works out what it needs of each session once: the agenda's zones once per zone, a
session's hash once per record; and none of it changes what a page shows or a fingerprint."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eventsite import i18n
from eventsite.engine.steps import Table
from eventsite.load.event import load_site
from eventsite.model import Site
from eventsite.plan.event import zones
from eventsite.serve.server import Preview
from eventsite.text import slug
from tests.conftest import NOW, REPO, copy_project

BERLIN = ZoneInfo("Europe/Berlin")
EXAMPLES = [REPO] + [
    REPO / "examples" / name for name in ("multiday", "summit", "seoul-workshop", "arabic-forum")
]


def _each_session(site: Site, language: i18n.Language) -> tuple[str, ...]:
    """The zones as the agenda's note listed them before: a label and offset per session."""
    said = language.gettext("%(zone)s, %(offset)s")
    return tuple(dict.fromkeys(
        said % {"zone": language.zone_label(s.start), "offset": language.offset(s.start)}
        for s in site.sessions
    ))  # fmt: skip


def _across_summer_time(site: Site) -> Site:
    """The site's sessions moved to Berlin, around the night summer time ends (and back)."""
    first = datetime(2026, 10, 24, 9, 0, tzinfo=BERLIN)  # CEST, UTC+02:00
    days = [0, 1, 1, 0]  # the 25th is in CET, UTC+01:00
    moved = [replace(s, start=first + timedelta(days=days[i % 4], minutes=i), end=None)
             for i, s in enumerate(site.sessions)]  # fmt: skip
    return replace(site, sessions=tuple(moved))


@pytest.mark.parametrize("project", EXAMPLES, ids=lambda p: p.name)
def test_the_zones_note_is_the_one_each_session_gave(project: Path) -> None:
    site = load_site(project)
    for tag in ("en", "fr", "ko", "ar"):
        language = i18n.language(tag)
        for shown in (site, _across_summer_time(site)):
            assert zones(shown, language) == _each_session(shown, language)


def test_an_agenda_across_the_end_of_summer_time_names_both_zones_in_order() -> None:
    site = _across_summer_time(load_site(REPO))
    assert zones(site, i18n.language("en")) == ("CEST, UTC+02:00", "CET, UTC+01:00")
    french = zones(site, i18n.language("fr"))
    assert len(french) == 2
    assert french[0] != french[1]


def test_a_session_hashed_keeps_its_fingerprint_and_its_equals() -> None:
    """A session's hash is kept with it once worked out: an equal session hashes alike, one
    edited otherwise, and neither its fingerprint nor its equality sees the kept hash."""
    session = load_site(REPO).sessions[0]
    twin = replace(session)  # an equal record, not hashed yet
    before = Table().of(twin)
    assert hash(twin) == hash(session)
    assert twin == session
    assert Table().of(twin) == before == Table().of(session)
    edited = replace(session, title=f"{session.heading} (revised)", panel=None)
    assert edited != session
    assert hash(edited) != hash(session)
    assert Table().of(edited) != before


def test_a_panel_given_another_moderator_shows_them_after_a_save(tmp_path: Path) -> None:
    """The people of a session are listed once per record: a save that changes them (the
    panel's moderator) gives the pages a clean build gives, not the people kept before."""
    project = copy_project(REPO, tmp_path / "site").root
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild(), preview.errors
    preview.finish()
    panels = project / "content" / "panels.yaml"
    panels.write_text(panels.read_text().replace("moderator: raymond-gilpin",
                                                 "moderator: stephen-linton"))  # fmt: skip
    assert preview.rebuild(), preview.errors
    preview.finish()
    fresh = Preview(project, tmp_path / "fresh", now=NOW)
    assert fresh.rebuild(), fresh.errors
    fresh.finish()
    pages = {name for name in fresh.last_good if name.endswith(".html")}
    assert {name: preview.last_good[name] for name in pages} == {
        name: fresh.last_good[name] for name in pages
    }
    index = preview.last_good["index.html"].decode()
    assert "Moderator" in _entry(index, "stephen-linton")  # the speakers list: their roles
    assert "Panel 2" not in _entry(index, "raymond-gilpin")


def _entry(page: str, speaker: str) -> str:
    """A speaker's entry in the event page's list of speakers."""
    start = page.index(f'id="speaker-{speaker}"')
    return page[start : page.index("</article>", start)]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("s00001", 80, "s00001"),  # an id written as a slug: taken as it is
        ("panel-2", 80, "panel-2"),
        ("panel-2", 5, "panel"),  # but cut to the limit, without a trailing hyphen
        ("-panel", 80, "panel"),
        ("panel--2", 80, "panel-2"),
        ("panel\n", 80, "panel"),
        ("Panel 2", 80, "panel-2"),
        ("Café", 80, "cafe"),
    ],
)
def test_an_id_already_a_slug_is_its_own_slug(text: str, limit: int, expected: str) -> None:
    assert slug(text, limit) == expected
