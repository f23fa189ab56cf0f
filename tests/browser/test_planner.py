"""The planner script in Chromium: filters, now and next, My agenda and its .ics, the shared
calendar menu; and the page without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import icalendar
import ics
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from eventsite.load.event import load_site

from . import probes
from .conftest import SUMMIT, Built, followed
from .site import PROJECT, Variant, build_into, serve, variants

SCRIPT = PROJECT / "static" / "planner.js"
BUDGET = 10 * 1024 + 256
"""The script's size, uncompressed: it must stay small enough to read in one sitting (10 KB
until the notes of more to come followed the filters)."""

OPENING = "2031-06-12T09:00:00+01:00"  # the summit's first day, in Lisbon (WEST)


@pytest.fixture(scope="module")
def summit(builds: list[Built]) -> str:
    """The summit's event page, built a month before the event."""
    return next(b.url for b in builds if b.variant == "summit") + "index.html"


@pytest.fixture
def fresh(browser: Browser) -> Iterator[BrowserContext]:
    """A context of its own, with its own storage, at desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def tab(fresh: BrowserContext) -> Iterator[Page]:
    page = fresh.new_page()
    yield page
    page.close()


def shown_titles(page: Page) -> list[str]:
    """The sessions the filters leave, on every day (the days not chosen are hidden too)."""
    return page.locator("#agenda li.slot:not([hidden]) .slot__title").all_text_contents()


def test_the_script_is_small(summit: str) -> None:
    size = SCRIPT.stat().st_size
    assert size <= BUDGET, f"static/planner.js is {size} bytes, over its {BUDGET}-byte budget"


def test_the_script_asks_no_one_and_keeps_no_cookie(tab: Page, summit: str) -> None:
    requests: list[str] = []
    load = probes.Load()
    load.watch(tab)
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(summit)
    tab.locator("#slot-opening .save").click()
    tab.locator("#slot-opening .add").click()
    origin = summit.split("/index.html")[0]
    assert all(url.startswith(origin) for url in requests), requests
    assert tab.context.cookies() == []
    assert not load.problems


def test_rooms_tracks_and_venues_are_choices_of_their_own(tab: Page, summit: str) -> None:
    """Each filter offers what it says, in the order the agenda first has them: no track or
    venue among the rooms; and a filter with one value to choose is not offered."""
    tab.goto(summit)

    def options(name: str) -> list[str]:
        return tab.locator(f"select[name={name}] option").all_inner_texts()

    assert options("room") == ["All rooms", "Foyer", "Auditorium I", "Room 2", "Room 3",
                               "Roof Terrace"]  # fmt: skip
    assert options("track") == ["All tracks", "Main Plenary", "Innovation Stage", "Policy Lab"]
    assert options("venue") == ["All venues", "Example Congress Centre", "Hotel Miradouro"]
    tab.select_option("select[name=venue]", "Hotel Miradouro")
    assert "Evening Reception" in shown_titles(tab)


def test_a_filter_with_one_value_is_not_offered(tab: Page, builds: list[Built]) -> None:
    tab.goto(next(b.url for b in builds if b.variant == "upcoming") + "index.html")
    assert tab.locator(".planner select").evaluate_all("els => els.map(el => el.name)") == [
        "kind"
    ], "the example has kinds to choose from, and one room, track and venue"


def test_filters_keep_their_choice_in_the_address(
    tab: Page, summit: str, fresh: BrowserContext
) -> None:
    tab.goto(summit)
    everything = shown_titles(tab)
    tab.select_option("select[name=room]", "Room 2")
    assert tab.url.endswith("index.html?room=Room+2")
    shown = shown_titles(tab)
    assert "Tide Sensors on a Shoestring" in shown
    assert "Panel 1: Who Pays for the Sea Wall?" not in shown, "another room's session"
    assert "Lunch" in shown, "a session for everyone stays in a room's view"
    # The status speaks for the day in view: the first, of 15 sessions.
    today = tab.locator("#day-2031-06-12 li.slot:not([hidden])").count()
    assert tab.locator(".planner__status").inner_text() == f"{today} of 15 sessions shown"
    # The address is the view: opened elsewhere, it shows the same.
    other = fresh.new_page()
    other.goto(tab.url)
    assert other.locator("select[name=room]").input_value() == "Room 2"
    assert shown_titles(other) == shown
    other.close()
    tab.select_option("select[name=kind]", "keynote")
    assert shown_titles(tab) == [], "no keynote in Room 2 on the first day"
    tab.select_option("select[name=room]", "")
    assert shown_titles(tab) == ["Engineering for the Hundred-Year Tide"]
    assert tab.url.endswith("index.html?kind=keynote")
    tab.select_option("select[name=kind]", "")
    assert shown_titles(tab) == everything
    assert tab.url.endswith("index.html")


@pytest.fixture(scope="module")
def altered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The summit with, on its first day, a track's sessions still to come (named at the
    day's end) and the whole day's, and a talk titled in Arabic; built a month before."""
    from tests.conftest import copy_project

    here = tmp_path_factory.mktemp("altered")
    project = copy_project(SUMMIT, here / "summit").root
    agenda = project / "content" / "agenda"
    with (agenda / "policy-lab.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "- track: Evening Salon\n  date: 2031-06-12\n  more_to_come: true\n"
            "  sessions: []\n- date: 2031-06-12\n  more_to_come: true\n  sessions: []\n"
        )
    stage = agenda / "innovation-stage.yaml"
    stage.write_text(
        stage.read_text(encoding="utf-8").replace(
            "title: Tide Sensors on a Shoestring", "id: sensors\n      title: مجسات المد"
        ),
        "utf-8",
    )
    root = build_into(here / "site", Variant("upcoming", variants(SUMMIT)[0].now), project)
    with serve(root) as url:
        yield url + "index.html"


