"""Where each file of a site goes as it is made: a build's staging folder, which writes it at
once and lets it go (write/staging.py), or memory (`Held`, the dev server's)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


class Sink(Protocol):
    """What takes the files of a site, one by one, and can say what it took."""

    def put(self, name: str, data: bytes) -> None:
        """Take the file `name`."""

    def names(self) -> Iterable[str]:
        """Every file taken so far."""

    def size(self, name: str) -> int:
        """The size of a file taken."""

    def fingerprint(self, name: str) -> str:
        """The fingerprint of a file taken (`fingerprint`)."""


def fingerprint(data: bytes) -> str:
    """The fingerprint of a file's bytes, as the manifest of outputs and sw.js keep it."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Held:
    """Files held in memory as they are made: the dev server serves and compares them."""

    files: dict[str, bytes] = field(default_factory=dict)

    def put(self, name: str, data: bytes) -> None:
        """Hold the file `name`."""
        self.files[name] = data

    def names(self) -> Iterable[str]:
        """Every file held."""
        return self.files.keys()

    def size(self, name: str) -> int:
        """The size of a file held."""
        return len(self.files[name])

    def fingerprint(self, name: str) -> str:
        """The fingerprint of a file held."""
        return fingerprint(self.files[name])
