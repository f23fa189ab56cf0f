"""Make each output once per change: what a step reads is recorded as it runs, and kept.

A build is a set of steps (a page, a piece of a page, a calendar file, a feed). Everything a
step may read has a name and a fingerprint in its plan's `Table`: each list of records, each
record a map holds, each template, each setting. The table is handed to every view a template
reads through and to every step (`run`): while a step runs, the names it reads are recorded
in the table it was handed, and the step is kept with their fingerprints. A machine output is
given the values it is made of, and reads exactly those. The next build runs a step again only
if one of those fingerprints changed. Nobody lists what depends on what: a project template
that shows one more field simply reads one more name.

The fingerprint of a record is the loader's (`Prints`: its text as written, read in its
circumstances); of any other value, one made from what it holds. Many are worked out only when
a step first asks for them (`Later`): the pages a save makes first pay for what they read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, is_dataclass
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


class Prints:
    """Fingerprints of values by identity (`is`, not `==`): the loader's fingerprint of each
    record it read (its text as written, in its circumstances), and the fingerprint a build
    worked out for a value made of others. Each value is held with its fingerprint, so that
    its id cannot pass to another object while the map lives."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, str]] = {}

    def add(self, value: object, fingerprint: str) -> None:
        """Note the fingerprint of `value`."""
        self._known[id(value)] = (value, fingerprint)

    def get(self, value: object) -> str | None:
        """The fingerprint noted for `value` itself, if any."""
        kept = self._known.get(id(value))
        return kept[1] if kept is not None and kept[0] is value else None

    def update(self, other: Prints) -> None:
        """Note every fingerprint `other` holds."""
        self._known.update(other._known)


class Later(Protocol):
    """Names of a table whose fingerprints are worked out when a step first asks for one (a
    map's keys, the slots' calendar links): a build's first pages pay for what they read, and
    the other pages for the rest. It is handed the table and holds none: a table and what it
    holds would be a cycle, which outlives its build until the collector's rare full pass (the
    dev server's memory rose by 20 MiB over 16 saves at L)."""

    def names(self, table: Table) -> Iterable[str]:
        """Every name it holds in `table`."""

    def work_out(self, table: Table, name: str) -> str | None:
        """The fingerprint of one of its names in `table`; None for a name it does not hold."""


class Table:
    """The fingerprint of everything a step may read, by name, for one build's plan; and the
    names read by each step being run, innermost last (a page runs its pieces inside it).

    The views a plan hands its templates record their reads here (`read`), and `run` collects
    them for the step it runs: the recording is this object, handed to every view and step,
    not a stack kept by the module.
    """

    def __init__(self, prints: Prints | None = None) -> None:
        self.fingerprints: dict[str, str] = {}
        """The fingerprints known so far: `fingerprint` works out the others when asked."""
        self.prints = prints if prints is not None else Prints()
        self._later: dict[str, Later] = {}
        self._reading: list[set[str]] = []
        self._inside: list[set[str]] = []

    def later(self, family: str, names: Later) -> None:
        """Let `names` work out the fingerprints of `family` and of `family[...]` when first
        asked, each once (a name it does not hold is ABSENT, as any the table does not)."""
        self._later[family] = names

    def fingerprint(self, name: str) -> str:
        """The fingerprint of `name` in this build; ABSENT if the table does not hold it."""
        known = self.fingerprints.get(name)
        if known is not None:
            return known
        later = self._later.get(name.partition("[")[0])
        made = later.work_out(self, name) if later is not None else None
        if made is None:
            return ABSENT
        self.fingerprints[name] = made
        return made

    def settle(self) -> None:
        """Work out every fingerprint left for later, with the prints this table has now: the
        dev server keeps a plan for the next build, whose prints may not know its records."""
        for later in self._later.values():
            for name in later.names(self):
                self.fingerprint(name)
        self._later.clear()

    def read(self, name: str) -> None:
        """Note that the running step read `name`."""
        if self._reading:
            self._reading[-1].add(name)

    @contextmanager
    def recording(self, private: Iterable[str] = ()) -> Iterator[set[str]]:
        """Collect the names read inside the block; they count for the enclosing step too, but
        for `private` ones: values the enclosing step handed over (and so has read already)."""
        names: set[str] = set()
        self._reading.append(names)
        try:
            yield names
        finally:
            self._reading.pop()
            if self._reading:
                self._reading[-1].update(names.difference(private))

    def of(self, value: Any) -> str:
        """The fingerprint of a value: a record's own, or one made from what it holds."""
        known = self.prints.get(value)
        if known is not None:
            return known
        if value is None or isinstance(value, str | int | float | bool | date | datetime):
            text = f"{type(value).__name__}:{value}"
            if isinstance(value, datetime):  # two zones may share an offset, not their names
                text += f":{value.tzinfo}"
            return text if len(text) <= 64 else digest(text)  # a short value is its own print
        if isinstance(value, tuple | list):
            made = digest("seq", *(self.of(v) for v in value))
        elif isinstance(value, Mapping):
            made = digest("map", *(f"{k}={self.of(v)}" for k, v in value.items()))
        elif is_dataclass(value):  # vars(): the fields of a dataclass without __slots__, fast;
            own = value.__dataclass_fields__  # but not what a cached_property kept beside them
            parts = (f"{name}={self.of(v)}" for name, v in vars(value).items() if name in own)
            made = digest(type(value).__name__, *parts)
        else:
            made = digest("opaque", repr(value))
        self.prints.add(value, made)  # a timetable's room is given to each of its slots
        return made

    def inside(self, keys: Iterable[str]) -> None:
        """Note that the running step holds the steps `keys` (made or kept inside it)."""
        if self._inside:
            self._inside[-1].update(keys)

    @contextmanager
    def stepping(self) -> Iterator[set[str]]:
        """Collect the keys of the steps run inside the block; the enclosing step holds them
        too."""
        keys: set[str] = set()
        self._inside.append(keys)
        try:
            yield keys
        finally:
            self._inside.pop()
            self.inside(keys)

    def valid(self, deps: Mapping[str, str], local: Mapping[str, str] | None = None) -> bool:
        """Whether every name still has the fingerprint it had when it was read (worked out in
        turn: the first that changed ends the judging)."""
        given, known, work_out = local or {}, self.fingerprints, self.fingerprint
        # Every kept step judges every name it read: look-ups first, a call only to work out.
        return all((given[name] if name in given else known[name] if name in known
                    else work_out(name)) == fp for name, fp in deps.items())  # fmt: skip

    def deps(self, names: set[str], local: Mapping[str, str] | None = None) -> dict[str, str]:
        """The names read, with their fingerprints in this build (those of values given to
        the step alone from `local`)."""
        given, known, work_out = local or {}, self.fingerprints, self.fingerprint
        return {name: given[name] if name in given else known[name] if name in known
                else work_out(name) for name in sorted(names)}  # fmt: skip


