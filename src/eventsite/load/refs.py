"""References: the records a load has read, by collection and id, and an id resolved to its record.

A list file's records are known by their ids once it is read; a field that names a
record of another file is resolved against them (`resolve`), or is one line naming the nearest id.
A file that could not be read at all makes its collection `Unreadable`: references to it are not
judged, so that its one real problem is not buried under one line per reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from eventsite.errors import Problem
from eventsite.load.values import INVALID, did_you_mean, one_of
from eventsite.load.yamlfile import problem

_HOME = {"venues": "add it under venues: in content/event.yaml, with id: and its address"}
"""Where to add a record that a reference names, for collections not in a file of their own."""


class Unreadable(dict[str, Any]):
    """The records of a file that could not be read; references to them are not judged."""


def resolve(
    known: Mapping[str, Any], collection: str, wanted: str
) -> tuple[Any, tuple[str, str] | None]:
    """The record an id names (INVALID if that record had its own problems, already reported),
    or INVALID and why (message, hint), unless references to its file are not judged."""
    target = known.get(wanted)
    if target is not None or isinstance(known, Unreadable):
        return INVALID if target is None else target, None
    noun = {"series": "series"}.get(collection, collection.rstrip("s"))
    where = {"series": "series in content/site.yaml"}.get(collection, f"content/{collection}.yaml")
    hint = did_you_mean(wanted, known) or (
        _HOME.get(collection, f"add it to {where} first") if not known else one_of(known)
    )
    return INVALID, (f'unknown {noun} "{wanted}"', hint)


def ids(shown: str, node: yaml.Node, root: str) -> tuple[list[str], list[Problem]]:
    """The ids a list file gives its entries, whether or not the entries read cleanly (so that
    references to them are not reported too); and a line for each id given twice."""
    first: dict[str, int] = {}
    found: list[Problem] = []
    for index, item in enumerate(node.value if isinstance(node, yaml.SequenceNode) else (), 1):
        ident = id_node(item)
        if ident is None:
            continue
        key = ident.value.strip()  # as the id is read: surrounding spaces do not count
        if key in first:
            found.append(problem(shown, ident, f"{root}[{index}].id", f'duplicate id "{key}", '
                                 f"already used by {root}[{first[key]}]", "give each entry its "
                                 "own id"))  # fmt: skip
        else:
            first[key] = index
    return list(first), found


def id_node(item: yaml.Node) -> yaml.ScalarNode | None:
    """The node of an entry's `id:`, if it has one."""
    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                return value
    return None
