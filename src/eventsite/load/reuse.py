"""What one load keeps for the next (the dev server's), and the fingerprint of each record.

Each record at the top of a file gets a fingerprint: its text as written (and its column, since
YAML reads by indentation), what of the load it depends on (the event's zone and day, languages,
a site's defaults), and the fingerprints of the records its ids name. The engine makes again
only the outputs that read a record whose fingerprint changed; the next load takes a record
whose fingerprint is unchanged as it is, with where its fields are now, instead of decoding it
again. Kept apart from decoding, so that a build (which keeps nothing) and the dev server read
records the same way.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from eventsite import model
from eventsite.engine.steps import Prints, digest
from eventsite.load.checks import Judged
from eventsite.load.decode import Decoder, Notes, markdown_key
from eventsite.load.shapes import Shape
from eventsite.load.values import INVALID
from eventsite.load.yamlfile import Document, Position

Key = tuple[str, ...]  # a record's type, file, column, text and context: what it depends on
Known = Mapping[str, Mapping[str, Any]]  # the records ids may name, by collection and id


@dataclass(frozen=True)
class Kept:
    """A record as one load read it, for the next load to take if its text is unchanged; with
    where its fields were last put, given again while it is at the same path and line."""

    record: Any
    fingerprint: str
    base: str  # the fingerprint of its text in its circumstances, before the records it names
    refs: tuple[tuple[str, str, str], ...]  # collection, id, and that record's fingerprint
    marks: tuple[tuple[str, int, int], ...]  # path below the record, lines below it, column
    texts: tuple[tuple[str, str], ...] = ()  # path below the record, a time of day as written
    steps: tuple[str, ...] = ()  # where the memo keeps its Markdown as rendered

    placed: list[Any] = dataclasses.field(default_factory=list, compare=False, repr=False)
    """Where its fields were put last: the record's path, line and file, and each field's."""

    @functools.cached_property
    def named(self) -> tuple[tuple[str, str], ...]:
        """The records it names: collection and id."""
        return tuple((collection, ident) for collection, ident, _ in self.refs)

    def places(self, path: str, line: int, file: str) -> dict[str, Position]:
        """Where its fields are, the record being at `path` from the line `line` of `file`: as
        they were put last while that is unchanged (a load whose lines did not move)."""
        if self.placed and self.placed[0] == (path, line, file):
            return self.placed[1]  # type: ignore[no-any-return]
        found = {path + below: (file, line + lines, column) for below, lines, column in self.marks}
        self.placed[:] = [(path, line, file), found]
        return found


@dataclass
class Reuse:
    """What one load leaves for the next: each file's nodes, and each record with its
    fingerprint, so that only what changed is read again."""

    documents: dict[str, Document] = dataclasses.field(default_factory=dict)
    records: dict[Key, Kept] = dataclasses.field(default_factory=dict)
    parts: dict[str, Reuse] = dataclasses.field(default_factory=dict)
    """A site of events: the same for each event, by slug, and for the shared files ("")."""
    judged: Judged | None = None
    """The agenda's slots as the checks across them last judged them, with what they found."""
    made_of: str = ""
    loaded: tuple[model.Site, dict[str, Any], Prints] | None = None
    """An event of a site as the last load gave it, and the fingerprint of all it was loaded
    from (its files, the site's shared files, the static files, strict or not): taken whole
    while that is unchanged."""

    def steps(self) -> Iterator[str]:
        """Where the memo keeps the Markdown of every record of this load: kept through the
        memo's prune, or the next load, reading one again (its own text changed beside the
        Markdown, or a record it names changed), would render its Markdown again."""
        for kept in self.records.values():
            yield from kept.steps
        for part in self.parts.values():
            yield from part.steps()


