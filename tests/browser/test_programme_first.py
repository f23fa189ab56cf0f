"""The page puts the programme first (issue 21): in Chromium, at a desktop's and a phone's
width, nothing but the event's key facts and its introduction comes before the agenda, whose
first session is soon in view; the speakers, however many, never push it down; a section with
nothing in it is not shown, on screen or on paper; and the order on screen is the order in the
source, so that focus never jumps back up the page."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from eventsite.build import build
from tests.fixtures import sixty_rooms

from .conftest import DESKTOP, HEIGHT, PHONE, Built
from .site import PROJECT, serve

NEAR = 400
"""How far below the introduction (or the key facts, without one) the first session may start,
in CSS pixels: the agenda's heading, its zone, its planner and the day's name fit in it."""

ABOUT = (PROJECT / "content" / "about.md").read_text(encoding="utf-8")
PARAGRAPH = "Researchers and officials meet for a day to compare notes on the harbour.\n"

# The first session, the end of what may come before the agenda, and every visible element
# outside the key facts, the introduction and the agenda that starts above that first session.
_MEASURE = """
() => {
  const agenda = document.getElementById('agenda');
  const about = document.getElementById('about');
  const hero = document.querySelector('main .hero');
  const first = [...agenda.querySelectorAll('li.slot')].find(li => li.checkVisibility());
  const top = first.getBoundingClientRect().top;
  const above = [...document.querySelectorAll('main *')].filter(el =>
    ![hero, about, agenda].some(part => part && part.contains(el)) && !el.contains(agenda)
    && el.checkVisibility() && el.getBoundingClientRect().height
    && el.getBoundingClientRect().top < top);
  return {
    gap: top - (about || hero).getBoundingClientRect().bottom,
    above: above.map(el => `${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 40)}`),
    order: [...document.querySelectorAll('main > *, main > .wrap > *')]
      .filter(el => !el.matches('.wrap')).map(el => el.id || el.className),
  };
}
"""

# Headings of sections with nothing else in them: each region and its heading's text, when the
# region shows nothing but its heading.
_EMPTY = """
() => [...document.querySelectorAll('main section, main [aria-labelledby]')]
  .filter(region => region.checkVisibility())
  .map(region => {
    const heading = region.querySelector('h1, h2, h3, h4, h5, h6, summary');
    const rest = region.innerText.replace(heading ? heading.innerText : '', '').trim();
    return rest ? null : `${region.id || region.className}: ${heading ? heading.innerText : ''}`;
  }).filter(Boolean)
"""


def speakers(count: int) -> str:
    """A list of `count` people."""
    return "".join(
        f"- {{id: p{n}, name: Person Number {n}, position: Fellow, organization: Example Org}}\n"
        for n in range(count)
    )


def agenda(count: int) -> str:
    """A morning's agenda in which each of `count` people speaks once."""
    lines = ["- {start: '9:00', end: '9:30', kind: registration, title: Coffee}"]
    for n in range(max(count, 3)):
        hour = 9 + (n + 1) // 2
        minute = "30" if n % 2 == 0 else "00"
        end = f"{hour + (n % 2 == 0)}:{'00' if n % 2 == 0 else '30'}"
        people = f", speakers: [{{speaker: p{n}}}]" if n < count else ""
        lines.append(f"- {{start: '{hour}:{minute}', end: '{end}', kind: talk, "
                     f"title: Talk Number {n}{people}}}")  # fmt: skip
    return "\n".join(lines) + "\n"


def variant(root: Path, people: int, about: str) -> Path:
    """A one-day event with `people` speakers and `about` as its introduction."""
    content = root / "content"
    content.mkdir(parents=True)
    (content / "event.yaml").write_text(
        textwrap.dedent("""\
        title: A Day at the Harbour
        date: 2031-04-02
        timezone: Europe/Lisbon
        organizer: {name: Example Coalition}
        venue: {name: Example Hall, locality: Lisbon}
        """),
        encoding="utf-8",
    )
    (content / "about.md").write_text(about, encoding="utf-8")
    (content / "speakers.yaml").write_text(speakers(people) or "[]\n", encoding="utf-8")
    (content / "agenda.yaml").write_text(agenda(people), encoding="utf-8")
    return root


