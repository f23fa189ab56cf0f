"""The timetable in Chromium: each session in its room's column at its time, a list on phones."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Page

from eventsite.build import build
from tests.fixtures import sixty_rooms

from . import probes
from .site import serve

EVENT = """
title: Two Tracks
date: 2030-05-01
timezone: Europe/Berlin
organizer: {name: Org}
venue: {name: Hall, locality: Berlin}
"""

# Written as an editor would copy a programme: what everyone shares, then one list per track.
AGENDA = """
- {start: 9:00, end: 10:00, kind: keynote, title: Opening Keynote, room: Hall A}
- track: Research
  room: Hall A
  sessions:
    - {start: 10:00, end: 10:45, kind: talk, title: First Talk}
    - {start: 10:45, end: 11:30, kind: talk, title: Second Talk}
- track: Practice
  room: Hall B
  sessions:
    - {start: 10:00, end: 11:30, kind: panel, title: Long Panel}
- {start: 11:30, end: 12:30, kind: meal, title: Lunch}
"""

SLOT = "#agenda li.slot"


def served(root: Path, agenda: str) -> Iterator[str]:
    """A one-day event with this agenda, built into `root` and served: its page's address."""
    for name, text in {"event": EVENT, "agenda": agenda}.items():
        path = root / "project" / "content" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    build(root / "project", root / "site", now=datetime(2030, 4, 1))
    with serve(root / "site") as url:
        yield url + "index.html"


@pytest.fixture(scope="module")
def two_tracks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A one-day event with two tracks in two rooms, built and served."""
    yield from served(tmp_path_factory.mktemp("two-tracks"), AGENDA)


def boxes(page: Page) -> dict[str, dict[str, Any]]:
    """Each session's box by its title, and each room heading's box by the room's name."""
    found: dict[str, dict[str, Any]] = page.evaluate(
        """() => Object.fromEntries([
            ...[...document.querySelectorAll('#agenda li.slot')].map(el =>
                [el.querySelector('.slot__title').textContent.trim(), el]),
            ...[...document.querySelectorAll('.tt-room__name')].map(el =>
                [el.firstChild.textContent.trim(), el]),
        ].map(([name, el]) => {
            const r = el.getBoundingClientRect();
            return [name, {left: r.left, right: r.right, top: r.top, bottom: r.bottom}];
        }))"""
    )
    return found


