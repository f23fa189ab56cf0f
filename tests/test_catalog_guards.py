"""A site of events against careless and hostile content: a private person stays private
across the site, one id is one person, no two records share a page, calendar ids are unique
across events, the site's own texts cannot break a calendar, pages in other scripts are named
readably and in linear time."""

from __future__ import annotations

import re
import time
from pathlib import Path

import icalendar
import ics
import pytest
from lxml import etree

from eventsite.build import build
from eventsite.plan.event import names
from tests.conftest import copy_project
from tests.test_catalog import BASE, INSTITUTE, NOW, _problems

EVENTS = "content/events"


@pytest.fixture
def institute(tmp_path: Path) -> Path:
    return copy_project(INSTITUTE, tmp_path / "site").root


def _own(project: Path, slug: str, text: str) -> None:
    (project / EVENTS / slug / "speakers.yaml").write_text(text)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


# -- 1: private anywhere, private everywhere ----------------------------------------------------

SHARED_HANA = "- id: hana-seo\n  honorific: Dr.\n  name: Hana Seo\n"


def test_a_private_shared_person_listed_plainly_by_an_event_is_refused(institute: Path) -> None:
    # The event's own entry without private: would have given Hana Seo a page across events,
    # with her photo and biography, in the sitemap, linked from the event where she is private.
    _edit(institute / "content/speakers.yaml", "  name: Hana Seo\n",
          "  name: Hana Seo\n  private: true\n")  # fmt: skip
    _own(institute, "korea-forum-2025-autumn", SHARED_HANA + "  position: Fellow\n")
    assert _problems(institute) == [
        "content/events/korea-forum-2025-autumn/speakers.yaml:1:3: speakers[1].private: "
        '"hana-seo" is private in content/speakers.yaml but not here; write private: true in both: '
        "a person kept private at one event is private across the site",
        # Her photo, made private with her, is never published either.
        "content/speakers.yaml:4:10: speakers[1].photo: is never published: the person is "
        "private; remove photo:, or remove private: true if the person may be identified "
        "(warning)",
    ]


def test_a_person_private_at_one_event_only_is_refused(institute: Path) -> None:
    _own(institute, "korea-forum-2025-autumn", SHARED_HANA + "  private: true\n")
    assert _problems(institute) == [
        "content/events/korea-forum-2025-autumn/speakers.yaml:4:12: speakers[1].private: "
        '"hana-seo" is private here but not in content/speakers.yaml; write private: true in both: '
        "a person kept private at one event is private across the site"
    ]


def test_a_person_private_everywhere_has_no_page_link_or_sitemap_entry(
    institute: Path, tmp_path: Path
) -> None:
    _edit(institute / "content/speakers.yaml", "  name: Hana Seo\n",
          "  name: Hana Seo\n  private: true\n")  # fmt: skip
    _own(institute, "korea-forum-2025-autumn", SHARED_HANA + "  private: true\n")
    out = tmp_path / "out"
    build(institute, out, now=NOW, base_url=BASE, cache=False)
    assert not (out / "people/hana-seo.html").exists()
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"people/hana-seo" not in everything  # no link, no sitemap entry


# -- 6: one id, one person -----------------------------------------------------------------------


def test_an_event_s_own_entry_naming_another_person_under_a_shared_id_is_refused(
    institute: Path,
) -> None:
    _own(institute, "korea-forum-2025-autumn", "- id: hana-seo\n  name: Hannah Seoane\n")
    assert _problems(institute) == [
        "content/events/korea-forum-2025-autumn/speakers.yaml:1:7: speakers[1].id: "
        '"hana-seo" names Hana Seo in content/speakers.yaml; give one of them another id: an id '
        "is one person across the site"
    ]


def test_an_event_may_show_a_shared_person_as_they_were_then(institute: Path) -> None:
    _own(institute, "korea-forum-2025-autumn", SHARED_HANA + "  position: Fellow\n")
    build(institute, institute.parent / "out", now=NOW, cache=False)


# -- 5: two records, one page --------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second", "page"), [
    ("s1", "S1", "series/s1.html"),
    ("korea-talks", "korea_talks", "series/korea-talks.html"),
    ('"!!!"', '"???"', "series/series.html"),
])  # fmt: skip
def test_two_series_whose_ids_make_one_page_are_refused(
    institute: Path, first: str, second: str, page: str
) -> None:
    site = institute / "content/site.yaml"
    _edit(site, "  - id: mediation-lab\n", f"  - id: {first}\n    title: One\n  - id: {second}\n"
          "    title: Two\n  - id: mediation-lab\n")  # fmt: skip
    shown = second.strip('"')
    (line,) = _problems(institute)
    assert re.fullmatch(
        rf'content/site\.yaml:\d+:\d+: site\.series\[3\]\.id: "{re.escape(shown)}" makes the page '
        rf'{re.escape(page)}, as "{re.escape(first.strip(chr(34)))}" does; give one of them an '
        "id of other letters or digits",
        line,
    ), line


