"""Each content file's records, read in the order that the references between them need.

A `Reader` reads one event's files (or a site of events' own) in one of its languages: event.yaml
first, whose zone and day are those of every time read after it and whose venues are ids; then
the people, the panels, the agenda and the rest. It is where the jobs meet: each record is
decoded (decode.py), or taken from the last load while unchanged (reuse.py), and made known by
id to the files read after it (refs.py). What it found besides records is in `notes`.

A build hands it its cache (`files`): a file whose text, and what its reading depends on (the
event's zone, day and languages, a site's defaults), are as when an earlier build read it
cleanly is not composed nor decoded again. Its records come back from their JSON (codec.py),
with where each field is written and the fingerprint of each record's text; the records they
name are found again by id, and their fingerprints are those of now. The checks across records
and files run on them as on records just read.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import date
from typing import Any, TypeVar, get_origin

import yaml
from markupsafe import Markup

from eventsite import model
from eventsite.engine.steps import Memo, Prints, Step, digest
from eventsite.load import codec, markdown, refs
from eventsite.load.codec import Unkept
from eventsite.load.decode import Context, Decoder, Notes
from eventsite.load.languages import Languages
from eventsite.load.reuse import Kept, Key, Records
from eventsite.load.shapes import Shape, shape
from eventsite.load.values import INVALID
from eventsite.load.yamlfile import Document

T = TypeVar("T")

_SESSION, _GROUP = shape(model.Session), shape(model.Group)


@dataclasses.dataclass(frozen=True)
class Shared:
    """What a site of events gives each of its events: records to name by id, with their
    fingerprints, and values for the fields an event leaves out."""

    records: dict[str, dict[str, Any]]
    fingerprints: Prints
    defaults: dict[tuple[type, str], Any]
    key: str
    """A fingerprint of the defaults."""
    language: str | None = None
    """The language of events that name none: the site's."""


