"""Long unbroken words from content wrap everywhere: no page scrolls sideways on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from eventsite.build import build
from tests.conftest import NOW, REPO, copy_project
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


LINE = "curl https://example.org/" + "a-very-long-path-segment/" * 30 + " --output report.pdf"


@pytest.fixture(scope="module")
def code_block(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with an indented code block holding one long line in about.md."""
    root = tmp_path_factory.mktemp("code-block")
    project = copy_project(REPO, root / "site")
    about = project.root / "content" / "about.md"
    about.write_text(about.read_text() + f"\n\nTo fetch the report:\n\n    {LINE}\n\nThanks.\n")
    build(project.root, root / "out", now=NOW)
    return root / "out"


@pytest.mark.parametrize("width", [320, 375])
def test_an_indented_code_block_wraps_inside_itself_on_a_phone(
    context: BrowserContext, code_block: Path, width: int
) -> None:
    with serve(code_block) as url:
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url + "index.html", wait_until="load")
        block = page.locator("pre").first
        assert LINE.split()[1][:40] in block.inner_text()
        assert probes.sideways_overflow(page) == []
        inside = block.evaluate("e => e.scrollWidth <= e.clientWidth")
        page.close()
    assert inside