def test_a_filter_hides_the_note_of_another_tracks_sessions_to_come(
    tab: Page, altered: str
) -> None:
    """A track with more to come and no column that day is named at the day's end; the note
    belongs to its track, so a filter for another track hides it, and a whole day's stays."""
    tab.goto(altered)
    notes = tab.locator("#day-2031-06-12 .agenda__more")
    named = notes.filter(has_text="Evening Salon")
    assert notes.count() == 2
    assert named.is_visible()
    tab.select_option("select[name=track]", "Policy Lab")
    assert named.is_hidden(), "another track's note, under a filter for Policy Lab"
    assert notes.filter(has_not_text="Evening Salon").is_visible(), "the whole day's stays"
    tab.select_option("select[name=track]", "")
    assert named.is_visible()


def test_my_agenda_keeps_a_titles_language(tab: Page, altered: str) -> None:
    """A title in other letters is spoken in its own voice in My agenda too (WCAG 3.1.2)."""
    tab.goto(altered)
    tab.locator("#slot-sensors .save").click()
    tab.locator("#slot-opening .save").click()
    tab.locator("#my-agenda summary").click()
    links = tab.locator("#my-agenda li a")
    assert links.all_inner_texts() == ["Opening Plenary", "مجسات المد"]
    assert links.nth(1).get_attribute("lang") == "ar"
    assert links.nth(1).get_attribute("dir") == "rtl"
    assert links.nth(0).get_attribute("lang") is None, "the page's own language"


def test_now_and_next_by_the_venues_clock(tab: Page, summit: str) -> None:
    tab.clock.install(time=datetime.fromisoformat("2031-06-12T11:05:00+01:00"))
    tab.goto(summit)
    now = tab.locator(".is-now .slot__title").all_inner_texts()
    assert now == [
        "Panel 1: Who Pays for the Sea Wall?",
        "Tide Sensors on a Shoestring",
        "Workshop: Writing a Coastal Adaptation Budget",
    ]
    assert tab.locator(".is-next .slot__title").all_inner_texts() == ["Floating Neighbourhoods"]
    assert tab.locator("#slot-opening .slot__state").count() == 0
    assert tab.locator(".is-now .slot__state").first.inner_text() == "HAPPENING NOW"
    assert tab.locator(".planner__clock").inner_text() == "It is 11:05 AM in Lisbon."
    tab.clock.fast_forward("45:00")
    tab.clock.run_for(31_000)
    assert "Floating Neighbourhoods" in tab.locator(".is-now .slot__title").all_inner_texts()


