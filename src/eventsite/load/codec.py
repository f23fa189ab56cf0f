"""Records as JSON and back, by the model's annotations (shapes.py): how the cache keeps a file.

A record is a JSON object of the fields that differ from their defaults; a record another file
holds (a speaker a slot names) is kept as its id and found again among the records known when
the file is read back, so an edit to that record reaches every file that names it. Anything
the annotations do not describe, or an id no longer known, raises `Unkept`: the file is then
read from its text, as if it had never been kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from eventsite import model
from eventsite.load.shapes import Shape
from eventsite.load.values import INVALID

Defaults = Mapping[tuple[type, str], Any]  # what records take when they leave a field out


class Unkept(Exception):
    """A value the cache cannot keep, or a kept one that cannot be read back."""


def dump(value: Any, shape: Shape, defaults: Defaults) -> Any:
    """A value of `shape` as JSON data."""
    if value is None:
        return None
    if shape.ref is not None and shape.item is None:
        return str(value.id)
    if shape.item is not None:
        return [dump(item, shape.item, defaults) for item in value]
    record = shape.record
    if record is not None:
        found = {}
        for name, inner in record.order:
            given, default = getattr(value, name), defaults.get((record.cls, name), _NONE)
            if given is default or (default is _NONE and given == record.defaults.get(name, _NONE)):
                continue  # left out: read back as the default again
            found[name] = dump(given, inner, defaults)
        return found
    base = shape.base
    if base is datetime and isinstance(value.tzinfo, ZoneInfo) and not value.fold:
        return [value.replace(tzinfo=None).isoformat(), value.tzinfo.key]
    if base is date and type(value) is date:
        return value.isoformat()
    if base is ZoneInfo:
        return value.key
    if isinstance(value, str | bool) and (isinstance(value, Markup) == (base is model.Html)):
        return str(value) if isinstance(value, str) else value
    raise Unkept(f"{shape.name}: {type(value).__name__}")


def load(
    data: Any, shape: Shape, known: Mapping[str, Mapping[str, Any]], defaults: Defaults
) -> Any:
    """A value of `shape` read back from `dump`'s data; ids are found in `known`."""
    if data is None:
        return None
    if shape.ref is not None and shape.item is None:
        target = known.get(shape.ref.collection, {}).get(data)
        if target is None or target is INVALID:  # gone, or unreadable: read the text
            raise Unkept(f"{shape.ref.collection}: {data}")
        return target
    if shape.item is not None:
        return tuple(load(item, shape.item, known, defaults) for item in data)
    record = shape.record
    if record is not None:
        found = {name: load(value, record.shapes[name], known, defaults)
                 for name, value in data.items()}  # fmt: skip
        for (cls, name), value in defaults.items():
            if cls is record.cls and name not in found:
                found[name] = value
        return record.cls(**found)
    base = shape.base
    if base is datetime:
        return datetime.fromisoformat(data[0]).replace(tzinfo=ZoneInfo(data[1]))
    if base is date:
        return date.fromisoformat(data)
    if base is ZoneInfo:
        return ZoneInfo(data)
    return Markup(data) if base is model.Html else data  # noqa: S704 - sanitised when kept


_NONE = object()  # no default
