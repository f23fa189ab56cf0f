"""`make screenshots`: the example page on a phone, on a desktop and on paper, as PNG files;
and the institute's site of events: its list of events, a person's page and an event's.

Run as `python -m tests.browser.screenshots`; writes into screenshots/ (not committed).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
from playwright.sync_api import sync_playwright

from eventsite.build import build

from . import chromium
from .site import PROJECT, serve

OUT = PROJECT / "screenshots"
SHOTS = {"phone": (375, 812), "desktop": (1280, 800)}
INSTITUTE = PROJECT / "examples" / "institute"
INSTITUTE_NOW = datetime(2026, 10, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))
INSTITUTE_PAGES = {
    "index": "index.html",
    "person": "people/hana-seo.html",
    "event": "women-in-peace-negotiations/index.html",
    "topic": "topics/mediation.html",
}


def main() -> int:
    """Build the example, open it in Chromium, write the screenshots; list what was written."""
    problem = chromium.missing()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("print-*.png"):
        old.unlink()
    written = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        root = Path(tmp) / "site"
        build(PROJECT, root)
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
        with serve(root) as url:
            page = browser.new_page()
            page.goto(url + "index.html")
            for name, (width, height) in SHOTS.items():
                page.set_viewport_size({"width": width, "height": height})
                for suffix, full in (("", True), ("-top", False)):
                    target = OUT / f"{name}{suffix}.png"
                    page.screenshot(path=str(target), full_page=full)
                    written.append(target)
            pdf = OUT / "print.pdf"
            pdf.write_bytes(page.pdf(format="Letter"))
            written.append(pdf)
        browser.close()
    document = pdfium.PdfDocument(str(pdf))
    try:
        for number, sheet in enumerate(document, 1):
            target = OUT / f"print-{number}.png"
            sheet.render(scale=1.5).to_pil().save(target)
            written.append(target)
    finally:
        document.close()
    for path in written:
        print(path.relative_to(PROJECT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
