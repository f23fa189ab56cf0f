"""`make screenshots`: the examples on a phone, on a desktop and on paper, as PNG files; and
the institute's site of events: its list of events, a person's page and an event's.

Run as `python -m tests.browser.screenshots`. Writes the pages of the USIP example, the summit,
the Seoul workshop (Korean) and the Arabic forum (right to left) into screenshots/ (not
committed), and the summit's timetable at 1280 px, at 375 px and printed into
docs/screenshots/ (committed: the README shows them).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
from playwright.sync_api import Browser, sync_playwright

from eventsite.build import build

from . import chromium
from .site import PROJECT, serve, variants

OUT = PROJECT / "screenshots"
DOCS = PROJECT / "docs" / "screenshots"
SUMMIT = PROJECT / "examples" / "summit"
LANGUAGES = {"seoul-": PROJECT / "examples" / "seoul-workshop",
             "arabic-": PROJECT / "examples" / "arabic-forum"}  # fmt: skip
"""The examples in other languages: Korean with English in en/, and Arabic, right to left."""
SHOTS = {"phone": (375, 812), "desktop": (1280, 800)}
INSTITUTE = PROJECT / "examples" / "institute"
INSTITUTE_NOW = datetime(2026, 10, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))
INSTITUTE_PAGES = {
    "index": "index.html",
    "person": "people/hana-seo.html",
    "event": "women-in-peace-negotiations/index.html",
    "topic": "topics/mediation.html",
}


def pages(browser: Browser, url: str, prefix: str) -> list[Path]:
    """The page at phone and desktop width, whole and its top, and printed on Letter."""
    written = []
    page = browser.new_page()
    page.goto(url)
    for name, (width, height) in SHOTS.items():
        page.set_viewport_size({"width": width, "height": height})
        for suffix, full in (("", True), ("-top", False)):
            target = OUT / f"{prefix}{name}{suffix}.png"
            page.screenshot(path=str(target), full_page=full)
            written.append(target)
    pdf = OUT / f"{prefix}print.pdf"
    pdf.write_bytes(page.pdf(format="Letter", prefer_css_page_size=True))
    page.close()
    return [*written, pdf, *sheets(pdf, OUT, f"{prefix}print-")]


def sheets(pdf: Path, folder: Path, prefix: str, only: str = "") -> list[Path]:
    """Each sheet of a PDF as a PNG (or only the first that holds the text `only`)."""
    written = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for number, sheet in enumerate(document, 1):
            if only and only not in sheet.get_textpage().get_text_range():
                continue
            target = folder / (f"{prefix}.png" if only else f"{prefix}{number}.png")
            sheet.render(scale=1.5 if not only else 1.2).to_pil().save(target)
            written.append(target)
            if only:
                break
    finally:
        document.close()
    return written


def timetable(browser: Browser, url: str) -> list[Path]:
    """The summit's first day: its timetable at 1280 px and at 375 px, and on A4 landscape."""
    DOCS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    page.goto(url)
    day = page.locator("#day-2031-06-12")
    written = []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        target = DOCS / f"timetable-{width}.png"
        # The day's first two blocks of parallel sessions: enough to read, not a poster.
        end = page.evaluate(
            "() => document.querySelector('#slot-reception').getBoundingClientRect().top"
            " - document.querySelector('#day-2031-06-12').getBoundingClientRect().top"
        )
        box = day.bounding_box()
        assert box is not None
        height = min(box["height"], end, 2400 if width == 375 else 2000)
        page.screenshot(path=str(target), full_page=True,
                        clip={"x": 0, "y": box["y"], "width": width, "height": height})  # fmt: skip
        written.append(target)
    pdf = Path(tempfile.mkdtemp()) / "summit.pdf"
    pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
    page.close()
    return written + sheets(pdf, DOCS, "timetable-print", only="Floating Neighbourhoods")


def main() -> int:
    """Build the examples, open them in Chromium, write the screenshots; list what was written."""
    problem = chromium.missing()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*print-*.png"):
        old.unlink()
    written = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        institute = Path(tmp) / "institute"
        build(INSTITUTE, institute, now=INSTITUTE_NOW)
        with serve(institute) as url:
            page = browser.new_page()
            for kind, path in INSTITUTE_PAGES.items():
                page.goto(url + path)
                for name, (width, height) in SHOTS.items():
                    page.set_viewport_size({"width": width, "height": height})
                    target = OUT / f"institute-{kind}-{name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
            page.emulate_media(media="print")
            page.set_viewport_size({"width": 816, "height": 1056})
            target = OUT / "institute-index-print.png"
            page.goto(url + "index.html")
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
            page.close()
        example, summit = Path(tmp) / "example", Path(tmp) / "summit"
        build(PROJECT, example)
        build(SUMMIT, summit, now=variants(SUMMIT)[0].now)
        with serve(example) as url:
            written += pages(browser, url + "index.html", "")
        with serve(summit) as url:
            written += pages(browser, url + "index.html", "summit-")
            written += timetable(browser, url + "index.html")
        for prefix, project in LANGUAGES.items():
            folder = Path(tmp) / prefix
            build(project, folder, now=variants(project)[0].now)
            with serve(folder) as url:
                written += pages(browser, url + "index.html", prefix)
        browser.close()
    for path in written:
        print(path.relative_to(PROJECT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
