"""Read one content file safely into YAML nodes that keep their line and column.

The bytes are checked before YAML sees them (a regular file of the project, its size, encoding,
invisible characters); the text is composed into nodes without YAML 1.1's implicit typing, so
every scalar stays the text the editor wrote; aliases and unknown tags are refused. Every
problem becomes a Problem at the place the editor should look, never an exception. The dev
server composes again only the entries of a top-level list that changed (`compose_entries`).
"""

from __future__ import annotations

import functools
import re
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eventsite.errors import Problem
from eventsite.load.files import LINE_BREAK, read_file, read_text
from eventsite.load.sourcewords import colon_space
from eventsite.text import printable

NULLS = {"", "~", "null", "Null", "NULL"}
STANDARD_TAGS = {
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
Position = tuple[str, int, int]
"""A file, a line and a column, counted from 1."""

_LONG_QUOTE = re.compile(r'"([^"]{40})[^"]{20,}"')


class _Loader(yaml.CSafeLoader):
    """LibYAML's loader without YAML 1.1's implicit typing, which the reader never uses.

    Scalars are read as the text the editor wrote; guessing whether each of them is a number,
    a date or a boolean was a third of the time spent composing a big file.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _PLAIN_TAGS[kind]


@dataclass(frozen=True)
class Entry:
    """An entry of a file's top-level list as composed: its node, its text (from its "- " to
    the next entry's), the line it starts on, and where that text starts as its node's marks
    count (a file's entries may come from several compositions: see `compose_entries`)."""

    node: yaml.Node
    text: str
    line: int
    at: int
    breaks: int  # the line breaks in its text

    def said(self, node: yaml.Node) -> str:
        """The text of this entry's node, or of a node inside it."""
        return self.text[node.start_mark.index - self.at : node.end_mark.index - self.at]


@dataclass(frozen=True)
class Document:
    """One content file as read: its text, and its root node (None when empty or unreadable),
    composed when first asked for: a file an earlier build kept is never composed."""

    shown: str  # the path as messages show it, e.g. content/agenda.yaml
    text: str | None
    unread: tuple[Problem, ...] = ()  # why the text could not be read, if it could not
    before: tuple[Entry, ...] | None = field(default=None, compare=False, repr=False)
    """The dev server's: the entries of the same file as its last load composed them, whose
    nodes are taken again where their text and line are unchanged (None: a build's, which
    composes the whole file and keeps no entries)."""

    @functools.cached_property
    def _composed(self) -> tuple[yaml.Node | None, tuple[Problem, ...], dict[yaml.Node, Entry]]:
        problems = list(self.unread)
        if self.text is None:
            return None, tuple(problems), {}
        root, entries = compose_entries(self.text, self.shown, problems, self.before)
        return root, tuple(problems), {entry.node: entry for entry in entries or ()}

    @property
    def root(self) -> yaml.Node | None:
        """The file's root node."""
        return self._composed[0]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Why the file cannot be read, if it cannot."""
        return self._composed[1]

    def entries(self) -> tuple[Entry, ...]:
        """The entries of its top-level list, if it was composed entry by entry (it is not
        composed for them)."""
        composed = self.__dict__.get("_composed")
        return tuple(composed[2].values()) if composed is not None else ()

    def said(self, node: yaml.Node, entry: yaml.Node | None = None) -> str:
        """The text of a node as written: the root, an entry of its top-level list, or a node
        inside the entry `entry`."""
        found = self._composed[2].get(entry or node)
        if found is not None:
            return found.said(node)
        return (self.text or "")[node.start_mark.index : node.end_mark.index]


def problem(shown: str, where: yaml.Node | Any, path: str, message: str, hint: str = "") -> Problem:
    """A problem at a node or a YAML mark (None: the whole file) of the file `shown`."""
    mark = where.start_mark if isinstance(where, yaml.Node) else where
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    # Messages quote what the editor wrote: keep them on one line, free of terminal escapes
    # and invisible characters, and short.
    message = printable(_LONG_QUOTE.sub(r'"\1…"', message))
    return Problem(shown, line, column, printable(path), message, printable(hint))


def is_null(node: yaml.Node) -> bool:
    """Whether a node is YAML's null: empty, ~ or null, written plain."""
    # A plain scalar's style is None from the pure-Python parser and "" from LibYAML.
    plain = isinstance(node, yaml.ScalarNode) and not node.style
    return plain and node.value in NULLS


def read_document(
    path: Path,
    shown: str,
    required: bool,
    last: Document | None = None,
    data: bytes | None = None,
    keep: bool = False,
) -> Document:
    """Read one YAML content file (of `data`, its bytes if read already), to be composed when
    its nodes are asked for; `last`, the same file read before, is taken as it is if the text
    has not changed (nodes are never changed once composed). With `keep` (the dev server's),
    it is composed entry by entry, the unchanged entries of `last` taken again."""
    problems: list[Problem] = []
    data = read_file(path, shown, problems, required) if data is None else data
    if data is None:
        return Document(shown, None, tuple(problems))
    if last is not None and last.text is not None:
        # Bytes that decode to the text read last are that text, checked when it was read.
        with suppress(UnicodeDecodeError):
            if data.decode("utf-8-sig") == last.text:
                return last
    text, before = read_text(path, shown, required, problems, data), None
    if keep:
        before = last.entries() if last is not None else ()
    return Document(shown, text, tuple(problems), before)


MAX_ENTRIES = 50_000
"""The most entries a content file's list may hold: five times the sessions of the largest
event the benchmark builds (10,000). A file under the size limit could hold 420,000, which
took 91 s and 2.5 GB to read (a MemoryError under a 2 GB limit) before a line was said."""
COUNT_ABOVE = 1_000_000
"""A text longer than this many characters has its entries counted before it is composed."""


def too_many_entries(text: str) -> bool:
    """Whether the text's top-level list holds more than MAX_ENTRIES entries: counted from the
    parser's events, stopping at the limit, so the answer costs a fraction of reading it."""
    depth = entries = 0
    for event in yaml.parse(text, Loader=_Loader):
        if depth == 1 and isinstance(event, yaml.NodeEvent):  # an entry (or a key, a value)
            entries += 1
            if entries > MAX_ENTRIES:
                return True
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


def compose(text: str, shown: str, problems: list[Problem]) -> yaml.Node | None:
    """The text's root node, or None if it is empty or cannot be read (problems noted)."""
    try:
        if len(text) > COUNT_ABOVE and too_many_entries(text):
            problems.append(problem(shown, None, "", f"has more than {MAX_ENTRIES:,} entries, "
                                    "more than any event needs", "split the list, or remove "
                                    "entries no page shows"))  # fmt: skip
            return None
        try:
            node = yaml.compose(text, Loader=_Loader)
        except (yaml.YAMLError, RecursionError):
            # A file that does not compose may hold an alias too: that is the problem to
            # report, as when aliases were looked for before composing.
            if "*" in text and _refuse_aliases(text, shown, problems):
                return None
            raise
        # Looking for aliases takes a second parse of the file: only when one may be there.
        # An alias shares its anchor's node, and there is none without an anchor (&).
        shared = node is not None and "&" in text and _has_alias(node)
        if "*" in text and shared and _refuse_aliases(text, shown, problems):
            return None
    except yaml.MarkedYAMLError as exc:
        problems.append(_yaml_problem(exc, text, shown))
    except yaml.YAMLError as exc:  # errors without a position: keep the first line
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        problems.append(
            problem(shown, None, "", f"YAML cannot be read: {first}", "check the file's characters")
        )
    except RecursionError:
        problems.append(problem(shown, None, "", "is nested too deeply", "flatten the structure"))
    else:
        # A file holding only "---", "~" or "null" is as empty as an empty file.
        return None if node is not None and is_null(node) else node
    return None


def compose_entries(
    text: str, shown: str, problems: list[Problem], last: tuple[Entry, ...] | None
) -> tuple[yaml.Node | None, tuple[Entry, ...] | None]:
    """The text's root node (see `compose`); with `last` (the dev server's), the entries of its
    top-level list too, while it is certain that they compose one by one as they compose
    together (`_certain`). Then only the runs of entries whose text or line changed since
    `last` are composed, each run at its lines; the others are taken from `last`."""
    if last is None:
        return compose(text, shown, problems), None
    chunks = _chunks(text)
    split = _split(text, chunks, last) if chunks and last else None
    if split is not None:
        return split
    root = compose(text, shown, problems)
    if problems or not isinstance(root, yaml.SequenceNode) or not _certain("\n" + text):
        return root, None
    head = text[: len(text) - sum(map(len, chunks))]
    return root, _placed(root.value, chunks, len(head), head.count("\n"))


_OTHER_START = re.compile(r"\n[^\s#-]")
_ANCHOR = re.compile(r"(?<![^\s\[{,:])&[\w-]")
_UNSURE = ("\t", "\ufeff", "\x85", "\u2028", "\u2029")


def _certain(text: str) -> bool:
    """Whether the entries of a top-level list written in `text` (after a line break) compose
    one by one as they compose together: each line that starts with anything but a space or a
    comment starts an entry ("- "), not a document marker, a directive or a key beside the list;
    no tab, byte-order mark or line break but \\n and \\r\\n; no anchor (two could share a name)."""
    if any(char in text for char in _UNSURE) or _OTHER_START.search(text):
        return False
    if text.count("\n-") != text.count("\n- ") or text.count("\r") != text.count("\r\n"):
        return False
    return "&" not in text or _ANCHOR.search(text) is None


def _chunks(text: str) -> list[str]:
    """The text of each entry of a top-level list, from its "- " at a line's start to the next
    one's (none if there are more than MAX_ENTRIES): what comes before the first is its head."""
    starts = [0] if text.startswith("- ") else []
    at = text.find("\n- ")
    while at >= 0 and len(starts) <= MAX_ENTRIES:
        starts.append(at + 1)
        at = text.find("\n- ", at + 1)
    if not starts or len(starts) > MAX_ENTRIES:
        return []
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]


def _split(
    text: str, chunks: list[str], last: tuple[Entry, ...]
) -> tuple[yaml.Node, tuple[Entry, ...]] | None:
    """The root and entries of a top-level list: those of `last` whose text and line are
    unchanged, and the others composed by runs; None if that is not certain."""
    head = text[: len(text) - sum(map(len, chunks))]
    if not _certain("\n" + head):
        return None
    kept = {(entry.text, entry.line): entry for entry in last}
    line, lines, found = head.count("\n"), [], []
    for chunk in chunks:
        old = kept.get((chunk, line))
        if old is None and not _certain(chunk):
            return None
        lines.append(line)
        found.append(old)
        line += old.breaks if old is not None else chunk.count("\n")
    entries: list[Entry] = []
    while len(entries) < len(chunks):
        first = len(entries)
        kept_entry = found[first]
        if kept_entry is not None:
            entries.append(kept_entry)
            continue
        end = next((n for n in range(first, len(found)) if found[n] is not None), len(found))
        try:  # the run at its lines: its marks' lines and columns are the file's
            node = yaml.compose("\n" * lines[first] + "".join(chunks[first:end]), Loader=_Loader)
        except (yaml.YAMLError, RecursionError):
            return None  # composed whole, the file says why
        nodes = node.value if isinstance(node, yaml.SequenceNode) else []
        run = _placed(nodes, chunks[first:end], lines[first], lines[first])
        if run is None:
            return None
        entries += run
    # The marks LibYAML gives a whole file's list: from its first "- " to the end of the text,
    # at the start of the line after it (LibYAML ends a text with a line break if it has none).
    opens = yaml.Mark("<unicode string>", len(head), lines[0], 0, None, 0)  # no buffer: no snippet
    ends = yaml.Mark("<unicode string>", len(text), line + (not text.endswith("\n")), 0, None, 0)
    nodes = [entry.node for entry in entries]
    root = yaml.SequenceNode(_PLAIN_TAGS[yaml.SequenceNode], nodes, opens, ends, False)
    return root, tuple(entries)


def _placed(
    nodes: list[yaml.Node], chunks: list[str], at: int, line: int
) -> tuple[Entry, ...] | None:
    """The entries written in `chunks` from the line `line` on, composed as `nodes`, whose marks
    count the first chunk's start as `at`; None unless there is a node for each chunk."""
    if len(nodes) != len(chunks):
        return None
    entries = []
    for node, chunk in zip(nodes, chunks, strict=True):
        breaks = chunk.count("\n")
        entries.append(Entry(node, chunk, line, at, breaks))
        at, line = at + len(chunk), line + breaks
    return tuple(entries)


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


def _refuse_aliases(text: str, shown: str, problems: list[Problem]) -> bool:
    # Aliases let a few lines expand into millions of values (an "alias bomb"), and a shared
    # node has no single place to report a problem at: content is written out. The first one
    # is reported: a bomb holds hundreds, and one line says what to do.
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            message = "YAML aliases (*name) are not supported"
            problems.append(
                problem(shown, event.start_mark, "", message, "write the value out in full")
            )
            return True
    return False


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str, shown: str) -> Problem:
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
    elif "mapping values are not allowed" in what and _spaced_time(text, mark):
        message, hint = _spaced_time(text, mark) or ("", "")
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
    return problem(shown, mark, "", f"YAML syntax error: {message}", hint)


def _spaced_time(text: str, mark: Any) -> tuple[str, str] | None:
    """A time typed with a space after its colon ("7: 30 AM"), if the mark is at one."""
    lines = LINE_BREAK.split(text)
    return colon_space(lines[mark.line], mark.column) if mark.line < len(lines) else None


def _char_at(text: str, mark: Any) -> str:
    """The character a YAML mark points at (libyaml counts lines and columns in characters)."""
    lines = LINE_BREAK.split(text)
    if mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def _blank_after(text: str, mark: Any) -> bool:
    """Whether nothing but white space follows a YAML mark: the file ended too early."""
    lines = LINE_BREAK.split(text)
    rest = (
        [lines[mark.line][mark.column :], *lines[mark.line + 1 :]] if mark.line < len(lines) else []
    )
    return not "".join(rest).strip()
