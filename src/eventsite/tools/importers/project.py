"""One import into a project: read the source, merge it with the editor's files, check the
result with the loader, and put it in place whole (a staging copy swapped in), or nothing.

The import writes content/event.yaml, speakers.yaml, panels.yaml and one file per day,
content/agenda/YYYY-MM-DD.yaml; agenda.yaml and any other file in agenda/ are the editor's and
are never written. content/imported.json keeps what the last import wrote: the base of the
next one's three-way merge.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from eventsite.errors import ContentError, Problem, SiteError
from eventsite.load.event import Load, collecting_off, load_event
from eventsite.model import Organizer, Venue
from eventsite.text import count
from eventsite.tools.importers import records as made
from eventsite.tools.importers import source as sources
from eventsite.tools.importers.merge import COLLECTIONS, Changes, Content, empty, merge
from eventsite.tools.importers.programme import Programme
from eventsite.tools.importers.yamltext import (
    agenda_texts,
    edit_top,
    event_text,
    flatten,
    read_file,
    records_text,
    same_data,
)
from eventsite.tools.schema import write_schemas
from eventsite.write.site import exchange
from eventsite.write.staging import remove

BASE = "imported.json"
DAY_FILE = re.compile(r"agenda/\d{4}-\d{2}-\d{2}\.yaml")
_CLOCK = re.compile(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*([aApP])?")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
MOST = 40
"""The most changes listed one by one; the rest are counted."""


def run(
    source: str,
    project: Path,
    named: str | None,
    timezone: str | None,
    first: date | None,
    say: Callable[[str], None],
) -> None:
    """Import `source` into `project` (made if it does not exist); `say` prints a line."""
    if (project / "content" / "site.yaml").exists():
        raise SiteError(
            f"{project} is a site of events",
            "import into a project of one event "
            "(eventsite import SOURCE --project NEW-FOLDER), then move its files "
            "into content/events/<name>/",
        )
    folder = project / "content"
    base = _base(folder)
    problems: list[Problem] = []
    ours, pinned, texts = _ours(folder, problems)
    if problems:
        raise ContentError(problems)
    data, shown = sources.fetch(source)
    known = (
        ours["event"].get("timezone") if isinstance(ours["event"].get("timezone"), str) else None
    )
    day = ours["event"].get("date")
    first = first or (
        date.fromisoformat(day) if isinstance(day, str) and _ISO.fullmatch(day) else None
    )
    programme = sources.read(data, shown, named, timezone, known, first)
    theirs = made.build(programme, base.get("keys", {}))
    content: Content = {
        "event": theirs.event,
        "speakers": theirs.speakers,
        "panels": theirs.panels,
        "sessions": theirs.sessions,
    }
    merged, changes = merge(base.get("content") or empty(), ours, content, pinned)
    merged["event"] = _required(merged["event"])
    files, in_place = _files(merged, theirs, pinned, shown, programme.format, texts)
    record = {
        "about": "What the last eventsite import wrote, to merge the next one with your "
        "changes; keep it with the content, and do not edit it.",
        "source": source,
        "format": programme.format,
        "keys": theirs.keys,
        "content": content,
    }
    new_base = _json(record)
    # A file laid out by the editor is rewritten only for what it holds, but one edited in
    # place keeps the editor's layout, so any change to its text is kept (a request answered
    # since goes from its comment).
    written = {n: t for n, t in files.items() if texts.get(n) != t
               and (n in in_place or not same_data(texts.get(n), t))}  # fmt: skip
    gone = [n for n in texts if DAY_FILE.fullmatch(n) and n not in files]
    if not written and not gone and (folder / BASE).exists() and _same(folder / BASE, new_base):
        say(
            f"nothing changed: {shown} ({programme.format}) says what the content already "
            "holds; nothing written"
        )
        return
    written[BASE] = new_base
    lines = _commit(project, folder, written, gone, texts)
    _report(say, shown, programme, theirs, merged, changes, lines, bool(texts))


def _json(record: dict[str, Any]) -> str:
    """The base as JSON with one record a line: quick to write (the C encoder, no indent), and
    a re-import's change to it reads as a diff of the records that changed."""
    out = []
    for key, value in sorted(record.items()):
        if key != "content":
            out.append(f"{_dump(key)}: {_dump(value)}")
            continue
        parts = [f' "event": {_dump(value["event"])}']
        for name in COLLECTIONS:
            rows = ",\n".join(f"  {_dump(k)}: {_dump(v)}" for k, v in value[name].items())
            parts.append(f" {_dump(name)}: {{\n{rows}\n }}" if rows else f" {_dump(name)}: {{}}")
        out.append('"content": {\n' + ",\n".join(parts) + "\n}")
    return "{\n" + ",\n".join(out) + "\n}\n"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _base(folder: Path) -> dict[str, Any]:
    path = folder / BASE
    if not path.exists():
        return {}
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = None
    if not isinstance(found, dict) or not isinstance(found.get("content"), dict):
        raise SiteError(
            f"content/{BASE}: is damaged, so your changes since the last import "
            "cannot be told from the source's",
            "restore it (from git), or delete "
            "it to import afresh: then what differs from the source counts as yours",
        )
    return found


