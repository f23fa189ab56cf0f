"""`make screenshots`: every example on a desktop, on a phone and on paper, as PNG files in
docs/screenshots/ (committed, for people to look at; the README shows some).

Run as `python -m tests.browser.screenshots`. For each example's event page (`example-`, the USIP
example; `multiday-`, `summit-`, `seoul-workshop-` in Korean and `seoul-workshop-en-` in
English, `arabic-forum-`, `institute-event-`, an event of the institute's site) and the
sixty-room conference of the tests (`sixty-rooms-`): the whole page at 1280 and at 375 px, and
its printed sheets side by side in one picture (`-print`). Also the institute's
list of events, a person's page and a topic's, and the summit's first day as a timetable at
1280 and 375 px and on an A4 sheet. Each page is loaded at its width, as a visitor's browser
would (the planner opens its filters on a desktop only). Pictures are reduced to a palette of
256 colours, which keeps them small and looks the same.
"""

from __future__ import annotations

import io
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
from PIL import Image
from playwright.sync_api import Browser, sync_playwright

from eventsite.build import build
from tests.fixtures import sixty_rooms

from . import chromium
from .audit import EXAMPLES
from .site import PROJECT, serve, variants

DOCS = PROJECT / "docs" / "screenshots"
WIDTHS = (1280, 375)
INSTITUTE = PROJECT / "examples" / "institute"
INSTITUTE_NOW = datetime(2026, 10, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))
INSTITUTE_PAGES = {
    "institute-event": "women-in-peace-negotiations/index.html",
    "institute-index": "index.html",
    "institute-person": "people/hana-seo.html",
    "institute-topic": "topics/mediation.html",
}
TALLEST = 9000
"""A page longer than this (in CSS pixels) is shown down to here: the sixty rooms' is 25,000."""


def save(image: Image.Image, target: Path) -> Path:
    """Write a picture with 256 colours at most."""
    image.convert("RGB").quantize(256, dither=Image.Dither.NONE).save(target, optimize=True)
    return target


def widths(browser: Browser, url: str, name: str) -> list[Path]:
    """The page at each width, loaded at that width, whole (down to TALLEST)."""
    written = []
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(url, wait_until="load")
        height = min(page.evaluate("document.documentElement.scrollHeight"), TALLEST)
        shot = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width,
                                                     "height": height})  # fmt: skip
        written.append(save(Image.open(io.BytesIO(shot)), DOCS / f"{name}-{width}.png"))
        page.close()
    return written


def paper(browser: Browser, url: str, name: str, size: str = "Letter") -> list[Path]:
    """The page printed as Chromium prints it (the page's own sheet size and orientation),
    every sheet side by side, four to a row, with a gap between."""
    page = browser.new_page()
    page.goto(url, wait_until="load")
    document = pdfium.PdfDocument(page.pdf(format=size, prefer_css_page_size=True))
    page.close()
    try:
        sheets = [sheet.render(scale=0.75).to_pil() for sheet in document][:12]
    finally:
        document.close()
    gap, columns = 16, min(4, len(sheets))
    width, height = max(s.width for s in sheets), max(s.height for s in sheets)
    rows = -(-len(sheets) // columns)
    contact = Image.new("RGB", (columns * (width + gap) + gap, rows * (height + gap) + gap), "#888")
    for n, sheet in enumerate(sheets):
        contact.paste(
            sheet, (gap + (n % columns) * (width + gap), gap + (n // columns) * (height + gap))
        )
    return [save(contact, DOCS / f"{name}-print.png")]


def timetable(browser: Browser, url: str) -> list[Path]:
    """The summit's first day: its timetable at 1280 px and at 375 px, and on A4 landscape
    (the README shows these three)."""
    written = []
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(url, wait_until="load")
        day = page.locator("#day-2031-06-12")
        # The day's first two blocks of parallel sessions: enough to read, not a poster.
        end = page.evaluate(
            "() => document.querySelector('#slot-reception').getBoundingClientRect().top"
            " - document.querySelector('#day-2031-06-12').getBoundingClientRect().top"
        )
        box = day.bounding_box()
        assert box is not None
        height = min(box["height"], end, 2400 if width == 375 else 2000)
        area = {"x": 0, "y": box["y"], "width": width, "height": height}
        shot = page.screenshot(full_page=True, clip=area)
        written.append(save(Image.open(io.BytesIO(shot)), DOCS / f"timetable-{width}.png"))
        page.close()
    page = browser.new_page()
    page.goto(url, wait_until="load")
    document = pdfium.PdfDocument(page.pdf(format="A4", prefer_css_page_size=True))
    page.close()
    try:
        for sheet in document:
            if "Floating Neighbourhoods" in sheet.get_textpage().get_text_range():
                target = DOCS / "timetable-print.png"
                written.append(save(sheet.render(scale=1.2).to_pil(), target))
                break
    finally:
        document.close()
    return written


def main() -> int:
    """Build the examples, open them in Chromium, write the screenshots; list what was written."""
    problem = chromium.missing()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    DOCS.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        root = Path(tmp)
        for name, project in EXAMPLES.items():
            build(project, root / name, now=variants(project)[0].now)
        build(INSTITUTE, root / "institute", now=INSTITUTE_NOW)
        sixty = sixty_rooms.write(root / "sixty-project")
        build(sixty, root / "sixty-rooms", now=datetime(2032, 1, 1))
        with serve(root) as url:
            pages = {name: f"{url}{name}/index.html" for name in EXAMPLES}
            pages["seoul-workshop-en"] = f"{url}seoul-workshop/en/index.html"
            pages["sixty-rooms"] = f"{url}sixty-rooms/index.html"
            pages.update({name: f"{url}institute/{path}" for name, path in INSTITUTE_PAGES.items()})
            for name, address in pages.items():
                written += widths(browser, address, name)
                if not name.startswith("institute-") or name == "institute-event":
                    written += paper(browser, address, name)
            written += timetable(browser, pages["summit"])
        browser.close()
    for path in written:
        print(path.relative_to(PROJECT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
