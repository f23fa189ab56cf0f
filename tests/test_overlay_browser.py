"""The dev server's error overlay in a real browser: a broken save shows, a fixed save clears.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright, started offline. Nothing here
reloads the page: the live-reload script in the page must do it by itself.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import Project
from tests.test_serve import DevServer

CHROMIUM = Path("/usr/bin/chromium")
OFFLINE = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
AGENDA = """\
- start: 9:00 AM
  end: 10:00 AM
  kind: opening
  title: Welcome
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Project:
    """A one-slot event with content only; the page comes from the default theme."""
    project = Project(tmp_path / "tiny")
    project.write(
        "content/event.yaml",
        """
        title: Overlay Test Event
        date: 2030-05-01
        timezone: UTC
        organizer: {name: Org}
        venue: {locality: Town}
        """,
    )
    project.write("content/agenda.yaml", AGENDA)
    return project


@pytest.fixture
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=OFFLINE)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, tiny: Project, tmp_path: Path) -> Iterator[Page]:
    server = DevServer(tiny.root, tmp_path / "serve.log")
    try:
        server.wait_for(lambda body: "<h1>Overlay Test Event</h1>" in body, "the first build")
        opened = browser.new_page()
        opened.goto(f"http://127.0.0.1:{server.port}/")
        yield opened
        opened.close()
    finally:
        server.stop()
    shutil.rmtree(tmp_path / "tiny", ignore_errors=True)


def _settle(page: Page) -> None:
    """Let the reloaded page reconnect to the live-reload socket before the next save."""
    page.wait_for_load_state("load")
    time.sleep(1.5)


def test_overlay_appears_and_clears_without_a_manual_reload(page: Page, tiny: Project) -> None:
    overlay = page.locator("#eventsite-build-error")
    expect(page.locator("h1")).to_have_text("Overlay Test Event")
    expect(overlay).to_have_count(0)
    _settle(page)

    tiny.write("content/agenda.yaml", AGENDA.replace("end: 10:00 AM", "end: 8:00 AM"))
    expect(overlay).to_be_visible(timeout=15_000)
    expect(overlay).to_contain_text(
        "content/agenda.yaml:2:8: agenda[1].end: ends at 8:00 AM, not after it starts (9:00 AM)"
    )
    expect(page.locator("h1")).to_have_text("Overlay Test Event")  # the last good page stays
    _settle(page)

    tiny.write("content/agenda.yaml", AGENDA.replace("title: Welcome", "title: Welcome Back"))
    expect(overlay).to_have_count(0, timeout=15_000)
    expect(page.locator(".slot__title")).to_have_text("Welcome Back")