VARIANTS = {
    "no prose, no speakers": (0, ""),
    "one paragraph, 3 speakers": (3, PARAGRAPH),
    "no prose, 10 speakers": (10, ""),
    "a long text, 10 speakers": (10, ABOUT),
}


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Small events with no prose, a paragraph or a long text, and 0, 3 or 10 speakers; the
    sixty-room conference (no prose, 60 speakers) and the policy summit (tests/fixtures), built
    before they begin and served."""
    root = tmp_path_factory.mktemp("variants")
    urls = {}
    with serve(root) as url:
        for name, (people, about) in VARIANTS.items():
            folder = name.replace(" ", "-").replace(",", "")
            project = variant(root / "projects" / folder, people, about)
            build(project, root / folder, now=datetime(2031, 3, 1))
            urls[name] = f"{url}{folder}/index.html"
        sixty = sixty_rooms.write(root / "projects" / "sixty")
        build(sixty, root / "sixty", now=datetime(2032, 1, 1))
        urls["sixty rooms, 60 speakers"] = f"{url}sixty/index.html"
        # A real-style agenda (issue 21): no prose, ten speakers, sessions with a start alone.
        summit = PROJECT / "tests" / "fixtures" / "policy-summit"
        build(summit, root / "policy-summit", now=datetime(2031, 6, 1))
        urls["the policy summit, no prose, 10 speakers"] = f"{url}policy-summit/index.html"
        yield urls


def event_pages(builds: list[Built]) -> dict[str, str]:
    """The event page of each example (both languages of the Seoul workshop, every event of the
    institute's site that has an agenda), by a name for the report."""
    found = {}
    for built in builds:
        for path in built.pages:
            if path in ("index.html", "en/index.html") and built.variant != "institute":
                found[f"{built.variant}: {path}"] = built.url + path
            elif (
                built.variant == "institute"
                and path.count("/") == 1
                and path.endswith("/index.html")
            ):
                html = (built.root / path).read_text(encoding="utf-8")
                if 'class="slot' in html:
                    found[f"{built.variant}: {path}"] = built.url + path
    return found


def measure(browser: Browser, url: str, width: int) -> dict[str, Any]:
    """The page as a visitor with that screen sees it on arrival (the planner at that width)."""
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    page = context.new_page()
    page.goto(url, wait_until="load")
    found: dict[str, Any] = page.evaluate(_MEASURE)
    found["empty"] = page.evaluate(_EMPTY)
    page.emulate_media(media="print")
    found["empty on paper"] = page.evaluate(_EMPTY)
    context.close()
    return found


def problems(name: str, width: int, found: dict[str, Any]) -> list[str]:
    """What is wrong with the page's top, one line each."""
    where = f"{name} at {width}px"
    lines = []
    if found["gap"] > NEAR:
        lines.append(f"{where}: the first session starts {found['gap']:.0f}px below the "
                     f"introduction (at most {NEAR})")  # fmt: skip
    lines += [f"{where}: before the first session: {item}" for item in found["above"]]
    order = [part for part in found["order"] if part in ("hero", "about", "agenda")]
    if found["order"][: len(order)] != order or order[-1:] != ["agenda"]:
        lines.append(f"{where}: the page's parts are {found['order']}, not the key facts, the "
                     "introduction and the agenda first")  # fmt: skip
    lines += [f"{where}: a heading with nothing under it: {e}" for e in found["empty"]]
    lines += [f"{where}: on paper, a heading with nothing under it: {e}"
              for e in found["empty on paper"]]  # fmt: skip
    return lines


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_each_example_puts_its_agenda_right_after_the_facts_and_the_introduction(
    builds: list[Built], browser: Browser, width: int
) -> None:
    pages = event_pages(builds)
    assert len(pages) >= 10, pages  # six examples, two languages, the institute's events
    found = [line for name, url in pages.items()
             for line in problems(name, width, measure(browser, url, width))]  # fmt: skip
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_no_prose_and_any_number_of_speakers_leave_the_agenda_first(
    variants: dict[str, str], browser: Browser, width: int
) -> None:
    found = []
    for name, url in variants.items():
        seen = measure(browser, url, width)
        found += problems(name, width, seen)
        if name.startswith("no prose"):
            assert "about" not in seen["order"], f"{name}: an About section with nothing in it"
    assert not found, "\n".join(found)


def test_without_an_introduction_there_is_no_about_heading_or_link(
    variants: dict[str, str], page: Page
) -> None:
    page.goto(variants["no prose, 10 speakers"])
    assert page.locator("#about").count() == 0
    assert page.locator('a[href="#about"]').count() == 0, "the header links to no empty section"
    page.goto(variants["one paragraph, 3 speakers"])
    assert page.locator("#about").inner_text().endswith(PARAGRAPH.strip())


def test_the_arabic_page_is_read_in_the_order_it_is_shown(builds: list[Built], page: Page) -> None:
    """Right to left, the page's parts are one under the other in the source's order, and the
    keyboard goes through them in that order, never back up to one it has left."""
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
    page.goto(next(b.url for b in builds if b.variant == "arabic") + "index.html")
    parts = page.evaluate(
        """() => [...document.querySelectorAll('main > .hero, main > .wrap > *')].map(el => {
          const box = el.getBoundingClientRect();
          return {id: el.id || el.className, top: box.top, bottom: box.bottom};
        })"""
    )
    assert [p["id"] for p in parts][:4] == ["hero", "about", "agenda", "speakers"]
    for above, below in zip(parts, parts[1:], strict=False):
        assert above["bottom"] <= below["top"] + 1, f"{below['id']} beside {above['id']}"
    visited = []
    for _ in range(400):
        page.keyboard.press("Tab")
        part = page.evaluate(
            """() => { const el = document.activeElement;
              const part = el.closest('main > .hero, main > .wrap > *');
              return part ? (part.id || part.className) : (el.closest('main') ? '?' : null); }"""
        )
        if part is None and visited:
            break
        if part and (not visited or visited[-1] != part):
            visited.append(part)
    assert visited == [p["id"] for p in parts if p["id"] in visited], visited
    assert len(visited) == len(set(visited)), f"focus went back to a part it had left: {visited}"
