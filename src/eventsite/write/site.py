"""The only module that writes the site: into a staging folder, then swapped in whole, one build
at a time; the dev server's preview updated file by file. Before anything is written, the output
folder is checked (guard.py)."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import secrets
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from eventsite.errors import OutputError
from eventsite.load.files import open_regular
from eventsite.write.guard import MARKER, check_owned, read_manifest, unlisted
from eventsite.write.staging import Names, Outputs, Staging, cannot_write, remove

try:
    import fcntl as _fcntl
except ImportError:  # not on Windows: concurrent builds into one folder are not guarded there
    _fcntl = None  # type: ignore[assignment]


def write_site(
    out: Path,
    files: Mapping[str, bytes],
    static: Mapping[str, Path],
    previous: Mapping[str, list[Any]] | None = None,
    fingerprints: Mapping[str, str] | None = None,
    taken: Mapping[str, str] | None = None,
) -> Outputs:
    """Write the site into a staging folder beside `out`, then swap it in whole: the `files`
    made, then as `publish` (a build writes each file as it makes it instead: `staging`).

    A file the previous build wrote into `out` (`previous`, as this function returned it) that
    is still as written and has the same bytes now is linked into the staging folder, not
    written again."""
    with staging(out, previous) as staged:
        for name in sorted(files):
            staged.put(name, files[name])
        return publish(staged, static, fingerprints, taken)


def publish(
    staged: Staging,
    static: Mapping[str, Path],
    fingerprints: Mapping[str, str] | None = None,
    taken: Mapping[str, str] | None = None,
) -> Outputs:
    """Complete the site in the staging folder and swap it in whole; return what was written.

    `static` maps paths in the site (static/...) to the files they are copied from, in pieces,
    with their `fingerprints` if known; each file `taken` names (with its fingerprint) is one
    the previous build wrote, unchanged since, given without its bytes: linked if it can be.
    """
    prints, old = fingerprints or {}, f"{staged.out}/"
    with _writing(staged.shown):
        for name in sorted(static):
            staged.put(name, static[name], prints.get(name, ""))
        for name, fp in sorted((taken or {}).items()):  # copied if it cannot be linked
            staged.put(name, Path(old + name), fp, taken=True)
        staged.seal()
        _flush(staged.folder, [*staged.names()], {staged.folder / f for f in staged.folders})
        _swap(staged.folder, staged.out)  # a power cut loses none: flushed first
    return staged.written


@contextlib.contextmanager
def staging(out: Path, previous: Mapping[str, list[Any]] | None = None) -> Iterator[Staging]:
    """A staging folder beside `out`, to write the site's files into as they are made (see
    `Staging`; `previous` as write_site returned it), until write_site swaps it in whole. The
    output's lock is held throughout, so that builds into one folder take turns; the folder is
    removed if the block fails, and by the next build if this one is killed."""
    shown, out = out, out.resolve()
    with contextlib.ExitStack() as held:  # the locks, released last
        with _writing(shown):
            out.parent.mkdir(parents=True, exist_ok=True)
            if os.path.ismount(out):
                raise OutputError(
                    f"{out} is a mount point, which eventsite cannot replace whole; "
                    f"choose a folder inside it, e.g. {out / 'site'}"
                )
            held.enter_context(_one_build_at_a_time(out))
            clean_leftovers(out)
            check_owned(out)  # again, just before writing: it may have changed since the check
            stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
            # The staging folder's lock tells an older build that it is not a leftover.
            held.callback(_release, _lock(stage))
        try:
            with _writing(shown):
                _keep_mode(out, stage)
                staged = Staging(out, stage, previous, shown)
            yield staged
        except BaseException:
            remove(stage)
            raise


@contextlib.contextmanager
def _writing(out: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise cannot_write(out, exc) from exc


def _release(lock: int | None) -> None:
    if lock is not None:
        os.close(lock)  # releases the lock


def read_static(path: Path) -> bytes:
    """A static file's bytes, read without following a link (see sources.py)."""
    with open_regular(path) as source:
        return source.read()


WAIT_FOR_OTHER_BUILD = 60.0
"""Seconds a build waits for another build writing into the same folder to finish."""


