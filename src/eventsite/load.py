"""Read the content files into the model; every validation lives here.

YAML is composed into nodes (which keep line and column) and each node is read against the
type annotations in `model.py`. Scalars are taken as the text the editor wrote, never through
YAML 1.1's implicit typing, so `10:30` is a time, `NO` is the word no and `on` is not a boolean.
Every problem in every file is collected, and the load fails once, listing them all.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import gc
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml

from eventsite import checks, markdown, model, parallel, theme
from eventsite.errors import ContentError, Problem

T = TypeVar("T")

CONTENT = "content"
# A limit against runaway files, not against big events: a 10,000-session agenda with abstracts
# is about 9 MB of YAML, and reads in about a second.
MAX_FILE_BYTES = 20_000_000
_NULLS = {"", "~", "null", "Null", "NULL"}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_PLAIN_TAGS: dict[type[yaml.Node], str] = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Loader(yaml.CSafeLoader):
    """LibYAML's loader without YAML 1.1's implicit typing, which the reader never uses.

    Scalars are read as the text the editor wrote; guessing whether each of them is a number,
    a date or a boolean was a third of the time spent composing a big file.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _PLAIN_TAGS[kind]


_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?:(?P<ap>[ap])\.?\s*m\.?)?", re.IGNORECASE
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_BREAK = re.compile(r"\r\n|\r|\n")
# Characters no editor means to type and most do not show: control characters (YAML refuses
# them, and NEL, LS and PS would count as line breaks and shift every line number after them)
# and a byte-order mark anywhere but at the start.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_LONG_QUOTE = re.compile(r'"([^"]{40})[^"]{20,}"')
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


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


def load_site(project: Path, strict: bool = False) -> model.Site:
    """Read and check every content file of a project; raise ContentError listing all problems.

    Warnings (a gap in the agenda, a speaker on no slot) do not stop the load: the site carries
    them. With `strict`, they are errors.
    """
    # The loader makes hundreds of thousands of objects and no reference cycles; left on, the
    # cycle collector would walk them all again and again (half the load time of a big event).
    # The site then lives as long as the build: frozen, the collector leaves it alone too, which
    # halves the time of the steps after loading. A previous site, if any, is unfrozen first.
    collecting = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    try:
        return _load(project, strict)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _load(project: Path, strict: bool) -> model.Site:
    reader = _Reader(project)
    # Every file is composed first, so that all the Markdown in them can be rendered at once,
    # over several cores for a big event, before the records are read.
    for name, required in _FILES.items():
        reader.compose(name, required)
    if parallel.possible():
        markdown.render_ahead(reader.markdown_texts())
    event = reader.document("event.yaml", model.Event, required=True)
    if isinstance(event, model.Event):
        reader.ctx.timezone, reader.ctx.day = event.timezone, event.date
    speakers = reader.records("speakers.yaml", model.Speaker, "speakers")
    panels = reader.records("panels.yaml", model.Panel, "panels")
    sessions = reader.document("agenda.yaml", tuple[model.Session, ...], required=True)
    publications = reader.document("publications.yaml", tuple[model.Publication, ...])
    courses = reader.document("courses.yaml", tuple[model.Course, ...])
    body = reader.markdown_file("about.md")
    if reader.problems:
        raise ContentError(reader.problems)
    site = model.Site(
        event=event,
        body=body,
        sessions=sessions or (),
        speakers=speakers,
        panels=panels,
        publications=publications or (),
        courses=courses or (),
    )
    # Checks across records run on a site that reads cleanly: a schedule with a broken slot
    # in it cannot be judged, and would only repeat the slot's own problem.
    found = checks.check_site(site, reader.marks, theme.static_folders(project))
    if strict:
        found = [dataclasses.replace(p, warning=False) for p in found]
    if any(not p.warning for p in found):
        raise ContentError(found)
    return dataclasses.replace(site, warnings=tuple(sorted(found)))


_COMPOSED: dict[str, tuple[str, yaml.Node | None]] = {}
"""The nodes of each file by its path, with the text they were composed from: the dev server's
next load composes again only the files that changed. Nodes are never changed once composed."""