class Reader:
    """Reads one event's content files (or a site's own) in one language."""

    def __init__(
        self,
        languages: Languages | None = None,
        render: Callable[[str], Markup] = markdown.render,
        last: Mapping[Key, Kept] | None = None,
        shared: Shared | None = None,
        files: Memo | None = None,
    ) -> None:
        self.known: dict[str, dict[str, Any]] = dict(shared.records) if shared else {}
        defaults, key = (shared.defaults, shared.key) if shared else ({}, "")
        self.ctx = Context("", self.known, languages or Languages(), defaults=defaults,
                           defaults_key=key, render=render)  # fmt: skip
        self.shared = {"speakers": shared.records.get("speakers", {})} if shared else {}
        """The records an event's own list comes after: a site's people, named as well."""
        self.notes = Notes()
        self.to_come: list[tuple[str, model.ToCome]] = []
        """Where groups say more sessions are to come (more_to_come: true), with their paths."""
        self.tops = Records(last, shared.fingerprints if shared else None, self.known)
        self.files = files
        """Where files read before are kept: a build's cache."""

    def event(self, doc: Document) -> Any:
        """Read event.yaml: its zone and first day are those of every time read after it, and
        its venues are ids for the sessions to name."""
        event = self.document(doc, model.Event, required=True)
        if not isinstance(event, model.Event):
            self.known["venues"] = refs.Unreadable()
            return event
        self.ctx = dataclasses.replace(self.ctx, zone=event.timezone, day=event.date)
        placeless = event.attendance == "online" or not event.venue_published
        if placeless and event.venue is not None and f"{_root(doc)}.venue" not in self.notes.marks:
            # Not the venue a site of events gives those that name none (event.yaml's own
            # venue: is refused with attendance: online or venue_published: false, by
            # load/online.py).
            alone = dataclasses.replace(event, venue=None)
            self.tops.prints.add(alone, self.tops.prints.get(event) or "")
            event = alone
        venues = [v for v in (event.venue, *event.venues) if v is not None and v.id is not None]
        self.known["venues"] = {str(v.id): v for v in venues}
        self.tops.parts(event, "venues", venues)  # parts of the event: its fingerprint's
        return event

    def document(self, doc: Document, tp: Any, required: bool = False) -> Any:
        """Read one file whose whole content is of type `tp`."""
        found = shape(tp)

        def read() -> Any:
            decoder = self._decoder(doc)
            if doc.root is None:
                if doc.text is not None and not doc.problems:
                    # An empty file: a list file holds nothing, a single record is missing.
                    if get_origin(tp) is tuple:
                        return ()
                    decoder.problem(None, "", "file is empty", "see docs/editing.md for its fields")
                return None if not required else INVALID
            return self._read(decoder, doc, doc.root, found)

        return self._file(doc, read, found)

    def records(self, doc: Document, cls: type[T], collection: str) -> tuple[T, ...]:
        """Read a list of records with unique ids, and make them known to references."""
        listed, ids = shape(tuple[cls, ...]), []  # type: ignore[valid-type]

        def read() -> Any:
            node = doc.root
            if node is None:
                return None if doc.problems else ()
            found, twice = refs.ids(doc.shown, node, _root(doc))
            ids.extend(found)
            self.notes.problems += twice
            return self._read(self._decoder(doc), doc, node, listed)

        found = self._file(doc, read, listed)
        if found is None:
            # The file could not be read at all: references to it cannot be judged, and
            # reporting each of them would bury the one real problem.
            self.known[collection] = refs.Unreadable()
            return ()
        valid = found if isinstance(found, tuple) else ()
        known = {**self.shared.get(collection, {}), **{r.id: r for r in valid}}
        # Ids whose entries failed to read are known too, so that they are not reported twice.
        self.known[collection] = {**known, **{i: INVALID for i in ids if i not in known}}
        return valid

    def publications(self, doc: Document) -> Any:
        """Read publications.yaml, before the agenda, whose sessions may name its entries by id
        (the event's own, then a site of events' shared ones)."""
        found = self.document(doc, tuple[model.Publication, ...])
        read = found if isinstance(found, tuple) else ()
        own: dict[str, Any] = {p.id: p for p in read if p.id is not None}
        node = doc.root if found is INVALID else None  # else every entry was read
        for item in node.value if isinstance(node, yaml.SequenceNode) else ():
            ident = refs.id_node(item)  # one that failed to read: its problem is said once
            if ident is not None:
                own.setdefault(ident.value.strip(), INVALID)
        self.known["publications"] = {**self.known.get("publications", {}), **own}
        return found

    def agenda(self, doc: Document, root: str) -> list[list[tuple[str, model.Session]]]:
        """Read an agenda file: a list of sessions and groups of sessions, or one group.

        Returns each list of sessions as written (the file's own sessions, then each group's),
        every session with its path, for the checks that judge one list at a time.
        """
        return self._file(doc, lambda: self._agenda(doc, root), None, root)  # type: ignore[no-any-return]

    def _agenda(self, doc: Document, root: str) -> list[list[tuple[str, model.Session]]]:
        node, decoder = doc.root, self._decoder(doc)
        if node is None:
            return []
        if isinstance(node, yaml.MappingNode):
            return self._group(decoder, doc, node, root)
        if not isinstance(node, yaml.SequenceNode):
            decoder.problem(node, root, "should be a list of sessions",
                            'write one session per item, each starting with "- "')  # fmt: skip
            return []
        own: list[tuple[str, model.Session]] = []
        lists = [own]
        for number, item in enumerate(node.value, 1):
            path = f"{root}[{number}]"
            said = doc.said(item)
            if _is_group(item, said):
                lists += self._group(decoder, doc, item, path)
                continue
            session = self.tops.top(decoder, said, item, _SESSION, path)
            if session is not INVALID:
                own.append((path, session))
        return [found for found in lists if found]

    def _group(
        self, decoder: Decoder, doc: Document, node: yaml.MappingNode, path: str
    ) -> list[list[tuple[str, model.Session]]]:
        before = len(self.notes.problems)
        group = self.tops.top(decoder, doc.said(node), node, _GROUP, path)
        if group is INVALID:
            return []
        items: list[yaml.Node] = next((v.value for k, v in node.value if k.value == "sessions"), [])
        self.tops.grouped(group, items, lambda item: doc.said(item, node), self.ctx.key)
        if group.more_to_come:  # on its day, else on each day of its sessions (checks.py judges)
            days = [group.date] if group.date else sorted({s.start.date() for s in group.sessions})
            found = (model.ToCome(day, group.track, group.room) for day in days or [None])
            self.to_come += [(path, more) for more in found]
        elif not group.sessions and len(self.notes.problems) == before:  # else a misspelt flag
            # forgotten, or a day whose programme is to come
            decoder.problem(node, f"{path}.sessions", "the group has no sessions",
                            "write its sessions, or more_to_come: true if they are still to be "
                            "announced")  # fmt: skip
        return [[(f"{path}.sessions[{n}]", s) for n, s in enumerate(group.sessions, 1)]]

    def _file(
        self, doc: Document, read: Callable[[], Any], found: Shape | None, what: str = ""
    ) -> Any:
        """A file as `read` reads it (`found`: its shape; None: an agenda, its lists of
        sessions); or as an earlier build did, while its text and what its reading depends on
        are unchanged and the ids it names are still known."""
        if self.files is None or not doc.text:
            self.notes.problems += doc.problems
            return read()
        what = what or (found.name if found else "")
        key = f"file:{digest(doc.shown, what, doc.text, self.ctx.key)}"
        kept = self.files.get(key)
        if kept is not None:
            try:
                return self._again(doc, json.loads(kept.output), found)
            except (Unkept, ValueError, LookupError, TypeError):
                pass  # a name gone (its file says why) or an entry of no use: read the text
        outer, self.notes, came = self.notes, Notes(), len(self.to_come)
        try:
            self.notes.problems += doc.problems
            value = read()
        finally:
            own, self.notes = self.notes, outer
            outer.add(own)
        if not own.problems:
            with suppress(Unkept):  # else read from its text next time too
                self.files.put(key, Step({}, self._kept(doc, value, found, own, came)))
        return value

    def _kept(self, doc: Document, value: Any, found: Shape | None, own: Notes, came: int) -> bytes:
        """What the cache keeps of a file read cleanly (see `_again`)."""
        made = [self.tops.made.get(id(record)) for record in _tops(value)]
        if any(m is None or m[0] is not r for m, r in zip(made, _tops(value), strict=True)):
            raise Unkept("a record without its fingerprint")
        if any(place[0] != doc.shown for place in own.marks.values()):
            raise Unkept("a field of another file")
        defaults = self.ctx.defaults
        data = {
            "value": codec.dump(value, found, defaults) if found else [
                [[path, codec.dump(s, _SESSION, defaults)] for path, s in lists] for lists in value
            ],
            "marks": {path: place[1:] for path, place in own.marks.items()},
            "texts": own.texts,
            "prints": [m[1:] for m in made if m is not None],
            "to_come": [[path, more.date and more.date.isoformat(), more.track, more.room]
                        for path, more in self.to_come[came:]],
        }  # fmt: skip
        return json.dumps(data, separators=(",", ":")).encode()

    def _again(self, doc: Document, data: dict[str, Any], found: Shape | None) -> Any:
        """A file as `_kept` kept it: its records, whose fingerprints, fields' places and times
        as written, and where more sessions are to come, are taken in once all are read."""
        defaults, known = self.ctx.defaults, self.known
        value = codec.load(data["value"], found, known, defaults) if found else [
            [(path, codec.load(s, _SESSION, known, defaults)) for path, s in lists]
            for lists in data["value"]
        ]  # fmt: skip
        prints = [
            (record, base, tuple((c, i) for c, i in named))
            for record, (base, named) in zip(_tops(value), data["prints"], strict=True)
        ]
        marks = {path: (doc.shown, line, column) for path, (line, column) in data["marks"].items()}
        more = [(path, model.ToCome(day and date.fromisoformat(day), track, room))
                for path, day, track, room in data["to_come"]]  # fmt: skip
        for record, base, named in prints:  # all read: taken in now
            self.tops.again(record, base, named)
        self.notes.marks.update(marks)
        self.notes.texts.update(data["texts"])
        self.to_come += more
        return value

    def _decoder(self, doc: Document) -> Decoder:
        return Decoder(dataclasses.replace(self.ctx, file=doc.shown), self.notes)

    def _read(self, decoder: Decoder, doc: Document, node: yaml.Node, found: Shape) -> Any:
        """A file's root: a record, or a list of them; each record at the top of the file is
        taken from the last load if unchanged."""

        def top(entry: yaml.Node, shape: Shape, path: str) -> Any:
            return self.tops.top(decoder, doc.said(entry), entry, shape, path)

        if found.item is None:
            return top(node, found, _root(doc))
        return decoder.read(node, found, _root(doc), each=top)


def _is_group(item: yaml.Node, said: str) -> bool:
    """Whether an entry of an agenda, written `said`, is a group: it has sessions:. A key reads
    as it is written but for escapes ("\\x73essions"): its nodes are looked at only if its text
    holds the word or a backslash."""
    if "sessions" not in said and "\\" not in said:
        return False
    return isinstance(item, yaml.MappingNode) and any(
        k.value == "sessions" for k, _ in item.value if isinstance(k, yaml.ScalarNode)
    )


def _root(doc: Document) -> str:
    """The path of a file's root in messages: its name (agenda, speakers)."""
    return doc.shown.rsplit("/", 1)[-1].split(".")[0]


def _tops(value: Any) -> list[Any]:
    """The records at the top of a file, as read: its record, its list's, or its agenda's."""
    if isinstance(value, list):
        return [session for lists in value for _, session in lists]
    return list(value) if isinstance(value, tuple) else [value]
