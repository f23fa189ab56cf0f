"""Print: the agenda on paper, without navigation, each slot whole on one page."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Page

from eventsite.load.event import load_site
from eventsite.text import clock

from .conftest import Built
from .site import PROJECT

# The print text of slot times and names must be dark enough on white paper.
_PRINT_INK = """
() => [...document.querySelectorAll('.slot__time, .person__name')].map(el => {
  const [r, g, b] = getComputedStyle(el).color.match(/[\\d.]+/g).map(Number);
  const lin = c => (c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  const y = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return {text: el.textContent.trim(), contrast: 1.05 / (y + 0.05),
          shown: el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'};
})
"""


def flat(text: str) -> str:
    return " ".join(text.split())


def seen(page: Page, selector: str) -> list[str]:
    """What a reader sees of each element: its text, without what is there for screen readers
    only (the "to" between two times), white space collapsed."""
    texts = page.evaluate(
        """selector => [...document.querySelectorAll(selector)].map(el => {
            const copy = el.cloneNode(true);
            copy.querySelectorAll('.visually-hidden').forEach(hidden => hidden.remove());
            el.after(copy);  // laid out where it stands, as the original is
            const text = copy.innerText;
            copy.remove();
            return text;
        })""",
        selector,
    )
    return [flat(text) for text in texts]


def pdf_pages(page: Page, paper: str) -> list[str]:
    """Print the page to PDF as Chromium does, and read back each sheet's text, line by line."""
    document = pdfium.PdfDocument(page.pdf(format=paper, prefer_css_page_size=True))
    try:
        return [sheet.get_textpage().get_text_range() for sheet in document]
    finally:
        document.close()


def test_print_hides_the_navigation_chrome(builds: list[Built], page: Page) -> None:
    page.emulate_media(media="print")
    shown = []
    for built in builds:
        for path in built.pages:
            page.goto(built.url + path)
            for selector in ("nav", ".skip-link", "[role=navigation]"):
                shown += [
                    f"{built.variant}: {path}: {selector} {i + 1} is printed"
                    for i, el in enumerate(page.locator(selector).all())
                    if el.is_visible()
                ]
    assert not shown, "\n".join(shown)


def test_printed_times_and_names_are_visible_and_dark(builds: list[Built], page: Page) -> None:
    page.emulate_media(media="print")
    page.goto(builds[0].url + "index.html")
    ink = page.evaluate(_PRINT_INK)
    assert ink, "the page has no agenda times or names to print"
    faint = [i for i in ink if not i["shown"] or i["contrast"] < 7]
    assert not faint, f"hidden or faint on paper: {faint}"


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_printed_agenda_keeps_each_slot_whole_on_one_page(
    builds: list[Built], page: Page, paper: str
) -> None:
    site = load_site(PROJECT)
    page.goto(builds[0].url + "index.html")
    skip = flat(page.locator(".skip-link").inner_text())
    sheets = [flat(text) for text in pdf_pages(page, paper)]
    assert len(sheets) > 1, "expected the example to need more than one sheet"
    assert skip not in " ".join(sheets), "the skip link is printed"
    for session in site.sessions:
        slot = re.compile(
            r".{0,40}?".join(
                re.escape(t) for t in (clock(session.start), clock(session.end), session.heading)
            )
        )
        names = [p.speaker.display_name for p in session.people]
        holding = [n for n, text in enumerate(sheets, 1) if slot.search(text)]
        assert holding, f"{session.heading} at {clock(session.start)} is not printed whole"
        assert any(all(name in sheets[n - 1] for name in names) for n in holding), (
            f"{session.heading}: its people {names} are not on the sheet with its time"
        )


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_print_breaks_pages_between_blocks_not_inside_them(
    page: Page, builds: list[Built], paper: str
) -> None:
    page.goto(builds[0].url + "index.html")
    page.emulate_media(media="print")
    blocks = seen(page, ".slot, .speaker, .card")
    headings = [flat(h) for h in page.locator("h1, h2, h3, h4").all_inner_texts()]
    printed = pdf_pages(page, paper)
    sheets = [flat(text) for text in printed]
    assert blocks, "no agenda slots, speakers or cards found to check"
    split = [b[:60] for b in blocks if not any(b in sheet for sheet in sheets)]
    assert not split, f"split across sheets on {paper}: {split}"
    for number, text in enumerate(printed[:-1], 1):
        lines = text.splitlines()
        # A heading (wrapped over up to three lines) left at the foot of a sheet, alone or with
        # one line of its text, is cut from what it introduces.
        foot = {
            flat(" ".join(lines[len(lines) - k - j : len(lines) - j]))
            for k in range(1, 4)
            for j in range(2)
        }
        stranded = [h for h in headings if h in foot]
        assert not stranded, f"{paper} sheet {number} ends with the heading {stranded[0]!r}"


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_the_summits_timetable_prints_whole_on_landscape_sheets(
    page: Page, builds: list[Built], paper: str
) -> None:
    summit = next(b for b in builds if b.variant == "summit")
    page.goto(summit.url + "index.html")
    page.emulate_media(media="print")
    blocks = seen(page, "#agenda .slot")
    document = pdfium.PdfDocument(page.pdf(format=paper, prefer_css_page_size=True))
    try:
        sheets = [
            (sheet.get_width() > sheet.get_height(), flat(sheet.get_textpage().get_text_range()))
            for sheet in document
        ]
    finally:
        document.close()
    assert len(blocks) == 23, "every session of both days is printed, not only the first day's"
    split = [b[:60] for b in blocks if not any(b in text for _, text in sheets)]
    assert not split, f"split across sheets on {paper}: {split}"
    # A room's heading with its track is printed only above a column of the timetable.
    agenda = [wide for wide, text in sheets if "Room 3 Policy Lab" in text]
    assert len(agenda) >= 2, "both days' timetables are printed"
    assert all(wide for wide, _ in sheets), "a page with a timetable is on landscape sheets"


SUMMIT_SHEETS_BEFORE = 8
"""The summit printed on 8 sheets on Letter and on A4 before issue 21: each day on sheets of its
own, two of them about a third full, one holding a single slot."""


def sheet_fills(data: bytes) -> list[float]:
    """How full each sheet of a PDF is: the height its content spans over the height between
    the page's margins (the margin measured as the least space above any sheet's content)."""
    document = pdfium.PdfDocument(data)
    try:
        spans = []
        for sheet in document:
            bounds = [thing.get_bounds() for thing in sheet.get_objects()]
            top, bottom = max(b[3] for b in bounds), min(b[1] for b in bounds)
            spans.append((sheet.get_height(), top, bottom))
    finally:
        document.close()
    margin = min(height - top for height, top, _ in spans)
    return [(top - bottom) / (height - 2 * margin) for height, top, bottom in spans]


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_the_summit_prints_on_fewer_sheets_none_under_half_full(
    page: Page, builds: list[Built], paper: str
) -> None:
    page.goto(next(b for b in builds if b.variant == "summit").url + "index.html")
    fills = sheet_fills(page.pdf(format=paper, prefer_css_page_size=True))
    assert len(fills) < SUMMIT_SHEETS_BEFORE, f"{paper}: {len(fills)} sheets"
    thin = [f"sheet {n}: {fill:.0%}" for n, fill in enumerate(fills[:-1], 1) if fill < 0.5]
    assert not thin, f"{paper}: sheets under half full before the last: {thin}"


def test_printed_facts_stand_in_a_grid(page: Page, builds: list[Built]) -> None:
    """On paper each fact's label is over its value, and the facts of a row start level."""
    for built in builds:
        if built.variant == "institute":
            continue
        page.goto(built.url + "index.html")
        page.emulate_media(media="print")
        facts = page.evaluate(
            """() => [...document.querySelectorAll('.hero .facts > div')].map(fact => {
              const [dt, dd] = [fact.querySelector('dt'), fact.querySelector('dd')]
                .map(el => el.getBoundingClientRect());
              return {label: fact.querySelector('dt').textContent, dt: [dt.left, dt.top, dt.bottom],
                      dd: [dd.left, dd.top]};
            })"""
        )
        assert len(facts) >= 3, built.variant
        for fact in facts:
            assert fact["dt"][2] <= fact["dd"][1] + 1, f"{built.variant}: {fact['label']} beside"
            assert abs(fact["dt"][0] - fact["dd"][0]) < 1, f"{built.variant}: {fact['label']}"
        rows: dict[float, int] = {}
        for fact in facts:
            rows[round(fact["dt"][1])] = rows.get(round(fact["dt"][1]), 0) + 1
        assert max(rows.values()) >= 2, f"{built.variant}: the facts are not side by side"


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_no_example_leaves_a_heading_at_the_foot_of_a_sheet(
    page: Page, builds: list[Built], paper: str
) -> None:
    stranded = []
    for built in builds:
        if built.variant in ("institute", "upcoming"):  # the first is checked above
            continue
        page.goto(built.url + "index.html")
        page.emulate_media(media="print")
        headings = [flat(h) for h in page.locator("main h2, main h3").all_inner_texts()]
        printed = pdf_pages(page, paper)
        for number, text in enumerate(printed[:-1], 1):
            lines = [line for line in text.splitlines() if line.strip()]
            foot = {flat(" ".join(lines[-k:])) for k in (1, 2)} | {flat(lines[-2])}
            stranded += [f"{built.variant}: sheet {number} ends with {h!r}"
                         for h in headings if h in foot]  # fmt: skip
    assert not stranded, f"{paper}:\n" + "\n".join(stranded)
