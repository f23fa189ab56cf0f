"""Pictures in Chromium: each screen downloads the file that is sharp on it and no larger, a
phone never fetches the event's picture it does not show, nothing moves as pictures load, and
no picture is broken (issue 23)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .conftest import Built

FILE = re.compile(r"/([a-z0-9-]+)-(\d+)x(\d+)\.[0-9a-f]{10}\.(webp|jpg|png)$")
SCREENS = {"phone": (375, 3), "desktop": (1280, 1)}
"""Width in CSS pixels and device pixels per CSS pixel."""


def summit(builds: list[Built]) -> Built:
    return next(b for b in builds if b.variant == "summit")


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    """A tab on a phone or a desktop screen, fresh (nothing cached)."""
    width, density = SCREENS[request.param]
    context = browser.new_context(viewport={"width": width, "height": 800},
                                  device_scale_factor=density)  # fmt: skip
    page = context.new_page()
    yield request.param, page
    context.close()


def fetched(page: Page) -> list[str]:
    """Start noting the pictures a tab downloads; the list fills as it does."""
    found: list[str] = []
    page.on(
        "requestfinished", lambda r: found.append(r.url) if r.resource_type == "image" else None
    )
    return found


def scroll_through(page: Page) -> None:
    """Scroll to the end of the page a screen at a time, as a reader does; let lazy pictures
    load."""
    height = page.evaluate("document.documentElement.scrollHeight")
    for top in range(0, height, 400):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(20)
    page.wait_for_load_state("networkidle")


def test_each_screen_downloads_the_portrait_that_is_sharp_on_it(
    builds: list[Built], screen: tuple[str, Page]
) -> None:
    name, page = screen
    density = SCREENS[name][1]
    urls = fetched(page)
    page.goto(summit(builds).url + "index.html", wait_until="networkidle")
    scroll_through(page)
    portraits = [FILE.search(u) for u in urls if "/photos/" in u]
    assert portraits, "the speakers list shows portraits"
    listed = page.locator(".speaker img").count()
    assert len(portraits) == listed, "each portrait once, in one format"
    # The list shows a portrait 80 CSS pixels wide: the smallest file at least that many device
    # pixels wide, in WebP (which Chromium takes before the JPEG fallback).
    wanted = {1: 80, 3: 240}[density]
    assert {(m[2], m[4]) for m in portraits if m} == {(str(wanted), "webp")}
    banner = [u for u in urls if "/event-" in u]
    if name == "phone":
        assert banner == [], "a phone does not show the event's picture, nor fetch it"
    else:
        [shown] = [FILE.search(u) for u in banner]
        assert shown is not None
        assert (shown[2], shown[4]) == ("480", "webp"), "24rem at 1x: the 480 px file"


def test_a_speakers_page_shows_the_sharpest_portrait_the_screen_needs(
    builds: list[Built], screen: tuple[str, Page]
) -> None:
    name, page = screen
    urls = fetched(page)
    page.goto(summit(builds).url + "speakers/ana-costa.html", wait_until="networkidle")
    [shown] = [FILE.search(u) for u in urls if "/photos/" in u]
    assert shown is not None
    # 160 CSS pixels: 160 at 1x; at 3x, 480 would be sharp, and 320 is the largest there is.
    assert (shown[1], shown[2]) == ("ana-costa", {"phone": "320", "desktop": "160"}[name])
    img = page.locator(".profile__photo")
    assert img.get_attribute("alt") == "Dr. Ana Costa"
    box = img.bounding_box()
    assert box is not None
    assert (round(box["width"]), round(box["height"])) == (160, 160)


def test_nothing_moves_as_pictures_load(builds: list[Built], screen: tuple[str, Page]) -> None:
    _, page = screen
    institute = next(b for b in builds if b.variant == "institute")
    pages = [(summit(builds), "index.html"), (summit(builds), "speakers/nadia-haddad.html"),
             (summit(builds), "speakers/ana-costa.html"), (institute, "index.html")]  # fmt: skip
    for built, path in pages:
        page.goto(built.url + path, wait_until="load")
        page.evaluate("""() => { window.shifted = [];
            new PerformanceObserver(list => { for (const e of list.getEntries())
                if (!e.hadRecentInput) window.shifted.push(e.value); })
            .observe({type: "layout-shift", buffered: true}); }""")
        scroll_through(page)
        assert page.evaluate("window.shifted") == [], f"{path} moved as it loaded"
        broken = page.evaluate("""[...document.images].filter(i => i.complete
            && i.getBoundingClientRect().width && !i.naturalWidth).map(i => i.currentSrc)""")
        assert broken == [], f"{path}: broken pictures"


def test_a_person_without_a_portrait_gets_a_monogram_in_a_list_with_portraits(
    builds: list[Built], page: Page
) -> None:
    page.goto(summit(builds).url + "index.html")
    card = page.locator("#speaker-wei-zhang")
    assert card.locator("img").count() == 0
    monogram = card.locator(".monogram")
    assert monogram.inner_text() == "WZ"
    assert monogram.get_attribute("aria-hidden") == "true"
    box = monogram.bounding_box()
    assert box is not None
    assert (round(box["width"]), round(box["height"])) == (80, 80)
