"""Fixtures for the quality gates: the example built twice, served, and one shared browser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from . import chromium, probes
from .site import PROJECT, Variant, build_into, html_pages, serve, variants

PHONE, DESKTOP = 375, 1280
WIDTHS = (320, 375, 768, 1280)
HEIGHT = 800
MULTIDAY = PROJECT / "examples" / "multiday"
INSTITUTE = PROJECT / "examples" / "institute"
INSTITUTE_NOW = datetime(2026, 10, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))
"""The institute's site as the tests see it: four events to come, one called off, ten past."""
SUMMIT = PROJECT / "examples" / "summit"
SEOUL = PROJECT / "examples" / "seoul-workshop"
"""An event in two languages: Korean at its top, English in en/."""
ARABIC = PROJECT / "examples" / "arabic-forum"
"""An event in Arabic, right to left."""


@dataclass(frozen=True)
class Built:
    """One build of the example site, and where it is served."""

    variant: str
    root: Path
    url: str

    @property
    def pages(self) -> list[str]:
        """Every HTML page of this build."""
        return html_pages(self.root)


@dataclass
class Visit:
    """Everything measured on one page in one pass, so each page loads only once."""

    where: str
    problems: list[str] = field(default_factory=list)
    violations: dict[int, list[str]] = field(default_factory=dict)
    overflow: dict[int, list[str]] = field(default_factory=dict)
    zoomed: list[str] = field(default_factory=list)
    big_text: dict[int, list[str]] = field(default_factory=dict)
    broken_times: dict[int, list[str]] = field(default_factory=dict)


@pytest.fixture(scope="package")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Built]]:
    """The example before and after the event, and the multi-day and summit examples before
    theirs, served on 127.0.0.1."""
    with ExitStack() as stack:
        found = []
        for variant in variants():
            root = build_into(tmp_path_factory.mktemp(variant.name) / "site", variant)
            found.append(Built(variant.name, root, stack.enter_context(serve(root))))
        # The multi-day example has what the single-day one lacks: per-day headings, rooms,
        # and a page per speaker and per session. The gates that walk every page check them.
        upcoming = variants(MULTIDAY)[0]
        root = build_into(tmp_path_factory.mktemp("multiday") / "site", upcoming, MULTIDAY)
        found.append(Built("multiday", root, stack.enter_context(serve(root))))
        # A site of many events: its list of events, people, topics and series, and each event.
        root = build_into(tmp_path_factory.mktemp("institute") / "site",
                          Variant("institute", INSTITUTE_NOW), INSTITUTE)  # fmt: skip
        found.append(Built("institute", root, stack.enter_context(serve(root))))
        # The summit: a timetable of three tracks, segments, two venues, a draft second day.
        upcoming = variants(SUMMIT)[0]
        root = build_into(tmp_path_factory.mktemp("summit") / "site", upcoming, SUMMIT)
        found.append(Built("summit", root, stack.enter_context(serve(root))))
        # Other languages: Korean and English (the switcher, Hangul), Arabic (right to left).
        for name, project in (("seoul", SEOUL), ("arabic", ARABIC)):
            upcoming = variants(project)[0]
            root = build_into(tmp_path_factory.mktemp(name) / "site", upcoming, project)
            found.append(Built(name, root, stack.enter_context(serve(root))))
        yield found


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for this package. A missing browser fails the run: it is never skipped.

    Package scope, not session: Playwright's sync API keeps an event loop running while it
    is open, and later tests elsewhere call asyncio.run().
    """
    problem = chromium.missing()
    if problem:
        pytest.fail(f"{problem} (or run `make test` as root, which installs it)", pytrace=False)
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A browsing context shared by the gates (no state is kept between pages)."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": HEIGHT})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A fresh tab at desktop width."""
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="package")
def visits(builds: list[Built], context: BrowserContext) -> list[Visit]:
    """Load every page of every build once and measure what the layout and a11y gates need."""
    found = []
    for built in builds:
        for path in built.pages:
            visit = Visit(f"{built.variant}: {path}")
            page = context.new_page()  # a new tab per page, so errors are counted once
            probes.Load(visit.problems).watch(page)
            page.goto(built.url + path, wait_until="load")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                visit.overflow[width] = probes.sideways_overflow(page)
                visit.broken_times[width] = probes.broken_times(page)
                if width in (PHONE, DESKTOP):
                    visit.violations[width] = probes.axe_violations(page)
            # A 1280 px window zoomed to 200% lays the page out 640 CSS px wide.
            page.set_viewport_size({"width": DESKTOP // 2, "height": HEIGHT // 2})
            visit.zoomed = probes.sideways_overflow(page) + probes.clipped_text(page)
            # Text alone at 200% (the browser's font size setting): everything sized in rem.
            page.add_style_tag(content="html { font-size: 200% !important; }")
            for width in (PHONE, DESKTOP):
                page.set_viewport_size({"width": width, "height": HEIGHT})
                visit.big_text[width] = probes.sideways_overflow(page) + probes.clipped_text(page)
            page.close()
            found.append(visit)
    return found


def followed(tab: Page, act: Callable[[], object]) -> None:
    """Follow a link with `act`, and wait until the page has handled the hash change: the
    planner handles it in a task after the click's or the key's, which under load may come
    after the action returns (and after the next action: Chromium serves input first). Waits
    for the event to reach a listener added after the planner's, not for what the planner
    does, so that a planner doing the wrong thing still fails the test."""
    tab.evaluate("""() => { window.changed = new Promise((done, fail) => {
        addEventListener("hashchange", () => setTimeout(done), { once: true });
        setTimeout(() => fail(new Error("the link changed no hash")), 30e3); }); }""")
    act()
    tab.evaluate("() => window.changed")
