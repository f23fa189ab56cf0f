"""schedule.json and schedule.xml, checked with the format's published validators."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree

from eventsite.load.event import load_site
from eventsite.model import Site
from tests.outputs_support import BEFORE, FULL, ROOT, build_at, make_project

FORMAT = ROOT / "tests" / "schedule-format"  # copies of voc/schedule's validators; see README
Validator = jsonschema.Draft6Validator


@pytest.fixture(scope="module")
def json_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((FORMAT / "schema.json").read_text(encoding="utf-8"))
    Validator.check_schema(schema)
    return schema


@pytest.fixture(scope="module")
def xml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FORMAT / "schedule.xml.xsd")))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    project = make_project(tmp_path_factory.mktemp("example"))
    return load_site(project), build_at(project, BEFORE)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with a base_url, as it would be published."""
    project = make_project(tmp_path_factory.mktemp("published"))
    return build_at(project, BEFORE, base_url="https://events.example.org/markets/")


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    project = make_project(tmp_path_factory.mktemp("workshop"), FULL)
    return load_site(project), build_at(project, BEFORE, base_url="https://events.example.org/ws")


def load_json(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    return data


def slots_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        event
        for day in data["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ]


def test_the_validators_accept_a_real_pretalx_export(json_schema: dict[str, Any]) -> None:
    real = json.loads((FORMAT / "pretalx-democon.json").read_text(encoding="utf-8"))
    Validator(json_schema, format_checker=Validator.FORMAT_CHECKER).validate(real)
    del real["schedule"]["conference"]["days"][0]["rooms"]
    with pytest.raises(jsonschema.ValidationError, match="'rooms' is a required property"):
        Validator(json_schema).validate(real)


def test_json_is_valid_with_every_format_when_published(
    published: Path, json_schema: dict[str, Any]
) -> None:
    Validator(json_schema, format_checker=Validator.FORMAT_CHECKER).validate(load_json(published))


def test_json_without_base_url_is_valid_and_its_links_are_relative(
    example: tuple[Site, Path], json_schema: dict[str, Any]
) -> None:
    _, out = example
    data = load_json(out)
    Validator(json_schema).validate(data)
    # "uri" formats want full addresses, which only base_url gives: the slots' links are then
    # relative to the site, and they are the only values the format checker refuses.
    checker = Validator(json_schema, format_checker=Validator.FORMAT_CHECKER)
    refused = {(e.validator, e.path[-1]) for e in checker.iter_errors(data)}
    assert refused == {("format", "url")}
    assert all(s["url"].startswith("index.html#slot-") for s in slots_of(data))


def test_xml_is_valid(
    example: tuple[Site, Path], published: Path, xml_schema: etree.XMLSchema
) -> None:
    for out in (example[1], published):
        document = etree.parse(str(out / "schedule.xml"))
        assert xml_schema.validate(document), xml_schema.error_log


def test_the_validator_refuses_a_broken_xml(example: tuple[Site, Path], xml_schema: Any) -> None:
    document = etree.parse(str(example[1] / "schedule.xml"))
    for duration in document.iter("duration"):
        duration.text = "half an hour"
    assert not xml_schema.validate(document)


def test_every_slot_is_in_the_feed_at_its_time(example: tuple[Site, Path]) -> None:
    site, out = example
    data = load_json(out)
    conference = data["schedule"]["conference"]
    assert conference["title"] == site.event.title
    assert conference["time_zone_name"] == "America/New_York"
    assert conference["start"] == conference["end"] == "2011-07-19"
    assert conference["timeslot_duration"] == "00:15"
    events = slots_of(data)
    assert [e["title"] for e in events] == [s.heading for s in site.sessions]
    for event, session in zip(events, site.sessions, strict=True):
        starts = datetime.fromisoformat(event["date"]).astimezone(UTC)
        ends = starts + _length(event["duration"])
        assert starts == session.start.astimezone(UTC)
        assert ends == session.end.astimezone(UTC)
        assert event["start"] == f"{session.start:%H:%M}"
    assert events[0]["date"] == "2011-07-19T08:30:00-04:00"
    assert events[5]["duration"] == "01:00"
    xml_events = etree.parse(str(out / "schedule.xml")).findall("day/room/event")
    assert [e.findtext("title") for e in xml_events] == [s.heading for s in site.sessions]
    assert [e.findtext("date") for e in xml_events] == [e["date"] for e in events]
    assert [e.get("guid") for e in xml_events] == [e["guid"] for e in events]


def test_people_and_roles(example: tuple[Site, Path]) -> None:
    _, out = example
    panel = slots_of(load_json(out))[5]
    assert [p["name"] for p in panel["persons"]] == [
        "Dr. Raymond Gilpin",
        "Mr. In-Ho Park",
        "Dr. Sonia Plaza",
    ]
    assert panel["description"].splitlines()[0].startswith("Moderator: Dr. Raymond Gilpin")
    xml_panel = etree.parse(str(out / "schedule.xml")).findall("day/room/event")[5]
    assert [p.text for p in xml_panel.iter("person")] == [p["name"] for p in panel["persons"]]


def test_several_days_and_a_private_speaker(
    workshop: tuple[Site, Path], json_schema: dict[str, Any], xml_schema: etree.XMLSchema
) -> None:
    _, out = workshop
    data = load_json(out)
    Validator(json_schema, format_checker=Validator.FORMAT_CHECKER).validate(data)
    assert xml_schema.validate(etree.parse(str(out / "schedule.xml"))), xml_schema.error_log
    days = data["schedule"]["conference"]["days"]
    rooms = [(d["index"], d["date"], {r: len(e) for r, e in d["rooms"].items()}) for d in days]
    assert rooms == [
        (1, "2031-03-29", {"Example Hall": 3}),
        (2, "2031-03-30", {"Room 2": 1, "Example Hall": 1}),
    ]
    assert [r["name"] for r in data["schedule"]["conference"]["rooms"]] == [
        "Example Hall",
        "Room 2",
    ]
    talk = days[1]["rooms"]["Room 2"][0]
    assert (talk["track"], talk["abstract"]) == (
        "Economics",
        "What household surveys say about money sent home.",
    )
    assert talk["slug"].endswith("-remittances")
    xml_talk = etree.parse(str(out / "schedule.xml")).find("day[@index='2']/room[@name='Room 2']")
    assert xml_talk is not None
    assert xml_talk.findtext("event/track") == "Economics"
    assert days[1]["day_start"] == "2031-03-30T09:00:00+02:00"  # summer time from March 30
    for name in ("schedule.json", "schedule.xml"):
        assert "Pseudonym" not in (out / name).read_text(encoding="utf-8")
    panel = slots_of(data)[1]
    assert [p["name"] for p in panel["persons"]] == ["Dr. Ada Moderator", "Ben Panelist"]
    assert panel["persons"][0]["biography"] == "Ada studies informal markets."
    assert (
        panel["url"]
        == "https://events.example.org/ws/#slot-2031-03-29-0930-panel-1-money-across-borders"
    )


def _length(duration: str) -> timedelta:
    """A feed's "HH:MM" as a length of time."""
    hours, minutes = duration.split(":")
    return timedelta(hours=int(hours), minutes=int(minutes))
