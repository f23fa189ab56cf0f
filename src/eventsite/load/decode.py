"""Decode YAML nodes into values of their annotated types: text, dates, times, records, lists.

A `Decoder` reads one node as one shape (shapes.py) and notes what it finds (`Notes`): every
problem with its place, where each field is written, each time of day as written (in the
event's zone, on the day of the record that holds it), each id it named. Reading goes on after
a problem, so that one run reports them all. It knows neither files nor what a load keeps for
the next (records.py, reuse.py), so that what it does to a node depends on the node, its shape
and its context alone: an id is resolved by refs.py, a text given once per language is chosen
by languages.py, and a record is judged by its rules (rules.py) once its fields are read. The
written forms of values (times, dates, addresses ...) are those of `forms`, which the JSON
Schema for editors' tools also carries, so the two cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from typing import Any, Literal, get_args, get_origin
from zoneinfo import ZoneInfo

import yaml
from markupsafe import Markup

from eventsite import model
from eventsite.engine.steps import digest
from eventsite.errors import Problem
from eventsite.load import markdown, refs, rules, values
from eventsite.load.languages import Languages, translatable
from eventsite.load.shapes import Record, Shape, split_annotated
from eventsite.load.sourcewords import clock_problem, field_hint
from eventsite.load.values import INVALID, did_you_mean, one_of
from eventsite.load.yamlfile import STANDARD_TAGS, Position, is_null, problem
from eventsite.model import forms

_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_YAML12_NUMBER = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
"""What YAML 1.2 tools (editors) read as a number when it is written without quotes."""


@dataclass(frozen=True)
class Context:
    """What decoding a value may depend on besides its node."""

    file: str  # as messages name it, e.g. content/agenda.yaml
    known: Mapping[str, Mapping[str, Any]]  # the records ids may name (refs.py)
    languages: Languages = Languages()
    zone: ZoneInfo = ZoneInfo("UTC")  # of every time of day, with the event's first day
    day: date = date(2000, 1, 1)
    defaults: Mapping[tuple[type, str], Any] = field(default_factory=dict)
    """Values for required fields a record leaves out: a site's time zone for its events."""
    defaults_key: str = ""  # their fingerprint
    render: Callable[[str], Markup] = markdown.render

    @cached_property  # asked for each record
    def key(self) -> str:
        """What of the context a record's reading depends on, as text."""
        spoken, tags = self.languages, ",".join(self.languages.tags)
        return (
            f"{self.zone.key}|{self.day}|{self.defaults_key}|{spoken.language}|{tags}|{spoken.sure}"
        )


@dataclass
class Notes:
    """What decoding found besides values."""

    problems: list[Problem] = field(default_factory=list)
    marks: dict[str, Position] = field(default_factory=dict)
    """Where each record and field was read, by its path (agenda[3].start)."""
    texts: dict[str, str] = field(default_factory=dict)
    """Each time of day as written (8:45 pm), by its path, for messages in the same words."""
    named: list[tuple[str, str]] = field(default_factory=list)  # each id read: collection, id
    markdown: list[str] = field(default_factory=list)  # each Markdown text read

    def add(self, other: Notes) -> None:
        """Take in what another decoder found."""
        self.problems += other.problems
        self.marks.update(other.marks)
        self.texts.update(other.texts)
        self.named += other.named
        self.markdown += other.markdown


Each = Callable[[yaml.Node, Shape, str], Any]  # how the items of a list are read


