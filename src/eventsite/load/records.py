"""Each content file's records, read in the order that the references between them need.

A `Reader` reads one event's files (or a site of events' own) in one of its languages: event.yaml
first, whose zone and day are those of every time read after it and whose venues are ids; then
the people, the panels, the agenda and the rest. It is where the jobs meet: each record is
decoded (decode.py), or taken from the last load while unchanged (reuse.py), and made known by
id to the files read after it (refs.py). What it found besides records is in `notes`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, TypeVar, get_origin

import yaml
from markupsafe import Markup

from eventsite import model
from eventsite.engine.steps import Prints
from eventsite.load import markdown, refs
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
        self.tops = Records(last, shared.fingerprints if shared else None)

    def event(self, doc: Document) -> Any:
        """Read event.yaml: its zone and first day are those of every time read after it, and
        its venues are ids for the sessions to name."""
        event = self.document(doc, model.Event, required=True)
        if not isinstance(event, model.Event):
            self.known["venues"] = refs.Unreadable()
            return event
        self.ctx = dataclasses.replace(self.ctx, zone=event.timezone, day=event.date)
        placeless = event.attendance == "online" or not event.venue_published
        if placeless and event.venue is not None and not _written(doc, "venue"):
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
        decoder = self._decoder(doc)
        if doc.root is None:
            if doc.text is not None and not doc.problems:
                # An empty file: a list file holds nothing, a single record is missing.
                if get_origin(tp) is tuple:
                    return ()
                decoder.problem(None, "", "file is empty", "see docs/editing.md for its fields")
            return None if not required else INVALID
        return self._read(decoder, doc, doc.root, shape(tp))

    def records(self, doc: Document, cls: type[T], collection: str) -> tuple[T, ...]:
        """Read a list of records with unique ids, and make them known to references."""
        node = doc.root
        if node is None and doc.problems:
            # The file could not be read at all: references to it cannot be judged, and
            # reporting each of them would bury the one real problem.
            self.known[collection] = refs.Unreadable()
            return ()
        found: Any = ()
        ids: list[str] = []
        if node is not None:
            ids, twice = refs.ids(doc.shown, node, _root(doc))
            self.notes.problems += twice
            found = self._read(self._decoder(doc), doc, node, shape(tuple[cls, ...]))  # type: ignore[valid-type]
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
        node = doc.root
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
            if isinstance(item, yaml.MappingNode) and any(
                k.value == "sessions" for k, _ in item.value if isinstance(k, yaml.ScalarNode)
            ):
                lists += self._group(decoder, doc, item, path)
                continue
            session = self.tops.top(decoder, doc.text or "", item, _SESSION, path)
            if session is not INVALID:
                own.append((path, session))
        return [found for found in lists if found]

    def _group(
        self, decoder: Decoder, doc: Document, node: yaml.MappingNode, path: str
    ) -> list[list[tuple[str, model.Session]]]:
        before = len(self.notes.problems)
        group = self.tops.top(decoder, doc.text or "", node, _GROUP, path)
        if group is INVALID:
            return []
        items: list[yaml.Node] = next((v.value for k, v in node.value if k.value == "sessions"), [])
        self.tops.grouped(group, items, doc.text or "", self.ctx.key)
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

    def _decoder(self, doc: Document) -> Decoder:
        return Decoder(dataclasses.replace(self.ctx, file=doc.shown), self.notes)

    def _read(self, decoder: Decoder, doc: Document, node: yaml.Node, found: Shape) -> Any:
        """A file's root: a record, or a list of them; each record at the top of the file is
        taken from the last load if unchanged."""
        top = partial(self.tops.top, decoder, doc.text or "")
        if found.item is None:
            return top(node, found, _root(doc))
        return decoder.read(node, found, _root(doc), each=top)


def _root(doc: Document) -> str:
    """The path of a file's root in messages: its name (agenda, speakers)."""
    return doc.shown.rsplit("/", 1)[-1].split(".")[0]


def _written(doc: Document, name: str) -> bool:
    """Whether a file's top mapping gives the field `name`."""
    root = doc.root
    return isinstance(root, yaml.MappingNode) and any(
        isinstance(key, yaml.ScalarNode) and key.value == name for key, _ in root.value
    )
