"""What the exports carry, we write too: speakers' biographies and avatars in schedule.json as
pretalx writes them, and a slot's links (slides, recordings) once it has them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from lxml import etree

from tests.conftest import NOW
from tests.outputs_support import ROOT, build_at, make_project

FORMAT = ROOT / "tests" / "schedule-format"
BASE = "https://events.example.org/markets/"


def _validated(out: Path) -> tuple[dict[str, Any], Any]:
    data: dict[str, Any] = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    schema = json.loads((FORMAT / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    ).validate(data)
    xml = etree.parse(str(out / "schedule.xml"))
    xsd = etree.XMLSchema(etree.parse(str(FORMAT / "schedule.xml.xsd")))
    assert xsd.validate(xml), xsd.error_log
    return data, xml


def _persons(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        person["name"]: person
        for day in data["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
        for person in event["persons"]
    }


def test_speakers_carry_their_biography_and_avatar(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    speakers = project / "content" / "speakers.yaml"
    text = speakers.read_text(encoding="utf-8")
    first = text.index("- id:")
    line_end = text.index("\n", text.index("  name:", first))
    photo = "\n  photo: https://example.org/portrait.jpg\n  bio: Studies *markets*."
    speakers.write_text(text[:line_end] + photo + text[line_end:], encoding="utf-8")
    out = build_at(project, NOW, base_url=BASE)
    data, _ = _validated(out)
    with_photo = [p for p in _persons(data).values() if "avatar" in p]
    assert len(with_photo) == 1
    assert with_photo[0]["avatar"] == "https://example.org/portrait.jpg"
    assert with_photo[0]["biography"] == "Studies markets."


def test_links_are_written_in_both_forms_when_a_slot_has_them(tmp_path: Path) -> None:
    out = build_at(make_project(tmp_path / "none"), NOW, base_url=BASE)
    data, _ = _validated(out)  # an empty list of links is valid
    events = [e for d in data["schedule"]["conference"]["days"] for r in d["rooms"].values()
              for e in r]  # fmt: skip
    assert all(e["links"] == [] for e in events)
    project = make_project(tmp_path / "some")
    agenda = project / "content" / "agenda.yaml"
    slides = "  title: Registration & Coffee\n  slides_url: https://example.org/slides.pdf\n"
    agenda.write_text(agenda.read_text().replace("  title: Registration & Coffee\n", slides))
    data, xml = _validated(build_at(project, NOW, base_url=BASE))
    events = [e for d in data["schedule"]["conference"]["days"] for r in d["rooms"].values()
              for e in r]  # fmt: skip
    given = [{"url": "https://example.org/slides.pdf", "title": "Slides", "type": "slides"}]
    assert [e["links"] for e in events] == [given] + [[]] * (len(events) - 1)
    hrefs = xml.xpath("//event/links/link")
    assert [(h.get("href"), h.get("type"), h.text) for h in hrefs] == [
        ("https://example.org/slides.pdf", "slides", "Slides")
    ]
