"""What the page says of following an event online and of what it left behind: where to join,
before and during it; the recording first, after it; an online event's place and zone; a
rescheduled event's old day; the offline copy's script, or none."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from eventsite.outputs import offline
from tests.outputs_support import BEFORE, ROOT, build_at, make_project, page, text

SUMMIT = ROOT / "examples" / "summit" / "content"
INSTITUTE = ROOT / "examples" / "institute" / "content"


def words(element: Any) -> str:
    """An element's text, white space collapsed."""
    return " ".join(element.text_content().split())


def links(tree: Any, selector: str) -> list[tuple[str, str]]:
    """Each link inside the elements a selector finds: its visible words and its address."""
    found = []
    for element in tree.cssselect(selector):
        for a in element.iter("a"):
            hidden = "".join(s.text_content() for s in a.cssselect(".visually-hidden"))
            found.append((a.text_content().removesuffix(hidden).strip(), a.get("href")))
    return found


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("summit"), SUMMIT)
    return build_at(project, datetime.fromisoformat("2031-05-01T12:00+01:00"))


@pytest.fixture(scope="module")
def institute(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("institute") / "project"
    shutil.copytree(INSTITUTE, project / "content")
    shutil.copytree(INSTITUTE.parent / "static", project / "static")  # the pictures it names
    return build_at(project, datetime.fromisoformat("2026-10-01T09:00-04:00"))


def test_before_a_hybrid_event_each_session_says_where_to_join(summit: Path) -> None:
    tree = page(summit)
    assert "Each session's links to follow it online are in the agenda." in text(tree)
    assert links(tree, "#slot-adaptation-budget .slot__online") == [
        ("Join online", "https://meet.example.org/harbour-cities/policy-lab"),
        ("Watch live", "https://stream.example.org/harbour-cities/room-3"),
    ]
    assert "The passcode is in the confirmation email of your booking." in words(
        tree.cssselect("#slot-adaptation-budget")[0]
    )
    roundtable = tree.cssselect("#slot-2031-06-12-1330-roundtable-who-governs-a-port")[0]
    assert not roundtable.cssselect(".slot__online"), "in person: nothing to follow"
    assert "Not recorded" in words(roundtable)
    assert not tree.cssselect("#slot-2031-06-12-1230-lunch .slot__online"), "a pause"
    assert not tree.cssselect("#slot-reception .slot__online"), "another venue"
    # Each link names its session for screen readers.
    hidden = tree.cssselect("#slot-adaptation-budget .online__link .visually-hidden")
    assert hidden[0].text_content() == ": Workshop: Writing a Coastal Adaptation Budget"


def test_a_session_page_says_where_to_join(summit: Path) -> None:
    session = html.fromstring((summit / "sessions" / "adaptation-budget.html").read_bytes())
    assert links(session, ".facts .online") == [
        ("Join online", "https://meet.example.org/harbour-cities/policy-lab"),
        ("Watch live", "https://stream.example.org/harbour-cities/room-3"),
    ]


def test_after_the_event_its_recording_leads_the_page(institute: Path) -> None:
    tree = page(institute / "annual-conference-2025")
    actions = links(tree, ".lifecycle .actions")
    video = "https://video.example.org/calder/annual-conference-2025-day-1"
    assert actions[0] == ("Watch the recording", video)
    said = [said for said, _ in actions]
    assert said == ["Watch the recording", "Slides", "Read the event report"]
    assert tree.cssselect(".lifecycle .actions a")[0].get("class") == "after__link button"
    keynote = next(s for s in tree.cssselect("li.slot") if "The Price of War" in words(s))
    assert links(keynote, ".slot__after") == [
        ("Watch the recording",
         "https://video.example.org/calder/annual-conference-2025-day-1#t=1905"),
        ("Slides", "https://calder.example.org/events/annual-conference-2025/price-of-war.pdf"),
        ("Transcript",
         "https://calder.example.org/events/annual-conference-2025/price-of-war-transcript"),
    ]  # fmt: skip
    unrecorded = next(s for s in tree.cssselect("li.slot") if "Paying for Peace" in words(s))
    assert "Not recorded" in words(unrecorded)
    assert not unrecorded.cssselect(".slot__after")
    assert not tree.cssselect(".slot__online"), "no live links once it is over"


def test_an_online_event_is_online_in_its_own_zone(institute: Path) -> None:
    tree = page(institute / "climate-security-dialogue")
    said = text(tree)
    (place,) = [d for d in tree.cssselect(".facts div") if words(d).startswith("Location")]
    assert words(place.cssselect("dd")[0]) == "Online"
    assert "This event will take place online on Thursday, December 3, 2026" in said
    assert links(tree, ".lifecycle .online") == [
        ("Join online", "https://meet.example.org/calder/climate-security-dialogue")]  # fmt: skip
    assert "Registered guests receive the passcode by email the day before." in said
    assert "All times are Eastern Standard Time (UTC−05:00)." in said
    assert "Washington" not in words(tree.cssselect("main")[0]), "not the site's venue"


def test_a_rescheduled_event_says_its_old_day(institute: Path) -> None:
    tree = page(institute / "women-in-peace-negotiations")
    assert ("This event has been rescheduled. It was to take place on Thursday, October 22, "
            "2026.") in text(tree)  # fmt: skip
    assert "Rescheduled" in text(page(institute)), "the list of events says so"


def test_the_offline_copy_is_registered_unless_turned_off(tmp_path: Path) -> None:
    on = page(build_at(make_project(tmp_path / "on"), BEFORE))
    (script,) = on.cssselect('script[src="static/offline.js"]')
    assert script.get("data-worker") == "sw.js"
    assert on.cssselect("#offline-note")[0].get("hidden") is not None, "shown by the script"
    off = build_at(make_project(tmp_path / "off", event_extra="offline: false"), BEFORE)
    assert not page(off).cssselect('script[src="static/offline.js"], #offline-note')
    assert (off / "sw.js").read_bytes() == offline.OFF, "a copy kept earlier is let go"
