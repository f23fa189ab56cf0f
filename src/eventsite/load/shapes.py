"""The model's annotations, read once at import: what reading each field of each record involves.

Whether a value may be left out, is a list, a record, the id of a record elsewhere or a time of
day depends on the model alone; so it is worked out once, for every record a content file may
hold, and handed down as the decoder descends: nothing is looked up by type while reading. The
JSON Schema (tools/schema.py) reads the same annotations through `field_hints`,
`split_annotated` and `optional_inner`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from eventsite import model
from eventsite.model import forms


@dataclass(frozen=True)
class Shape:
    """What reading a node as one annotated type involves."""

    name: str  # the type as text: part of a kept record's key (reuse.py)
    base: Any  # the type without its annotations, and without None if it may be left out
    meta: tuple[Any, ...]
    optional: bool
    ref: model.Ref | None
    item: Shape | None  # of a list: its items' shape, with the list's annotations
    record: Record | None  # of a record (not one named by id): its fields
    clock: model.Clock | None
    inherits: bool
    form: forms.Form | None


@dataclass(frozen=True)
class Record:
    """A model class's fields, as the decoder reads them."""

    cls: type
    hints: Mapping[str, Any]  # each field's annotated type, in the order the class gives them
    order: tuple[tuple[str, Shape], ...]
    """The fields in the order they are read: a list that inherits the others after them, and
    times of day last (the date fields they fall on are read first)."""
    required: frozenset[str]  # the fields without a default
    shapes: Mapping[str, Shape]  # each field's shape, by name
    defaults: Mapping[str, Any]  # each field's default, if it has one


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


def field_hints(cls: type) -> Mapping[str, Any]:
    """The annotated types of a class's fields (a content record's, from RECORDS)."""
    record = RECORDS.get(cls)
    return record.hints if record else typing.get_type_hints(cls, include_extras=True)


def shape(tp: Any, records: dict[type, Record] | None = None) -> Shape:
    """What reading a node as `tp` involves (a record's fields are those of RECORDS)."""
    base, meta = split_annotated(tp)
    inner = optional_inner(base)
    base = base if inner is None else inner
    ref = next((m for m in meta if isinstance(m, model.Ref)), None)
    item = None
    if get_origin(base) is tuple:
        item = shape(Annotated[get_args(base)[0], *meta] if meta else get_args(base)[0], records)
    record = None
    if dataclasses.is_dataclass(base) and ref is None:
        record = RECORDS[base] if records is None else _record(base, records)  # type: ignore[index,arg-type]
    return Shape(
        name=str(tp),
        base=base,
        meta=meta,
        optional=inner is not None,
        ref=ref,
        item=item,
        record=record,
        clock=next((m for m in meta if isinstance(m, model.Clock)), None),
        inherits=any(isinstance(m, model.Inherits) for m in meta),
        form=next((m for m in meta if isinstance(m, forms.Form)), None),
    )


def _record(cls: type, records: dict[type, Record]) -> Record:
    if cls not in records:
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = [(name, shape(tp, records)) for name, tp in hints.items()]
        missing, defaults = dataclasses.MISSING, {}
        for f in dataclasses.fields(cls):
            if f.default is not missing:
                defaults[f.name] = f.default
            elif f.default_factory is not missing:
                defaults[f.name] = f.default_factory()
        required = frozenset(f.name for f in dataclasses.fields(cls) if f.name not in defaults)
        order = sorted(fields, key=lambda field: (field[1].inherits, field[1].clock is not None))
        records[cls] = Record(cls, hints, tuple(order), required, dict(fields), defaults)
    return records[cls]


def _records() -> dict[type, Record]:
    """Every record a content file may hold, from those at the top of one."""
    found: dict[type, Record] = {}
    for cls in (model.Event, model.SiteInfo, model.Speaker, model.Panel, model.Session,
                model.Group, model.Publication, model.Course):  # fmt: skip
        _record(cls, found)
    return found


RECORDS: Mapping[type, Record] = _records()
"""Each model class's fields as the decoder reads them: a constant, made from the model."""
