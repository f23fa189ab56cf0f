"""A re-import merged with the editor's work: a three-way merge of records, field by field,
against what the last import wrote (the base).

For each field of each record: unchanged by the editor, it takes the source's new value;
unchanged at the source, it keeps the editor's; changed by both, the editor's is kept and the
change at the source is told. A record the source no longer has is removed only if the editor
never touched it; one the editor removed stays removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eventsite.tools.importers.records import Record

Content = dict[str, Any]
"""{"event": Record, "speakers": {id: Record}, "panels": {id: Record}, "sessions": {id: Record}}"""
COLLECTIONS = ("speakers", "panels", "sessions")
PLACE = ("date", "start", "end", "end_date", "room")
"""A session whose fields here change has moved."""


def empty() -> Content:
    """The content of a project with nothing in it."""
    return {"event": {}, "speakers": {}, "panels": {}, "sessions": {}}


@dataclass
class Changes:
    """What a re-import changed, in words, for the editor."""

    lines: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Where the editor's work won over a change at the source, or a removal did not happen."""
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        """Count one change of a sort ("sessions added")."""
        self.counts[what] = self.counts.get(what, 0) + 1


def merge(
    base: Content, ours: Content, theirs: Content, pinned: set[str]
) -> tuple[Content, Changes]:
    """The editor's content with the source's changes since `base`; `pinned` sessions are in
    files the import does not write, and stay as they are."""
    changes = Changes()
    merged = empty()
    was = base["event"]
    if not was:
        # The first import into a project made by hand (eventsite new): the source's title,
        # days and zone replace the placeholders, said; the rest of event.yaml is the editor's.
        was = {k: v for k, v in ours["event"].items() if k in theirs["event"]}
        for key, value in was.items():
            if value != theirs["event"][key]:
                changes.lines.append(f"event.yaml: {key} {_short(value)} replaced by the "
                                     f"source's {_short(theirs['event'][key])}")  # fmt: skip
    merged["event"] = _record(was, ours["event"], theirs["event"], "event.yaml", changes)
    for name in COLLECTIONS:
        merged[name] = _collection(name, base[name], ours[name], theirs[name], changes, pinned)
    used = _named(merged)
    for ident in list(merged["speakers"]):
        gone = ident not in theirs["speakers"] and ident in base["speakers"]
        if gone and ident not in used and ours["speakers"].get(ident) == base["speakers"][ident]:
            del merged["speakers"][ident]
    _describe(ours, merged, changes)
    return merged, changes


def _collection(
    name: str,
    base: dict[str, Record],
    ours: dict[str, Record],
    theirs: dict[str, Record],
    changes: Changes,
    pinned: set[str],
) -> dict[str, Record]:
    merged: dict[str, Record] = {}
    for ident, mine in ours.items():
        was, now = base.get(ident), theirs.get(ident)
        title = _title(mine)
        if ident in pinned:
            merged[ident] = mine
            if now is not None and was is not None and now != was:
                changes.kept.append(
                    f"{title}: changed at the source, but it is in a file the "
                    "import does not write: change it there by hand"
                )
        elif now is not None:
            merged[ident] = _record(was or {}, mine, now, f"{name}: {title}", changes)
        elif was is None:
            merged[ident] = mine  # the editor's own
        elif mine != was:
            merged[ident] = mine
            changes.kept.append(
                f"{title}: no longer in the source, but you changed it, so it "
                "stays; remove it yourself if it is gone (or write "
                "status: cancelled)"
                if name == "sessions"
                else f"{title}: no longer in the source, but you changed it: kept"
            )
    for ident, now in theirs.items():
        if ident in ours:
            continue
        if ident in base:  # the editor removed it: it stays removed
            if now != base[ident] and name == "sessions":
                changes.kept.append(
                    f"{_title(now)}: you removed it; it changed at the source "
                    "since, and was not brought back"
                )
            continue
        merged[ident] = now
    return merged