@contextlib.contextmanager
def _one_build_at_a_time(out: Path) -> Iterator[None]:
    """Hold a lock on the output's parent folder while writing, so that concurrent builds into
    one folder take turns instead of removing each other's staging folders."""
    if _fcntl is None:
        yield
        return
    fd = os.open(out.parent, os.O_RDONLY | os.O_CLOEXEC)
    try:
        deadline = time.monotonic() + WAIT_FOR_OTHER_BUILD
        while True:
            try:
                _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OutputError(
                        f"another build has been writing into {out} for over "
                        f"{WAIT_FOR_OTHER_BUILD:.0f} s; wait for it to finish, or stop it"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def _keep_mode(out: Path, stage: Path) -> None:
    """Give the staging folder the mode and group of the folder it replaces, if there is one:
    a folder made by someone else (say 2750 for a web server's group) keeps its access rules."""
    try:
        info = out.stat()
    except FileNotFoundError:
        stage.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
        return
    with contextlib.suppress(PermissionError):  # only the owner or root can give the group
        os.chown(stage, -1, info.st_gid)
    stage.chmod(stat.S_IMODE(info.st_mode))


def _flush(stage: Path, names: list[str], folders: set[Path]) -> None:
    """Put every file and folder of the staging folder on disk.

    One syncfs call where Linux has it: on the benchmark's L event (2,500 files) it costs
    about a tenth of what an fsync of each file and folder does (docs/benchmarks.md).
    """
    syncfs = _syncfs()
    if syncfs is not None:
        fd = os.open(stage, os.O_RDONLY | os.O_CLOEXEC)
        try:
            if syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    for name in (MARKER, *names):
        _sync(stage / name)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        _sync(folder)  # the files' names, deepest first


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    if sys.platform != "linux":
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


def _sync(path: Path) -> None:
    """A file's bytes, or a folder's names, on the disk."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def update_site(out: Path, files: dict[str, bytes], written: dict[str, bytes]) -> int:
    """Bring a folder this process wrote up to date: write the files that changed, each replaced
    whole, and remove those that went. Returns how many changed. For the dev server's preview."""
    if files.keys() != written.keys():  # the same names as the last write were checked then
        names = Names()
        for name in files:
            names.add(name)
    changed = 0
    for name, data in files.items():
        if written.get(name) != data:
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            fresh = target.with_name(f".{target.name}.new")
            fresh.write_bytes(data)
            fresh.replace(target)  # a browser reading the old file meanwhile gets all of it
            changed += 1
    for name in written.keys() - files.keys():
        (out / name).unlink(missing_ok=True)
        changed += 1
    return changed


def clean_leftovers(out: Path) -> None:
    """Remove what killed builds left beside `out`; put back an output a killed swap moved aside."""
    if not out.parent.is_dir():
        return
    new, old = f".{out.name}.new-", f".{out.name}.old-"
    found = [p for p in out.parent.iterdir() if p.name.startswith((new, old)) and _ours(p)]
    aside = sorted((p for p in found if p.name.startswith(old)), key=lambda p: p.stat().st_mtime)
    if aside and not out.exists():
        # The fallback swap was killed between its two renames: the moved-aside folder is the
        # last complete output.
        os.rename(aside[-1], out)
        found.remove(aside[-1])
    for path in found:
        if not _in_use(path):
            remove(path)


def _ours(path: Path) -> bool:
    if path.is_symlink() or not path.is_dir():
        return False
    return not any(path.iterdir()) or read_manifest(path) is not None


def _lock(folder: Path) -> int | None:
    if _fcntl is None:
        return None
    fd = os.open(folder, os.O_RDONLY)
    _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
    return fd


def _in_use(folder: Path) -> bool:
    if _fcntl is None:
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing releases the lock
    return False


def _swap(stage: Path, out: Path) -> None:
    if not out.exists():
        os.rename(stage, out)
        _sync(out.parent)
        return
    if exchange(stage, out):  # one atomic step: `out` is always a complete site
        old = stage  # now the previous output
        _sync(out.parent)
        if _added_meanwhile(old):
            exchange(stage, out)  # back: the folder as the person left it
            remove(stage)
            _changed(out)
        remove(old)
        return
    # Fallback, two renames: for an instant `out` is missing, never half-written; a build
    # killed in that instant is repaired by the next one (see clean_leftovers).
    old = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
    os.rename(out, old)
    if _added_meanwhile(old):
        os.rename(old, out)
        _changed(out)
    try:
        os.rename(stage, out)
    except BaseException:
        os.rename(old, out)
        raise
    _sync(out.parent)
    remove(old)


def _added_meanwhile(old: Path) -> bool:
    """Whether the previous output holds a file added after the check before writing: a file
    added by hand while the build wrote is kept, never deleted with the old site."""
    written = read_manifest(old)
    if written is None:
        return any(old.iterdir())  # an empty folder someone made, that is empty no more?
    return bool(unlisted(old, written))


def _changed(out: Path) -> None:
    check_owned(out)  # names the files added, and stops
    raise OutputError(f"{out} changed while the site was written; build again")


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # old kernel or file system
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if sys.platform != "linux":
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (glibc < 2.28, musl)
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function
