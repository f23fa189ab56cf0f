"""frab, pretalx and Pentabarf `schedule.xml` in the shape of schedule.json, for `frab` to read.

The same schedule as XML: `<conference>`, then `<day index date start end>`, each with
`<room name>` holding `<event guid id>` elements. Pentabarf's (FOSDEM's) gives no `date` per
event, only `start` on its day, and its abstracts as escaped HTML. Each element keeps its line
(`@line`), so that a problem names the line to look at.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from eventsite.tools.importers.programme import Problems

if TYPE_CHECKING:
    from lxml import etree

Json = dict[str, Any]
_DECLARED = (
    "declares its own entities or elements (<!DOCTYPE [...]>), which a schedule never "
    "needs and an XML bomb uses"
)

_FIELDS = (
    "date",
    "start",
    "end",
    "duration",
    "room",
    "slug",
    "title",
    "subtitle",
    "track",
    "type",
    "language",
    "abstract",
    "description",
    "url",
    "logo",
)


def parse(data: bytes, problems: Problems) -> etree._Element:
    """The document's root, parsed without entities, DTDs or the network; an XML bomb (one line)
    or a document that is not XML stops here."""
    declared = re.search(rb"<!(ENTITY|ELEMENT|ATTLIST)\b", data)
    if declared:  # refused before parsing: libxml2 would stop a bomb too, with its own words
        problems.add(
            str(data[: declared.start()].count(b"\n") + 1),
            _DECLARED,
            "export the schedule again from its system",
        )
        problems.stop()
    from lxml import etree  # loaded only for an XML source

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        problems.add(
            str(exc.lineno or 1),
            f"is not well-formed XML ({exc.msg})",
            "export the schedule again; a file cut short or edited by hand breaks it",
        )
        problems.stop()
        raise  # not reached: stop() raised
    for node in root.iter():
        if isinstance(node, etree._Entity):
            problems.add(
                str(node.sourceline or 1),
                f"uses the entity {node.text}, which is not defined by XML",
                "write the character itself",
            )
            problems.stop()
    return root


def shape(root: etree._Element) -> Json:
    """schedule.xml as the data of a schedule.json, each element's line kept as `@line`."""
    conference_node = root.find("conference")
    conference: Json = {
        "@xml": True,
        "@line": _line(conference_node if conference_node is not None else root),
    }
    if conference_node is not None:
        for child in conference_node:
            if isinstance(child.tag, str) and child.tag not in conference:
                conference[child.tag] = _text(child)
        if (
            conference_node.find("day_change") is not None
            or conference_node.find("city") is not None
        ):
            conference["@pentabarf"] = True
    conference["days"] = [_day(day) for day in root.iter("day")]
    generator = root.find("generator")
    data: Json = {"schedule": {"conference": conference}}
    if generator is not None:
        data["generator"] = dict(generator.attrib)
    return data


def _day(node: etree._Element) -> Json:
    rooms: dict[str, list[Json]] = {}
    for room in node.iter("room"):
        events = rooms.setdefault(room.get("name") or "", [])
        events.extend(_event(event) for event in room.iter("event"))
    return {
        "@line": _line(node),
        "date": node.get("date"),
        "day_start": node.get("start"),
        "day_end": node.get("end"),
        "rooms": rooms,
    }


def _event(node: etree._Element) -> Json:
    event: Json = {"@line": _line(node)}
    for name in ("guid", "id", "code"):
        if node.get(name):
            event[name] = node.get(name)
    for name in _FIELDS:
        child = node.find(name)
        if child is not None:
            event[name] = _text(child)
    persons = node.find("persons")
    event["persons"] = [
        {"@line": _line(p), "id": p.get("id"), "guid": p.get("guid"), "code": p.get("code"),
         "name": _text(p)}
        for p in (persons if persons is not None else ())
        if isinstance(p.tag, str)
    ]  # fmt: skip
    for name, item in (("links", "link"), ("attachments", "attachment")):
        holder = node.find(name)
        event[name] = [
            {"url": element.get("href"), "title": _text(element)}
            for element in (holder.iter(item) if holder is not None else ())
        ]
    return event


def _text(node: etree._Element) -> str | None:
    text = "".join(str(t) for t in node.itertext()) if len(node) else node.text
    return text if text is None else text.strip() or None


def _line(node: etree._Element) -> int:
    line: object = node.sourceline  # lxml-stubs do not know its type
    return line if isinstance(line, int) and line > 0 else 1
