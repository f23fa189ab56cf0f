"""A venue the source does not give: `venue_published: false` says so, and nothing names a place.

The USIP example says it (its source names no venue and no city); the workshop fixture, written
without its venue, has session pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest
from lxml import html as lxml_html

from eventsite.build import build
from eventsite.errors import ContentError
from eventsite.load.site import load_project
from tests.conftest import REPO, Project, copy_project
from tests.outputs_support import (
    AFTER,
    BEFORE,
    FULL,
    build_at,
    make_project,
    page,
    structured_data,
    text,
)

WORKSHOP_BEFORE = BEFORE.replace(year=2031, month=3)
WORKSHOP_AFTER = AFTER.replace(year=2031, month=4)
UNPUBLISHED = "venue_published: false\n"


@pytest.fixture(scope="module")
def usip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example built before the event (upcoming) and after it (past)."""
    project = make_project(tmp_path_factory.mktemp("usip"))
    return {"before": build_at(project, BEFORE), "after": build_at(project, AFTER)}


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Berlin workshop with its venue taken out and said to be unpublished."""
    project = make_project(tmp_path_factory.mktemp("workshop"), FULL)
    event = project / "content" / "event.yaml"
    written = re.sub(r"(?m)^venue:\n(  .*\n)+", UNPUBLISHED, event.read_text(encoding="utf-8"))
    assert UNPUBLISHED in written
    assert "Musterstraße" not in written
    event.write_text(written, encoding="utf-8")
    return {
        "before": build_at(project, WORKSHOP_BEFORE, base_url="https://events.example.org/ws/"),
        "after": build_at(project, WORKSHOP_AFTER),
    }


def _facts(tree: Any) -> dict[str, str]:
    """The key facts at the page's top: "Location" -> "To be announced"."""
    found = {}
    for row in tree.xpath('//dl[@class="facts"]/div'):
        found[row.find("dt").text_content().strip()] = " ".join(
            row.find("dd").text_content().split()
        )
    return found


def _session_pages(out: Path) -> list[Any]:
    pages = sorted((out / "sessions").glob("*.html"))
    assert pages
    return [lxml_html.fromstring(p.read_bytes()) for p in pages]


# -- the page --------------------------------------------------------------------------------


def test_an_upcoming_event_says_its_location_is_to_be_announced(usip: dict[str, Path]) -> None:
    tree = page(usip["before"])
    assert _facts(tree)["Location"] == "To be announced"
    assert "Upcoming event" in text(tree)


def test_a_past_event_has_no_location_row(usip: dict[str, Path]) -> None:
    facts = _facts(page(usip["after"]))
    assert "Location" not in facts
    assert list(facts) == ["Date", "Time", "Organizer"]


def test_the_agenda_names_the_zone_without_a_city(usip: dict[str, Path]) -> None:
    for out in usip.values():
        (line,) = page(out).xpath('//p[@class="agenda__zone"]')
        assert line.text_content() == "All times are Eastern Daylight Time (UTC−04:00)."
    # The planner's clock names no city either: not the zone's ("New York").
    (agenda,) = page(usip["before"]).xpath('//section[@id="agenda"]')
    assert agenda.get("data-place") == ""


def test_the_footer_shows_the_organiser_alone(usip: dict[str, Path]) -> None:
    (footer,) = page(usip["after"]).xpath('//footer[@class="site-footer"]//p[1]')
    assert footer.text_content().strip() == "United States Institute of Peace (USIP)"


def test_no_city_the_seed_does_not_give(usip: dict[str, Path]) -> None:
    seed = (REPO / "tests/fixtures/seed").glob("*.txt")
    assert any("Washington and Seoul" in p.read_text(encoding="utf-8") for p in seed)
    for out in usip.values():
        for path in out.rglob("*.html"):
            tree = lxml_html.fromstring(path.read_bytes())
            for quoted in tree.xpath('//section[@id="publications"]'):
                # Its summaries are the seed's own words ("... in both Washington and Seoul").
                assert "Washington" in quoted.text_content()
                quoted.drop_tree()
            for script in tree.xpath('//script[@type="application/ld+json"]'):
                # So are the publications' abstracts there; nothing else may name the city.
                items = json.loads(script.text)["@graph"]
                works = [i for i in items if i["@type"] == "CreativeWork"]
                assert "Washington" in json.dumps(works)
                assert "Washington" not in json.dumps([i for i in items if i not in works])
                script.drop_tree()
            everything = lxml_html.tostring(tree, encoding="unicode")
            for city in ("Washington", "New York", ", DC"):
                assert city not in everything, (path, city)
        for path in [*out.rglob("*.ics"), *out.glob("schedule.*")]:
            raw = path.read_text(encoding="utf-8")
            assert "Washington" not in raw, path
            assert "New York" not in raw, path


# -- what machines read ------------------------------------------------------------------------


def test_structured_data_has_no_location(usip: dict[str, Path]) -> None:
    (event,) = [i for i in structured_data(page(usip["after"])) if i["@type"] == "Event"]
    assert "location" not in event
    assert len(event["subEvent"]) == 10
    assert all("location" not in sub for sub in event["subEvent"])
    assert "Place" not in json.dumps(structured_data(page(usip["after"])))


def test_calendars_have_no_location(usip: dict[str, Path]) -> None:
    files = [usip["after"] / "event.ics", *sorted((usip["after"] / "calendar").glob("*.ics"))]
    assert len(files) == 11
    for path in files:
        for entry in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            assert "LOCATION" not in entry, path


def test_the_schedule_feed_says_the_venue_is_not_announced(usip: dict[str, Path]) -> None:
    feed = json.loads((usip["after"] / "schedule.json").read_text(encoding="utf-8"))
    rooms = feed["schedule"]["conference"]["rooms"]
    assert [r["name"] for r in rooms] == ["Venue not announced"]
    assert "type" not in rooms[0], "not an online room"
    (day,) = feed["schedule"]["conference"]["days"]
    assert list(day["rooms"]) == ["Venue not announced"]


