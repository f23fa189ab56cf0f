"""Steps and rendered Markdown kept between builds, outside the project, trusted only if sealed.

A project's cache is one SQLite file in the user's cache folder (`$XDG_CACHE_HOME/eventsite/`,
or `EVENTSITE_CACHE_DIR`), never inside the project: a cache folder committed into a repository
cannot reach a page. Entries hold HTML that has passed the sanitiser, so each is sealed with a
keyed hash (BLAKE2b) under a secret kept elsewhere again, in the user's state folder
(`$XDG_STATE_HOME/eventsite/cache-key`): an entry planted by someone else (a shared CI cache, a
copied folder) fails its seal. Reading it runs no code (no pickle): an entry is a JSON head and
the output's bytes; a compiled template's bytes are code (marshal), run when its page is made,
which is why nothing but a sealed entry of this eventsite's is ever read as one. A cache that
is missing, corrupt, truncated, locked, planted or another version's is a miss, never a wrong
page, and never an error.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import zoneinfo
from collections.abc import Iterable
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

from eventsite import __version__
from eventsite.engine.steps import Step


@functools.cache  # once per process: the code and the zones it runs with do not change under it
def made_by() -> str:
    """What a cached step was made by, besides its inputs: eventsite's own code (every file of
    the installed package, hashed: an edit to an editable install keeps the version number) and
    the time zone database (a new release moves UTC offsets). A step made by other code or with
    other zones is a miss."""
    code = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            code.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return f"{__version__}|{code.hexdigest()}|{_zones()}"


def _zones() -> str:
    """The versions of the zone databases zoneinfo may read: the system's (first on its path)
    and the tzdata package's."""
    found = []
    for place in zoneinfo.TZPATH:
        with suppress(OSError), open(Path(place) / "tzdata.zi", "rb") as stream:
            found.append(stream.readline(64).decode("ascii", "replace").strip())
    try:
        # optional: the system's zones may be all there is
        import tzdata  # type: ignore[import-untyped]

        found.append(f"tzdata {tzdata.IANA_VERSION}")
    except ImportError:
        found.append("no tzdata")
    return ";".join(found)


def folder() -> Path:
    """Where the caches of all projects live."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(os.environ.get("EVENTSITE_CACHE_DIR") or Path(base) / "eventsite")


def location(project: Path) -> Path:
    """The cache file of a project: named after the project's real path."""
    name = hashlib.blake2b(str(project.resolve()).encode(), digest_size=16).hexdigest()
    return folder() / f"{name}.sqlite"


