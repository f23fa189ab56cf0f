"""The editors' guide: `make guide` rewrites its field tables from the model."""

from __future__ import annotations

from eventsite.tools.schema import update_guide
from tests.conftest import REPO

GUIDE = REPO / "docs" / "editing.md"

if __name__ == "__main__":
    GUIDE.write_text(update_guide(GUIDE.read_text()))
    print(f"updated the field tables in {GUIDE.relative_to(REPO)}")