_KEEP = [False]


def keep_composed() -> None:
    """Keep each file's nodes from one load to the next, as the dev server wants; a one-off
    build lets them go once loaded (a big event's nodes are hundreds of megabytes)."""
    _KEEP[0] = True


_FILES = {
    "event.yaml": True,
    "speakers.yaml": False,
    "panels.yaml": False,
    "agenda.yaml": True,
    "publications.yaml": False,
    "courses.yaml": False,
}
"""The content files and whether each is required."""


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
    )


@functools.cache
def _required(cls: type) -> frozenset[str]:
    """The fields of a model class that have no default."""
    return frozenset(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )


@functools.cache
def _markdown_fields() -> frozenset[str]:
    """The names of the model's fields that hold Markdown."""
    return frozenset(
        name
        for cls in vars(model).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls)
        for name, tp in field_hints(cls).items()
        if _shape(tp).base is model.Html
    )


def _has_alias(root: yaml.Node) -> bool:
    """True if any node is reached twice: an alias shares its anchor's node.

    Composing does not expand aliases (that would happen later, while reading), so this walk
    is as long as the file, however many times an "alias bomb" repeats itself.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return False


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


def _one_of(choices: typing.Iterable[str]) -> str:
    return "write one of: " + ", ".join(choices)


class _Reader:
    """Reads nodes against model types, recording problems instead of stopping at the first."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.problems: list[Problem] = []
        self.ctx = _Context()
        self.file = ""
        self._composed: dict[str, yaml.Node | None] = {}
        self.marks: dict[str, checks.Position] = {}
        """Where each record and field was read, by its path (agenda[3].start)."""

    # -- files -------------------------------------------------------------------------------

    def _path(self, name: str) -> tuple[Path, str]:
        return self.project / CONTENT / name, f"{CONTENT}/{name}"

    def _text(self, name: str, required: bool) -> str | None:
        path, self.file = self._path(name)
        if not path.is_file():
            if required:
                self.problem(None, "", "file is missing", f"create {self.file}")
            return None
        data = path.read_bytes()
        if len(data) > MAX_FILE_BYTES:
            self.problem(
                None,
                "",
                f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB",
                "split it or remove what is not content",
            )
            return None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            self.problem(None, "", "is UTF-16 text, not UTF-8", "save the file as UTF-8")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            column = exc.start - data.rfind(b"\n", 0, exc.start)
            self.problems.append(
                Problem(self.file, line, column, "", "is not UTF-8 text", "save the file as UTF-8")
            )
            return None
        invisible = _INVISIBLE.search(text)
        if invisible is not None:
            before = text[: invisible.start()]
            lines = _BREAK.split(before)
            self.problems.append(
                Problem(
                    self.file,
                    len(lines),
                    len(lines[-1]) + 1,
                    "",
                    f"an invisible character ({_char_name(invisible.group())}) is not allowed",
                    "delete it; it often comes with text pasted from elsewhere",
                )
            )
            return None
        return text

    def compose(self, name: str, required: bool) -> yaml.Node | None:
        """Compose one file into nodes, once; later calls give the same nodes."""
        if name in self._composed:
            self.file = self._path(name)[1]
            return self._composed[name]
        node = self._composed[name] = self._compose(name, required)
        return node

    def markdown_texts(self) -> list[str]:
        """The text of every field holding Markdown in the composed files, and of about.md."""
        texts = []
        stack = [node for node in self._composed.values() if node is not None]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    markdown_field = (
                        isinstance(key, yaml.ScalarNode) and key.value in _markdown_fields()
                    )
                    if markdown_field and isinstance(value, yaml.ScalarNode):
                        texts.append(value.value)
                    else:
                        stack.append(value)
        about = self.project / CONTENT / "about.md"
        if about.is_file():
            texts.append(about.read_text(encoding="utf-8-sig", errors="replace"))
        return texts

    def _compose(self, name: str, required: bool) -> yaml.Node | None:
        text = self._text(name, required)
        if text is None:
            return None
        where = str(self._path(name)[0].resolve())
        known = _COMPOSED.get(where)
        if known is not None and known[0] == text:
            return known[1]
        try:
            try:
                node = yaml.compose(text, Loader=_Loader)
            except (yaml.YAMLError, RecursionError):
                # A file that does not compose may hold an alias too: that is the problem to
                # report, as when aliases were looked for before composing.
                if "*" in text and self._refuse_aliases(text):
                    return None
                raise
            # Looking for aliases takes a second parse of the file: only when one may be there.
            # An alias shares its anchor's node, and there is none without an anchor (&).
            shared = node is not None and "&" in text and _has_alias(node)
            if "*" in text and shared and self._refuse_aliases(text):
                return None
        except yaml.MarkedYAMLError as exc:
            self._yaml_problem(exc, text)
        except yaml.YAMLError as exc:  # errors without a position: keep the first line
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.problem(None, "", f"YAML cannot be read: {first}", "check the file's characters")
        except RecursionError:
            self.problem(None, "", "is nested too deeply", "flatten the structure")
        else:
            # A file holding only "---", "~" or "null" is as empty as an empty file.
            found = None if node is not None and self._is_null(node) else node
            if _KEEP[0]:
                if len(_COMPOSED) > 64:
                    _COMPOSED.clear()
                _COMPOSED[where] = (text, found)
            return found
        return None

    def _refuse_aliases(self, text: str) -> bool:
        # Aliases let a few lines expand into millions of values (an "alias bomb"), and a
        # shared node has no single place to report a problem at: content is written out.
        # The first one is reported: a bomb holds hundreds, and one line says what to do.
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                message = "YAML aliases (*name) are not supported"
                self.problem(event.start_mark, "", message, "write the value out in full")
                return True
        return False

    def _yaml_problem(self, exc: yaml.MarkedYAMLError, text: str) -> None:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or "YAML syntax error").strip()
        context = (exc.context or "").strip()
        char = _char_at(text, mark) if mark is not None else ""
        if "tab" in what or (char == "\t" and "cannot start any token" in what):
            message, hint = "a tab character is not allowed here", "indent with spaces, not tabs"
        elif "cannot start any token" in what:
            message = f'a value cannot start with "{char}"'
            hint = "put the whole value in double quotes"
        elif "found duplicate anchor" in what or "found undefined alias" in what:
            message, hint = what, "anchors and aliases (& and *) are not supported"
        elif "mapping values are not allowed" in what:
            message = "a colon (:) followed by a space starts a new key here"
            hint = (
                "if the colon is part of the text, put the whole value in double quotes; "
                "otherwise check this line's indentation"
            )
        elif "another document" in what:
            message = "a second YAML document starts here"
            hint = "a content file holds one document: remove this --- line"
        elif "expected <document start>" in what:
            message = "text after the end of the document (...)"
            hint = "remove the ... line"
        elif "nesting depth" in what:
            message, hint = "lists or fields are nested too deeply", "flatten the structure"
        elif "directive" in context or "incompatible YAML document" in what:
            message = what
            hint = "remove the line starting with % at the top of the file"
        elif "escape" in what:
            message = f"{what.removeprefix('found ')} in a double-quoted value"
            hint = r"write \\ for a backslash, or put the value in single quotes"
        elif "end of stream" in what and "quoted" in context and exc.context_mark is not None:
            mark = exc.context_mark  # where the quote opens, not where the file ends
            message, hint = "a quoted value is not closed", "add the closing quote"
        elif "flow" in context and exc.context_mark is not None and _blank_after(text, mark):
            opening = _char_at(text, exc.context_mark)
            closing = {"[": "]", "{": "}"}.get(opening, "")
            mark = exc.context_mark  # where the bracket opens
            message = f'"{opening}" is not closed' if closing else what
            hint = f'add the closing "{closing}", or put the whole value in double quotes'
        elif "expected key" in what and char == ":":
            message, hint = "a colon (:) with no field name before it", "write name: value"
        elif "simple key" in context and exc.context_mark is not None:
            mark, message = exc.context_mark, 'this line is not "name: value"'
            hint = "write a space after the colon, or check the indentation"
        else:
            message = what
            hint = f"{context}; " if context else ""
            hint += "check indentation and quotes"
        self.problem(mark, "", f"YAML syntax error: {message}", hint)

    def document(self, name: str, tp: Any, required: bool = False) -> Any:
        """Read one file whose whole content is of type `tp`."""
        node = self.compose(name, required)
        if node is None:
            if self.file and (self.project / self.file).is_file() and not self._had_problem():
                # An empty file: a list file holds nothing, a single record is missing.
                if get_origin(tp) is tuple:
                    return ()
                self.problem(None, "", "file is empty", "see docs/editing.md for its fields")
            return None if not required else INVALID
        return self.read(node, tp, Path(name).stem)

    def _had_problem(self) -> bool:
        return any(p.file == self.file for p in self.problems)

    def records(self, name: str, cls: type[T], collection: str) -> tuple[T, ...]:
        """Read a list of records with unique ids, and make them available to references."""
        node = self.compose(name, required=False)
        root = Path(name).stem
        found: tuple[T, ...] = ()
        if node is not None:
            self._check_unique_ids(node, root)
            found = self.read(node, tuple[cls, ...], root)  # type: ignore[valid-type]
        valid = found if isinstance(found, tuple) else ()
        if node is None and self._had_problem():
            # The file could not be read at all: references to it cannot be judged, and
            # reporting each of them would bury the one real problem.
            self.ctx.records[collection] = _Unreadable()
            return ()
        self.ctx.records[collection] = {r.id: r for r in valid}  # type: ignore[attr-defined]
        # Ids whose records failed to read are still known, so they are not reported twice.
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                ident = self._id_node(item)
                if ident is not None:
                    self.ctx.records[collection].setdefault(ident.value.strip(), INVALID)
        return valid

    def markdown_file(self, name: str) -> model.Html:
        """Render one Markdown file; a missing file is an empty body."""
        text = self._text(name, required=False)
        return model.Html(markdown.render(text)) if text else model.Html(markdown.render(""))

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

    def problem(self, where: yaml.Node | Any, path: str, message: str, hint: str = "") -> Any:
        """Record a problem at a node or a YAML mark (None: the whole file); return INVALID."""
        mark = where.start_mark if isinstance(where, yaml.Node) else where
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        # Messages quote what the editor wrote: keep them on one line, free of terminal
        # escapes and invisible characters, and short.
        message = _LONG_QUOTE.sub(r'"\1…"', _printable(message))
        self.problems.append(
            Problem(self.file, line, column, _printable(path), message, _printable(hint))
        )
        return INVALID

    def read(self, node: yaml.Node, tp: Any, path: str) -> Any:
        """Read a node as type `tp`, or record why it cannot be and return INVALID."""
        if node.tag not in _STANDARD_TAGS:
            return self.problem(
                node,
                path,
                f"the tag {node.tag} is not allowed",
                "remove it and write a plain value",
            )
        shape = _shape(tp)
        base, meta = shape.base, shape.meta
        if self._is_null(node):
            if shape.optional:
                return None
            return self.problem(node, path, "is empty", "write a value or remove the line")
        if shape.ref is not None:
            return self._reference(node, shape, path)
        if shape.item is not None:
            return self._sequence(node, shape.item, path)
        if shape.record:
            return self._record(node, base, path)
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a set of fields"
            return self.problem(
                node,
                path,
                f"is {kind}, but should be a single value",
                f"write {self._describe(base, meta)}",
            )
        return self._scalar(node, base, meta, path)

    @staticmethod
    def _is_null(node: yaml.Node) -> bool:
        # A plain scalar's style is None from the pure-Python parser and "" from LibYAML.
        plain = isinstance(node, yaml.ScalarNode) and not node.style
        return plain and node.value in _NULLS

    def _describe(self, tp: Any, meta: tuple[Any, ...]) -> str:
        if any(isinstance(m, model.Clock) for m in meta):
            return "a time such as 9:00 AM or 13:15"
        if get_origin(tp) is Literal:
            return "one of " + ", ".join(get_args(tp))
        known = {date: "a date as YYYY-MM-DD", model.Url: "a web address", bool: "true or false"}
        return known.get(tp, "some text")

    def _sequence(self, node: yaml.Node, item: Any, path: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.problem(
                node, path, "should be a list", 'write one item per line, each starting with "- "'
            )
        values = [self.read(child, item, f"{path}[{n}]") for n, child in enumerate(node.value, 1)]
        return INVALID if any(v is INVALID for v in values) else tuple(values)

    def _record(self, node: yaml.Node, cls: type, path: str) -> Any:
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
        # Times of day are read last: the date fields they fall on must be read first.
        for name, tp in _reading_order(cls):
            where = f"{path}.{name}" if path else name
            if name in given:
                values[name] = self._field(given[name], tp, where, values)
            elif name in _required(cls):
                self.problem(
                    node,
                    path or name,
                    f'missing required field "{name}"',
                    f"add {name}: {self._describe(*split_annotated(tp))}",
                )
                values[name] = INVALID
        if any(v is INVALID for v in values.values()):
            return INVALID
        check = _RECORD_CHECKS.get(cls)
        if check is not None and not check(self, node, path, given, values):
            return INVALID
        return cls(**values)

    def _field(self, node: yaml.Node, tp: Any, path: str, values: dict[str, Any]) -> Any:
        clock = _shape(tp).clock
        if clock is not None:
            day = next((values[d] for d in clock.days if values.get(d) is not None), None)
            return self._clock(node, path, day)
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
        target = known.get(wanted)
        if target is None:
            noun = ref.collection.rstrip("s")
            hint = _did_you_mean(wanted, known) or (
                f"add it to content/{ref.collection}.yaml first" if not known else _one_of(known)
            )
            return self.problem(node, path, f'unknown {noun} "{wanted}"', hint)
        return target  # INVALID if that record had its own problems, already reported

    def _scalar(self, node: yaml.ScalarNode, tp: Any, meta: tuple[Any, ...], path: str) -> Any:
        text = node.value.strip()
        if tp is str:
            return text if text else self.problem(node, path, "is empty", "write some text")
        if tp is bool:
            # YAML 1.2 booleans only: yes/no/on/off are words, not switches, in YAML 1.2.
            if text in ("true", "false"):
                return text == "true"
            return self.problem(node, path, f'"{text}" is not true or false', "write true or false")
        if tp is model.Html:
            return model.Html(markdown.render(node.value))
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
        # Browsers ignore ASCII tabs and newlines inside a URL and treat "\" as "/": judge the
        # address as a browser would read it.
        seen = re.sub(r"[\x00-\x20\x7f]", "", text).replace("\\", "/")
        scheme = _SCHEME.match(seen)
        if scheme is not None and scheme.group(1).lower() not in _URL_SCHEMES:
            return self.problem(
                node,
                path,
                f'"{scheme.group(1)}:" addresses are not allowed',
                "write an address starting with https://, http://, mailto: or "
                "tel:, or a relative path",
            )
        if re.search(r"[\x00-\x1f\x7f\s]", text):
            return self.problem(
                node,
                path,
                "a web address cannot contain spaces or line breaks",
                "remove them, or write %20 for a space",
            )
        return model.Url(text)

    def _date(self, node: yaml.ScalarNode, text: str, path: str) -> Any:
        if _DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                return self.problem(
                    node, path, f'"{text}" is not a day of the calendar', "check the month and day"
                )
        return self.problem(
            node, path, f'"{text}" is not a date', "write it as YYYY-MM-DD, e.g. 2011-07-19"
        )

    def _zone(self, node: yaml.ScalarNode, text: str, path: str) -> Any:
        try:
            if "/" in text or text == "UTC":
                return ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            pass
        hint = _did_you_mean(text, available_timezones()) or "write a zone such as America/New_York"
        return self.problem(node, path, f'"{text}" is not a time zone', hint)

    def _clock(self, node: yaml.Node, path: str, day: Any) -> Any:
        if not isinstance(node, yaml.ScalarNode) or self._is_null(node):
            return self.problem(node, path, "should be a time", "write e.g. 9:00 AM or 13:15")
        text = node.value.strip()
        match = _CLOCK.fullmatch(text)
        parsed = _clock_value(match) if match else None
        if parsed is None:
            return self.problem(
                node, path, f'"{text}" is not a time of day', "write e.g. 9:00 AM, 09:00 or 13:15"
            )
        when = day if isinstance(day, date) else self.ctx.day
        return datetime.combine(when, parsed, tzinfo=self.ctx.timezone)


@functools.cache
def _reading_order(cls: type) -> tuple[tuple[str, Any], ...]:
    """A model class's fields in the order they are read: times of day last."""
    return tuple(
        sorted(field_hints(cls).items(), key=lambda item: _shape(item[1]).clock is not None)
    )


def _char_name(char: str) -> str:
    name = unicodedata.name(char, "") or {"\x85": "NEXT LINE"}.get(char, "control character")
    return f"U+{ord(char):04X} {name}".strip()


def _printable(text: str) -> str:
    """Text with control, format and separator characters written as escapes."""
    return "".join(
        ascii(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text
    )


def _char_at(text: str, mark: Any) -> str:
    """The character a YAML mark points at (libyaml counts lines and columns in characters)."""
    lines = _BREAK.split(text)
    if mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def _blank_after(text: str, mark: Any) -> bool:
    """Whether nothing but white space follows a YAML mark: the file ended too early."""
    lines = _BREAK.split(text)
    rest = (
        [lines[mark.line][mark.column :], *lines[mark.line + 1 :]] if mark.line < len(lines) else []
    )
    return not "".join(rest).strip()


def _clock_value(match: re.Match[str]) -> time | None:
    hour, minute, half = int(match["h"]), int(match["m"] or 0), (match["ap"] or "").lower()
    if match["m"] is None and not half:
        return None  # "9" alone: minutes or AM/PM make the intent clear
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


# -- checks that involve several fields of one record -----------------------------------------

_Check = Callable[[_Reader, yaml.Node, str, dict[str, yaml.Node], dict[str, Any]], bool]


def _check_session(
    reader: _Reader, node: yaml.Node, path: str, given: dict[str, yaml.Node], v: dict[str, Any]
) -> bool:
    ok = True
    # Compared in UTC: Python compares two times in one zone by their wall clocks, which is
    # wrong across a daylight-saving change.
    if v["end"].astimezone(UTC) <= v["start"].astimezone(UTC):
        hint = "make end later than start"
        if v["start"].hour >= 18 and v["end"].hour < 12 and v.get("end_date") is None:
            next_day = v["start"].date().toordinal() + 1
            hint += f", or add end_date: {date.fromordinal(next_day)} if it runs past midnight"
        reader.problem(
            given["end"],
            f"{path}.end",
            f"ends at {given['end'].value}, not after it starts ({given['start'].value})",
            hint,
        )
        ok = False
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
    return ok


def _check_event(
    reader: _Reader, node: yaml.Node, path: str, given: dict[str, yaml.Node], v: dict[str, Any]
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
_PRICE = re.compile(r"\d+(\.\d{1,2})?")
_CURRENCY = re.compile(r"[A-Z]{3}")


def _check_registration(
    reader: _Reader, node: yaml.Node, path: str, given: dict[str, yaml.Node], v: dict[str, Any]
) -> bool:
    ok = True
    price, currency = v.get("price"), v.get("currency")
    if price is not None and not _PRICE.fullmatch(price):
        reader.problem(given["price"], f"{path}.price", f'"{price}" is not a price',
                       "write a number such as 0, 25 or 25.00, without the currency")  # fmt: skip
        ok = False
    if currency is not None and not _CURRENCY.fullmatch(currency):
        reader.problem(given["currency"], f"{path}.currency", f'"{currency}" is not a currency '
                       "code", "write three capital letters, e.g. USD or EUR")  # fmt: skip
        ok = False
    if price is not None and currency is None:
        reader.problem(given["price"], f"{path}.price", "has no currency",
                       "add currency: USD (or the code of the currency you charge in)")  # fmt: skip
        ok = False
    return ok


_RECORD_CHECKS: dict[type, _Check] = {
    model.Session: _check_session,
    model.Event: _check_event,
    model.Registration: _check_registration,
}
