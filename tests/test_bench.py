"""The benchmark's generator writes events that eventsite reads cleanly, the same every time, and
Hugo's side of the benchmark makes what eventsite makes: with its calendars, feeds, JSON-LD and
calendar links when it does the same work, the pages alone when built pages-only."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import icalendar
import jsonschema
import pytest
from bench.generate import SIZES, generate
from bench.run import hugo_command, output_kinds
from lxml import etree

from eventsite.load import load_site
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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The S event built by eventsite, by Hugo doing the same work, and by Hugo pages-only."""
    try:
        hugo_command(Path("."), Path("."), "equal")
    except SystemExit:
        pytest.skip("Hugo is not installed in this environment (`make bench` installs it)")
    folder = tmp_path_factory.mktemp("bench")
    generate(SIZES["S"], folder / "S")
    out = {name: folder / name for name in ("eventsite", "equal", "pages")}
    eventsite = [sys.executable, "-m", "eventsite", "build", "--project",
                 str(folder / "S" / "eventsite"), "--out", str(out["eventsite"])]  # fmt: skip
    subprocess.run(eventsite, check=True, capture_output=True)
    for mode in ("equal", "pages"):
        command = hugo_command(folder / "S" / "hugo", out[mode], mode)
        subprocess.run([str(c) for c in command], check=True, capture_output=True)
    return out


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
    """The feed without what is made differently on each side: ids, version, generator."""
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k not in ("guid", "version",
                                                                        "generator")}  # fmt: skip
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


def _jsonld(page: Path) -> Any:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(), re.S)
    assert found is not None
    return json.loads(found.group(1))["@graph"][0]


def _calendar_links(page: Path) -> list[list[object]]:
    found = []
    for block in re.findall(r'<details class="add-to-calendar">(.*?)</details>',
                            page.read_text(), re.S):  # fmt: skip
        ics, *web = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', block)]
        found.append([ics.rsplit("/", 1)[-1]] + [(urlsplit(u).netloc, parse_qs(urlsplit(u).query))
                                                 for u in web])  # fmt: skip
    return found


def test_hugo_event_page_has_the_same_json_ld_and_calendar_links(built: dict[str, Path]) -> None:
    mine, theirs = (
        _jsonld(built["eventsite"] / "index.html"),
        _jsonld(built["equal"] / "index.html"),
    )
    assert len(theirs["subEvent"]) == 100
    for data in (mine, theirs):  # everyone once; eventsite in order of appearance, Hugo by name
        data["performer"].sort(key=lambda person: person["name"])
    assert theirs == mine
    links = _calendar_links(built["equal"] / "index.html")
    assert len(links) == 101, "the event's, and one per slot"
    assert links == _calendar_links(built["eventsite"] / "index.html")
