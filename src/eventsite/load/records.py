"""Read YAML nodes against the model's annotations, into records; every check of one record.

Each node is read as the type its field is annotated with in `model.py`: text, a date, a time
of day in the event's zone, a web address, one of a few words, a record, a list, or the id of a
record in another file. Every problem is recorded with its place, and reading goes on, so that
one run reports them all. The written forms of values (times, dates, addresses ...) are those of
`forms.py`, which the JSON Schema for editors' tools also carries, so the two cannot disagree.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin
from zoneinfo import ZoneInfo

import yaml
from babel.languages import get_official_languages
from markupsafe import Markup

from eventsite import i18n, model
from eventsite.engine.steps import digest
from eventsite.errors import Problem
from eventsite.load import markdown, values
from eventsite.load.yamlfile import STANDARD_TAGS, Document, is_null, problem
from eventsite.model import forms
from eventsite.text import duration, likely_typo

T = TypeVar("T")

_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_YAML12_NUMBER = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
"""What YAML 1.2 tools (editors) read as a number when it is written without quotes."""


_HOME = {"venues": "add it under venues: in content/event.yaml, with id: and its address"}
"""Where to add a record that a reference names, for collections not in a file of their own."""


class _Invalid:
    """Stands for a value that failed validation; its problem is already recorded."""


INVALID: Any = _Invalid()


class _Unreadable(dict[str, Any]):
    """The records of a file that could not be read; references to them are not judged."""


@dataclasses.dataclass
class _Context:
    """What reading one field may depend on: the event's zone and day, and records by id."""

    timezone: ZoneInfo = dataclasses.field(default_factory=lambda: ZoneInfo("UTC"))
    day: date = date(2000, 1, 1)
    records: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    defaults: str = ""
    """The fingerprint of the values a site of events gives fields an event leaves out."""
    record_day: date | None = None
    """The day of the record being read, for the times of the records inside it."""
    languages: tuple[str, ...] = ("en",)
    """The event's languages, its first one first: the keys a text may be given under."""
    language: str = "en"
    """The language being read: of a text given per language, this one's is taken."""
    sure: bool = True
    """Whether event.yaml states its languages soundly; if not, its own line says so and a
    text's keys are not judged against them."""

    @property
    def key(self) -> str:
        """What of the context a record's reading depends on, as text."""
        languages = ",".join(self.languages)
        return (
            f"{self.timezone.key}|{self.day}|{self.defaults}|{self.language}|{languages}|"
            f"{self.sure}"
        )


@dataclasses.dataclass(frozen=True)
class _Shape:
    """What reading a node as one annotated type involves, worked out once per type."""

    base: Any
    meta: tuple[Any, ...]
    optional: bool
    ref: model.Ref | None
    item: Any  # the annotated item type of a tuple, None for anything else
    record: bool
    clock: model.Clock | None
    inherits: bool


_SHAPES: dict[int, tuple[Any, _Shape]] = {}


def _shape(tp: Any) -> _Shape:
    # By the type object's identity: hashing an annotated type walks all its arguments in
    # Python, and the reader asks for a shape for every node it reads.
    known = _SHAPES.get(id(tp))
    if known is not None and known[0] is tp:
        return known[1]
    shape = _shape_of(tp)
    _SHAPES[id(tp)] = (tp, shape)  # the type is kept alive, so its id stays its own
    return shape


@functools.cache
def _shape_of(tp: Any) -> _Shape:
    base, meta = split_annotated(tp)
    inner = optional_inner(base)
    if inner is not None:
        base = inner
    ref = next((m for m in meta if isinstance(m, model.Ref)), None)
    item = None
    if get_origin(base) is tuple:
        item = Annotated[get_args(base)[0], *meta] if meta else get_args(base)[0]
    return _Shape(
        base=base,
        meta=meta,
        optional=inner is not None,
        ref=ref,
        item=item,
        record=dataclasses.is_dataclass(base),
        clock=next((m for m in meta if isinstance(m, model.Clock)), None),
        inherits=any(isinstance(m, model.Inherits) for m in meta),
    )


