"""The only module that writes the site: into a staging folder, then swapped in whole, one build
at a time; the dev server's preview updated file by file. Before anything is written, the output
folder is checked (guard.py)."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import hashlib
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from eventsite.errors import OutputError
from eventsite.load.files import fingerprint, open_regular
from eventsite.write.guard import (
    MARKER,
    check_owned,
    manifest,
    read_manifest,
    unlisted,
)

try:
    import fcntl as _fcntl
except ImportError:  # not on Windows: concurrent builds into one folder are not guarded there
    _fcntl = None  # type: ignore[assignment]


Outputs = dict[str, list[Any]]
"""What a build wrote, by path: fingerprint, size, modification time (ns) and inode of each
file, so that the next build can tell the file is still as written."""


def write_site(
    out: Path,
    files: Mapping[str, bytes],
    static: Mapping[str, Path],
    previous: Mapping[str, list[Any]] | None = None,
    fingerprints: Mapping[str, str] | None = None,
    taken: Mapping[str, str] | None = None,
) -> Outputs:
    """Write the site into a staging folder beside `out`, then swap it in whole.

    `static` maps paths in the site (static/...) to the files they are copied from, in pieces,
    with their `fingerprints` if known. A file the previous build wrote into `out` (`previous`,
    as this function returned it) that is still as written and has the same bytes now is
    linked into the staging folder, not written again; so is each file `taken` names (with
    its fingerprint), given without its bytes: one the previous build wrote, unchanged since.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if os.path.ismount(out):
        raise OutputError(
            f"{out} is a mount point, which eventsite cannot replace whole; "
            f"choose a folder inside it, e.g. {out / 'site'}"
        )
    with _one_build_at_a_time(out):
        clean_leftovers(out)
        check_owned(out)  # again, just before writing: it may have changed since the check
        taken = taken or {}
        names = sorted(static) + sorted(files) + sorted(taken)
        prints = {**(fingerprints or {}), **taken}
        _check_names(names)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        lock = _lock(stage)  # tells an older build that this staging folder is not a leftover
        written: Outputs = {}
        try:
            _keep_mode(out, stage)
            # The manifest goes first: a build killed halfway leaves a folder recognisably ours.
            _write_file(stage / MARKER, manifest(names))
            # Plain strings, not Paths: thousands of files, each joined and looked at a few times.
            made, old, new = {""}, f"{out}/", f"{stage}/"
            for name in names:
                data: bytes | Path | None = files.get(name)
                if data is None:  # a static file, or one taken: copied if it cannot be linked
                    data = static.get(name) or Path(old + name)
                folder = name.rpartition("/")[0]
                if folder not in made:  # thousands of files share a few folders
                    os.makedirs(new + folder, exist_ok=True)
                    made.add(folder)
                fingerprint = prints.get(name) or _fingerprint(data)
                kept = (previous or {}).get(name)
                if kept and kept[0] == fingerprint and _link(old + name, new + name, kept):
                    written[name] = [fingerprint, *kept[1:4]]  # the same file: no stat again
                    continue
                if name in taken:
                    _check_taken(old + name, fingerprint)
                _write_file(new + name, data)
                st = os.stat(new + name)
                written[name] = [fingerprint, st.st_size, st.st_mtime_ns, st.st_ino]
            _flush(stage, names, {stage / folder for folder in made})  # a power cut loses none
            _swap(stage, out)
        except BaseException:
            remove(stage)
            raise
        finally:
            if lock is not None:
                os.close(lock)  # releases the lock
    return written


def _check_taken(path: str, expected: str) -> None:
    """Refuse to copy a file the previous build wrote that is not as it wrote it: changed
    since this build looked (another build into the folder, or by hand)."""
    try:
        same = fingerprint(Path(path)) == expected
    except OSError:
        same = False
    if not same:
        raise OutputError(f"{path} changed while the site was being built; build again")


def read_static(path: Path) -> bytes:
    """A static file's bytes, read without following a link (see sources.py)."""
    with open_regular(path) as source:
        return source.read()


def _fingerprint(data: bytes | Path) -> str:
    if isinstance(data, Path):
        return fingerprint(data)
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _link(old: str, new: str, kept: list[Any]) -> bool:
    """Link the previous build's file into the staging folder if it is still as that build
    wrote it (same size, modification time and inode): a hand-edited file is written anew."""
    try:
        st = os.lstat(old)
        if (st.st_size, st.st_mtime_ns, st.st_ino) != tuple(kept[1:4]):
            return False
        os.link(old, new, follow_symlinks=False)
    except FileExistsError:
        raise OutputError(f"two outputs would write {os.path.basename(new)}") from None
    except OSError:  # gone, or a file system without hard links: write it instead
        return False
    return True


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


def remove(folder: Path) -> None:
    """Remove a folder this build or an earlier one made, its manifest last: a build killed
    while removing leaves a folder the next build still knows as its own leftover."""
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name != MARKER]
    except FileNotFoundError:
        return
    # Removing a folder waits on the disk, not the processor (ext4 mounted with `discard`:
    # about 2 ms per folder, 900 folders in a site of 300 events): several at once.
    with ThreadPoolExecutor(8) as pool:
        for _ in pool.map(_remove_entry, entries):
            pass
    with contextlib.suppress(FileNotFoundError):
        os.unlink(folder / MARKER)
    with contextlib.suppress(FileNotFoundError):
        os.rmdir(folder)


def _remove_entry(entry: os.DirEntry[str]) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.path)


def update_site(out: Path, files: dict[str, bytes], written: dict[str, bytes]) -> int:
    """Bring a folder this process wrote up to date: write the files that changed, each replaced
    whole, and remove those that went. Returns how many changed. For the dev server's preview."""
    _check_names(list(files))
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


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\\\x7f]|(?:^|/)\.{0,2}(?:/|$)")
"""A control character or backslash, or an empty, "." or ".." part: a path that could leave
the staging folder (a leading "/" is an empty first part)."""


def _check_names(names: list[str]) -> None:
    # Page paths may come from content (ids): none may leave the staging folder or collide.
    # Plain string work: thousands of names, each looked at twice.
    seen: set[str] = set()
    for name in names:
        if _UNSAFE_NAME.search(name) or name == MARKER:
            raise OutputError(
                f"cannot write the output file {name!r}: its path would leave the site; "
                "check the ids in content/"
            )
        if name in seen:
            raise OutputError(f"two outputs would write {name}")
        seen.add(name)
    for name in names:
        folder = name
        while "/" in folder:  # each folder the file is in, the nearest first
            folder = folder.rsplit("/", 1)[0]
            if folder in seen:
                raise OutputError(f"{folder} would be both a file and a folder of the site")


def _write_file(target: Path | str, data: bytes | Path) -> int:
    """Write one file of the staging folder, whose folder is there; return its size. A static
    file (a Path) is copied in pieces, however big, never through a link."""
    try:  # O_EXCL refuses, in the same call, a file already there: the same name in another
        # case, on a case-insensitive disk
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise OutputError(f"two outputs would write {os.path.basename(target)}") from None
    with open(handle, "wb") as stream:
        if isinstance(data, Path):
            with open_regular(data) as source:
                shutil.copyfileobj(source, stream)
            return stream.tell()
        stream.write(data)
    return len(data)


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