class Records:
    """A load's records at the top of files, each with its fingerprint; and those of the last
    load, taken again while unchanged."""

    def __init__(
        self, last: Mapping[Key, Kept] | None, prints: Prints | None, known: Known
    ) -> None:
        self.last, self.known = last or {}, known
        self.keep: dict[Key, Kept] = {}
        """The records of this load, for the next."""
        self.prints = Prints()
        """The fingerprint of each record (and of those a site of events shares, `prints`)."""
        if prints is not None:
            self.prints.update(prints)
        self.made: dict[int, tuple[Any, str, tuple[tuple[str, str], ...]]] = {}
        """How each record's fingerprint was made, by its id: the record, the fingerprint of its
        text and the ids it names, for a build's cache to keep (records.py)."""

    def top(self, decoder: Decoder, said: str, node: yaml.Node, shape: Shape, path: str) -> Any:
        """A record at the top of a file, written `said`, as the last load read it if unchanged,
        else read by `decoder` (what it notes goes to the decoder's notes)."""
        ctx, notes, start = decoder.ctx, decoder.notes, node.start_mark
        key = (shape.name, ctx.file, str(start.column), said, ctx.key)
        kept = self.last.get(key)
        known, line = self.known, start.line
        if kept is not None and all(self._named(known, c, i) == fp for c, i, fp in kept.refs):
            notes.marks.update(kept.places(path, line, ctx.file))  # where its fields are now
            notes.texts.update({path + below: said for below, said in kept.texts})
        else:
            own = Notes()
            record = Decoder(ctx, own).read(node, shape, path)
            notes.add(own)
            if record is INVALID:
                return INVALID
            refs = tuple((c, i, self._named(known, c, i)) for c, i in own.named)
            marks = tuple((name[len(path) :], place[1] - line, place[2])
                          for name, place in own.marks.items())  # fmt: skip
            texts = tuple((name[len(path) :], said) for name, said in own.texts.items())
            base = digest(*key)
            steps = tuple(markdown_key(text) for text in own.markdown)
            kept = Kept(record, digest(base, *(fp for _, _, fp in refs)), base, refs, marks, texts,
                        steps)  # fmt: skip
        self.keep[key] = kept
        self.prints.add(kept.record, kept.fingerprint)
        self.made[id(kept.record)] = kept.record, kept.base, kept.named
        return kept.record

    def again(self, record: Any, base: str, refs: tuple[tuple[str, str], ...]) -> None:
        """Fingerprint a record as `top` and `grouped` do: the fingerprint of its text (`base`)
        with those of the records it names (`refs`: collection and id), as they are now."""
        self.prints.add(record, digest(base, *(self._named(self.known, c, i) for c, i in refs)))
        self.made[id(record)] = (record, base, refs)

    def give(self, records: Iterable[Any], into: Prints) -> None:
        """Note in `into` the fingerprint of each of `records` that has one."""
        for record in records:
            known = self.prints.get(record)
            if known is not None:
                into.add(record, known)

    def _named(self, known: Known, collection: str, ident: str) -> str:
        """The fingerprint of the record an id names, "" if there is none."""
        return self.prints.get(known.get(collection, {}).get(ident)) or ""

    def parts(self, holder: Any, collection: str, records: Iterable[Any]) -> None:
        """Fingerprint records that are parts of another (the event's venues) by their holder."""
        for record in records:
            self.prints.add(record, digest(self.prints.get(holder) or "", collection, record.id))

    def grouped(
        self, group: model.Group, items: list[yaml.Node], said: Callable[[yaml.Node], str], key: str
    ) -> None:
        """Fingerprint each session of a group: the group's own fields, its own text, and the
        records it names, so that an edit to one person changes only the sessions that name
        them."""
        own = repr([(k, v) for k, v in vars(group).items() if k != "sessions"])
        for item, session in zip(items, group.sessions, strict=True):
            people = [*session.people, *(a for part in session.segments for a in part.speakers)]
            named = [*(("speakers", a.speaker) for a in people), ("panels", session.panel),
                     ("venues", session.venue)]  # fmt: skip
            refs = tuple((c, str(r.id)) if r is not None else ("", "") for c, r in named)
            self.again(session, digest("grouped", key, own, said(item)), refs)
