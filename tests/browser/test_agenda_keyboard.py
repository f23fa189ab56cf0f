"""The agenda with a keyboard and a screen reader, in Chromium's accessibility tree (issue 21,
item 10): what axe does not check. Each test is one point of the review: the filters' live
region, focus after a day tab and the chosen day kept, a calendar link per session without
JavaScript, names in another language than the page's spoken in their own, the current tab in
forced colours, words that run together or are misread in speech, buttons named alike, the
calendar menu left behind, headings at one level."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from eventsite.load.event import load_site

from .conftest import SUMMIT, Built, followed

DAY_1, DAY_2 = "#day-2031-06-12", "#day-2031-06-13"
FIRST_DAY = 15
"""Sessions on the summit's first day (and eight on its second)."""


@pytest.fixture(scope="module")
def summit(builds: list[Built]) -> str:
    """The summit's event page, built a month before the event."""
    return next(b.url for b in builds if b.variant == "summit") + "index.html"


@pytest.fixture
def fresh(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def tab(fresh: BrowserContext, summit: str) -> Iterator[Page]:
    page = fresh.new_page()
    page.goto(summit)
    yield page
    page.close()


def focused(page: Page) -> str:
    """The element with focus, as a screen reader names it: its role and accessible text."""
    return str(page.evaluate(
        """() => { const el = document.activeElement;
          return el.tagName + (el.getAttribute('aria-current') ? '[current]' : '') + ' '
            + el.closest('section[id], details[id]')?.id + ': ' + el.textContent.trim(); }"""
    ))  # fmt: skip


def test_the_live_region_is_there_from_the_start_and_speaks_for_the_day_in_view(
    tab: Page,
) -> None:
    status = tab.get_by_role("status")
    assert status.count() == 1, "the status line is in the tree before the first change"
    assert status.inner_text() == ""
    tab.select_option("select[name=track]", "Policy Lab")
    shown = tab.locator(f"{DAY_1} li.slot:visible").count()
    assert shown < FIRST_DAY
    assert status.inner_text() == f"{shown} of {FIRST_DAY} sessions shown", "the day in view"
    tab.select_option("select[name=kind]", "keynote")
    assert status.inner_text() == "No sessions match these filters."
    tab.select_option("select[name=kind]", "")
    tab.select_option("select[name=track]", "")
    assert status.inner_text() == f"All {FIRST_DAY} sessions shown", "back to all, said"
    # Another day chosen while the filters are on: the count is that day's.
    tab.select_option("select[name=track]", "Policy Lab")
    followed(tab, tab.locator(f"{DAY_1} .day-tabs a", has_text="Fri").click)
    assert status.inner_text() == f"{tab.locator(f'{DAY_2} li.slot:visible').count()} of 8 " \
        "sessions shown"  # fmt: skip
    assert "status" in tab.locator("#agenda").aria_snapshot()


def test_a_day_tab_leaves_focus_on_the_chosen_days_tab(tab: Page) -> None:
    friday = tab.locator(f"{DAY_1} .day-tabs a", has_text="Fri")
    friday.focus()
    followed(tab, lambda: tab.keyboard.press("Enter"))
    assert tab.locator(DAY_2).is_visible()
    assert focused(tab) == "A[current] day-2031-06-13: Fri June 13", "not lost to the body"
    tab.keyboard.press("Shift+Tab")
    assert "Thu June 12" in focused(tab), "Shift+Tab goes back through the tabs"


@pytest.mark.parametrize(
    "leave", ["skip link", "header link", "my agenda entry", "filter"], ids=lambda s: s
)
def test_the_chosen_day_stays_when_a_link_leads_elsewhere(tab: Page, leave: str) -> None:
    followed(tab, tab.locator(f"{DAY_1} .day-tabs a", has_text="Fri").click)
    if leave == "skip link":
        tab.locator(".skip-link").focus()
        followed(tab, lambda: tab.keyboard.press("Enter"))
        assert tab.url.endswith("#main")
    elif leave == "header link":
        followed(tab, tab.locator(".site-nav a", has_text="Agenda").click)
    elif leave == "my agenda entry":
        tab.locator("#slot-2031-06-13-0900-welcome-back .save").click()
        tab.locator("#my-agenda summary").click()
        followed(tab, tab.locator("#my-agenda li a").click)
        assert tab.locator("#slot-2031-06-13-0900-welcome-back").is_visible()
        followed(tab, tab.locator(".site-nav a", has_text="Speakers").click)
    else:
        tab.select_option("select[name=kind]", "break")
    assert tab.locator(DAY_2).is_visible(), f"after the {leave}, Friday is still in view"
    assert not tab.locator(DAY_1).is_visible()


def test_two_links_followed_before_the_planner_runs_are_handled_in_turn(tab: Page) -> None:
    """A day tab and then the skip link, both before either hashchange is handled (a busy phone,
    or input that the browser serves before its other tasks): Friday stays, focus stays put."""
    tab.locator(".skip-link").focus()
    tab.evaluate("""() => new Promise((done) => {
        let left = 2;
        addEventListener("hashchange", () => --left || setTimeout(done), { capture: true });
        location.hash = "day-2031-06-13";
        location.hash = "main";
    })""")  # fmt: skip
    assert tab.url.endswith("#main")
    assert tab.locator(DAY_2).is_visible(), "the day the first link chose"
    assert not tab.locator(DAY_1).is_visible()
    assert focused(tab).startswith("MAIN "), "focus not taken back from where the last link led"


def test_a_my_agenda_entry_of_another_day_opens_that_day(tab: Page) -> None:
    tab.locator("#slot-opening .save").click()
    followed(tab, tab.locator(f"{DAY_1} .day-tabs a", has_text="Fri").click)
    tab.locator("#my-agenda summary").click()
    followed(tab, tab.locator("#my-agenda li a").click)
    assert tab.locator("#slot-opening").is_visible()
    followed(tab, tab.locator(".site-nav a", has_text="Agenda").click)
    assert tab.locator(DAY_1).is_visible(), "the day of the entry followed stays in view"


def test_without_javascript_every_session_has_its_calendar_link(
    browser: Browser, summit: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(summit)
    slots = page.locator("#agenda li.slot")
    assert slots.count() == 23
    for n in range(slots.count()):
        slot = slots.nth(n)
        link = slot.locator("a.slot__calendar")
        assert link.count() == 1, f"{slot.get_attribute('id')} has no calendar link"
        href = link.get_attribute("href") or ""
        assert href == f"calendar/{(slot.get_attribute('id') or '')[5:]}.ics"
        assert page.request.get(summit.replace("index.html", href)).ok
    context.close()


@pytest.mark.parametrize(
    ("variant", "name", "names"),
    [("arabic", "Dr. Helen Marsh", 2), ("seoul", "Anna Berg", 2)],
)
def test_a_name_in_another_language_carries_it_for_screen_readers(
    browser: Browser, builds: list[Built], variant: str, name: str, names: int
) -> None:
    """An English name on the Arabic and the Korean page: each element showing it (its card,
    the agenda) is in English for the screen reader (its nearest lang) and reads left to
    right; the page around it keeps its own language."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(next(b.url for b in builds if b.variant == variant) + "index.html")
    own = page.evaluate("document.documentElement.lang")
    assert own.split("-")[0] in ("ar", "ko")
    shown = page.get_by_text(name, exact=True)
    assert shown.count() >= names, "its card, and each agenda slot it is in"
    said = shown.evaluate_all(
        "els => els.map(el => [el.closest('[lang]').lang, getComputedStyle(el).direction])"
    )
    assert {tuple(s) for s in said} == {("en", "ltr")}
    assert page.locator(".speakers").evaluate("el => el.closest('[lang]').lang") == own
    context.close()


def test_the_current_day_tab_shows_in_forced_colours(tab: Page) -> None:
    tab.emulate_media(forced_colors="active")
    style = """el => { const s = getComputedStyle(el);
        return [s.backgroundColor, s.color, s.textDecorationLine]; }"""
    current = tab.locator(f"{DAY_1} .day-tabs a[aria-current]").evaluate(style)
    other = tab.locator(f"{DAY_1} .day-tabs a:not([aria-current])").evaluate(style)
    assert current[0] != other[0], "the current tab has a fill of its own, not the canvas"
    assert current[2] == "underline", "and a mark that is not a colour"


def test_what_a_screen_reader_says_keeps_words_apart_and_zones_whole(tab: Page) -> None:
    spoken = tab.locator("main").aria_snapshot()
    assert re.search(r"Break ?, Room: Foyer", spoken), "the kind is a phrase of its own"
    assert re.search(r'list "Auditorium I ?, Main Plenary"', spoken), "the room and its track"
    assert re.search(r"time: 8:00 AM\s+- text: to\s+- time: 9:00 AM", spoken), "read with 'to'"
    assert not re.search(r"text: \"?[-–]", spoken), "no dash, which speech leaves out"
    assert not re.search(r"\bWEST\b", spoken), "the zone is not read as the word 'west'"
    assert "Western European Summer Time" in spoken


def test_buttons_are_named_apart_and_headings_are_at_one_level(tab: Page) -> None:
    names = tab.locator("#agenda button.save").evaluate_all(
        "els => els.map(el => el.getAttribute('aria-label'))"
    )
    assert len(names) == 23
    assert len(set(names)) == len(names), "two Coffee Breaks, told apart by their time"
    assert "Save to My agenda: Coffee Break, Fri 11:00 AM" in names
    site = load_site(SUMMIT)
    titles = tab.locator("#agenda .slot__title")
    assert titles.evaluate_all("els => [...new Set(els.map(el => el.tagName))]") == ["H4"]
    assert titles.count() == len(site.sessions)
    assert tab.locator("#agenda h5, #agenda h6").count() == 0


def test_the_calendar_menu_closes_when_focus_leaves_it(tab: Page) -> None:
    add = tab.locator("#slot-opening button.add")
    add.focus()
    tab.keyboard.press("Enter")
    menu = tab.locator("#calendar-menu")
    assert menu.is_visible()
    assert add.get_attribute("aria-expanded") == "true"
    for _ in range(3):  # through the menu's three links
        tab.keyboard.press("Tab")
        assert menu.is_visible()
        assert focused(tab).startswith("A ")
    tab.keyboard.press("Tab")  # and on, out of it
    assert not menu.is_visible()
    assert add.get_attribute("aria-expanded") == "false"
