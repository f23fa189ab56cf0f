"""The offline copy in Chromium: after one visit the event's pages, calendars and static files
work with no network; nothing leaves the page's origin before a click; a copy turned off is
let go. And the two scripts' budgets."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from eventsite.build import build
from eventsite.outputs import offline

from .conftest import INSTITUTE, INSTITUTE_NOW, SUMMIT
from .site import PROJECT, serve, variants

BUDGETS = {"offline.js": 2 * 1024, "offline-worker.js": 4 * 1024}
"""Each script's size, uncompressed: the page's part runs on every page, the worker's in the
background; both must stay small enough to read in one sitting."""


@pytest.mark.parametrize(("name", "budget"), BUDGETS.items())
def test_the_scripts_are_small(name: str, budget: int) -> None:
    size = (PROJECT / "static" / name).stat().st_size
    assert size <= budget, f"static/{name} is {size} bytes, over its {budget}-byte budget"


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hybrid summit a month before it, served on 127.0.0.1 (a service worker's origin)."""
    root = tmp_path_factory.mktemp("offline") / "site"
    build(SUMMIT, root, now=variants(SUMMIT)[0].now)
    with serve(root) as url:
        yield url


@pytest.fixture
def fresh(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def kept(page: Page) -> None:
    """Wait until the page's worker has kept the copy and looks after the page."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)
    page.wait_for_function(
        "caches.keys().then(keys => keys.some(k => k.startsWith('eventsite:')))", timeout=20_000
    )


def test_after_one_visit_the_event_works_offline(fresh: BrowserContext, summit: str) -> None:
    page = fresh.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(summit + "index.html")
    kept(page)
    fresh.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == "Harbour Cities Summit 2031 (fictional example)"
    note = page.locator("#offline-note")
    note.wait_for(state="visible")
    assert note.inner_text().startswith("You are offline: this copy was last updated ")
    # A session's page, from the agenda's link.
    page.locator('a[href="sessions/adaptation-budget.html"]').first.click()
    page.wait_for_url("**/sessions/adaptation-budget.html")
    assert "Writing a Coastal Adaptation Budget" in page.locator("h1").inner_text()
    assert page.locator("link[rel=stylesheet]").count() == 2
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "", "styled"
    # My agenda, on the event's page: saved while offline, with its calendar file.
    page.goto(summit + "index.html?room=Room+3")
    assert page.locator("select[name=room]").input_value() == "Room 3", "the planner runs"
    page.locator("#slot-adaptation-budget .save").click()
    page.locator("#my-agenda summary").click()
    assert (
        page.locator("#my-agenda li")
        .all_inner_texts()[0]
        .endswith("Writing a Coastal Adaptation Budget")
    )
    assert page.locator("#my-agenda a[download]").is_visible()
    mine = page.evaluate(
        "fetch(document.querySelector('#my-agenda a[download]').href).then(r => r.text())"
    )
    (entry,) = icalendar.Calendar.from_ical(mine).walk("VEVENT")
    assert "Join online: https://meet.example.org/harbour-cities/policy-lab" in str(
        entry["DESCRIPTION"]
    ), "My agenda's calendar carries the join link"
    # The calendars are kept too.
    status = page.evaluate("fetch('calendar/adaptation-budget.ics').then(r => r.status)")
    calendar = page.evaluate("fetch('event.ics').then(r => r.text())")
    assert status == 200
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert not [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e], errors


def test_back_online_the_page_says_when_it_was_saved(fresh: BrowserContext, summit: str) -> None:
    page = fresh.new_page()
    page.goto(summit + "index.html")
    kept(page)
    page.reload()
    note = page.locator("#offline-note")
    note.wait_for(state="visible")
    assert note.inner_text().startswith("Saved for offline use; last updated ")


def off_origin(context: BrowserContext, url: str) -> list[str]:
    """Every request the page and its worker make on loading, off the page's origin."""
    origin = url.split("/", 3)[:3]
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    kept(page)
    page.wait_for_load_state("networkidle")
    return [u for u in seen if u.split("/", 3)[:3] != origin]


def test_no_request_leaves_the_origin_before_a_click(
    fresh: BrowserContext, summit: str, tmp_path: Path
) -> None:
    assert off_origin(fresh, summit + "index.html") == []
    # A past event's recordings, slides and transcript: links, never a player.
    root = tmp_path / "institute"
    build(INSTITUTE, root, now=INSTITUTE_NOW)
    with serve(root) as url:
        page_url = url + "annual-conference-2025/index.html"
        assert off_origin(fresh, page_url) == []
        page = fresh.new_page()
        page.goto(page_url)
        assert page.locator(".lifecycle .button").first.inner_text() == "Watch the recording"
        assert page.locator("iframe, video, audio").count() == 0


def test_a_copy_turned_off_is_let_go(browser: Browser, tmp_path: Path) -> None:
    project = tmp_path / "summit"
    shutil.copytree(SUMMIT, project)
    root = tmp_path / "site"
    now = variants(SUMMIT)[0].now
    build(project, root, now=now)
    context = browser.new_context()
    with serve(root) as url:
        page = context.new_page()
        page.goto(url + "index.html")
        kept(page)
        event = project / "content" / "event.yaml"
        event.write_text(event.read_text() + "offline: false\n")
        build(project, root, now=now)
        assert (root / "sw.js").read_bytes() == offline.OFF
        assert 'src="static/offline.js"' not in (root / "index.html").read_text()
        page.reload()  # the browser checks the worker again, finds it changed, and runs it
        page.wait_for_function(
            "caches.keys().then(keys => !keys.some(k => k.startsWith('eventsite:')))",
            timeout=20_000,
        )
        page.wait_for_function(
            "navigator.serviceWorker.getRegistrations().then(r => r.length === 0)",
            timeout=20_000,
        )
    context.close()
