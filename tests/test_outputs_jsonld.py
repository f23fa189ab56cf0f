"""schema.org JSON-LD, taken out of the built page and checked against Google's event rules."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from tests.outputs_support import (
    BEFORE,
    FULL,
    build_at,
    make_project,
    page,
    structured_data,
    the_event,
)

# Google Search Central, "Event (Event, Place, Organization) structured data": what the event
# rich result requires, and what it recommends (previousStartDate only for rescheduled events).
REQUIRED = ["name", "startDate", "location"]
REQUIRED_PLACE = ["address"]
RECOMMENDED = [
    "description",
    "endDate",
    "eventAttendanceMode",
    "eventStatus",
    "image",
    "offers",
    "organizer",
    "performer",
]
RECOMMENDED_OFFER = ["availability", "price", "priceCurrency", "url", "validFrom"]
RECOMMENDED_ORGANIZER = ["name", "url"]
RECOMMENDED_PLACE = ["name"]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = build_at(make_project(tmp_path_factory.mktemp("example")), BEFORE)
    return the_event(page(out))


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("workshop"), FULL)
    return build_at(project, datetime(2031, 2, 1), base_url="https://events.example.org/ws")


@pytest.fixture(scope="module")
def workshop_page(workshop: Path) -> Any:
    return page(workshop)


def missing(item: dict[str, Any], names: list[str]) -> list[str]:
    return [name for name in names if name not in item or item[name] in ("", [], None)]


def test_full_content_gives_every_required_and_recommended_property(workshop_page: Any) -> None:
    event = the_event(workshop_page)
    assert missing(event, REQUIRED + RECOMMENDED) == []
    assert missing(event["location"], REQUIRED_PLACE + RECOMMENDED_PLACE) == []
    assert missing(event["offers"], RECOMMENDED_OFFER) == []
    assert missing(event["organizer"], RECOMMENDED_ORGANIZER) == []
    assert all(missing(p, ["name"]) == [] for p in event["performer"])
    # The picture in the three shapes Google asks for (16:9, 4:3, 1:1), each a file of its own.
    shapes = [re.fullmatch(r"https://events\.example\.org/ws/static/banner-(\d+)x(\d+)\.[0-9a-f]"
                           r"{10}\.jpg", url) for url in event["image"]]  # fmt: skip
    assert [(m[1], m[2]) if m else None for m in shapes] == [
        ("1280", "720"),
        ("960", "720"),
        ("720", "720"),
    ]
    assert event["url"] == "https://events.example.org/ws/"
    assert event["offers"] == {
        "@type": "Offer",
        "url": "https://www.example.org/register",
        "price": "25.00",
        "priceCurrency": "EUR",
        "validFrom": "2031-01-15",
        "availability": "https://schema.org/InStock",
    }
    assert event["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Berlin",
        "streetAddress": "Musterstraße 1",
        "postalCode": "10115",
        "addressCountry": "DE",
    }
    assert event["startDate"] == "2031-03-29T09:00:00+01:00"
    assert event["endDate"] == "2031-03-30T10:30:00+02:00"


def test_the_example_gives_all_it_knows_and_invents_nothing(example: dict[str, Any]) -> None:
    # The source gives no place, no picture and no registration, so those three stay out:
    # schema.org allows an event without a location, and no Place is made up.
    assert missing(example, REQUIRED + RECOMMENDED) == ["location", "image", "offers"]
    assert example["name"] == "Informal Markets and Peacebuilding in North Korea"
    assert example["startDate"] == "2011-07-19T08:30:00-04:00"
    assert example["endDate"] == "2011-07-19T15:15:00-04:00"
    assert example["eventStatus"] == "https://schema.org/EventScheduled"
    assert example["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert "Washington" not in json.dumps(example), "the source names no city"
    assert example["organizer"]["name"] == "United States Institute of Peace"
    assert example["description"].startswith("On July 19, USIP held a full day conference")
    assert "url" not in example  # no base_url: no address is made up


def test_performers_and_their_roles(example: dict[str, Any]) -> None:
    names = [p["name"] for p in example["performer"]]
    assert names == [
        "William B. Taylor",
        "John Park",
        "Stephen Linton",
        "Raymond Gilpin",
        "In-Ho Park",
        "Sonia Plaza",
    ]
    assert example["performer"][0]["honorificPrefix"] == "Amb."
    assert example["performer"][2]["affiliation"]["name"] == "Eugene Bell Foundation"
    sessions = example["subEvent"]
    assert len(sessions) == 10
    panel = sessions[5]
    assert panel["name"] == "Panel 2: The Impact of Remittances on Local Political Economy"
    assert panel["startDate"] == "2011-07-19T12:15:00-04:00"
    # On the event's page people are named once and each session refers to them; their roles
    # are in the structured data of a session's own page (test_session_pages_...).
    assert [p["name"] for p in panel["performer"]] == [
        "Raymond Gilpin",
        "In-Ho Park",
        "Sonia Plaza",
    ]
    assert [p["name"] for p in sessions[1]["performer"]][2] == "Stephen Linton"
    for session in sessions:
        assert missing(session, REQUIRED) == ["location"]  # the source names no place
        assert "description" not in session, "an abstract belongs to the session's page"


def test_publications_are_creative_works(tmp_path: Path) -> None:
    items = structured_data(page(build_at(make_project(tmp_path), BEFORE)))
    works = [item for item in items if item["@type"] == "CreativeWork"]
    assert [w["name"] for w in works] == [
        "Removing Sanctions on North Korea: Challenges and Potential Pathways",
        "Is an End-of-War Declaration for the Korean Peninsula a Risk Worth Taking?",
        "Making Sense of North Korea’s Missile Test",
        "The Case for Maximizing Engagement with North Korea",
    ]
    assert works[3]["author"] == [
        {"@type": "Person", "name": "Frank Aum"},
        {"@type": "Person", "name": "Daniel Jasper"},
    ]
    assert works[0]["datePublished"] == "2021-12-10"
    assert works[0]["genre"] == "Special Report"
    assert works[0]["abstract"].startswith("Sanctions have been a key part")


def test_private_speaker_is_left_out(workshop_page: Any) -> None:
    script = workshop_page.xpath('//script[@type="application/ld+json"]')[0].text
    assert "Pseudonym" not in script
    assert "Min-ji" not in script
    event = the_event(workshop_page)
    assert [p["name"] for p in event["performer"]] == [
        "Cho Speaker",
        "Ada Moderator",
        "Ben Panelist",
    ]
    talk = event["subEvent"][3]
    assert [r["name"] for r in talk["performer"]] == ["Ben Panelist"]


def test_markup_in_content_cannot_end_the_script(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    event_yaml = project / "content" / "event.yaml"
    hostile = 'title: "Markets </script><script>alert(1)</script> & <!-- more"'
    event_yaml.write_text(
        event_yaml.read_text(encoding="utf-8").replace(
            "title: Informal Markets and Peacebuilding in North Korea", hostile
        ),
        encoding="utf-8",
    )
    tree = page(build_at(project, BEFORE))
    # The planner's words, then at the end the JSON-LD, the planner and the offline copy's
    # script: no script element more.
    assert [s.get("type") or s.get("src") for s in tree.xpath("//script")] == [
        "application/json",
        "application/ld+json",
        "static/planner.js",
        "static/offline.js",
    ]
    assert the_event(tree)["name"] == "Markets </script><script>alert(1)</script> & <!-- more"


def test_structured_data_is_compact_json(tmp_path: Path) -> None:
    tree = page(build_at(make_project(tmp_path), BEFORE))
    script = tree.xpath('//script[@type="application/ld+json"]')[0].text
    assert "\n" not in script.strip()
    assert json.loads(script)["@graph"][0]["@type"] == "Event"


def test_session_pages_describe_their_session_whole(workshop: Path) -> None:
    [path] = (workshop / "sessions").glob("*.html")
    [script] = lxml_html.fromstring(path.read_bytes()).xpath(
        '//script[@type="application/ld+json"]'
    )
    data = json.loads(script.text)
    assert missing(data, REQUIRED + ["description", "endDate", "eventStatus", "organizer"]) == []
    assert data["description"] == "What household surveys say about money sent home."
    assert data["location"]["address"]["addressLocality"] == "Berlin"
    assert data["superEvent"]["url"] == "https://events.example.org/ws/"
    roles = [(p.get("roleName"), p.get("performer", p)["name"]) for p in data["performer"]]
    assert roles == [("Speaker", "Ben Panelist")], "a private speaker stays out"
