"""Long unbroken words from content wrap everywhere: no page scrolls sideways on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from eventsite.build import build
from tests.conftest import NOW
from tests.test_injection import Fill, make_project

from . import probes
from .site import html_pages, serve

WORD = "Internationalisierungsbeauftragtenstellvertretungsregelungen"  # 60 letters


@pytest.fixture(scope="module")
def long_words(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with the long word in every text field of every record, and in every Markdown."""
    root = tmp_path_factory.mktemp("long-words")
    project = make_project(root / "site", Fill(f"{WORD} {WORD}", "https://example.org/", "id"))
    build(project, root / "out", now=NOW)
    return root / "out"


@pytest.mark.parametrize("width", [320, 360])
def test_long_words_wrap_on_every_page(
    context: BrowserContext, long_words: Path, width: int
) -> None:
    found = {}
    with serve(long_words) as url:
        for path in html_pages(long_words):
            page = context.new_page()
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(url + path, wait_until="load")
            assert WORD in page.content()
            overflow = probes.sideways_overflow(page)
            if overflow:
                found[path] = overflow
            page.close()
    assert not found, found
