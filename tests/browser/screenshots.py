"""`make screenshots`: the example page on a phone, on a desktop and on paper, as PNG files.

Run as `python -m tests.browser.screenshots`; writes into screenshots/ (not committed).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from playwright.sync_api import sync_playwright

from eventsite.build import build

from . import chromium
from .site import PROJECT, serve

OUT = PROJECT / "screenshots"
SHOTS = {"phone": (375, 812), "desktop": (1280, 800)}


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