def _ours(folder: Path, problems: list[Problem]) -> tuple[Content, set[str], dict[str, str]]:
    """The editor's content as records; the sessions in files the import does not write; and
    the text of each file the import may write."""
    ours = empty()
    texts: dict[str, str] = {}
    event = read_file(folder / "event.yaml", "content/event.yaml", problems)
    ours["event"] = event if isinstance(event, dict) else {}
    for name in ("speakers", "panels"):
        found = read_file(folder / f"{name}.yaml", f"content/{name}.yaml", problems)
        for record in found if isinstance(found, list) else []:
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                ours[name][record["id"]] = record
    pinned: set[str] = set()
    agenda = [folder / "agenda.yaml", *sorted((folder / "agenda").glob("*.yaml"))]
    for path in agenda:
        name = path.relative_to(folder).as_posix()
        found = read_file(path, f"content/{name}", problems)
        for n, session in enumerate(flatten(found), 1):
            given = session.get("id")
            ident = given if isinstance(given, str) else f"@{name}#{n}"
            ours["sessions"][ident] = session
            if not DAY_FILE.fullmatch(name):
                pinned.add(ident)
    for name in ("event.yaml", "speakers.yaml", "panels.yaml"):
        if (folder / name).is_file():
            texts[name] = (folder / name).read_text(encoding="utf-8")
    for path in agenda:
        name = path.relative_to(folder).as_posix()
        if DAY_FILE.fullmatch(name):
            texts[name] = path.read_text(encoding="utf-8")
    return ours, pinned, texts


def _required(event: dict[str, Any]) -> dict[str, Any]:
    """The event with what the model requires and no source says left empty, for the editor to
    fill in (the check after the import names each); with no place named, by the source or the
    editor, `venue_published: false` says so rather than asking for a city nobody gave."""
    event = dict(event)
    if not any((event.get("venue") or {}).values()) and event.get("attendance") != "online":
        event.pop("venue", None)
        event.setdefault("venue_published", False)
    for name, cls in (("organizer", Organizer), ("venue", Venue)):
        found = event.get(name)
        given: dict[str, Any] = found if isinstance(found, dict) else {}
        needed = [
            f.name
            for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ]
        if name == "venue" and name not in event:
            continue  # online, or venue_published: false
        if cls is Venue and not (given.get("name") or given.get("locality")):
            needed = ["locality"]  # a venue needs a name or a city: the city, editors know it
        if name not in event or any(k not in given for k in needed):
            event[name] = {**{k: "" for k in needed}, **given}
    return event


def _files(
    merged: Content,
    theirs: made.Records,
    pinned: set[str],
    shown: str,
    what: str,
    texts: dict[str, str],
) -> tuple[dict[str, str], frozenset[str]]:
    """The text of each content file, and the names of those made by editing the editor's own
    text in place (event.yaml: its fields changed where they stand, its comments kept)."""
    head = (
        f"Imported from {shown} ({what}). A re-import updates what the source\n"
        "says and keeps what you change or add here."
    )
    asks = {_NO_HOLDER: merged["event"]["organizer"].get("name") == "",
            _NO_PLACE: merged["event"].get("venue_published") is False}  # fmt: skip
    head += "".join(f"\n{ask}" for ask, still in asks.items() if still)
    kept = texts.get("event.yaml")
    for ask, still in asks.items():
        kept = _answered(kept, ask) if kept and not still else kept
    edited = kept and edit_top(kept, merged["event"])
    files = {"event.yaml": edited or event_text(merged["event"], head)}
    speakers = list(merged["speakers"].values())
    files["speakers.yaml"] = records_text("speakers", speakers, theirs.comments, "")
    if merged["panels"] or "panels.yaml" in texts:
        files["panels.yaml"] = records_text("panels", list(merged["panels"].values()), {}, "")
    sessions = [s for i, s in merged["sessions"].items() if i not in pinned]
    sessions.sort(key=lambda s: (str(s.get("date") or ""), _minutes(s.get("start"))))
    files.update(agenda_texts(sessions, theirs.comments, True))
    return files, frozenset({"event.yaml"} if edited else ())


