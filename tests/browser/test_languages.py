"""Pages in other languages in Chromium: right to left laid out mirrored, Korean and Arabic in
fonts that write them, and the language switcher leading to the same page in the other."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import DESKTOP, HEIGHT, PHONE, Built


def _url(builds: list[Built], variant: str, path: str = "index.html") -> str:
    return next(b.url for b in builds if b.variant == variant) + path


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_arabic_reads_right_to_left(builds: list[Built], page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto(_url(builds, "arabic"))
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    boxes = page.evaluate(
        """() => Object.fromEntries(['h1', '.hero .wrap', '.masthead__org', '.site-nav'].map(s => {
          const box = document.querySelector(s).getBoundingClientRect();
          return [s, [box.left, box.right]];
        }))"""
    )
    wrap, title = boxes[".hero .wrap"], boxes["h1"]
    assert wrap[1] - title[1] <= 21, "the title starts at the right edge, within the padding"
    assert title[0] - wrap[0] > 21 or width == PHONE, "and not at the left"
    org, nav = boxes[".masthead__org"], boxes[".site-nav"]
    assert org[1] >= nav[1] - 1, "the organiser's name comes first, on the right"
    if width == DESKTOP:
        assert org[0] > nav[1], "the menu is on the left, after the name"


def test_the_time_column_is_on_the_right(builds: list[Built], page: Page) -> None:
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
    page.goto(_url(builds, "arabic"))
    slots = page.evaluate(
        """() => [...document.querySelectorAll('.agenda > .slot')].map(li => {
          const time = li.querySelector('.slot__time').getBoundingClientRect();
          const body = li.querySelector('.slot__body').getBoundingClientRect();
          const rule = getComputedStyle(li).borderRightWidth;
          return {id: li.id, time: [time.left, time.right], body: [body.left, body.right], rule};
        })"""
    )
    assert len(slots) >= 6
    for slot in slots:
        assert slot["time"][0] > slot["body"][1], f"{slot['id']}: the time is right of the title"


def test_the_timetables_first_room_is_the_right_hand_column(
    builds: list[Built], page: Page
) -> None:
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
    page.goto(_url(builds, "arabic"))
    rooms = page.evaluate(
        """() => [...document.querySelectorAll('.tt-room')].map(room => [
          room.querySelector('.tt-room__name').firstChild.textContent.trim(),
          room.getBoundingClientRect().left])"""
    )
    assert [name for name, _ in sorted(rooms, key=lambda r: -r[1])] == [
        "القاعة الكبرى",
        "قاعة الندوات",
    ]


def test_an_english_name_keeps_its_title_in_arabic(builds: list[Built], page: Page) -> None:
    page.goto(_url(builds, "arabic"))
    name = page.locator(".person__name", has_text="Helen Marsh").first
    box = page.evaluate(
        """el => {
          const range = document.createRange();
          range.selectNodeContents(el);
          const parts = [...range.getClientRects()];
          return {lines: parts.length, dir: getComputedStyle(el).unicodeBidi};
        }""",
        name.element_handle(),
    )
    assert box["dir"] == "plaintext"
    assert name.inner_text() == "Dr. Helen Marsh", "Dr. stays before the name"


@pytest.mark.parametrize(("variant", "text", "script"), [
    ("seoul", "일정", "Hangul"), ("arabic", "جدول الأعمال", "Arabic"),
])  # fmt: skip
def test_the_script_has_a_font_that_writes_it(
    builds: list[Built], page: Page, variant: str, text: str, script: str
) -> None:
    page.goto(_url(builds, variant))
    client = page.context.new_cdp_session(page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    document = client.send("DOM.getDocument")
    heading = client.send(
        "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "#agenda-title"}
    )
    fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": heading["nodeId"]})["fonts"]
    assert page.locator("#agenda-title").inner_text() == text
    used = [f["familyName"] for f in fonts]
    assert not any(name.startswith("DejaVu") or "Last Resort" in name for name in used), (
        f"{script} drawn with {used}: install the fonts (scripts/provision)"
    )


def test_the_switcher_leads_to_the_same_page_in_the_other_language(
    builds: list[Built], page: Page
) -> None:
    for path, other in (
        ("index.html", "en/index.html"),
        ("sessions/keynote.html", "en/sessions/keynote.html"),
        ("en/speakers/kim-minji.html", "speakers/kim-minji.html"),
    ):
        page.goto(_url(builds, "seoul", path))
        current = page.locator(".languages [aria-current=page]")
        assert current.count() == 1
        link = page.locator(".languages a:not([aria-current])")
        link.click()
        page.wait_for_load_state()
        assert page.url == _url(builds, "seoul", other), path
        assert page.evaluate("document.documentElement.lang") == link_lang(path)


def link_lang(path: str) -> str:
    """The language the switcher leads to from a page of the Korean-and-English example."""
    return "ko" if path.startswith("en/") else "en"