@functools.cache
def _required(cls: type) -> frozenset[str]:
    """The fields of a model class that have no default."""
    return frozenset(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


_HINTS: dict[type, dict[str, Any]] = {}


def field_hints(cls: type) -> dict[str, Any]:
    """The annotated types of a model class's fields, resolved once."""
    if cls not in _HINTS:
        _HINTS[cls] = _hints(cls)
    return _HINTS[cls]


def split_annotated(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """Separate `Annotated[T, meta...]` into T and its metadata."""
    if get_origin(tp) is Annotated:
        base, *meta = get_args(tp)
        return base, tuple(meta)
    return tp, ()


def optional_inner(tp: Any) -> Any | None:
    """T for `T | None`, else None."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(get_args(tp)) == 2:
            return args[0]
    return None


def _did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else ""


def _suggest_language(written: str, languages: typing.Sequence[str]) -> str:
    """`did you mean "ko"?` for a close spelling, or for a country's code (`kr`, `jp`) whose
    language the event has."""
    for tag in languages:  # another spelling of the tag: "EN", "Ko-kr", "en-x"
        if written.lower() == tag.lower() or i18n.base(written) == i18n.base(tag):
            return f'did you mean "{tag}"?'
    spoken = get_official_languages(written.upper()) if written.isalpha() else ()
    for tag in languages:
        if i18n.base(tag) in spoken:
            return f'did you mean "{tag}"?'
    return _did_you_mean(written, languages)


def _one_of(choices: typing.Iterable[str]) -> str:
    return "write one of: " + ", ".join(choices)


@dataclasses.dataclass(frozen=True)
class Kept:
    """A record as one load read it, for the next load to take if its text is unchanged."""

    record: Any
    fingerprint: str
    refs: tuple[tuple[str, str, str], ...]  # collection, id, and that record's fingerprint
    marks: tuple[tuple[str, int, int], ...]  # path below the record, lines below it, column
    texts: tuple[tuple[str, str], ...] = ()  # path below the record, a time of day as written


class Reader:
    """Reads nodes against model types, recording problems instead of stopping at the first.

    Each record at the top of a file gets a fingerprint: its text as written (and its column,
    since YAML reads by indentation), the event's zone and day, and the fingerprints of the
    records its ids name. Given the records an earlier load kept (`kept`), a record whose
    fingerprint is unchanged is taken as it was, not read again (the dev server's next load).
    """

    def __init__(
        self,
        render: Callable[[str], Markup] = markdown.render,
        kept: dict[tuple[str, ...], Kept] | None = None,
    ) -> None:
        self.render = render
        self.problems: list[Problem] = []
        self.ctx = _Context()
        self.file = ""
        self.text = ""
        self.marks: dict[str, tuple[str, int, int]] = {}
        """Where each record and field was read, by its path (agenda[3].start)."""
        self.fingerprints: dict[int, str] = {}
        """The fingerprint of each record at the top of a file, by the record object's id."""
        self.kept = kept or {}
        self.defaults: dict[tuple[type, str], Any] = {}
        """Values for required fields a record leaves out: a site's time zone for its events."""
        self.shared: dict[str, dict[str, Any]] = {}
        """Records of a site of events that every event may name by id, by collection."""
        self.keep: dict[tuple[str, ...], Kept] = {}
        """The records of this load, for the next."""
        self._refs: list[tuple[str, str]] = []
        self._marked: list[str] = []
        self._texted: list[str] = []
        self._last: Any = None  # the record at the top of a file read last
        self.texts: dict[str, str] = {}
        """Each time of day as written (8:45 pm), by its path, for messages in the same words."""

    def register(self, collection: str, found: typing.Iterable[Any] | None) -> None:
        """Make records known to references by their id; None: they could not be read. They
        are parts of the record being read (the event's venues), and share its fingerprint."""
        if found is None:
            self.ctx.records[collection] = _Unreadable()
            return
        records = [r for r in found if r.id is not None]
        self.ctx.records[collection] = {r.id: r for r in records}
        holder = self.fingerprints.get(id(self._last), "")
        for record in records:
            self.fingerprints[id(record)] = digest(holder, collection, record.id)

    def document(self, doc: Document, tp: Any, required: bool = False) -> Any:
        """Read one file whose whole content is of type `tp`."""
        self.file, self.text = doc.shown, doc.text or ""
        if doc.root is None:
            if doc.text is not None and not doc.problems:
                # An empty file: a list file holds nothing, a single record is missing.
                if get_origin(tp) is tuple:
                    return ()
                self.problem(None, "", "file is empty", "see docs/editing.md for its fields")
            return None if not required else INVALID
        root = doc.shown.rsplit("/", 1)[-1].split(".")[0]
        if get_origin(tp) is tuple:
            return self.read(doc.root, tp, root)
        return self._top(doc.root, tp, root)

    def records(self, doc: Document, cls: type[T], collection: str) -> tuple[T, ...]:
        """Read a list of records with unique ids, and make them available to references."""
        self.file, self.text = doc.shown, doc.text or ""
        node = doc.root
        root = doc.shown.rsplit("/", 1)[-1].split(".")[0]
        found: tuple[T, ...] = ()
        if node is not None:
            self._check_unique_ids(node, root)
            found = self.read(node, tuple[cls, ...], root)  # type: ignore[valid-type]
        valid = found if isinstance(found, tuple) else ()
        if node is None and doc.problems:
            # The file could not be read at all: references to it cannot be judged, and
            # reporting each of them would bury the one real problem.
            self.ctx.records[collection] = _Unreadable()
            return ()
        own = {r.id: r for r in valid}  # type: ignore[attr-defined]
        self.ctx.records[collection] = {**self.shared.get(collection, {}), **own}
        # Ids whose records failed to read are still known, so they are not reported twice.
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                ident = self._id_node(item)
                if ident is not None:
                    self.ctx.records[collection].setdefault(ident.value.strip(), INVALID)
        return valid

    def agenda(self, doc: Document, root: str) -> list[list[tuple[str, model.Session]]]:
        """Read an agenda file: a list of sessions and groups of sessions, or one group.

        Returns each list of sessions as written (the file's own sessions, then each group's),
        every session with its path, for the checks that judge one list at a time.
        """
        self.file, self.text = doc.shown, doc.text or ""
        node = doc.root
        if node is None:
            return []
        if isinstance(node, yaml.MappingNode):
            return self._group(node, root)
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, root, "should be a list of sessions",
                         'write one session per item, each starting with "- "')  # fmt: skip
            return []
        own: list[tuple[str, model.Session]] = []
        lists = [own]
        for number, item in enumerate(node.value, 1):
            path = f"{root}[{number}]"
            if isinstance(item, yaml.MappingNode) and any(
                k.value == "sessions" for k, _ in item.value if isinstance(k, yaml.ScalarNode)
            ):
                lists += self._group(item, path)
                continue
            session = self._top(item, model.Session, path)
            if session is not INVALID:
                own.append((path, session))
        return [found for found in lists if found]

    def _group(self, node: yaml.MappingNode, path: str) -> list[list[tuple[str, model.Session]]]:
        group = self._top(node, model.Group, path)
        if group is INVALID:
            return []
        # Each session of a group: the group's own fields, its own text, and the records it
        # names, so that an edit to one person changes only the sessions that name them.
        items: list[yaml.Node] = next((v.value for k, v in node.value if k.value == "sessions"), [])
        own = repr([(k, v) for k, v in vars(group).items() if k != "sessions"])
        for item, session in zip(items, group.sessions, strict=True):
            text = self.text[item.start_mark.index : item.end_mark.index]
            named = [self.fingerprints.get(id(r), "") for r in _named(session)]
            self.fingerprints[id(session)] = digest("grouped", self.ctx.key, own, text, *named)
        return [[(f"{path}.sessions[{n}]", s) for n, s in enumerate(group.sessions, 1)]]

    # -- checks across records ---------------------------------------------------------------

    @staticmethod
    def _id_node(item: yaml.Node) -> yaml.ScalarNode | None:
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                if key.value == "id" and isinstance(value, yaml.ScalarNode):
                    return value
        return None

    def _check_unique_ids(self, node: yaml.Node, root: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            return
        first: dict[str, int] = {}
        for index, item in enumerate(node.value, 1):
            ident = self._id_node(item)
            if ident is None:
                continue
            key = ident.value.strip()  # as the id is read: surrounding spaces do not count
            if key in first:
                self.problem(
                    ident,
                    f"{root}[{index}].id",
                    f'duplicate id "{key}", already used by {root}[{first[key]}]',
                    "give each entry its own id",
                )
            else:
                first[key] = index

    # -- nodes -------------------------------------------------------------------------------

    def _mark(self, node: yaml.Node, path: str) -> None:
        self.marks[path] = (self.file, node.start_mark.line + 1, node.start_mark.column + 1)
        self._marked.append(path)

    def _top(self, node: yaml.Node, tp: Any, path: str) -> Any:
        """Read a record at the top of a file, or take it from the last load if unchanged."""
        start = node.start_mark
        text = self.text[start.index : node.end_mark.index]
        key = (_name(tp), self.file, str(start.column), text, self.ctx.key)
        kept = self.kept.get(key)
        line = start.line
        if kept is not None and all(self._ref(c, i) == fp for c, i, fp in kept.refs):
            file, where = self.file, self.marks
            for below, lines, column in kept.marks:  # where its fields are now
                where[path + below] = (file, line + lines, column)
            self.texts.update((path + below, text) for below, text in kept.texts)
        else:
            self._refs, self._marked, self._texted = [], [], []
            record = self.read(node, tp, path)
            if record is INVALID:
                return INVALID
            refs = tuple((c, i, self._ref(c, i)) for c, i in self._refs)
            marks = tuple(
                (name[len(path) :], self.marks[name][1] - line, self.marks[name][2])
                for name in self._marked
            )
            texts = tuple((k[len(path) :], self.texts[k]) for k in self._texted)
            fingerprint = digest(*key, *(fp for _, _, fp in refs))
            kept = Kept(record, fingerprint, refs, marks, texts)
        self.keep[key] = kept
        self.fingerprints[id(kept.record)] = kept.fingerprint
        self._last = kept.record
        return kept.record

    def _ref(self, collection: str, ident: str) -> str:
        """The fingerprint of the record an id names, "" if there is none."""
        target = self.ctx.records.get(collection, {}).get(ident)
        return self.fingerprints.get(id(target), "") if target is not None else ""

    def problem(self, where: yaml.Node | Any, path: str, message: str, hint: str = "") -> Any:
        """Record a problem at a node or a YAML mark (None: the whole file); return INVALID."""
        self.problems.append(problem(self.file, where, path, message, hint))
        return INVALID

    def read(self, node: yaml.Node, tp: Any, path: str) -> Any:
        """Read a node as type `tp`, or record why it cannot be and return INVALID."""
        if node.tag not in STANDARD_TAGS:
            return self.problem(
                node,
                path,
                f"the tag {node.tag} is not allowed",
                "remove it and write a plain value",
            )
        shape = _shape(tp)
        base, meta = shape.base, shape.meta
        if is_null(node):
            if shape.optional:
                return None
            return self.problem(node, path, "is empty", "write a value or remove the line")
        if isinstance(node, yaml.ScalarNode) and not _plain(node.value):
            wrong = values.problem(node.value, _kind(shape, path))
            if wrong is not None:
                return self.problem(node, path, *wrong)
        if shape.ref is not None:
            return self._reference(node, shape, path)
        if shape.item is not None:
            return self._sequence(node, shape.item, path)
        if shape.record:
            return self._record(node, base, path)
        if isinstance(node, yaml.MappingNode) and _translatable(shape, path):
            return self._translated(node, tp, path)
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a set of fields"
            return self.problem(
                node,
                path,
                f"is {kind}, but should be a single value",
                f"write {self._describe(base, meta)}",
            )
        value = self._scalar(node, base, meta, path)
        if isinstance(value, str) and not value.isprintable() and _kind(shape, path) == "name":
            value = _LINE_BREAKS.sub(" ", value)  # a name or title is one line everywhere
        return value

    def _translated(self, node: yaml.MappingNode, tp: Any, path: str) -> Any:
        """A text given once per language ({ko: ..., en: ...}): the one of the language being
        read, else the event's first language's. Every language's text is read, so that its
        mistakes are found in any reading; a language left out is a warning of checks.py's."""
        languages, found, ok = self.ctx.languages, {}, True
        for key, value in node.value:
            written = key.value if isinstance(key, yaml.ScalarNode) else ""
            tag = i18n.matching(written, languages)
            if tag is None and not self.ctx.sure:
                tag = written  # event.yaml's own line says what is wrong with its languages
            if tag is None:
                tag, known = written, ", ".join(languages)
                hint = _suggest_language(tag, languages) or (
                    f"write one of: {known}, or add the language to translations in event.yaml"
                    if len(languages) > 1
                    else f"this event is in {known} only: write the text alone, or add "
                    "translations: to event.yaml"
                )
                self.problem(key, f"{path}.{tag}", f'"{tag}" is not a language of this event', hint)
                ok = False
                continue
            if tag in found:
                self.problem(key, f"{path}.{written}", f'"{written}" gives {tag} a second text',
                             "keep one text per language")  # fmt: skip
                ok = False
                continue
            found[tag] = self.read(value, tp, f"{path}.{written}")
        if not ok or not found or any(v is INVALID for v in found.values()):
            return (
                INVALID
                if found or not ok
                else self.problem(node, path, "is empty", "write a text for each language")
            )
        for tag in (self.ctx.language, languages[0]):
            if tag in found:
                return found[tag]
        return next(iter(found.values()))

    def _describe(self, tp: Any, meta: tuple[Any, ...]) -> str:
        if any(isinstance(m, model.Clock) for m in meta):
            return "a time such as 9:00 AM or 13:15"
        if get_origin(tp) is Literal:
            return "one of " + ", ".join(get_args(tp))
        if dataclasses.is_dataclass(tp) and not any(isinstance(m, model.Ref) for m in meta):
            needed = sorted(_required(tp), key=list(field_hints(tp)).index)  # type: ignore[arg-type]
            return f"with {', '.join(f'{n}:' for n in needed)} indented below it"
        known = {date: "a date as YYYY-MM-DD", model.Url: "a web address", bool: "true or false"}
        return known.get(tp, "some text")

    def _sequence(self, node: yaml.Node, item: Any, path: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.problem(
                node, path, "should be a list", 'write one item per line, each starting with "- "'
            )
        # The entries of a list file are records at the top of the file: each is kept.
        read = self._top if "[" not in path and "." not in path else self.read
        values = [read(child, item, f"{path}[{n}]") for n, child in enumerate(node.value, 1)]
        return INVALID if any(v is INVALID for v in values) else tuple(values)

    def _record(
        self, node: yaml.Node, cls: type, path: str, defaults: dict[str, Any] | None = None
    ) -> Any:
        """Read a record; `defaults` are the fields it takes from its group unless it gives them."""
        outer_day = self.ctx.record_day
        try:
            return self._fields(node, cls, path, defaults or {})
        finally:
            self.ctx.record_day = outer_day

    def _fields(self, node: yaml.Node, cls: type, path: str, defaults: dict[str, Any]) -> Any:
        hints = field_hints(cls)
        if not isinstance(node, yaml.MappingNode):
            return self.problem(
                node,
                path,
                "should be a set of fields (name: value)",
                f"write fields such as {', '.join(list(hints)[:3])}",
            )
        self._mark(node, path)
        given: dict[str, yaml.Node] = {}
        keys: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.problem(key, path, "a field name must be a single word", "write name: value")
                continue
            name = str(key.value)
            where = f"{path}.{name}" if path else name
            if name in keys:
                first = keys[name].start_mark.line + 1
                self.problem(
                    key, where, f"is given twice (first on line {first})", "keep one of them"
                )
                continue
            keys[name] = key
            if name == "<<" and not key.style:
                self.problem(
                    key,
                    where,
                    "YAML merge keys (<<) are not supported",
                    "write the fields out in full",
                )
                continue
            if name not in hints:
                hint = _did_you_mean(name, hints) or _one_of(hints)
                self.problem(key, where, f'unknown field "{name}"', hint)
                continue
            given[name] = value
            self._mark(value, where)
        values: dict[str, Any] = {}
        for name, value in defaults.items():
            if name in hints and name not in given:
                values[name] = value[0]
                self.marks[f"{path}.{name}"] = value[1]  # a mistake in it is the group's line
        # Times of day are read last: the date fields they fall on must be read first.
        for name, tp in _reading_order(cls):
            where = f"{path}.{name}" if path else name
            if name in given:
                values[name] = self._field(given[name], tp, where, values)
            elif (cls, name) in self.defaults and name not in values:
                values[name] = self.defaults[cls, name]
            elif name not in values and name in _required(cls):
                self.problem(
                    node,
                    path or name,
                    f'missing required field "{name}"',
                    f"add {name}: {self._describe(*split_annotated(tp))}",
                )
                values[name] = INVALID
            if name == "date" and isinstance(values.get(name), date):
                self.ctx.record_day = values[name]  # the day of the times in nested records
        if any(v is INVALID for v in values.values()):
            return INVALID
        check = _RECORD_CHECKS.get(cls)
        if check is not None and not check(self, node, path, given, values):
            return INVALID
        return cls(**values)

    def _field(self, node: yaml.Node, tp: Any, path: str, values: dict[str, Any]) -> Any:
        shape = _shape(tp)
        if shape.clock is not None:
            day = next((values[d] for d in shape.clock.days if values.get(d) is not None), None)
            return self._clock(node, path, day or self.ctx.record_day)
        if shape.inherits and isinstance(node, yaml.SequenceNode):
            # The records of this list take the holder's fields read so far as their defaults.
            given = {n: (v, self.marks[f"{path.rsplit('.', 1)[0]}.{n}"])
                     for n, v in values.items() if v is not None and v is not INVALID}  # fmt: skip
            cls = _shape(shape.item).base
            items = [
                self._record(child, cls, f"{path}[{n}]", given)
                if isinstance(child, yaml.MappingNode)
                else self.read(child, shape.item, f"{path}[{n}]")
                for n, child in enumerate(node.value, 1)
            ]
            return INVALID if any(v is INVALID for v in items) else tuple(items)
        return self.read(node, tp, path)

    def _reference(self, node: yaml.Node, shape: _Shape, path: str) -> Any:
        ref = shape.ref
        if ref is None:
            raise TypeError("eventsite bug: a reference without its collection")
        if shape.item is not None:  # a list of references
            return self._sequence(node, shape.item, path)
        if not isinstance(node, yaml.ScalarNode):
            return self.problem(
                node,
                path,
                f"should be the id of one of the {ref.collection}",
                f"write an id from {ref.collection}.yaml",
            )
        known = self.ctx.records.get(ref.collection, {})
        if isinstance(known, _Unreadable):
            return INVALID
        wanted = node.value.strip()  # ids are read stripped, so references are too
        self._refs.append((ref.collection, wanted))
        target = known.get(wanted)
        if target is None:
            noun = {"series": "series"}.get(ref.collection, ref.collection.rstrip("s"))
            where = {"series": "series in content/site.yaml"}.get(
                ref.collection, f"content/{ref.collection}.yaml"
            )
            hint = _did_you_mean(wanted, known) or (
                _HOME.get(ref.collection, f"add it to {where} first")
                if not known
                else _one_of(known)
            )
            return self.problem(node, path, f'unknown {noun} "{wanted}"', hint)
        return target  # INVALID if that record had its own problems, already reported

    def _scalar(self, node: yaml.ScalarNode, tp: Any, meta: tuple[Any, ...], path: str) -> Any:
        text = node.value.strip()
        if tp is str:
            if not text:
                return self.problem(node, path, "is empty", "write some text")
            form = next((m for m in meta if isinstance(m, forms.Form)), None)
            if form is not None and not form.matches(node.value):
                return self.problem(node, path, f'"{text}" is not {form.noun}', form.hint)
            return text
        if tp is bool:
            # YAML 1.2 booleans only: yes/no/on/off are words, not switches, in YAML 1.2.
            if text in ("true", "false"):
                return text == "true"
            return self.problem(node, path, f'"{text}" is not true or false', "write true or false")
        if tp is model.Html:
            html, wrong = rendered(node.value, self.render)
            return html if wrong is None else self.problem(node, path, *wrong)
        if tp is model.Url:
            return self._url(node, text, path)
        if tp is date:
            return self._date(node, text, path)
        if tp is ZoneInfo:
            return self._zone(node, text, path)
        if get_origin(tp) is Literal:
            choices = get_args(tp)
            if text in choices:
                return text
            hint = _did_you_mean(text, choices) or _one_of(choices)
            return self.problem(node, path, f'"{text}" is not allowed', hint)
        raise TypeError(f"eventsite bug: no reader for {tp!r} at {path}")

    def _url(self, node: yaml.ScalarNode, text: str, path: str) -> Any:
        if forms.URL.matches(node.value):
            return model.Url(text)
        # Browsers ignore ASCII tabs and newlines inside a URL and treat "\\" as "/": name the
        # scheme as a browser would read it.
        seen = re.sub(r"[\x00-\x20\x7f]", "", text).replace("\\", "/")
        scheme = forms.SCHEME.match(seen)
        if scheme is not None and scheme.group(1).lower() not in _URL_SCHEMES:
            return self.problem(
                node,
                path,
                f'"{scheme.group(1)}:" addresses are not allowed',
                "write an address starting with https://, http://, mailto: or "
                "tel:, or a relative path",
            )
        return self.problem(
            node,
            path,
            "a web address cannot contain spaces or line breaks",
            "remove them, or write %20 for a space",
        )

    def _date(self, node: yaml.ScalarNode, text: str, path: str) -> Any:
        if forms.DATE.matches(node.value):
            return date.fromisoformat(text)
        if forms.DATE_LIKE.fullmatch(text):
            return self.problem(
                node, path, f'"{text}" is not a day of the calendar', "check the month and day"
            )
        return self.problem(node, path, f'"{text}" is not {forms.DATE.noun}', forms.DATE.hint)

    def _zone(self, node: yaml.ScalarNode, text: str, path: str) -> Any:
        names = forms.zones()
        if text in names:
            return ZoneInfo(text)
        return self.problem(node, path, f'"{text}" is not a time zone', forms.zone_hint(text))

    def _clock(self, node: yaml.Node, path: str, day: Any) -> Any:
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            return self.problem(node, path, "should be a time", forms.CLOCK.hint)
        text = node.value.strip()
        if not node.style and _YAML12_NUMBER.fullmatch(text):
            # Editors' tools read YAML 1.2, where an unquoted 8.30 is the number 8.3: refuse it
            # here too, so that the editor and eventsite agree.
            fixed = text.replace(".", ":") if re.fullmatch("[0-9]{1,2}[.][0-9]{2}", text) else ""
            return self.problem(
                node,
                path,
                f"{text} without quotes is a number, not a time",
                f"write {fixed}" if fixed else forms.CLOCK.hint,
            )
        if not forms.CLOCK.matches(node.value):
            return self.problem(node, path, f'"{text}" is not {forms.CLOCK.noun}', forms.CLOCK.hint)
        when = day if isinstance(day, date) else self.ctx.day
        self.texts[path] = text
        self._texted.append(path)
        return datetime.combine(when, _clock_value(text), tzinfo=self.ctx.timezone)


_TEXTS = ("text", "name", "markdown")
"""The kinds of values an editor may give once per language (not ids, addresses, words)."""


def _translatable(shape: _Shape, path: str) -> bool:
    """Whether a value may be given once per language: text, not a price or a language."""
    return _kind(shape, path) in _TEXTS and not any(isinstance(m, forms.Form) for m in shape.meta)


_NAMES = {"name", "title", "label", "authors"}
"""Fields that name someone or something: no direction controls in them, and one line (a
line break is folded into a space, as YAML folds a long title written over two lines)."""
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def _plain(text: str) -> bool:
    """Short printable ASCII, as most values are: nothing `values.problem` could refuse."""
    return len(text) <= values.SHORTEST and text.isascii() and text.isprintable()


def _kind(shape: _Shape, path: str) -> values.Kind:
    """What sort of text a scalar of this shape, at this path, is."""
    if shape.ref is not None:
        return "id"
    if shape.base is not str:
        return (
            "markdown" if shape.base is model.Html else "url" if shape.base is model.Url else "word"
        )
    field = path[path.rfind(".") + 1 :].partition("[")[0]
    if forms.LANGUAGE.matches(field):  # title.ko: the title's text in Korean
        above = path[: path.rfind(".")]
        field = above[above.rfind(".") + 1 :].partition("[")[0]
    return "id" if field == "id" else "name" if field in _NAMES else "text"


def rendered(
    text: str, render: Callable[[str], Markup] = markdown.render
) -> tuple[Any, tuple[str, str] | None]:
    """Markdown rendered (by `render`, which may take it from a cache), or INVALID and why it
    cannot be (message, hint)."""
    reason = markdown.refuse(text)
    if reason is None:
        try:
            return model.Html(render(text)), None
        except markdown.TooCostly as exc:
            reason = str(exc)
    hint = "simplify it: fewer brackets and nested lists, blank lines between paragraphs"
    return INVALID, (reason, hint)


def _named(session: model.Session) -> list[Any]:
    """The records a session names by id: its people (of its segments too), panel and venue."""
    people = [*session.people, *(a for part in session.segments for a in part.speakers)]
    return [*(a.speaker for a in people), session.panel, session.venue]


@functools.cache
def _name(tp: Any) -> str:
    return str(tp)


@functools.cache
def _reading_order(cls: type) -> tuple[tuple[str, Any], ...]:
    """A model class's fields in the order they are read: a list that inherits the others
    after them, and times of day last."""
    return tuple(
        sorted(
            field_hints(cls).items(),
            key=lambda item: (_shape(item[1]).inherits, _shape(item[1]).clock is not None),
        )
    )


def _clock_value(text: str) -> time:
    """The time of a text written in `forms.CLOCK`'s form."""
    digits = re.findall("[0-9]+", text)
    hour, minute = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
    half = next((c for c in text.lower() if c in "ap"), "")
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return time(hour, minute)


# -- checks that involve several fields of one record -----------------------------------------

_Check = Callable[[Reader, yaml.Node, str, dict[str, yaml.Node], dict[str, Any]], bool]


LONGEST = timedelta(hours=12)
"""A slot longer than this is taken for a mistake (8:45 PM for 8:45 AM), not a long session."""


def _check_session(
    reader: Reader, node: yaml.Node, path: str, given: dict[str, yaml.Node], v: dict[str, Any]
) -> bool:
    ok = _check_times(reader, path, given, v)
    if v.get("panel") is None and not v.get("title"):
        reader.problem(
            node,
            path,
            'missing required field "title"',
            "add title: ..., or panel: <panel id> for a panel",
        )
        ok = False
    if v.get("panel") is not None and v.get("title"):
        reader.problem(
            given["title"],
            f"{path}.title",
            "a panel slot takes its title from the panel",
            "remove title here, or change it in panels.yaml",
        )
        ok = False
    # Segment times are read on the session's first day; in a session past midnight, a time
    # before the session's start is on the next day. (Whether each lies within its session is
    # a check of the schedule, with the others.)
    start, segments = v["start"], v.get("segments", ())
    runs_over_midnight = v["end"].date() > start.date()
    if runs_over_midnight and any(s.start and s.start < start or s.end and s.end < start
                                  for s in segments):  # fmt: skip
        v["segments"] = tuple(_after(s, start) for s in segments)
    return ok


def _check_times(reader: Reader, path: str, given: dict[str, yaml.Node], v: dict[str, Any]) -> bool:
    """A slot that ends before it starts, or runs longer than LONGEST, with the likely typo."""
    start, end = v["start"], v["end"]
    # Compared in UTC: Python compares two times in one zone by their wall clocks, which is
    # wrong across a daylight-saving change.
    length = end.astimezone(UTC) - start.astimezone(UTC)
    if timedelta(0) < length <= LONGEST:
        return True
    written = {n: reader.texts[f"{path}.{n}"] for n in ("start", "end")}
    fix = likely_typo(start, end, written)
    if length <= timedelta(0):
        hint = fix or "make end later than start"
        if not fix and start.hour >= 18 and end.hour < 12 and v.get("end_date") is None:
            hint += (
                f", or add end_date: {start.date() + timedelta(days=1)} if it runs past midnight"
            )
        what = f"ends at {written['end']}, not after it starts ({written['start']})"
    elif v.get("end_date") is not None and end.date() > start.date() + timedelta(days=1):
        return True  # a slot over several days: the schedule's checks say so, in their words
    else:
        minutes = length // timedelta(minutes=1)
        what = f"runs {duration(minutes)} ({written['start']} - {written['end']}), over 12 hours"
        hint = fix or "check the times; give a long event one slot per part of the day"
    reader.problem(given["end"], f"{path}.end", what, hint)
    return False


def _after(segment: model.Segment, start: datetime) -> model.Segment:
    """A segment whose times before `start` are moved to the next day."""

    def later(moment: datetime | None) -> datetime | None:
        if moment is None or moment >= start:
            return moment
        return datetime.combine(moment.date() + timedelta(days=1), moment.timetz())

    return dataclasses.replace(segment, start=later(segment.start), end=later(segment.end))


def _check_event(
    reader: Reader, node: yaml.Node, path: str, given: dict[str, yaml.Node], v: dict[str, Any]
) -> bool:
    ok = True
    if v.get("end_date") is not None and v["end_date"] < v["date"]:
        reader.problem(
            given["end_date"],
            f"{path}.end_date",
            "is before date",
            "make end_date the same as or later than date",
        )
        ok = False
    seen: dict[str, int] = {}
    main = v["venue"].id if v.get("venue") else None  # an online event has none
    for number, venue in enumerate(v.get("venues", ()), 1):
        where, item = f"{path}.venues[{number}]", given["venues"].value[number - 1]
        if venue.id is None:
            hint = "add id: a short name that sessions give as venue, e.g. hotel"
            reader.problem(item, where, 'missing required field "id"', hint)
            ok = False
        elif venue.id in seen or venue.id == main:
            first = f"{path}.venues[{seen[venue.id]}]" if venue.id in seen else f"{path}.venue"
            reader.problem(Reader._id_node(item), f"{where}.id",
                           f'duplicate id "{venue.id}", already used by {first}',
                           "give each venue its own id")  # fmt: skip
            ok = False
        else:
            seen[venue.id] = number
    ok = _check_languages(reader, path, given, v) and ok
    base_url = v.get("base_url")
    if base_url is not None and not _ABSOLUTE.match(base_url):
        # Machines need the full address; a relative one would resolve against the wrong page.
        reader.problem(
            given["base_url"],
            f"{path}.base_url",
            f'"{base_url}" is not a full web address',
            "write it with https://, e.g. https://events.example.org/markets/",
        )
        ok = False
    return ok


_ABSOLUTE = re.compile(r"https?://[^/?#]+", re.IGNORECASE)


def _check_languages(
    reader: Reader, path: str, given: dict[str, yaml.Node], v: dict[str, Any]
) -> bool:
    """A region CLDR knows (the form is forms.LANGUAGE's), each language once."""
    ok = True
    seen: dict[str, str] = {}
    if v.get("language") is not None:
        seen[i18n.base(v["language"])] = f"{path}.language"
    written = [("language", given.get("language"), v.get("language"))]
    nodes = given["translations"].value if "translations" in given else []
    for number, tag in enumerate(v.get("translations", ()), 1):
        written.append((f"translations[{number}]", nodes[number - 1], tag))
    for field, node, tag in written:
        if tag is None:
            continue
        if i18n.parse(tag) is None:
            reader.problem(node, f"{path}.{field}", f'"{tag}" is not a region of that language',
                           "write the language alone, e.g. fr, or with a region that uses it, "
                           "e.g. fr-CA")  # fmt: skip
            ok = False
        elif field != "language":
            first = seen.setdefault(i18n.base(tag), f"{path}.{field}")
            if first != f"{path}.{field}":
                what = "is the event's language" if first.endswith(".language") else (
                    f"is already in {first}")  # fmt: skip
                reader.problem(node, f"{path}.{field}", f'"{tag}" {what}',
                               "give each language once")  # fmt: skip
                ok = False
    if (
        v.get("language") is None
        and v.get("translations")
        and "en" in map(i18n.base, v["translations"])
    ):
        reader.problem(
            given["translations"],
            f"{path}.translations",
            '"en" is the event\'s language unless language: says another',
            "add language: with the event's first language, e.g. language: ko",
        )
        ok = False
    return ok


def _check_registration(
    reader: Reader, node: yaml.Node, path: str, given: dict[str, yaml.Node], v: dict[str, Any]
) -> bool:
    # The forms of price and currency are the model's (forms.PRICE, forms.CURRENCY); what is
    # left is the rule that joins the two.
    if v.get("price") is not None and v.get("currency") is None:
        reader.problem(given["price"], f"{path}.price", "has no currency",
                       "add currency: USD (or the code of the currency you charge in)")  # fmt: skip
        return False
    return True


_RECORD_CHECKS: dict[type, _Check] = {
    model.Session: _check_session,
    model.Event: _check_event,
    model.Registration: _check_registration,
}