def test_the_clock_names_no_city_the_editor_did_not_give(tab: Page, builds: list[Built]) -> None:
    # The USIP example says venue_published: false: not "in New York", its zone's city.
    upcoming = next(b.url for b in builds if b.variant == "upcoming") + "index.html"
    tab.clock.install(time=datetime.fromisoformat("2011-07-19T10:05:00-04:00"))
    tab.goto(upcoming)
    now = tab.locator(".is-now .slot__title").all_inner_texts()
    assert now == ["Panel 1: The Role of Women in the Growth of DPRK Informal Markets"]
    assert tab.locator(".planner__clock").inner_text() == "It is 10:05 AM."
    zone = tab.locator(".agenda__zone").inner_text()
    assert zone == "All times are Eastern Daylight Time (UTC−04:00)."


def test_on_the_second_day_its_panel_opens_first(tab: Page, summit: str) -> None:
    tab.clock.install(time=datetime.fromisoformat("2031-06-13T09:10:00+01:00"))
    tab.goto(summit)
    assert tab.locator("#day-2031-06-13").is_visible()
    assert not tab.locator("#day-2031-06-12").is_visible()
    followed(tab, tab.locator("#day-2031-06-13 .day-tabs a", has_text="Thu").click)
    assert tab.locator("#day-2031-06-12").is_visible(), "a chosen day wins over today"


def test_nothing_is_now_before_the_event(tab: Page, summit: str) -> None:
    tab.clock.install(time=datetime(2031, 5, 1, tzinfo=UTC))
    tab.goto(summit)
    assert tab.locator(".is-now, .is-next, .slot__state").count() == 0
    assert tab.locator(".planner__clock").inner_text() == ""


def test_saved_sessions_stay_and_make_one_calendar_file(tab: Page, summit: str) -> None:
    tab.goto(summit)
    assert tab.locator("#my-agenda li").count() == 0
    assert tab.locator("#my-agenda summary").inner_text() == "My agenda (0)"
    tab.locator("#slot-floating-neighbourhoods .save").click()
    tab.locator("#slot-opening .save").click()
    assert tab.locator("#slot-opening .save").get_attribute("aria-pressed") == "true"
    assert tab.locator("#my-agenda summary").inner_text() == "My agenda (2)"
    tab.locator("#my-agenda summary").click()
    listed = tab.locator("#my-agenda li").all_inner_texts()
    assert listed == ["Thu 9:00 AM Opening Plenary", "Thu 11:45 AM Floating Neighbourhoods"]
    tab.reload()
    tab.locator("#my-agenda summary").click()
    assert tab.locator("#my-agenda li").all_inner_texts() == listed, "kept in this browser"
    with tab.expect_download() as download:
        tab.locator("#my-agenda a[download]").click()
    data = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "my-agenda.ics"
    first = icalendar.Calendar.from_ical(data)
    events = first.walk("VEVENT")
    second = ics.Calendar(data.decode("utf-8"))
    assert [str(e["SUMMARY"]) for e in events] == ["Opening Plenary", "Floating Neighbourhoods"]
    assert sorted(e.name for e in second.events) == sorted(str(e["SUMMARY"]) for e in events)
    site = load_site(SUMMIT)
    by_title = {s.heading: s for s in site.sessions}
    for event in events:
        session = by_title[str(event["SUMMARY"])]
        assert event["DTSTART"].dt == session.start.astimezone(UTC)
        assert event["DTEND"].dt == session.end.astimezone(UTC)
        assert event["UID"]
        assert event["DTSTAMP"]
    opening = events[0]
    assert (
        str(opening["LOCATION"])
        == "Auditorium I, Example Congress Centre, 1 Example Quay, Lisbon, PT"
    )
    lines = str(opening["DESCRIPTION"]).splitlines()
    assert "9:00 AM - 9:10 AM Welcome" in lines, "each segment on a line of its own"
    assert "  Remarks: H.E. Elena Varga, Prime Minister, Republic of Estoria" in lines
    assert data.count(b"\r\n") == data.count(b"\n"), "lines end in CRLF"
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines are folded at 75 octets"
    tab.locator("#slot-opening .save").click()
    assert tab.locator("#my-agenda li").all_inner_texts() == listed[1:]