_NO_HOLDER = "The source does not say who holds the event: fill in the empty field."
_NO_PLACE = (
    "The source names no place, so venue_published: false leaves it out and the page\n"
    "says it is to be announced. When it is known, replace that line with venue: and\n"
    "name: or locality: (the city) indented below it."
)


def _answered(text: str, ask: str) -> str:
    """event.yaml without the first import's request `ask` in its opening comment, once the
    editor has done what it asked (a note that a city is missing, under the city, misleads)."""
    lines = text.split("\n")
    opening = next((n for n, line in enumerate(lines) if not line.startswith("#")), len(lines))
    asked = [f"# {line}" for line in ask.split("\n")]
    for n in range(opening - len(asked) + 1):
        if lines[n : n + len(asked)] == asked:
            return "\n".join(lines[:n] + lines[n + len(asked) :])
    return text


def _minutes(text: object) -> int:
    """A time as written in the agenda (9:00 AM, 09:00), in minutes, for ordering."""
    found = _CLOCK.match(str(text or ""))
    if found is None:
        return 0
    hours, minutes = int(found[1]), int(found[2] or 0)
    if found[3]:
        hours = hours % 12 + (12 if found[3] in "pP" else 0)
    return hours * 60 + minutes


def _same(path: Path, text: str) -> bool:
    return path.read_text(encoding="utf-8") == text


def _commit(
    project: Path, folder: Path, written: dict[str, str], gone: list[str], texts: dict[str, str]
) -> list[str]:
    """Write into a copy of content/, check the copy with the loader, and swap it in; the
    loader's lines (what the editor must decide) are returned."""
    new = not folder.exists()
    project.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".content.import-", dir=project))
    try:
        staged = stage / "content"
        if new:
            staged.mkdir()
        else:
            shutil.copytree(folder, staged, symlinks=True)
        for name, text in written.items():
            target = staged / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for name in gone:
            (staged / name).unlink(missing_ok=True)
        lines = _check(staged, project)
        if not new:
            for name, text in texts.items():  # the editor saved a file meanwhile: start again
                path = folder / name
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    raise SiteError(
                        f"content/{name} changed while importing; nothing written",
                        "save your edits, then import again",
                    )
        if new:
            staged.rename(folder)
            write_schemas(project / "schema")
            if not (project / ".gitignore").exists():
                (project / ".gitignore").write_text("/public/\n")
        elif not exchange(staged, folder):
            aside = stage / "previous"
            folder.rename(aside)
            staged.rename(folder)
    except OSError as exc:
        raise SiteError(
            f"cannot write {folder}: {(exc.strerror or str(exc)).lower()}; nothing was changed"
        ) from None
    finally:
        remove(stage)
    return lines


def _check(staged: Path, project: Path) -> list[str]:
    """What `eventsite check` will say of the imported content: what the editor must decide.

    Every record, field and check is the loader's; Markdown alone is not rendered here (a
    thousand abstracts would take most of the import's time), only measured: the build renders
    and sanitises it.
    """
    try:
        with collecting_off():
            load = Load(project, strict=False, render=_unrendered, data={})
            site, _, _ = load_event(load, staged, "content", None)
    except ContentError as exc:
        return exc.lines()
    return [str(w) for w in site.warnings]


def _unrendered(text: str) -> Markup:
    """Markdown as escaped text: the check needs to know it is there, not how it looks."""
    return Markup.escape(text)


def _report(
    say: Callable[[str], None],
    shown: str,
    programme: Programme,
    theirs: made.Records,
    merged: Content,
    changes: Changes,
    lines: list[str],
    again: bool,
) -> None:
    sessions, speakers = merged["sessions"], merged["speakers"]
    rooms = {s.get("room") for s in sessions.values() if s.get("room")}
    days = {s.get("date") for s in sessions.values() if s.get("date")}
    say(
        f"imported {shown} ({programme.format}): {count(len(sessions), 'session')}, "
        f"{count(len(speakers), 'speaker')}, {count(len(rooms), 'room')}, "
        f"{count(len(days), 'day')}, in {programme.timezone} time"
    )
    say(f"kinds (the source's word -> eventsite's kind): {made.kinds_line(theirs)}")
    for note in programme.notes:
        say(f"note: {note}")
    if again:
        counted = ", ".join(f"{n} {what}" for what, n in changes.counts.items()) or "no changes"
        say(f"changes since the last import: {counted}")
        for line in changes.lines[:MOST]:
            say(f"  {line}")
        if len(changes.lines) > MOST:
            say(f"  ... and {len(changes.lines) - MOST} more")
    for line in changes.kept:
        say(f"kept your work: {line}")
    if lines:
        say("eventsite check says (fix these in content/; a re-import keeps your fixes):")
        for line in lines:
            say(f"  {line}")
    else:
        say("eventsite check: no problems")
