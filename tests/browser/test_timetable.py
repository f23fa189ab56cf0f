"""The timetable in Chromium: each session in its room's column at its time, a list on phones."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Page

from eventsite.build import build

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


@pytest.fixture(scope="module")
def two_tracks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A one-day event with two tracks in two rooms, built and served."""
    root = tmp_path_factory.mktemp("two-tracks")
    for name, text in {"event": EVENT, "agenda": AGENDA}.items():
        path = root / "project" / "content" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    build(root / "project", root / "site", now=datetime(2030, 4, 1))
    with serve(root / "site") as url:
        yield url + "index.html"


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
    # The keynote and lunch have their time to themselves: they span both columns.
    for title in ("Opening Keynote", "Lunch"):
        assert abs(box[title]["left"] - hall_a["left"]) < 1
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
        assert not sheets[0][0], f"{paper}: the page's first sheet need not be landscape"