# -- 3: the site's own texts in a calendar -------------------------------------------------------


@pytest.mark.parametrize("where", ["title", "organizer"])
def test_line_breaks_in_the_site_s_title_cannot_break_or_forge_a_calendar(
    institute: Path, tmp_path: Path, where: str
) -> None:
    site = institute / "content/site.yaml"
    forged = '"Events\\r\\nBEGIN:VEVENT\\rSUMMARY:Forged\\nX"'
    if where == "title":
        _edit(site, "title: Events\n", f"title: {forged}\n")
    else:  # without a title, the organiser's name names the calendar
        _edit(site, "title: Events\n", "")
        _edit(site, "  name: Calder Institute for Peace Studies", f"  name: {forged}")
    out = tmp_path / "out"
    build(institute, out, now=NOW, base_url=BASE, cache=False)
    data = (out / "events.ics").read_bytes()
    assert b"\r" not in data.replace(b"\r\n", b"")  # no CR of its own
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 4
    calendar = icalendar.Calendar.from_ical(data)
    assert "Forged" in str(calendar["X-WR-CALNAME"])
    assert len(ics.Calendar(data.decode()).events) == 4  # the stricter parser takes it


# -- 4: ids unique across the site's events -------------------------------------------------------


def _twin(project: Path) -> None:
    """A second event with the same title, day and agenda as korea-forum-2027-winter."""
    source = project / EVENTS / "korea-forum-2027-winter"
    twin = project / EVENTS / "korea-forum-2027-winter-repeat"
    twin.mkdir()
    for path in source.iterdir():
        (twin / path.name).write_bytes(path.read_bytes())


def _uids(data: bytes) -> list[str]:
    return [str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]


def test_two_events_alike_in_title_and_day_have_their_own_ids(
    institute: Path, tmp_path: Path
) -> None:
    _twin(institute)
    out = tmp_path / "out"
    build(institute, out, now=NOW, base_url=BASE, cache=False)
    subscription = _uids((out / "events.ics").read_bytes())
    assert len(subscription) == len(set(subscription)) == 5
    feed = etree.parse(str(out / "events.atom"))
    ids = feed.xpath("//a:entry/a:id/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert len(ids) == len(set(ids))
    slots = [
        uid
        for slug in ("korea-forum-2027-winter", "korea-forum-2027-winter-repeat")
        for path in sorted((out / slug / "calendar").glob("*.ics"))
        for uid in _uids(path.read_bytes())
    ]
    assert len(slots) == len(set(slots)) >= 2
    # and the same ids in the next build
    again = tmp_path / "again"
    build(institute, again, now=NOW, base_url=BASE, cache=False)
    assert (again / "events.ics").read_bytes() == (out / "events.ics").read_bytes()


# -- 10: page names in other scripts ---------------------------------------------------------------


def test_page_names_of_ids_in_another_script_are_their_own_letters() -> None:
    chosen = names([(1, "김민준"), (2, "김민준"), (3, "Иван Петров"), (4, "!!!"), (5, "!!!")])
    assert [name for _, name in chosen] == ["김민준", "김민준-2", "иван-петров", "page", "page-2"]
    assert all(len(name.encode()) <= 80 for _, name in names([(1, "가" * 100)]))


def test_page_names_take_linear_time() -> None:
    # 16,000 ids that all made one name took 26.7 s against 7.2 s for ASCII ids (quadratic:
    # about 128 million tries); linear, it is a few hundredths of a second of CPU time.
    started = time.process_time()
    chosen = names([(n, "!!!") for n in range(16_000)])
    assert time.process_time() - started < 2
    assert len({name for _, name in chosen}) == 16_000


def test_a_person_named_in_another_script_has_a_readable_page_and_address(
    institute: Path, tmp_path: Path
) -> None:
    _edit(institute / "content/speakers.yaml", "- id: hana-seo\n", "- id: 서하나\n")
    for agenda in (institute / EVENTS).glob("*/agenda.yaml"):
        agenda.write_text(agenda.read_text().replace("speaker: hana-seo", "speaker: 서하나"))
    out = tmp_path / "out"
    build(institute, out, now=NOW, base_url=BASE, cache=False)
    assert (out / "people/서하나.html").is_file()
    sitemap = (out / "sitemap.xml").read_text()
    assert f"{BASE}people/%EC%84%9C%ED%95%98%EB%82%98.html" in sitemap
    assert "서하나.html" not in sitemap
