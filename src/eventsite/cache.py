"""Steps and rendered Markdown kept between builds, outside the project, and trusted only if sealed.

The cache of a project lives in the user's cache folder (`$XDG_CACHE_HOME/eventsite/`, or
`EVENTSITE_CACHE_DIR`), one SQLite file per project, never inside the project: a cache folder
committed into a repository cannot reach a page. Entries hold HTML that has already passed the
sanitiser, so each is sealed with a keyed hash (BLAKE2b) under a secret that lives elsewhere
again, in the user's state folder (`$XDG_STATE_HOME/eventsite/cache-key`): an entry planted by
someone else (a shared CI cache, a copied folder) fails its seal and counts as a miss. Reading
the cache runs no code (no pickle): an entry is a JSON head and the output's bytes. A cache
that is missing, corrupt, truncated, locked, planted or written by another version is a miss,
never a wrong page, and never an error.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from collections.abc import Mapping
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

from eventsite import __version__
from eventsite.engine import Step

_SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB, seal BLOB)"


def folder() -> Path:
    """Where the caches of all projects live."""
    given = os.environ.get("EVENTSITE_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "eventsite"


def location(project: Path) -> Path:
    """The cache file of a project: named after the project's real path."""
    name = hashlib.blake2b(str(project.resolve()).encode(), digest_size=16).hexdigest()
    return folder() / f"{name}.sqlite"


def _key_file() -> Path:
    given = os.environ.get("EVENTSITE_CACHE_DIR")
    if given:  # tests and other relocated caches: the key beside, never inside, the cache
        return Path(given).with_name(Path(given).name + ".key")
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "eventsite" / "cache-key"


def _secret() -> bytes:
    """The secret that seals entries; made on first use, readable by this user only."""
    path = _key_file()
    try:
        data = path.read_bytes()
        if len(data) == 32 and path.stat().st_uid == os.getuid():
            return data
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = secrets.token_bytes(32)
    fresh = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    handle = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(handle, "wb") as stream:
        stream.write(data)
    os.replace(fresh, path)
    return data


class Store:
    """One project's cache: a `Memo` of steps for the engine, and the last build's record.

    Every entry is read at once when the store opens (one query); entries the build did not
    use are dropped when it saves, so the cache holds one build's worth of steps.
    """

    def __init__(self, path: Path | None, secret: bytes) -> None:
        self.path, self._secret = path, secret
        self._rows: dict[str, tuple[bytes, bytes]] = {}
        self._loaded = False
        self._fresh: dict[str, bytes] = {}
        self._used: set[str] = set()

    @classmethod
    def open(cls, project: Path) -> Store:
        """The cache of a project; an empty one if it cannot be read."""
        try:
            secret = _secret()
        except OSError:
            return cls(None, b"")
        return cls(location(project), secret)

    def _query(self, sql: str, *args: str) -> list[Any]:
        """Rows of a query on the cache file; none if it is missing, corrupt, locked or odd."""
        if self.path is None or not self.path.is_file():
            return []
        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=1)) as db:
                return db.execute(sql, args).fetchall()
        except (sqlite3.Error, OSError):
            return []  # corrupt, truncated, locked or not ours: a miss

    def _load(self) -> None:
        """Read every entry at once (one query), the first time a step is looked up."""
        if self._loaded:
            return
        self._loaded = True
        self._rows.update(
            (key, (value, seal))
            for key, value, seal in self._query("SELECT key, value, seal FROM entries")
            if isinstance(key, str) and isinstance(value, bytes) and isinstance(seal, bytes)
        )

    def _seal(self, key: str, value: bytes) -> bytes:
        return hashlib.blake2b(key.encode() + b"\0" + value, key=self._secret).digest()

    def _value(self, key: str) -> bytes | None:
        self._used.add(key)
        if key in self._fresh:
            return self._fresh[key]
        if key.startswith("record:") and not self._loaded:  # the first look: one row only
            for value, seal in self._query("SELECT value, seal FROM entries WHERE key = ?", key):
                if isinstance(value, bytes) and isinstance(seal, bytes):
                    self._rows[key] = (value, seal)
        else:
            self._load()
        row = self._rows.get(key)
        if row is None or not hmac.compare_digest(row[1], self._seal(key, row[0])):
            return None
        return row[0]

    def get(self, key: str) -> Step | None:
        """The step kept under `key`, if its seal holds."""
        value = self._value(key)
        if value is None:
            return None
        head, _, output = value.partition(b"\n")
        try:
            deps = json.loads(head)
        except ValueError:
            return None
        if not isinstance(deps, dict) or deps.get("version") != __version__:
            return None
        return Step(deps["deps"], output)

    def put(self, key: str, step: Step) -> None:
        """Keep a step; written when the store saves."""
        head = json.dumps({"version": __version__, "deps": step.deps}, separators=(",", ":"))
        self._fresh[key] = head.encode() + b"\n" + step.output
        self._used.add(key)

    def record(self, name: str) -> dict[str, Any] | None:
        """A JSON record kept under `name` (the last build into an output folder)."""
        value = self._value(f"record:{name}")
        try:
            data = json.loads(value) if value is not None else None
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("version") != __version__:
            return None
        return data

    def keep_record(self, name: str, data: Mapping[str, Any]) -> None:
        """Keep a JSON record under `name`."""
        text = json.dumps({**data, "version": __version__}, separators=(",", ":"))
        self._fresh[f"record:{name}"] = text.encode()
        self._used.add(f"record:{name}")

    def save(self) -> None:
        """Write what this build made and drop what it did not use; a failure loses only speed."""
        if self.path is None:
            return
        self._load()
        stale = [key for key in self._rows if key not in self._used]
        rows = [(key, value, self._seal(key, value)) for key, value in self._fresh.items()]
        if not rows and not stale:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with closing(sqlite3.connect(self.path, timeout=1)) as db, db:
                db.execute(_SCHEMA)
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
                db.executemany("DELETE FROM entries WHERE key = ?", [(key,) for key in stale])
        except (sqlite3.Error, OSError):
            self._recreate()

    def _recreate(self) -> None:
        # A cache file that cannot be written to is set aside; the next build starts a new one.
        if self.path is not None:
            with suppress(OSError):
                self.path.unlink(missing_ok=True)


class NoStore(Store):
    """No cache at all (`--no-cache`): nothing is read, nothing is kept."""

    def __init__(self) -> None:
        super().__init__(None, b"")

    def get(self, key: str) -> Step | None:
        """Nothing is kept."""
        return None

    def put(self, key: str, step: Step) -> None:
        """Nothing is kept."""

    def record(self, name: str) -> dict[str, Any] | None:
        """Nothing is kept."""
        return None

    def keep_record(self, name: str, data: Mapping[str, Any]) -> None:
        """Nothing is kept."""