def _record(base: Record, ours: Record, theirs: Record, where: str, changes: Changes) -> Record:
    merged: Record = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        was, mine, now = base.get(key), ours.get(key), theirs.get(key)
        if mine == was:
            value = now
        elif now == was or mine == now:
            value = mine
        elif key in ("speakers", "panelists") and isinstance(mine, list) and isinstance(now, list):
            value = _people(was if isinstance(was, list) else [], mine, now)
        else:
            value = mine
            changes.kept.append(
                f"{where}: {key} changed at the source to {_short(now)}, but you "
                f"wrote {_short(mine)}: kept yours"
            )
        if value is not None:
            merged[key] = value
    for key in theirs:  # a field the source has and the editor never had: in theirs' place
        if key not in merged and key not in ours and theirs[key] is not None:
            merged[key] = theirs[key]
    return merged


def _people(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """A list of people (appearances or ids) merged person by person."""
    key = _person
    was = {key(i): i for i in base}
    mine = {key(i): i for i in ours}
    merged = []
    for item in theirs:
        ident = key(item)
        if ident in mine:
            merged.append(mine[ident] if mine[ident] != was.get(ident) else item)
        elif ident not in was:
            merged.append(item)  # new at the source
    merged += [i for i in ours if key(i) not in was and key(i) not in {key(m) for m in merged}]
    return merged


def _person(item: Any) -> str:
    """Whom an appearance ({speaker: id, role: ...}) or a panelist (an id) names."""
    return str(item.get("speaker") if isinstance(item, dict) else item)


def _named(content: Content) -> set[str]:
    used: set[str] = set()
    for session in content["sessions"].values():
        for item in session.get("speakers") or []:
            used.add(_person(item))
        for segment in session.get("segments") or []:
            for item in segment.get("speakers") or [] if isinstance(segment, dict) else []:
                used.add(_person(item))
    for panel in content["panels"].values():
        used.update(p for p in [panel.get("moderator"), *(panel.get("panelists") or [])] if p)
    return used


def _describe(ours: Content, merged: Content, changes: Changes) -> None:
    before, after = ours["sessions"], merged["sessions"]
    for ident, record in after.items():
        old = before.get(ident)
        if old is None:
            changes.count("sessions added")
            changes.lines.append(f"added: {_title(record)} ({_when(record)})")
            continue
        if any(old.get(k) != record.get(k) for k in PLACE):
            changes.count("sessions moved")
            changes.lines.append(f"moved: {_title(record)} ({_when(old)} -> {_when(record)})")
        if old.get("title") != record.get("title") and old.get("title") and record.get("title"):
            changes.count("sessions retitled")
            changes.lines.append(f'retitled: "{old["title"]}" -> "{record["title"]}"')
        if record.get("status") == "cancelled" != old.get("status"):
            changes.count("sessions cancelled")
            changes.lines.append(f"cancelled: {_title(record)}")
        elif record != old and not any(x.endswith(_title(record)) for x in changes.lines[-3:]):
            changes.count("sessions changed")
    for ident, record in before.items():
        if ident not in after:
            changes.count("sessions removed")
            changes.lines.append(f"removed (no longer in the source): {_title(record)}")
    for ident, record in merged["speakers"].items():
        if ident not in ours["speakers"]:
            changes.count("speakers added")
            changes.lines.append(f"speaker added: {record.get('name', ident)}")
        elif record != ours["speakers"][ident]:
            changes.count("speakers changed")
    for ident in ours["speakers"]:
        if ident not in merged["speakers"]:
            changes.count("speakers removed")
    if merged["event"] != ours["event"]:
        changes.count("event details changed")


def _title(record: Record) -> str:
    title = record.get("title") or record.get("name") or record.get("panel") or record.get("id")
    return f'"{title}"' if isinstance(title, str) else f'"{record.get("id")}"'


def _when(record: Record) -> str:
    parts = [record.get("date"), record.get("start"), record.get("room")]
    return ", ".join(str(p) for p in parts if p)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = re.sub(r"\s+", " ", text)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'
