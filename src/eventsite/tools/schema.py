"""Describe the content files for editors' tools and people: JSON Schema and the guide's tables.

Both come from the model's annotations, the same ones the loader validates with, so neither can
drift from what the loader accepts. yaml-language-server (VS Code's YAML extension and others)
reads the schemas through the first line of each content file and completes and checks fields
as the editor types.

The loader reads every scalar as the text written, so a text field here also accepts what a
YAML 1.2 tool reads as a number or a boolean (`title: 1984` is a title). What JSON Schema cannot
say is left to the loader: ids that must exist in another file, times that must follow each
other, a time zone that must exist in the time zone database; docs/editing.md lists them.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, get_args, get_origin
from zoneinfo import ZoneInfo

from eventsite import model
from eventsite.load.shapes import field_hints, optional_inner, split_annotated
from eventsite.model import forms
from eventsite.model.site import SITE_GIVES, SITE_ONLY

DRAFT = "http://json-schema.org/draft-07/schema#"
"""Draft 7: the newest draft that yaml-language-server supports in full."""

FILES: dict[str, tuple[Any, str]] = {
    "event": (model.Event, "The event itself: title, day(s), time zone, organiser, venue."),
    "agenda": (
        tuple[model.Session, ...],
        "One entry per slot, in time order, or groups of slots (sessions: ...) that share a "
        "track, room, venue or day; or one such group. Also each file in content/agenda/.",
    ),
    "speakers": (tuple[model.Speaker, ...], "Everyone who appears, once each, with an id."),
    "panels": (tuple[model.Panel, ...], "Panels: title, moderator and panelists."),
    "publications": (tuple[model.Publication, ...], "Related publications."),
    "courses": (tuple[model.Course, ...], "Related courses."),
    "site": (
        model.SiteInfo,
        "A site of events: the organisation, the site's address, its navigation and series; "
        "the time zone and venue of events that name none.",
    ),
}
"""Each content file (content/NAME.yaml), what it holds, and what it is for."""

SITE_EVENT = "site-event"
"""The schema of content/events/<name>/event.yaml in a site of events: event.yaml's own, but
for the fields the site may give (site.yaml's time zone, organiser and venue)."""

TEXT_TYPES = ["string", "number", "boolean"]


def _form(form: forms.Form, types: str | list[str] = "string") -> dict[str, Any]:
    """A value written in one of the loader's forms, with the loader's words for a mistake."""
    return {"type": types, "pattern": form.pattern, "patternErrorMessage": form.message}


def _zone() -> dict[str, Any]:
    return {"type": "string", "enum": list(forms.zones()),
            "errorMessage": f"Not a time zone: {forms.ZONE_HINT}."}  # fmt: skip


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of content/NAME.yaml (or of an event of a site of events)."""
    if name == SITE_EVENT:
        data = schema("event")
        data["title"] = "content/events/<name>/event.yaml"
        data["description"] = (
            "One event of a site of events. The time zone, organizer and venue may be left "
            "out when content/site.yaml gives them."
        )
        data["required"] = [r for r in data["required"] if r not in SITE_GIVES]
        for field in SITE_ONLY:  # refused by the loader too: offered nowhere
            data["properties"].pop(field)
        # The site's venue stands in for one an event leaves out: only the refusals stay.
        data["allOf"] = [
            rule for rule in data.get("allOf", [])
            if "anyOf" not in rule or not set(rule["anyOf"][-1]["required"]) <= set(SITE_GIVES)
        ]  # fmt: skip
        return data
    tp, about = FILES[name]
    definitions: dict[str, Any] = {}
    root: dict[str, Any]
    if name == "agenda":
        root = _agenda(definitions)
    elif get_origin(tp) is tuple:
        root = {
            # An empty file, or one holding only comments, is an empty list.
            "type": ["array", "null"],
            "items": _type(get_args(tp)[0], (), definitions),
        }
    else:
        root = _object(tp, definitions)
    head = {"$schema": DRAFT, "title": f"content/{name}.yaml", "description": about}
    return {**head, **root, **({"definitions": definitions} if definitions else {})}


def _agenda(definitions: dict[str, Any]) -> dict[str, Any]:
    """An agenda file: a list of sessions and groups of sessions, or a single group.

    An item with `sessions:` is a group; if/then/else (not anyOf) lets an editor's tool report
    the mistakes of the one shape meant, not of both.
    """
    session = _type(model.Session, (), definitions)
    group = _type(model.Group, (), definitions)
    item = {"if": {"type": "object", "required": ["sessions"]}, "then": group, "else": session}
    return {
        "type": ["array", "object", "null"],
        "if": {"type": "object"},
        "then": group,
        "else": {"items": item},
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write NAME.schema.json for every content file into a folder; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in (*FILES, SITE_EVENT):
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n")
        written.append(path)
    return written


def modeline(name: str, schema_folder: str = "../schema") -> str:
    """The first line of content/NAME.yaml, which points editors' tools at its schema."""
    return f"# yaml-language-server: $schema={schema_folder}/{name}.schema.json"


class Field(NamedTuple):
    """One field of a record, as the schema, the guide's tables and `eventsite new` show it."""

    name: str
    hint: Any  # the annotated type, as the loader reads it
    base: Any
    meta: tuple[Any, ...]
    doc: str
    required: bool
    default: Any  # None unless worth saying (not None, () or a factory's)


def fields(cls: type) -> list[Field]:
    """The fields of a model record, in order."""
    found = []
    for spec in dataclasses.fields(cls):
        hint = field_hints(cls)[spec.name]
        base, meta = split_annotated(hint)
        doc = next((m.text for m in meta if isinstance(m, model.Doc)), "")
        required = spec.default is spec.default_factory is dataclasses.MISSING
        default = None if spec.default in ((), dataclasses.MISSING) else spec.default
        found.append(Field(spec.name, hint, base, meta, doc, required, default))
    return found


def _object(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for field in fields(cls):
        prop = {"description": field.doc} if field.doc else {}
        prop.update(_type(field.base, field.meta, definitions, per_language=field.name != "id"))
        if field.default is not None:
            prop["default"] = field.default
        properties[field.name] = prop
    result: dict[str, Any] = {"type": "object", "properties": properties}
    required = [field.name for field in fields(cls) if field.required]
    if required:
        result["required"] = required
    any_of = [f.name for f in fields(cls) if any(isinstance(m, model.AnyOf) for m in f.meta)]
    if any_of:  # one or more of them: a venue's name, its city, or both
        result["anyOf"] = [{"required": [name]} for name in any_of]
    result["additionalProperties"] = False
    either = [(f.name, m.other) for f in fields(cls) for m in f.meta if isinstance(m, model.Either)]
    for name, other in either:
        # One of the two, not both: a value of null counts as not given.
        result["anyOf"] = [
            {"required": [name], "properties": {name: {"not": {"type": "null"}},
                                                other: {"type": "null"}}},
            {"required": [other], "properties": {other: {"not": {"type": "null"}},
                                                 name: {"type": "null"}}},
        ]  # fmt: skip
    rules: list[dict[str, Any]] = []
    for field in fields(cls):
        marks = [m for m in field.meta if isinstance(m, model.Unless)]
        if not marks:
            continue
        # Required unless another field has its value (attendance: online, venue_published:
        # false), and refused with each of them (null: not given).
        name, cases = (
            field.name,
            [{"required": [m.other], "properties": {m.other: {"const": m.value}}} for m in marks],
        )
        rules += [{"if": case, "then": {"properties": {name: {"type": "null"}}}} for case in cases]
        needed = {"required": [name], "properties": {name: {"not": {"type": "null"}}}}
        rules.append({"anyOf": [*cases, needed]})
    if rules:
        result["allOf"] = rules
    return result


def _type(
    tp: Any, meta: tuple[Any, ...], definitions: dict[str, Any], per_language: bool = False
) -> dict[str, Any]:
    """The schema of a value; `per_language`: a text may be given once per language, as the
    loader reads it (records._translatable)."""
    inner = optional_inner(tp)
    if inner is not None:
        return _nullable(_type(inner, meta, definitions, per_language))
    if get_origin(tp) is tuple:
        return {"type": "array", "items": _type(get_args(tp)[0], meta, definitions, per_language)}
    if any(isinstance(m, model.Ref) for m in meta):
        return _form(forms.TEXT, TEXT_TYPES)
    if any(isinstance(m, model.Clock) for m in meta):
        # Type errors too get the loader's words: an unquoted 8.30 is a number to the editor.
        return {**_form(forms.CLOCK), "errorMessage": forms.CLOCK.message}
    form = next((m for m in meta if isinstance(m, forms.Form)), None)
    if form is not None:
        return _form(form)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        key = tp.__name__
        if key not in definitions:
            definitions[key] = {}  # reserve the name first: records may nest
            definitions[key] = _object(tp, definitions)
        return {"$ref": f"#/definitions/{key}"}
    if get_origin(tp) is Literal:
        return {"enum": list(get_args(tp))}
    simple: dict[Any, dict[str, Any]] = {
        str: _form(forms.TEXT, TEXT_TYPES),
        model.Html: {"type": TEXT_TYPES},
        model.Url: _form(forms.URL),
        date: _form(forms.DATE),
        ZoneInfo: _zone(),
        bool: {"type": "boolean"},
    }
    if tp in (str, model.Html) and per_language:
        # title: {ko: ..., en: ...}: which languages the event has is the loader's to say.
        key = "TextPerLanguage" if tp is str else "MarkdownPerLanguage"
        definitions[key] = {
            "type": "object", "minProperties": 1, "additionalProperties": simple[tp],
            "propertyNames": _form(forms.LANGUAGE),
            "description": "The text once per language of the event, e.g. {ko: ..., en: ...}",
        }  # fmt: skip
        return {"anyOf": [simple[tp], {"$ref": f"#/definitions/{key}"}]}
    if tp in simple:
        return dict(simple[tp])
    raise TypeError(f"eventsite bug: no JSON Schema for {tp!r}")


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return {**schema, "type": [*types, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


# -- the guide's field tables ----------------------------------------------------------------


def describe(tp: Any) -> str:
    """What to write for a field of this type, in words for editors."""
    base, meta = split_annotated(tp)
    inner = optional_inner(base)
    if inner is not None:
        return describe(Annotated[inner, *meta] if meta else inner)
    ref = next((m for m in meta if isinstance(m, model.Ref)), None)
    if get_origin(base) is tuple:
        item = get_args(base)[0]
        if ref is not None:
            return f"a list of {ref.collection.rstrip('s')} ids"
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return f"a list of entries ({item.__name__.lower()} below)"
        return f"a list of {describe(item).removeprefix('a ').removeprefix('some ')}s"
    if ref is not None:
        return f"a {ref.collection.rstrip('s')} id"
    if any(isinstance(m, model.Clock) for m in meta):
        return "a time, e.g. 9:00 AM or 13:15"
    if isinstance(base, type) and dataclasses.is_dataclass(base):
        return f"fields ({base.__name__.lower()} below)"
    if get_origin(base) is Literal:
        return "one of " + ", ".join(f"`{c}`" for c in get_args(base))
    words = {
        str: "some text",
        model.Html: "Markdown text",
        model.Url: "a web address",
        date: "a date, YYYY-MM-DD",
        ZoneInfo: "a time zone name",
        bool: "true or false",
    }
    return words[base]


def field_table(cls: type) -> str:
    """A Markdown table of a record's fields: name, whether required, what to write, meaning."""
    rows = ["| field | required | what to write | meaning |", "| --- | --- | --- | --- |"]
    for f in fields(cls):
        doc = f.doc.replace("|", "\\|") + (
            f" Default: `{f.default}`." if f.default is not None else ""
        )
        rows.append(
            f"| `{f.name}` | {'yes' if f.required else 'no'} | {describe(f.hint)} | {doc} |"
        )
    return "\n".join(rows)


def records(name: str) -> list[type]:
    """The record classes of content/NAME.yaml, the file's own first, then those nested in it."""
    tp = FILES[name][0]
    root = get_args(tp)[0] if get_origin(tp) is tuple else tp
    found: list[type] = []

    def visit(cls: type) -> None:
        if cls in found:
            return
        found.append(cls)
        for field in fields(cls):
            base = optional_inner(field.base) or field.base
            if get_origin(base) is tuple:
                base = get_args(base)[0]
            if dataclasses.is_dataclass(base) and not any(
                isinstance(m, model.Ref) for m in field.meta
            ):
                visit(base)  # type: ignore[arg-type]

    visit(root)
    if name == "agenda":
        visit(model.Group)  # a list of sessions may hold groups of sessions
    return found


_FIELDS = re.compile(r"(<!-- fields: (\w+) -->\n).*?(<!-- /fields -->)", re.DOTALL)


def update_guide(text: str) -> str:
    """The guide with each `<!-- fields: NAME -->` block replaced by that file's field tables."""

    def tables(match: re.Match[str]) -> str:
        parts = []
        for number, cls in enumerate(records(match[2])):
            if number:
                parts.append(f"Each `{cls.__name__.lower()}` entry has these fields:\n")
            parts.append(field_table(cls) + "\n")
        return match[1] + "\n".join(parts) + match[3]

    return _FIELDS.sub(tables, text)