def test_session_pages_and_calendars_of_a_workshop_without_its_venue(
    workshop: dict[str, Path],
) -> None:
    before = [_facts(t).get("Location") for t in _session_pages(workshop["before"])]
    assert set(before) == {"To be announced"}
    after = [_facts(t) for t in _session_pages(workshop["after"])]
    assert all("Location" not in facts and "Time" in facts for facts in after)
    tree = page(workshop["before"])
    assert _facts(tree)["Location"] == "To be announced"
    (event,) = [i for i in structured_data(tree) if i["@type"] == "Event"]
    assert "location" not in event
    assert "Berlin" not in (workshop["before"] / "event.ics").read_text(encoding="utf-8")


def test_a_venue_by_its_city_alone_is_a_place_with_that_address(tmp_path: Path) -> None:
    # What the example showed before its venue was found to be invented: kept, on a fixture.
    project = make_project(tmp_path)
    event = project / "content" / "event.yaml"
    venue = "venue:\n  locality: Springfield\n  region: IL\n  country: US\n"
    event.write_text(event.read_text(encoding="utf-8").replace(UNPUBLISHED, venue), "utf-8")
    out = build_at(project, AFTER)
    tree = page(out)
    assert _facts(tree)["Location"] == "Springfield, IL"
    (event_data,) = [i for i in structured_data(tree) if i["@type"] == "Event"]
    assert event_data["location"] == {
        "@id": "#venue",
        "@type": "Place",
        "name": "Springfield, IL",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Springfield",
            "addressRegion": "IL",
            "addressCountry": "US",
        },
    }
    assert "All times are local time in Springfield, IL (EDT, UTC−04:00)." in text(tree)
    calendar = icalendar.Calendar.from_ical((out / "event.ics").read_bytes())
    assert [str(e["LOCATION"]) for e in calendar.walk("VEVENT")] == ["Springfield, IL, US"]


def test_the_words_in_french(tmp_path: Path) -> None:
    project = make_project(tmp_path, event_extra="language: fr")
    tree = page(build_at(project, BEFORE))
    assert _facts(tree)["Lieu"] == "À annoncer"


# -- the loader's lines ------------------------------------------------------------------------


def _event(project: Project, old: str, new: str) -> None:
    path = project.root / "content" / "event.yaml"
    written = path.read_text(encoding="utf-8")
    assert old in written
    path.write_text(written.replace(old, new), encoding="utf-8")


def test_a_venue_and_venue_published_false_is_one_line(project: Project) -> None:
    _event(project, UNPUBLISHED, UNPUBLISHED + "venue: {name: Example Hall}\n")
    assert project.problems() == [
        "content/event.yaml:17:8: event.venue: is given, but venue_published: false says the "
        "source names no place; remove venue_published: false to publish this venue, or remove "
        "venue: if the source names none"
    ]


def test_leaving_the_venue_out_unsaid_is_one_line(project: Project) -> None:
    _event(project, UNPUBLISHED, "")
    assert project.problems() == [
        'content/event.yaml:3:1: event: missing required field "venue"; add venue: with name: '
        "or locality: indented below it, venue_published: false if the source names no place, "
        "or attendance: online for an event held online only"
    ]
    _event(project, "publications_url", "venue_published: true\npublications_url")
    (line,) = project.problems()
    assert 'missing required field "venue"' in line


def test_an_online_event_has_no_venue_to_leave_out(project: Project) -> None:
    online = "attendance: online\nonline_url: https://meet.example.org/a\n"
    _event(project, UNPUBLISHED, online + UNPUBLISHED)
    assert project.problems() == [
        "content/event.yaml:18:18: event.venue_published: an online event has no venue to leave "
        "out; remove venue_published: false"
    ]


def _locations(path: Path) -> list[str]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [str(e["LOCATION"]) for e in calendar.walk("VEVENT") if "LOCATION" in e]


def test_an_event_of_a_site_does_not_take_the_sites_venue(tmp_path: Path) -> None:
    site = copy_project(REPO / "examples" / "institute", tmp_path / "site").root
    folder = site / "content" / "events" / "annual-conference-2026"
    event = folder / "event.yaml"
    assert "venue:" not in event.read_text(encoding="utf-8"), "the site's venue applies"
    out = tmp_path / "public"
    build(site, out, cache=False)
    assert _locations(out / "annual-conference-2026" / "event.ics") == [
        "Calder Institute, Harmon Hall, 1400 Example Avenue NW, Washington, DC 20037, US"
    ]
    event.write_text(event.read_text(encoding="utf-8") + UNPUBLISHED, encoding="utf-8")
    build(site, out, cache=False)
    assert _locations(out / "annual-conference-2026" / "event.ics") == []
    # The list of events names no place for it (not "Online"), and leaves no stray separator.
    listing = lxml_html.fromstring((out / "index.html").read_bytes())
    (item,) = listing.xpath('//article[@aria-labelledby="event-annual-conference-2026"]')
    (meta,) = item.xpath('.//p[@class="event-item__meta"]')
    assert " ".join(meta.text_content().split()) == "Annual Conference"
    # Its own venue with venue_published: false is refused, as in one event.
    event.write_text(event.read_text(encoding="utf-8") + "venue: {name: Hall}\n", "utf-8")
    with pytest.raises(ContentError) as caught:
        load_project(site)
    problems = caught.value.lines()
    assert len(problems) == 1
    assert problems[0].startswith("content/events/annual-conference-2026/event.yaml:")
    assert "event.venue: is given, but venue_published: false" in problems[0]