def test_each_session_sits_in_its_rooms_column_at_its_time(page: Page, two_tracks: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(two_tracks)
    box = boxes(page)
    hall_a, hall_b = box["Hall A"], box["Hall B"]
    assert hall_a["right"] < hall_b["left"], "the two rooms are columns side by side"
    for title, room in (("First Talk", hall_a), ("Second Talk", hall_a), ("Long Panel", hall_b)):
        assert abs(box[title]["left"] - room["left"]) < 1, f"{title} is not in its column"
        assert abs(box[title]["right"] - room["right"]) < 1, f"{title} is not in its column"
    # Time runs down: what starts together is level, what follows is below, and the heights
    # follow the lengths (the panel lasts as long as the two talks together).
    first, second, panel = box["First Talk"], box["Second Talk"], box["Long Panel"]
    assert abs(first["top"] - panel["top"]) < 1
    assert second["top"] > first["bottom"]
    assert abs(second["bottom"] - panel["bottom"]) < 1
    assert abs((panel["bottom"] - panel["top"]) - (second["bottom"] - first["top"])) < 1
    assert (first["bottom"] - first["top"]) > 0.4 * (panel["bottom"] - panel["top"])
    # The keynote and lunch have their time to themselves: they span both columns (and the
    # time axis beside them).
    for title in ("Opening Keynote", "Lunch"):
        assert box[title]["left"] < hall_a["left"]
        assert abs(box[title]["right"] - hall_b["right"]) < 1
    assert box["Opening Keynote"]["bottom"] <= hall_a["top"]
    assert box["Lunch"]["top"] >= panel["bottom"]


def test_on_a_phone_each_room_is_a_list_under_its_name(page: Page, two_tracks: str) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(two_tracks)
    box = boxes(page)
    order = sorted(box, key=lambda name: box[name]["top"])
    assert order == [
        "Opening Keynote",
        "Hall A",
        "First Talk",
        "Second Talk",
        "Hall B",
        "Long Panel",
        "Lunch",
    ]
    width = page.evaluate("document.documentElement.clientWidth")
    assert all(b["left"] >= 0 and b["right"] <= width for b in box.values())
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_screen_reader_hears_time_room_title_people_in_order(page: Page, two_tracks: str) -> None:
    page.goto(two_tracks)
    spoken = page.get_by_role("region", name="Agenda", exact=True).aria_snapshot()
    expected = [
        "9:00 AM", "10:00 AM", "Opening Keynote",
        "Parallel sessions", "10:00 AM", "11:30 AM",
        "Hall A", "Research", "10:00 AM", "10:45 AM", "First Talk",
        "10:45 AM", "11:30 AM", "Second Talk",
        "Hall B", "Practice", "10:00 AM", "11:30 AM", "Panel", "Long Panel",
        "11:30 AM", "12:30 PM", "Lunch",
    ]  # fmt: skip
    at = 0
    for text in expected:
        found = spoken.find(text, at)
        assert found >= 0, f"{text!r} missing or out of order after {spoken[:at][-160:]!r}"
        at = found + len(text)


def test_without_css_the_agenda_reads_the_same(page: Page, two_tracks: str) -> None:
    page.goto(two_tracks)
    with_css = page.locator("#agenda").inner_text()
    page.evaluate(
        "() => document.querySelectorAll('link[rel=stylesheet]').forEach(l => l.remove())"
    )
    page.evaluate(
        "() => document.querySelectorAll('[style]').forEach(e => e.removeAttribute('style'))"
    )
    without = page.locator("#agenda").inner_text()
    titles = ["Opening Keynote", "First Talk", "Second Talk", "Long Panel", "Lunch"]
    assert [without.find(t) for t in titles] == sorted(without.find(t) for t in titles)
    assert all(t in with_css for t in titles)


def test_the_grid_prints_on_landscape_sheets(page: Page, two_tracks: str) -> None:
    page.goto(two_tracks)
    page.emulate_media(media="print")
    box = boxes(page)
    assert box["Hall A"]["right"] < box["Hall B"]["left"], "printed as a grid, not as lists"
    assert abs(box["First Talk"]["top"] - box["Long Panel"]["top"]) < 1
    for paper in ("A4", "Letter"):
        document = pdfium.PdfDocument(page.pdf(format=paper, prefer_css_page_size=True))
        try:
            sheets = [
                (sheet.get_width() > sheet.get_height(), sheet.get_textpage().get_text_range())
                for sheet in document
            ]
        finally:
            document.close()
        holding = [wide for wide, text in sheets if "Long Panel" in text]
        assert holding == [True], f"{paper}: the timetable is not on one landscape sheet"
        assert all(wide for wide, _ in sheets), f"{paper}: one orientation for the whole page"


# A real programme's morning: an invitation-only breakfast that runs to 9:45 in one room, and the
# plenary that opens the day at 9:00 in another.
BREAKFAST = """
- {start: 7:30, end: 9:45, kind: meal, title: Members' Breakfast, room: Salon, access: invitation}
- {start: 9:00, end: 10:00, kind: keynote, title: Opening Plenary, room: Ballroom}
- {start: 10:00, end: 10:30, kind: break, title: Coffee}
"""


@pytest.fixture(scope="module")
def breakfast(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A morning with a long breakfast beside a short plenary, built and served."""
    yield from served(tmp_path_factory.mktemp("breakfast"), BREAKFAST)


def marks(page: Page) -> dict[str, float]:
    """The time axis beside the first band of parallel sessions: each moment's label, by its
    text, at the top of its row."""
    found: dict[str, float] = page.evaluate(
        """() => Object.fromEntries([...document.querySelector('.tt-band')
            .querySelectorAll('.tt-axis span')].map(el =>
              [el.textContent.trim(), el.getBoundingClientRect().top]))"""
    )
    return found


def test_a_long_breakfast_leaves_the_plenary_at_its_time_and_half_the_width(
    page: Page, breakfast: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(breakfast)
    box, axis = boxes(page), marks(page)
    # The axis says each moment something starts or ends, and each full hour between.
    assert list(axis) == ["7:30 AM", "8:00 AM", "9:00 AM", "9:45 AM"]
    plenary, meal = box["Opening Plenary"], box["Members' Breakfast"]
    assert abs(plenary["top"] - axis["9:00 AM"]) < 6, "the plenary starts level with 9:00"
    assert abs(meal["top"] - axis["7:30 AM"]) < 6
    assert meal["bottom"] > plenary["top"], "the breakfast runs on beside the plenary"
    # Two rooms, two columns: no third, empty one beside the plenary.
    band = page.locator(".tt-band").first.bounding_box()
    assert band is not None
    rooms = band["width"] - (box["Salon"]["left"] - band["x"])
    assert plenary["right"] - plenary["left"] > 0.45 * rooms
    assert box["Ballroom"]["right"] == pytest.approx(band["x"] + band["width"], abs=1)


SIXTY = 60


@pytest.fixture(scope="module")
def sixty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sixty-room conference (tests/fixtures/sixty_rooms.py), built and served."""
    root = tmp_path_factory.mktemp("sixty")
    build(sixty_rooms.write(root / "project"), root / "site", now=datetime(2032, 1, 1))
    with serve(root / "site") as url:
        yield url + "index.html"


# Each session of the parallel blocks: its box, its room's heading's box, and the axis label
# of its start in its band.
_CELLS = """
() => [...document.querySelectorAll('.tt-room li.slot')].filter(li => li.checkVisibility())
  .map(li => {
    const room = li.closest('.tt-room'), band = li.closest('.tt-band');
    const start = li.querySelector('.slot__time time').textContent.trim();
    const mark = [...band.querySelectorAll('.tt-axis span')]
      .find(s => s.textContent.trim() === start);
    const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.right, r.top]; };
    return {title: li.querySelector('.slot__title').textContent.trim(),
            room: room.querySelector('.tt-room__name').firstChild.textContent.trim(),
            cell: box(li), heading: box(room.querySelector('.tt-room__name')),
            mark: mark && mark.checkVisibility() ? box(mark) : null,
            rooms: band.querySelectorAll('.tt-room:not([hidden])').length};
  })
"""


def test_sixty_rooms_on_a_desktop_are_bands_of_readable_columns(page: Page, sixty: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(sixty)
    cells = page.evaluate(_CELLS)
    assert len(cells) == SIXTY * 7, "every room's seven talks"
    assert len({c["room"] for c in cells}) == SIXTY
    assert max(c["rooms"] for c in cells) == 5, "at most five rooms side by side"
    for c in cells:
        left, right, top = c["cell"]
        assert right - left >= 160, f"{c['title']} is {right - left:.0f}px wide"
        assert abs(left - c["heading"][0]) < 1, f"{c['title']} is not under its room"
        assert abs(right - c["heading"][1]) < 1, f"{c['title']} is not under its room"
        assert c["mark"] is not None, f"{c['title']}: no mark of its start on the axis"
        assert abs(top - c["mark"][2]) < 6, f"{c['title']} is not level with its start"
    assert probes.sideways_overflow(page) == []


def test_sixty_rooms_narrowed_to_a_track_or_a_room(page: Page, sixty: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(sixty)
    rooms = page.locator("select[name=room] option").all_inner_texts()
    assert len(rooms) == SIXTY + 2, "all rooms, the sixty and the auditorium"
    page.select_option("select[name=track]", "Rust")
    cells = page.evaluate(_CELLS)
    assert len({c["room"] for c in cells}) == 10, "a track's ten rooms"
    assert page.locator(".tt-band:visible").count() == 2 * 3, "two bands of five, three times"
    page.select_option("select[name=track]", "")
    page.select_option("select[name=room]", "K.2.105")
    cells = page.evaluate(_CELLS)
    assert {c["room"] for c in cells} == {"K.2.105"}
    band = page.locator(".tt-band:visible").first.bounding_box()
    assert band is not None
    left, right, _ = cells[0]["cell"]
    assert right - left > 0.8 * band["width"], "one room takes the band's width"
    shown = page.locator("#agenda li.slot:visible .slot__title").all_inner_texts()
    assert "Welcome to the Weekend" in shown, "a session for everyone stays in a room's view"


def test_sixty_rooms_on_a_phone_are_a_list_per_room(page: Page, sixty: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(sixty)
    cells = page.evaluate(_CELLS)
    assert len(cells) == SIXTY * 7
    width = page.evaluate("document.documentElement.clientWidth")
    for c in cells:
        left, right, top = c["cell"]
        assert c["mark"] is None, "no axis on a phone: each session says its times"
        assert left >= 0
        assert right <= width
        assert top > c["heading"][2], f"{c['title']} is under its room's name"
        assert right - left > 0.8 * width, "a session takes the phone's width"
    assert probes.sideways_overflow(page) == []
