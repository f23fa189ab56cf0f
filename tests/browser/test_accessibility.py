"""Accessibility in a real browser: axe-core at WCAG 2.1 A and AA, keyboard, reading order."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from eventsite import i18n
from eventsite.load.event import load_site
from eventsite.text import clock

from . import probes
from .conftest import DESKTOP, PHONE, Built, Visit
from .site import PROJECT
from .test_layout import report


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_axe_finds_no_wcag_21_aa_violations(visits: list[Visit], width: int) -> None:
    found = {v.where: v.violations[width] for v in visits if v.violations[width]}
    assert not found, f"axe-core at {width}px:\n" + report(found)


def test_a_skip_link_comes_first_and_jumps_past_the_navigation(
    builds: list[Built], page: Page
) -> None:
    problems = []
    for built in builds:
        for path in built.pages:
            page.goto(built.url + path)
            page.keyboard.press("Tab")
            first = page.evaluate(
                "() => { const el = document.activeElement, r = el.getBoundingClientRect();"
                " return {text: el.textContent.trim(), href: el.getAttribute('href'),"
                " shown: r.bottom > 0 && r.top < innerHeight && r.width > 0,"
                " lang: document.documentElement.lang}; }"
            )
            skip = i18n.language(first["lang"]).gettext("Skip to main content")  # its words
            if first["href"] != "#main" or first["text"] != skip:
                problems.append(
                    f"{built.variant}: {path}: the first Tab stop is {first}, "
                    "not a skip link to #main"
                )
                continue
            if not first["shown"]:
                problems.append(
                    f"{built.variant}: {path}: the skip link stays off-screen when it has focus"
                )
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            if not page.evaluate("() => !!document.activeElement.closest('main')"):
                problems.append(
                    f"{built.variant}: {path}: after the skip link, Tab does not land inside <main>"
                )
    assert not problems, "\n".join(problems)


def test_tab_order_follows_the_page_and_focus_is_always_visible(
    builds: list[Built], page: Page
) -> None:
    problems: list[str] = []
    measured: set[str] = set()  # one look per kind of element: the same CSS draws the same focus
    for built in builds:
        for path in built.pages:
            where = f"{built.variant}: {path}"
            page.goto(built.url + path)
            stops = probes.tabbable(page)
            problems += [
                f"{where}: tabindex > 0 reorders Tab: {e}" for e in probes.positive_tabindex(page)
            ]
            order = []
            for _ in range(len(stops) + 1):
                page.keyboard.press("Tab")
                box = probes.focused(page)
                if box is None or box["index"] in order:
                    break  # past the last stop: focus left the page or wrapped to the top
                order.append(box["index"])
                stop = stops[box["index"]]
                if box["bottom"] <= 0 or box["top"] >= box["height"] or box["right"] <= 0:
                    problems.append(f"{where}: {stop['describe']} has focus but is off-screen")
                if stop["signature"] not in measured:
                    measured.add(stop["signature"])
                    change = probes.focus_change(page, box)
                    if change < 2.0:
                        problems.append(
                            f"{where}: focus on {stop['describe']} is hard to see: "
                            f"it changes {change:.1f}x its perimeter at 3:1 "
                            "contrast, under 2x"
                        )
            if order != list(range(len(stops))):
                walked = [stops[i]["describe"] for i in order]
                problems.append(
                    f"{where}: Tab visits {walked}, not the document order "
                    f"{[s['describe'] for s in stops]}"
                )
    assert measured, "no element could take focus: the walk measured nothing"
    assert not problems, "\n".join(problems)


def test_the_agenda_reads_in_order_with_time_title_and_people(
    builds: list[Built], page: Page
) -> None:
    site = load_site(PROJECT)
    page.goto(builds[0].url + "index.html")
    agenda = page.get_by_role("region", name="Agenda", exact=True)
    spoken = agenda.aria_snapshot()
    expected: list[str] = []
    for session in site.sessions:
        expected += [clock(session.start), clock(session.end), session.heading]
        for person in session.people:
            expected += [person.speaker.display_name, person.role or ""]
    at = 0
    for text in expected:
        found = spoken.find(text, at)
        assert found >= 0, f"{text!r} missing or out of order after {spoken[:at][-120:]!r}"
        at = found + len(text)
    # Each session a heading of its own, all at one level below the agenda's (the planner's
    # parts are named by their summaries, not headings).
    assert agenda.get_by_role("heading").all_inner_texts() == [
        "Agenda",
        *(s.heading for s in site.sessions),
    ]
    assert agenda.get_by_role("heading", level=3).count() == len(site.sessions)