@dataclass(frozen=True)
class Step:
    """What a step made last time, and the fingerprints of what it read to make it."""

    deps: Mapping[str, str]
    output: bytes
    inside: tuple[str, ...] = ()
    """The keys of the steps run inside it (a page's pieces, a feed's entries), at any depth:
    a build that keeps this step whole does not look them up, and they must stay kept."""


class Memo(Protocol):
    """Where steps are kept between builds: in memory (the dev server) or on disk (a build)."""

    def get(self, key: str) -> Step | None:
        """The step kept under `key`, if any and if it can be trusted."""

    def put(self, key: str, step: Step) -> None:
        """Keep a step under `key`, replacing what was there."""

    def keep(self, keys: Iterable[str]) -> None:
        """Keep these steps for the next build though this one did not look them up: they are
        inside a step it kept whole."""


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

    def keep(self, keys: Iterable[str]) -> None:
        """Keep these steps through the next prune."""
        self.used.update(keys)

    def prune(self) -> None:
        """Forget every step the last build did not use, so memory stays flat; but a template's
        compiled code (one per template file), which the next save to a page may need, as the
        sealed cache keeps it."""
        self.steps = {key: step for key, step in self.steps.items()
                      if key in self.used or key.startswith("compiled:")}  # fmt: skip
        self.used = set()


@dataclass
class Counts:
    """How many steps a build reused and how many it ran: for the summary line and tests; and
    how far it is, for the progress line a long build shows on a terminal."""

    reused: int = 0
    ran: int = 0
    files: int = 0
    """Files made so far (pages, calendars, feeds), whether kept or made again."""
    total: int = 0
    """Files to make, known once the content is loaded and planned; 0 while loading."""
    on: str = ""
    """The file being made."""


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
    table.inside([key])
    kept = memo.get(key)
    if kept is not None and table.valid(kept.deps, local):
        with table.recording(private) as names:  # the enclosing step read all this too
            names.update(kept.deps)
        table.inside(kept.inside)  # and holds what this one holds
        memo.keep(kept.inside)
        if counts is not None:
            counts.reused += 1
        return kept.output
    with table.recording(private) as names, table.stepping() as inside:
        output = make()
    memo.put(key, Step(table.deps(names, local), output, tuple(sorted(inside))))
    if counts is not None:
        counts.ran += 1
    return output
