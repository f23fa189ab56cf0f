"""Spread a long list of independent jobs over the machine's cores, when that pays.

The work is split into one slice per core: this process does the first slice itself while
forked children do the others, so that the children start with everything this process has
already loaded and only the results travel back. Results come back in order, so the output is
the same as one process would make. `EVENTSITE_JOBS=1` keeps everything in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_job: tuple[Callable[[Sequence[Any]], list[Any]], Sequence[Any]] | None = None
"""The work the forked children share, set just before they are forked."""


def jobs(count: int, minimum: int) -> int:
    """How many processes to use for `count` items; 1 unless there are at least `minimum`."""
    if count < minimum or not possible():
        return 1
    return min(_limit(), count // max(1, minimum // 2))


def possible() -> bool:
    """Whether work may be spread over several processes here and now."""
    return _limit() > 1 and _can_fork()


def _limit() -> int:
    wanted = os.environ.get("EVENTSITE_JOBS", "")
    return int(wanted) if wanted.isdigit() and int(wanted) > 0 else _cores()


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    # Forking is safe and cheap on Linux from a process with a single thread; elsewhere (macOS
    # system libraries, a dev server's threads) one process does the work.
    return sys.platform == "linux" and threading.active_count() == 1


def map_slices(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], count: int) -> list[R]:
    """`work(items)`, computed as `count` slices in as many processes, in order."""
    if count <= 1 or len(items) < count:
        return work(items)
    global _job
    bounds = [len(items) * k // count for k in range(count + 1)]
    _job = (work, items)
    try:
        with multiprocessing.get_context("fork").Pool(count - 1) as pool:
            later = [pool.apply_async(_slice, (bounds[k], bounds[k + 1])) for k in range(1, count)]
            results = work(items[: bounds[1]])
            for part in later:
                results.extend(part.get())
    except Exception:  # noqa: BLE001 - redo it here, so that any error is raised as one process would
        return work(items)
    finally:
        _job = None
    return results


def _slice(start: int, stop: int) -> list[Any]:
    if _job is None:
        raise RuntimeError("eventsite bug: a worker started without work")
    work, items = _job
    return work(items[start:stop])