def _secret() -> bytes:
    """The secret that seals entries; made on first use, readable by this user only."""
    given = os.environ.get("EVENTSITE_CACHE_DIR")  # tests: the key beside, not in, the cache
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    path = Path(f"{given}.key") if given else Path(base) / "eventsite" / "cache-key"
    with suppress(OSError):
        data = path.read_bytes()
        if len(data) == 32 and path.stat().st_uid == os.getuid():
            return data
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fresh = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    with open(os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as stream:
        stream.write(data := secrets.token_bytes(32))
    os.replace(fresh, path)
    return data


MADE_ONCE = ("page:", "out:")
"""The keys of the steps a build makes at most once: its pages and what machines read."""


class Store:
    """One project's cache: a `Memo` of steps for the engine, and records of earlier builds.

    Every entry is read at once (one query) when the first step is looked up; the entries a
    build did not use are dropped when it saves, so the cache holds one build's worth (and the
    code of each template file).
    A store without a path (`--no-cache`) reads and keeps nothing.
    """

    def __init__(self, path: Path | None = None, secret: bytes = b"") -> None:
        self.path, self._secret = path, secret
        self._rows: dict[str, tuple[bytes, bytes]] = {}
        self._loaded = False
        self._fresh: dict[str, Step] = {}  # made by this build: encoded only when saved
        self._used: set[str] = set()

    @classmethod
    def open(cls, project: Path) -> Store:
        """The cache of a project; one that keeps nothing if the secret cannot be had."""
        try:
            return cls(location(project), _secret())
        except OSError:
            return cls()

    def _query(self, sql: str, *args: str) -> list[Any]:
        if self.path is None or not self.path.is_file():
            return []
        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=1)) as db:
                return db.execute(sql, args).fetchall()
        except (sqlite3.Error, OSError):
            return []  # corrupt, truncated, locked or not a database: a miss

    def _value(self, key: str) -> bytes | None:
        self._used.add(key)
        if not self._loaded:
            query = "SELECT key, value, seal FROM entries"
            if key.startswith("record:"):  # a build may need only this row: read it alone
                self._rows.update(
                    (k, (v, s)) for k, v, s in self._query(f"{query} WHERE key = ?", key)
                )
            else:
                self._loaded = True
                self._rows.update((k, (v, s)) for k, v, s in self._query(query))
        value, seal = self._rows.get(key, (b"", b""))
        valid = isinstance(value, bytes) and isinstance(seal, bytes) and seal
        return value if valid and hmac.compare_digest(seal, self._seal(key, value)) else None

    def _seal(self, key: str, value: bytes) -> bytes:
        return hashlib.blake2b(key.encode() + b"\0" + value, key=self._secret).digest()

    def get(self, key: str) -> Step | None:
        """The step kept under `key`, if its seal holds and this code, with these zones, made
        it."""
        if key in self._fresh:
            self._used.add(key)
            return self._fresh[key]
        head, _, output = (self._value(key) or b"").partition(b"\n")
        try:
            data = json.loads(head) if head else None
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("made_by") != made_by():
            return None
        return Step(data["deps"], output, tuple(data.get("inside") or ()))

    def put(self, key: str, step: Step) -> None:
        """Keep a step; written when the store saves. Held as it is until then: a copy of
        every page, calendar and piece made in the build would double its memory. A store that
        keeps nothing holds only what its build may look up again (a piece of a page, which
        other pages show too; a template's code), never a page or an output: each is made once
        in a build, and written as it is made (write/staging.py)."""
        self._used.add(key)
        if self.path is None and key.startswith(MADE_ONCE):
            return
        self._fresh[key] = step

    @staticmethod
    def _encoded(step: Step) -> bytes:
        data: dict[str, Any] = {"made_by": made_by(), "deps": step.deps}
        if step.inside:
            data["inside"] = step.inside
        return json.dumps(data, separators=(",", ":")).encode() + b"\n" + step.output

    def keep(self, keys: Iterable[str]) -> None:
        """Keep these steps, unread by this build: they are inside a step it kept whole."""
        self._used.update(keys)

    def record(self, name: str) -> dict[str, Any] | None:
        """The record of the last build kept under `name`."""
        step = self.get(f"record:{name}")
        data = json.loads(step.output) if step is not None else None
        return data if isinstance(data, dict) else None

    def keep_record(self, name: str, data: dict[str, Any]) -> None:
        """Keep the record of this build under `name`."""
        self.put(f"record:{name}", Step({}, json.dumps(data, separators=(",", ":")).encode()))

    def save(self) -> None:
        """Write what this build made and drop what it did not use; a failure loses only speed."""
        if self.path is None:
            return
        self._value("")  # every entry read, to know which went unused
        # A template's compiled code is kept while unused: a later build that makes its pages
        # needs it, and there is one per template file, replaced when the file changes.
        kept = self._used.union(k for k in self._rows if k.startswith("compiled:"))
        stale = [(key,) for key in self._rows if key not in kept]
        # One row at a time, each encoded as it is written: never all of them at once.
        encoded = ((key, self._encoded(step)) for key, step in self._fresh.items())
        rows = ((key, value, self._seal(key, value)) for key, value in encoded)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with closing(sqlite3.connect(self.path, timeout=1)) as db, db:
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value, seal)")
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
                db.executemany("DELETE FROM entries WHERE key = ?", stale)
        except (sqlite3.Error, OSError):
            with suppress(OSError):  # set aside: the next build starts a new one
                self.path.unlink()
