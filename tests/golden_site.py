"""The golden copy of the example site: `make golden` rewrites it after an intended change."""

from __future__ import annotations

import shutil
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
    # Made afresh: after a merge, git may have added output files that the golden folder's
    # manifest does not list, and a build refuses to delete files it did not write.
    shutil.rmtree(GOLDEN, ignore_errors=True)
    print(build(REPO, GOLDEN, now=NOW).summary())
