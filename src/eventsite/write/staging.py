"""The new site in its staging folder, each file written as the build makes it and let go, so a
build never holds the whole site in memory; private until write_site swaps the folder in whole.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from eventsite.engine.sink import fingerprint as made_print
from eventsite.errors import OutputError
from eventsite.load.files import fingerprint, open_regular
from eventsite.write.guard import MARKER, folders_of, manifest

Outputs = dict[str, list[Any]]
"""What a build wrote, by path: fingerprint, size, modification time (ns) and inode of each
file, so that the next build can tell the file is still as written."""


class Staging:
    """The files of the new site in `folder`, the staging folder beside `out` (named `shown` in
    messages): make.py's `Sink` for a build. A file the previous build wrote into `out`
    (`previous`, as write_site returned it) that is still as written and has the same bytes now
    is linked, not written again."""

    def __init__(
        self, out: Path, folder: Path, previous: Mapping[str, list[Any]] | None, shown: Path
    ) -> None:
        self.out, self.folder, self.previous, self.shown = out, folder, previous or {}, shown
        self.written: Outputs = {}
        self._names = Names()
        # Plain strings, not Paths: thousands of files, each joined and looked at a few times.
        self._old, self._new = f"{out}/", f"{folder}/"
        # The manifest goes first: a build killed halfway leaves a folder recognisably ours. It
        # lists no file until the site is whole (`seal`).
        write_file(folder / MARKER, manifest(()))

    def put(self, name: str, data: bytes | Path, known: str = "", taken: bool = False) -> None:
        """Write the file `name` now: bytes, or a file copied in pieces (a static file; one of
        the last build's `taken` whole, refused if changed since), with its fingerprint if
        `known`."""
        made = self._names.add(name)
        try:
            if made:  # thousands of files share a few folders
                os.makedirs(self._new + made, exist_ok=True)
            fp = known or _fingerprint(data)
            kept = self.previous.get(name)
            if kept and kept[0] == fp and _link(self._old + name, self._new + name, kept):
                self.written[name] = [fp, *kept[1:4]]  # the same file: no stat again
                return
            if taken:
                _check_taken(self._old + name, fp)
            write_file(self._new + name, data)
            st = os.stat(self._new + name)
        except OSError as exc:
            raise cannot_write(self.shown, exc) from exc
        self.written[name] = [fp, st.st_size, st.st_mtime_ns, st.st_ino]

    def seal(self) -> None:
        """Write the manifest of every file written, in place of the empty one, in one step."""
        write_file(self.folder / _NEW_MANIFEST, manifest(self.written))
        os.replace(self.folder / _NEW_MANIFEST, self.folder / MARKER)

    def names(self) -> Iterable[str]:
        """Every file written so far."""
        return self.written.keys()

    def size(self, name: str) -> int:
        """The size of a file written."""
        return int(self.written[name][1])

    def fingerprint(self, name: str) -> str:
        """The fingerprint of a file written: of its bytes, as the manifest of outputs keeps it."""
        return str(self.written[name][0])

    @property
    def folders(self) -> set[str]:
        """Every folder of the site, as a path inside it ("" for its top)."""
        return self._names.folders


_NEW_MANIFEST = f"{MARKER}.new"
"""The whole manifest, written before it replaces the empty one: no file of a site has a name
starting with the manifest's (`Names`)."""


def cannot_write(out: Path, exc: OSError) -> OutputError:
    """A failure to write (a full disk, a read-only folder): the editor's to fix, not a bug."""
    return OutputError(f"cannot write the site into {out}: {exc}")


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\\\x7f]|(?:^|/)\.{0,2}(?:/|$)")
"""A control character or backslash, or an empty, "." or ".." part: a path that could leave
the staging folder (a leading "/" is an empty first part)."""


class Names:
    """The paths of a site's files, each checked as it comes: page paths may come from content
    (ids), and none may leave the site, come twice, or be a folder of another."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.folders = {""}

    def add(self, name: str) -> str:
        """Take the path `name`; return its folder if it is a new one, else ""."""
        if _UNSAFE_NAME.search(name) or name.startswith(MARKER):  # the manifest's own name
            raise OutputError(
                f"cannot write the output file {name!r}: its path would leave the site; "
                "check the ids in content/"
            )
        if name in self.files:
            raise OutputError(f"two outputs would write {name}")
        if name in self.folders:
            raise OutputError(f"{name} would be both a file and a folder of the site")
        folder = name.rpartition("/")[0]
        new = folder not in self.folders
        for each in folders_of(name) if new else ():  # plain string work: thousands of names
            if each in self.files:
                raise OutputError(f"{each} would be both a file and a folder of the site")
            self.folders.add(each)
        self.files.add(name)
        return folder if new else ""


def _check_taken(path: str, expected: str) -> None:
    """Refuse to copy a file the previous build wrote that is not as it wrote it: changed
    since this build looked (another build into the folder, or by hand)."""
    try:
        same = fingerprint(Path(path)) == expected
    except OSError:
        same = False
    if not same:
        raise OutputError(f"{path} changed while the site was being built; build again")


def _fingerprint(data: bytes | Path) -> str:
    return fingerprint(data) if isinstance(data, Path) else made_print(data)


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


def write_file(target: Path | str, data: bytes | Path) -> int:
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
