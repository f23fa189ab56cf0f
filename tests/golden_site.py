"""The golden copy of the example site: `make golden` rewrites it after an intended change."""

from __future__ import annotations

from pathlib import Path

from eventsite.build import build
from tests.conftest import NOW, REPO

GOLDEN = REPO / "tests" / "golden" / "example"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


if __name__ == "__main__":
    print(build(REPO, GOLDEN, now=NOW).summary())
