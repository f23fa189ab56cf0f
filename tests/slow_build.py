"""`eventsite build` that sleeps after each file it writes, so a test can kill it mid-write.

python -m tests.slow_build SECONDS eventsite-arguments...
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from eventsite import write
from eventsite.cli import main

_write_file = write._write_file


def _slow_write_file(target: Path | str, data: bytes) -> int:
    size = _write_file(target, data)
    time.sleep(float(sys.argv[1]))
    return size


if __name__ == "__main__":
    write._write_file = _slow_write_file
    raise SystemExit(main(sys.argv[2:]))
