"""`eventsite build` that sleeps after each file it writes, so a test can kill it mid-write.

python -m tests.slow_build SECONDS eventsite-arguments...

With SLOW_REMOVE=SECONDS in the environment, it also sleeps after removing a manifest, so a
test can kill it while it removes the previous output.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from eventsite.cli import main
from eventsite.write import staging as write
from eventsite.write.guard import MARKER

_write_file = write.write_file
_unlink = os.unlink


def _slow_write_file(target: Path | str, data: bytes | Path) -> int:
    size = _write_file(target, data)
    time.sleep(float(sys.argv[1]))
    return size


def _slow_unlink(path: str | bytes | os.PathLike[str], *args: object, **kwargs: object) -> None:
    _unlink(path, *args, **kwargs)  # type: ignore[arg-type]
    if os.fsdecode(path).endswith(MARKER):
        time.sleep(float(os.environ["SLOW_REMOVE"]))


if __name__ == "__main__":
    write.write_file = _slow_write_file
    if "SLOW_REMOVE" in os.environ:
        os.unlink = _slow_unlink  # type: ignore[assignment]
    raise SystemExit(main(sys.argv[2:]))