def test_one_calendar_menu_serves_every_slot(tab: Page, summit: str) -> None:
    tab.goto(summit)
    add = tab.locator("#slot-opening button.add")
    add.click()
    assert add.get_attribute("aria-expanded") == "true"
    menu = tab.locator("#calendar-menu")
    assert menu.is_visible()
    hrefs = [a.get_attribute("href") or "" for a in menu.locator("a").all()]
    assert hrefs[0] == "calendar/opening.ics"
    google = parse_qs(urlsplit(hrefs[1]).query)
    assert google["text"] == ["Opening Plenary"]
    assert google["dates"] == ["20310612T080000Z/20310612T093000Z"]
    assert google["ctz"] == ["Europe/Lisbon"]
    assert google["location"] == [
        "Auditorium I, Example Congress Centre, 1 Example Quay, Lisbon, PT"
    ]
    outlook = parse_qs(urlsplit(hrefs[2]).query)
    assert outlook["startdt"] == ["2031-06-12T08:00:00Z"]
    assert "Host: Dr. Nadia Haddad" in outlook["body"][0]
    # Another slot's button takes the same menu along.
    other = tab.locator("#slot-reception button.add")
    other.click()
    assert tab.locator("#calendar-menu").count() == 1
    assert add.get_attribute("aria-expanded") == "false"
    assert menu.locator("a").first.get_attribute("href") == "calendar/reception.ics"
    google = parse_qs(urlsplit(menu.locator("a").nth(1).get_attribute("href") or "").query)
    assert google["location"] == ["Roof Terrace, Hotel Miradouro, 25 Example Hill, Lisbon, PT"]
    tab.keyboard.press("Escape")
    assert not menu.is_visible()
    assert tab.evaluate("document.activeElement.closest('li').id") == "slot-reception"


def test_the_planned_page_passes_axe(tab: Page, summit: str) -> None:
    tab.clock.install(time=datetime.fromisoformat("2031-06-12T11:05:00+01:00"))
    tab.goto(summit)
    tab.locator("#slot-opening .save").click()
    tab.select_option("select[name=track]", "Policy Lab")
    tab.locator("#slot-adaptation-budget button.add").click()
    for width in (375, 1280):
        tab.set_viewport_size({"width": width, "height": 900})
        assert probes.axe_violations(tab) == [], f"at {width}px"
        assert probes.sideways_overflow(tab) == [], f"at {width}px"


def test_without_javascript_the_page_is_whole(browser: Browser, summit: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(summit)
    assert page.locator(".planner:visible, .slot__actions").count() == 0
    assert not page.locator("#my-agenda").is_visible()
    assert not page.locator("#calendar-menu").is_visible()
    assert page.locator("#day-2031-06-12 li.slot:visible").count() == 15
    assert not page.locator("#day-2031-06-13").is_visible()
    page.locator("#day-2031-06-12 .day-tabs a", has_text="Fri").click()
    assert page.locator("#day-2031-06-13").is_visible(), "the days are tabs without JavaScript"
    assert not page.locator("#day-2031-06-12").is_visible()
    assert page.locator("#day-2031-06-13 li.slot:visible").count() == 8
    context.close()
