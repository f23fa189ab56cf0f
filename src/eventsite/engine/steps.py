"""Make each output once per change: what a step reads is recorded as it runs, and kept.

A build is a set of steps (a page, a piece of a page, a calendar file, a feed). Everything a
step may read has a name and a fingerprint in the build's `Table`: each content record, each
list of records, each template, each setting. While a step runs, the names it reads are
recorded (`read`), through the views the templates and outputs are given; afterwards the step
is kept with the fingerprints of what it read. The next build runs the step again only if one
of those fingerprints changed. Nobody lists what depends on what: a project template that
shows one more field simply reads one more name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, is_dataclass
from datetime import date, datetime
from typing import Any, Protocol

from eventsite import __version__

ABSENT = "-"
"""The fingerprint of a name the table does not hold: a key not in a map, a template not found."""


def digest(*parts: str | bytes) -> str:
    """A short fingerprint of some text (32 hex digits), the eventsite version included."""
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


# -- recording ----------------------------------------------------------------------------------

_reading: list[set[str]] = []
"""The names read by each step being run, innermost last (a page runs its pieces inside it)."""


def read(name: str) -> None:
    """Note that the running step read `name`."""
    if _reading:
        _reading[-1].add(name)


@contextmanager
def recording(private: Iterable[str] = ()) -> Iterator[set[str]]:
    """Collect the names read inside the block; they count for the enclosing step too, but
    for `private` ones: values the enclosing step handed over (and so has read already)."""
    names: set[str] = set()
    _reading.append(names)
    try:
        yield names
    finally:
        _reading.pop()
        if _reading:
            _reading[-1].update(names.difference(private))


# -- what steps read ----------------------------------------------------------------------------


@dataclass
class Table:
    """The fingerprint of everything a step may read, by name, for one build."""

    fingerprints: dict[str, str] = field(default_factory=dict)
    records: dict[int, str] = field(default_factory=dict)
    """The fingerprint of each content record, by the record object's id."""
    made: dict[int, tuple[Any, str]] = field(default_factory=dict)
    """The fingerprint of each value made of others, once asked for, kept with the value (so
    that its id is not another's while the table lives); no value is changed once made."""

    def of(self, value: Any) -> str:
        """The fingerprint of a value: a record's own, or one made from what it holds."""
        known = self.records.get(id(value))
        if known is not None:
            return known
        kept = self.made.get(id(value))
        if kept is not None:
            return kept[1]
        if value is None or isinstance(value, str | int | float | bool | date | datetime):
            text = f"{type(value).__name__}:{value}"
            if isinstance(value, datetime):  # two zones may share an offset, not their names
                text += f":{value.tzinfo}"
            return text if len(text) <= 64 else digest(text)  # a short value is its own print
        if isinstance(value, tuple | list):
            made = digest("seq", *(self.of(v) for v in value))
        elif isinstance(value, Mapping):
            made = digest("map", *(f"{k}={self.of(v)}" for k, v in value.items()))
        elif is_dataclass(value):  # vars(): the fields of a dataclass without __slots__, fast
            parts = (f"{name}={self.of(field)}" for name, field in vars(value).items())
            made = digest(type(value).__name__, *parts)
        else:
            return digest("opaque", repr(value))
        self.made[id(value)] = (value, made)  # a timetable's room is given to each of its slots
        return made

    def valid(self, deps: Mapping[str, str], local: Mapping[str, str] | None = None) -> bool:
        """Whether every name still has the fingerprint it had when it was read."""
        table, local = self.fingerprints, local or {}
        return all(local.get(name, table.get(name, ABSENT)) == fp for name, fp in deps.items())

    def deps(self, names: set[str], local: Mapping[str, str] | None = None) -> dict[str, str]:
        """The names read, with their fingerprints in this build."""
        table, local = self.fingerprints, local or {}
        return {name: local.get(name, table.get(name, ABSENT)) for name in sorted(names)}


@dataclass(frozen=True)
class Step:
    """What a step made last time, and the fingerprints of what it read to make it."""

    deps: Mapping[str, str]
    output: bytes


class Memo(Protocol):
    """Where steps are kept between builds: in memory (the dev server) or on disk (a build)."""

    def get(self, key: str) -> Step | None:
        """The step kept under `key`, if any and if it can be trusted."""

    def put(self, key: str, step: Step) -> None:
        """Keep a step under `key`, replacing what was there."""


class Memory:
    """Steps kept in memory; only those used by the last build survive the next one."""

    def __init__(self) -> None:
        self.steps: dict[str, Step] = {}
        self.used: set[str] = set()

    def get(self, key: str) -> Step | None:
        """The step kept under `key`."""
        self.used.add(key)
        return self.steps.get(key)

    def put(self, key: str, step: Step) -> None:
        """Keep a step."""
        self.used.add(key)
        self.steps[key] = step

    def prune(self) -> None:
        """Forget every step the last build did not use, so memory stays flat."""
        self.steps = {key: self.steps[key] for key in self.used if key in self.steps}
        self.used = set()


@dataclass
class Counts:
    """How many steps a build reused and how many it ran: for the summary line and tests."""

    reused: int = 0
    ran: int = 0


def run(
    memo: Memo,
    table: Table,
    key: str,
    make: Callable[[], bytes],
    local: Mapping[str, str] | None = None,
    counts: Counts | None = None,
    private: Iterable[str] = (),
) -> bytes:
    """The step's output: kept from an earlier build if what it read is unchanged, else made.

    `local` holds the fingerprints of values given to this step alone; `private` names those
    the enclosing step handed over, which it need not count as its own reads.
    """
    kept = memo.get(key)
    if kept is not None and table.valid(kept.deps, local):
        if _reading:  # the enclosing step read all this too
            _reading[-1].update(set(kept.deps).difference(private))
        if counts is not None:
            counts.reused += 1
        return kept.output
    with recording(private) as names:
        output = make()
    memo.put(key, Step(table.deps(names, local), output))
    if counts is not None:
        counts.ran += 1
    return output
