"""Records written as YAML an editor would write (times quoted, no aliases, comments where the
source said what no field holds), and the editor's files read back into records."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from eventsite.errors import Problem
from eventsite.load.yamlfile import compose, is_null, problem, read_document
from eventsite.tools.importers.records import Record
from eventsite.tools.schema import modeline

ORDERS = {
    "sessions": ("id", "date", "start", "end", "end_date", "kind", "title", "panel", "room",
                 "track", "venue", "status", "access", "access_note", "note", "speakers",
                 "segments", "abstract"),
    "speakers": ("id", "name", "honorific", "position", "organization", "url", "photo",
                 "private", "bio"),
    "panels": ("id", "label", "title", "moderator", "panelists"),
    "event": ("title", "date", "end_date", "timezone", "language", "translations", "status",
              "organizer", "venue", "venue_published", "venues", "summary"),
    "group": ("date", "room", "track", "venue", "status", "access", "access_note", "sessions"),
}  # fmt: skip

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n\t]*")
_TRAP = re.compile(
    # What a YAML 1.1 or 1.2 reader would not read as text: yes/no/on/off and the like, null,
    # numbers in any base, and times that YAML 1.1 reads as sexagesimal numbers (10:30 -> 630).
    r"(?i:y|n|yes|no|on|off|true|false|null|~|\.inf|\.nan)|[-+.]?[0-9][0-9a-fA-F_:.,xXoO+-]*"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def scalar(text: str) -> str:
    """Text as a YAML scalar: plain where that reads back as this text in every reader, else in
    double quotes (JSON's string syntax, which YAML reads the same)."""
    if _DATE.fullmatch(text):
        return text  # as editors write dates; eventsite reads every value as text
    plain = (
        _PLAIN.fullmatch(text) is not None
        and not _TRAP.fullmatch(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and text.isprintable()
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: str) -> str | None:
    """A text of several lines as a literal block (`|-`), if it reads back exactly so."""
    lines = text.split("\n")
    if (
        text != text.strip()
        or any(line != line.rstrip() for line in lines)
        or not all(line.isprintable() for line in lines)
    ):
        return None
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines)
    return f"|-\n{body}"


def emit(value: Any, indent: str = "") -> str:
    """A value after "key: " or "- " (a scalar), or below it (a mapping or a list)."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "\n" + _mapping(value, indent, None)
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(isinstance(v, str) and scalar(v) == v and "," not in v for v in value):
            return f"[{', '.join(value)}]"
        return "\n" + "".join(f"{indent}- {_item(v, indent + '  ')}\n" for v in value).rstrip("\n")
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if "\n" in text:
        return _block(text, indent) or json.dumps(text, ensure_ascii=False)
    return scalar(text)


def _item(value: Any, indent: str) -> str:
    """A list item's value, its first field on the line of the "- "."""
    if isinstance(value, dict) and value:
        return _mapping(value, indent, None).lstrip(" ")
    return emit(value, indent)


def _mapping(record: Record, indent: str, order: tuple[str, ...] | None) -> str:
    keys = [k for k in order or () if k in record] + [k for k in record if k not in (order or ())]
    lines = []
    for key in keys:
        value = record[key]
        shown = emit(value, indent + "  ")
        lines.append(f"{indent}{scalar(key)}: {shown}".replace(": \n", ":\n"))
    return "\n".join(lines)


def records_text(name: str, records: list[Record], comments: dict[str, list[str]],
                 head: str = "", schema: str = "../schema") -> str:  # fmt: skip
    """speakers.yaml or panels.yaml: a list of records, each after its comments."""
    out = [modeline(name, schema), *(f"# {line}" for line in head.splitlines())]
    if not records:
        out.append("[]")
    for record in records:
        out.extend(f"# {line}" for line in comments.get(f"{name}/{record.get('id')}", []))
        out.append("- " + _mapping(record, "  ", ORDERS[name]).lstrip(" "))
    return "\n".join(out) + "\n"


def event_text(record: Record, head: str) -> str:
    """event.yaml."""
    lines = [modeline("event"), *(f"# {line}" for line in head.splitlines())]
    return "\n".join([*lines, _mapping(record, "", ORDERS["event"])]) + "\n"


def agenda_texts(sessions: list[Record], comments: dict[str, list[str]],
                 several: bool) -> dict[str, str]:  # fmt: skip
    """The agenda as files: agenda.yaml for one day, else agenda/DAY.yaml for each day; in
    each, the sessions with no room, then a group per room in the order rooms first appear."""
    days: dict[str, list[Record]] = {}
    for record in sessions:
        days.setdefault(record.get("date", "") if several else "", []).append(record)
    files = {}
    for day, found in sorted(days.items()):
        name = f"agenda/{day}.yaml" if several and day else "agenda.yaml"
        schema = "../../schema" if name.startswith("agenda/") else "../schema"
        rooms: dict[str, list[Record]] = {}
        for record in found:
            rooms.setdefault(record.get("room") or "", []).append(record)
        out = [modeline("agenda", schema)]
        for record in rooms.pop("", []):
            out.append(_session(record, comments, "", ()))
        for room, members in rooms.items():
            group: Record = {"date": day} if several and day else {}
            group["room"] = room
            tracks = {m.get("track") for m in members}
            if len(tracks) == 1 and None not in tracks:
                group["track"] = tracks.pop()
            shared = tuple(group)
            head = _mapping(group, "  ", ORDERS["group"]).lstrip(" ")
            items = [_session(m, comments, "    ", shared) for m in members]
            out.append(f"- {head}\n  sessions:\n" + "\n".join(items))
        files[name] = "\n".join(out) + "\n"
    return files


def _session(record: Record, comments: dict[str, list[str]], indent: str,
             shared: tuple[str, ...]) -> str:  # fmt: skip
    own = {k: v for k, v in record.items() if k not in shared}
    notes = [f"{indent}# {line}" for line in comments.get(f"sessions/{record.get('id')}", [])]
    body = _mapping(own, indent + "  ", ORDERS["sessions"]).lstrip(" ")
    return "\n".join([*notes, f"{indent}- {body}"])


def edit_top(text: str, record: Record) -> str | None:
    """A file of fields (event.yaml) with its changed top-level values replaced on their own
    lines, so that the editor's comments and layout stay; None where that cannot be done."""
    lines = text.split("\n")
    old = data(compose(text, "event.yaml", []))
    if not isinstance(old, dict):
        return None
    for key in [k for k in {*old, *record} if old.get(k) != record.get(k)]:
        value = record.get(key)
        found = [n for n, line in enumerate(lines) if re.match(rf"{re.escape(key)}:(\s|$)", line)]
        if len(found) > 1 or not isinstance(value, str | None):
            return None
        if found and found[0] + 1 < len(lines) and lines[found[0] + 1].startswith((" ", "-")):
            return None  # a value over several lines: rewritten whole instead
        if value is None and found:
            del lines[found[0]]
        elif found:
            lines[found[0]] = f"{key}: {scalar(value)}" if value is not None else lines[found[0]]
        elif value is not None:
            order = ORDERS["event"]
            before = order[: order.index(key)] if key in order else order
            at = max((n for n, line in enumerate(lines) for k in before
                      if line.startswith(f"{k}:")), default=-1)  # fmt: skip
            lines.insert(at + 1 if at >= 0 else _first_field(lines), f"{key}: {scalar(value)}")
    edited = "\n".join(lines)
    same = data(compose(edited, "event.yaml", []))
    return edited if same == record else None


def _first_field(lines: list[str]) -> int:
    return next((n for n, line in enumerate(lines) if line and not line.startswith("#")), 0)


def same_data(old: str | None, new: str) -> bool:
    """Whether two texts of a content file hold the same records (the editor's may be laid out
    and commented in their own way: then it is not rewritten)."""
    if old is None:
        return False
    problems: list[Problem] = []
    before = data(compose(old, "old.yaml", problems))
    return not problems and before == data(compose(new, "new.yaml", problems))


# -- the editor's files, read back ---------------------------------------------------------------


def data(node: yaml.Node | None) -> Any:
    """A YAML node as plain data, every scalar the text written (null as None)."""
    if node is None or is_null(node):
        return None
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): data(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [data(v) for v in node.value]
    return str(node.value)


def read_file(path: Path, shown: str, problems: list[Problem]) -> Any:
    """A content file as plain data; None if it is missing (or broken: its problems noted)."""
    if not path.exists():
        return None
    document = read_document(path, shown, False)
    problems.extend(document.problems)
    _twice(document.root, shown, problems)
    return data(document.root)


def _twice(node: yaml.Node | None, shown: str, problems: list[Problem]) -> None:
    """A field written twice, which the merge would silently make one: told, as the loader does."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if key.value in seen:
                    problems.append(problem(shown, key, str(key.value), "is given twice",
                                            "keep one of the two lines"))  # fmt: skip
                seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def flatten(listed: Any) -> list[Record]:
    """The sessions of an agenda file, each with what its group gives it."""
    found: list[Record] = []
    items = listed if isinstance(listed, list) else [listed] if isinstance(listed, dict) else []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("sessions"), list):
            given = {k: v for k, v in item.items() if k != "sessions"}
            found.extend({**given, **s} for s in item["sessions"] if isinstance(s, dict))
        elif isinstance(item, dict):
            found.append(item)
    return found