class Decoder:
    """Reads nodes against shapes in one context, noting what it finds in `notes`."""

    def __init__(self, ctx: Context, notes: Notes) -> None:
        self.ctx, self.notes = ctx, notes

    def problem(self, where: yaml.Node | Any, path: str, message: str, hint: str = "") -> Any:
        """Note a problem at a node or a YAML mark (None: the whole file); return INVALID."""
        self.notes.problems.append(problem(self.ctx.file, where, path, message, hint))
        return INVALID

    def read(
        self,
        node: yaml.Node,
        shape: Shape,
        path: str,
        day: date | None = None,
        each: Each | None = None,
    ) -> Any:
        """Read a node as `shape`, or note why it cannot be and return INVALID. `day` is the
        day of the record that holds it (a segment's session); `each` reads a list's items."""
        if node.tag not in STANDARD_TAGS:
            return self.problem(node, path, f"the tag {node.tag} is not allowed",
                                "remove it and write a plain value")  # fmt: skip
        if is_null(node):
            if shape.optional:
                return None
            return self.problem(node, path, "is empty", "write a value or remove the line")
        if isinstance(node, yaml.ScalarNode) and not values.plain(node.value):
            wrong = values.problem(node.value, values.kind(shape, path))
            if wrong is not None:
                return self.problem(node, path, *wrong)
        if shape.ref is not None and shape.item is None:
            return self._reference(node, shape.ref, path)
        if shape.item is not None:
            each = each or (lambda child, item, where: self.read(child, item, where, day))
            return self._sequence(node, shape.item, path, each)
        if shape.record is not None:
            return self._record(node, shape.record, path, day)
        if isinstance(node, yaml.MappingNode) and translatable(shape, path):
            return self._translated(node, shape, path, day)
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a set of fields"
            return self.problem(node, path, f"is {kind}, but should be a single value",
                                f"write {_describe(shape)}")  # fmt: skip
        value = self._scalar(node, shape, path)
        if (
            isinstance(value, str)
            and not value.isprintable()
            and values.kind(shape, path) == "name"
        ):
            value = values.LINE_BREAKS.sub(" ", value)  # a name or title is one line everywhere
        return value

    def _translated(self, node: yaml.MappingNode, shape: Shape, path: str, day: date | None) -> Any:
        """A text given once per language ({ko: ..., en: ...}). Every language's text is read,
        so that its mistakes are found in any reading."""
        languages, found, ok = self.ctx.languages, {}, True
        for key, value in node.value:
            written = key.value if isinstance(key, yaml.ScalarNode) else ""
            tag, wrong = languages.tag(written)
            if wrong is None and tag in found:
                wrong = f'"{written}" gives {tag} a second text', "keep one text per language"
            if wrong is not None:
                self.problem(key, f"{path}.{written}", *wrong)
                ok = False
                continue
            found[tag] = self.read(value, shape, f"{path}.{written}", day)
        if ok and not found:
            return self.problem(node, path, "is empty", "write a text for each language")
        if not ok or any(v is INVALID for v in found.values()):
            return INVALID
        return languages.pick(found)

    def _sequence(self, node: yaml.Node, item: Shape, path: str, each: Each) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.problem(node, path, "should be a list",
                                'write one item per line, each starting with "- "')  # fmt: skip
        found = [each(child, item, f"{path}[{n}]") for n, child in enumerate(node.value, 1)]
        return INVALID if any(v is INVALID for v in found) else tuple(found)

    def _record(
        self,
        node: yaml.Node,
        record: Record,
        path: str,
        day: date | None,
        defaults: Mapping[str, tuple[Any, Position]] | None = None,
    ) -> Any:
        """Read a record; `defaults` are the fields it takes from its group unless it gives them."""
        hints, marks = record.hints, self.notes.marks
        if not isinstance(node, yaml.MappingNode):
            return self.problem(node, path, "should be a set of fields (name: value)",
                                f"write fields such as {', '.join(list(hints)[:3])}")  # fmt: skip
        marks[path] = _mark(self.ctx.file, node)
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
                self.problem(key, where, f"is given twice (first on line {first})",
                             "keep one of them")  # fmt: skip
                continue
            keys[name] = key
            if name == "<<" and not key.style:
                self.problem(key, where, "YAML merge keys (<<) are not supported",
                             "write the fields out in full")  # fmt: skip
                continue
            if name not in hints:
                hint = field_hint(name, hints) or did_you_mean(name, hints) or one_of(hints)
                self.problem(key, where, f'unknown field "{name}"', hint)
                continue
            given[name] = value
            marks[where] = _mark(self.ctx.file, value)
        found: dict[str, Any] = {}
        for name, (value, place) in (defaults or {}).items():
            if name in hints and name not in given:
                found[name] = value
                marks[f"{path}.{name}"] = place  # a mistake in it is the group's line
        for name, shape in record.order:
            where = f"{path}.{name}" if path else name
            if name in given:
                found[name] = self._field(given[name], shape, where, found, day)
            elif (record.cls, name) in self.ctx.defaults and name not in found:
                found[name] = self.ctx.defaults[record.cls, name]
            elif name not in found and name in record.required:
                self.problem(node, path or name, f'missing required field "{name}"',
                             f"add {name}: {_describe(shape)}")  # fmt: skip
                found[name] = INVALID
            if name == "date" and isinstance(found.get(name), date):
                day = found[name]  # the day of the times in the records inside this one
        if any(v is INVALID for v in found.values()):
            return INVALID
        rule = rules.RULES.get(record.cls)
        if rule is not None:
            fields = rules.Fields(self.ctx.file, path, node, given, found, self.notes.texts)
            wrong, changed = rule(fields)
            self.notes.problems += wrong
            if wrong:
                return INVALID
            found.update(changed)
        return record.cls(**found)

    def _field(
        self, node: yaml.Node, shape: Shape, path: str, found: dict[str, Any], day: date | None
    ) -> Any:
        if shape.clock is not None:
            given = next((found[d] for d in shape.clock.days if found.get(d) is not None), None)
            return self._clock(node, path, given or day)
        if shape.inherits and isinstance(node, yaml.SequenceNode) and shape.item is not None:
            # The records of this list take the holder's fields read so far as their defaults.
            holder, marks = path.rsplit(".", 1)[0], self.notes.marks
            given = {n: (v, marks[f"{holder}.{n}"])
                     for n, v in found.items() if v is not None and v is not INVALID}  # fmt: skip
            item, record = shape.item, shape.item.record

            def each(child: yaml.Node, _: Shape, where: str) -> Any:
                if isinstance(child, yaml.MappingNode) and record is not None:
                    return self._record(child, record, where, day, given)
                return self.read(child, item, where, day)

            return self._sequence(node, item, path, each)
        return self.read(node, shape, path, day)

    def _reference(self, node: yaml.Node, ref: model.Ref, path: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return self.problem(node, path, f"should be the id of one of the {ref.collection}",
                                f"write an id from {ref.collection}.yaml")  # fmt: skip
        wanted = node.value.strip()  # ids are read stripped, so references are too
        self.notes.named.append((ref.collection, wanted))
        known = self.ctx.known.get(ref.collection, {})
        target, wrong = refs.resolve(known, ref.collection, wanted)
        return target if wrong is None else self.problem(node, path, *wrong)

    def _scalar(self, node: yaml.ScalarNode, shape: Shape, path: str) -> Any:
        text, tp = node.value.strip(), shape.base
        if tp is str:
            if not text:
                return self.problem(node, path, "is empty", "write some text")
            form = shape.form
            if form is not None and not form.matches(node.value):
                return self.problem(node, path, f'"{text}" is not {form.noun}', form.hint)
            return text
        if tp is bool:
            # YAML 1.2 booleans only: yes/no/on/off are words, not switches, in YAML 1.2.
            if text in ("true", "false"):
                return text == "true"
            return self.problem(node, path, f'"{text}" is not true or false', "write true or false")
        if tp is model.Html:
            self.notes.markdown.append(node.value)
            html, wrong = rendered(node.value, self.ctx.render)
            return html if wrong is None else self.problem(node, path, *wrong)
        if tp is model.Url:
            return self._url(node, text, path)
        if tp is date:
            return self._date(node, text, path)
        if tp is ZoneInfo:
            if text in forms.zones():
                return ZoneInfo(text)
            return self.problem(node, path, f'"{text}" is not a time zone', forms.zone_hint(text))
        if get_origin(tp) is Literal:
            choices = get_args(tp)
            if text in choices:
                return text
            hint = did_you_mean(text, choices) or one_of(choices)
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
            return self.problem(node, path, f'"{scheme.group(1)}:" addresses are not allowed',
                                "write an address starting with https://, http://, mailto: or "
                                "tel:, or a relative path")  # fmt: skip
        return self.problem(node, path, "a web address cannot contain spaces or line breaks",
                            "remove them, or write %20 for a space")  # fmt: skip

    def _date(self, node: yaml.ScalarNode, text: str, path: str) -> Any:
        if forms.DATE.matches(node.value):
            return date.fromisoformat(text)
        if forms.DATE_LIKE.fullmatch(text):
            return self.problem(node, path, f'"{text}" is not a day of the calendar',
                                "check the month and day")  # fmt: skip
        return self.problem(node, path, f'"{text}" is not {forms.DATE.noun}', forms.DATE.hint)

    def _clock(self, node: yaml.Node, path: str, day: Any) -> Any:
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            return self.problem(node, path, "should be a time", forms.CLOCK.hint)
        text = node.value.strip()
        if not node.style and _YAML12_NUMBER.fullmatch(text):
            # Editors' tools read YAML 1.2, where an unquoted 8.30 is the number 8.3: refuse it
            # here too, so that the editor and eventsite agree.
            fixed = text.replace(".", ":") if re.fullmatch("[0-9]{1,2}[.][0-9]{2}", text) else ""
            return self.problem(node, path, f"{text} without quotes is a number, not a time",
                                f"write {fixed}" if fixed else forms.CLOCK.hint)  # fmt: skip
        if not forms.CLOCK.matches(node.value):
            field = path.rsplit(".", 1)[-1]
            what, hint = clock_problem(text, field) or (
                f'"{text}" is not {forms.CLOCK.noun}', forms.CLOCK.hint)  # fmt: skip
            return self.problem(node, path, what, hint)
        when = day if isinstance(day, date) else self.ctx.day
        self.notes.texts[path] = text
        return datetime.combine(when, _clock_value(text), tzinfo=self.ctx.zone)


def _mark(file: str, node: yaml.Node) -> Position:
    return file, node.start_mark.line + 1, node.start_mark.column + 1


def _describe(shape: Shape) -> str:
    """What to write for a value of this shape, for hints."""
    if shape.clock is not None:
        return "a time such as 9:00 AM or 13:15"
    if get_origin(shape.base) is Literal:
        return "one of " + ", ".join(get_args(shape.base))
    if shape.record is not None:
        hints = shape.record.hints
        needed = [f"{n}:" for n in sorted(shape.record.required, key=list(hints).index)]
        some = [f"{n}:" for n, hint in hints.items()
                if any(isinstance(m, model.AnyOf) for m in split_annotated(hint)[1])]  # fmt: skip
        if some:  # one or more of them: "name: or locality:"
            needed.append(" or ".join(some))
        return f"with {', '.join(needed)} indented below it"
    known = {date: "a date as YYYY-MM-DD", model.Url: "a web address", bool: "true or false"}
    return known.get(shape.base, "some text")


def markdown_key(text: str) -> str:
    """Where a build's memo keeps a Markdown text as rendered."""
    return digest("markdown", text)


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


def _clock_value(text: str) -> time:
    """The time of a text written in `forms.CLOCK`'s form."""
    digits = re.findall("[0-9]+", text)
    hour, minute = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
    half = next((c for c in text.lower() if c in "ap"), "")
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return time(hour, minute)
