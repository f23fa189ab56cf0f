"""Spread independent pieces of work over the machine's cores, when that pays.

The children are forked, so they start with everything this process has already loaded and
only the results travel back; results come back in order, so the output is the same bytes as
one process makes. If anything fails, the work is done again here, in one process, so that an
error is reported exactly as a one-process build reports it. `EVENTSITE_JOBS=1` keeps
everything in one process.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

runs: Counter[str] = Counter()
"""How often work was spread over processes ("forked"), and how often it had to be done again
in this process because something failed ("again"): for tests."""

_shared: dict[str, Any] = {}
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
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _can_fork() -> bool:
    # Forking is safe and cheap on Linux from a process with a single thread; elsewhere (macOS
    # system libraries, a server's threads) one process does the work.
    return sys.platform == "linux" and threading.active_count() == 1


def map_slices(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], count: int) -> list[R]:
    """`work(items)`, computed as `count` slices: the first here, the others in children."""
    if count <= 1 or len(items) < count:
        return work(items)
    bounds = [len(items) * k // count for k in range(count + 1)]
    try:
        with _sharing(work=work, items=items), _pool(count - 1) as pool:
            later = [pool.apply_async(_slice, (bounds[k], bounds[k + 1])) for k in range(1, count)]
            results = work(items[: bounds[1]])
            for part in later:
                results.extend(part.get())
    except Exception:  # noqa: BLE001 - done again here, to raise it as one process would
        runs["again"] += 1
        return work(items)
    runs["forked"] += 1
    return results


def run_all(tasks: Sequence[Callable[[], R]], count: int) -> list[R]:
    """Every task's result, in order; with `count` > 1, this process and `count` - 1 children
    share the tasks, each taking the next one when it has finished one: longest tasks first.
    """
    if count <= 1 or len(tasks) < 2:
        return [task() for task in tasks]
    import multiprocessing  # noqa: PLC0415 - only builds big enough to fork pay for the import

    context = multiprocessing.get_context("fork")
    children: list[Any] = []
    try:
        with _sharing(tasks=tasks, next=context.Value("i", 0)):
            pipes = []
            for _ in range(min(count, len(tasks)) - 1):
                receiving, sending = context.Pipe(duplex=False)
                child = context.Process(target=_take_tasks, args=(sending,), daemon=True)
                child.start()
                sending.close()
                children.append(child)
                pipes.append(receiving)
            done: dict[int, Any] = {}
            failed: list[bool] = []
            # A thread per child takes its results as they come, while this process runs
            # tasks too: a child never waits to hand a result over, nor keeps them all.
            receivers = [
                threading.Thread(target=_receive, args=(pipe, done, failed), daemon=True)
                for pipe in pipes
            ]
            for receiver in receivers:
                receiver.start()
            done.update(_tasks_taken())
            for receiver in receivers:
                receiver.join()
            if failed or len(done) != len(tasks):
                raise RuntimeError("a task failed in a child")  # done again just below
        results = [done[index] for index in range(len(tasks))]
    except Exception:  # noqa: BLE001 - done again here, to raise it as one process would
        runs["again"] += 1
        return [task() for task in tasks]
    finally:
        for child in children:
            child.join(timeout=5)
            if child.is_alive():
                child.terminate()
    runs["forked"] += 1
    return results


def _tasks_taken() -> Iterator[tuple[int, Any]]:
    """Take the next task not yet taken by any process, run it, until there is none left."""
    tasks, following = _shared["tasks"], _shared["next"]
    while True:
        with following.get_lock():
            index = following.value
            following.value += 1
        if index >= len(tasks):
            return
        yield index, tasks[index]()


def _take_tasks(pipe: Any) -> None:
    # In a child: each result goes back as soon as it is made; None says there are no more.
    try:
        for index, result in _tasks_taken():
            pipe.send((index, result))
        pipe.send(None)
    except BaseException:  # noqa: BLE001 - the parent does the work again and reports it
        pipe.send("failed")
    pipe.close()


def _receive(pipe: Any, done: dict[int, Any], failed: list[bool]) -> None:
    try:
        while (item := pipe.recv()) is not None:
            if not isinstance(item, tuple):
                failed.append(True)
                return
            done[item[0]] = item[1]
    except EOFError:  # the child died without a word
        failed.append(True)


@contextmanager
def _sharing(**work: Any) -> Iterator[None]:
    _shared.update(work)
    gc.freeze()  # else the collector, walking old objects, would copy every page they share
    try:
        yield
    finally:
        gc.unfreeze()
        _shared.clear()


def _pool(processes: int) -> Any:
    import multiprocessing  # noqa: PLC0415 - only builds big enough to fork pay for the import

    return multiprocessing.get_context("fork").Pool(processes)


def _slice(start: int, stop: int) -> list[Any]:
    work: Callable[[Sequence[Any]], list[Any]] = _shared["work"]
    return work(_shared["items"][start:stop])
