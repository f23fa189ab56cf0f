"""The project's own files as eventsite may read them: regular files and folders inside it.

content/, templates/ and static/ (the folders and everything eventsite reads in them) must be
regular files and folders of the project. A symbolic link could publish a file from anywhere on
the computer, a named pipe would hang the build, and a file the size of a disk would fill the
memory: each is one line naming the file, found before anything is read or written. A content
file's text is UTF-8 without invisible characters (`read_text`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import BinaryIO

from eventsite.errors import Problem

MAX_FILE_BYTES = 20_000_000
"""A content file's limit, checked before reading: a limit against runaway files, not against
big events (the benchmark's 10,000-session agenda is 8.4 MB of YAML and reads in a second)."""

FOLDERS = ("content", "templates", "static")
ONLY_REGULAR = "eventsite reads only regular files"
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Characters no editor means to type and most do not show: control characters (YAML refuses
# them, and NEL, LS and PS would count as line breaks and shift every line number after them)
# and a byte-order mark anywhere but at the start.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_SUSPECT = b"".join(map(bytes, [range(9), b"\x0b\x0c", range(14, 32), b"\x7f\xc2\xe2\xef"]))
"""The bytes that start each of those characters in UTF-8 (C1 controls \\xc2, LS and PS \\xe2,
the byte-order mark \\xef): a text without any of them has none of those characters."""
_ELSE = bytes(sorted(set(range(256)) - set(_SUSPECT)))
INVISIBLE_HINT = "delete it; it often comes with text pasted from elsewhere"
_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def read_file(
    path: Path, shown: str, problems: list[Problem], required: bool = False
) -> bytes | None:
    """A content file's bytes, or None (with its problem noted) if it is not a regular,
    readable file of a sane size. A missing file is a problem only when it is `required`."""
    try:
        # O_NOFOLLOW refuses a symlink and O_NONBLOCK keeps a named pipe from blocking the
        # open: what is opened is then checked with fstat, so nothing can be swapped in between.
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        if required:
            problems.append(Problem(shown, 0, 0, "", "file is missing", f"create {shown}"))
        return None
    except OSError as exc:  # a symlink (ELOOP, dangling or not) or a file the user cannot read
        project = path.absolute().parents[len(shown.split("/")) - 1]
        problems.append(_problem(shown, describe(path, project) or _unreadable(exc, shown)))
        return None
    info = os.fstat(handle)
    if not stat.S_ISREG(info.st_mode):
        os.close(handle)
        problems.append(_problem(shown, _kind(info.st_mode)))
        return None
    with os.fdopen(handle, "rb") as stream:
        if info.st_size > MAX_FILE_BYTES:
            problems.append(_too_big(shown))
            return None
        try:
            data = stream.read(MAX_FILE_BYTES + 1)  # a file growing meanwhile stops here
        except OSError as exc:
            problems.append(_problem(shown, _unreadable(exc, shown)))
            return None
    if len(data) > MAX_FILE_BYTES:
        problems.append(_too_big(shown))
        return None
    return data


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading, never through a symlink nor a pipe; OSError if not.

    For static files, checked by `walk` before: a file replaced by a link since then
    is refused here instead of being followed.
    """
    handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return os.fdopen(handle, "rb")


def fingerprint(path: Path) -> str:
    """A fingerprint of a regular file's bytes, read in pieces without following a link."""
    digest = hashlib.blake2b(digest_size=16)
    with open_regular(path) as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def walk(project: Path) -> tuple[dict[str, list[Path]], list[Problem]]:
    """The regular files below each of the project's own folders, by the folder's name; and
    every symlink, special file or unreadable entry in them, one problem each.

    Called before a build reads anything, so that a link to a home folder in static/ or a
    pipe in templates/ stops the build with one line instead of being copied or hanging it.
    content/'s files are judged as they are read.
    """
    found: dict[str, list[Path]] = {}
    problems: list[Problem] = []
    for name in FOLDERS:
        folder = project / name
        if folder.is_symlink():
            problems.append(_problem(f"{name}/", describe(folder, project)))
        elif folder.exists() and not folder.is_dir():
            problems.append(_problem(name, "is not a folder; eventsite reads a folder here"))
        elif folder.is_dir():
            found[name] = _walk(project, folder, problems, judge=name != "content")
    return found, problems


def files_below(folder: Path) -> list[Path]:
    """The regular files below a folder (the default theme's), links not followed."""
    return _walk(folder, folder, [], judge=False)


def _walk(project: Path, folder: Path, problems: list[Problem], judge: bool) -> list[Path]:
    """The regular files below a folder, links not followed; if `judge`, every other entry
    below it is a problem. A folder that cannot be listed is one, if it is the top one or
    judged (below it, the files eventsite reads are judged as they are read)."""
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            if judge or current == folder:
                shown = f"{current.relative_to(project).as_posix()}/"
                problems.append(_problem(shown, _unreadable(exc, shown, folder=True)))
            continue
        for entry in entries:
            path = Path(entry.path)
            shown = path.relative_to(project).as_posix()
            if entry.is_dir(follow_symlinks=False):
                stack.append(path)
            elif entry.is_file(follow_symlinks=False):
                found.append(path)
                if judge and not _readable(path):
                    problems.append(_problem(shown, _unreadable(PermissionError(), shown)))
            elif not judge:
                continue
            elif entry.is_symlink():
                problems.append(_problem(shown, describe(path, project)))
            else:
                problems.append(_problem(shown, _kind(entry.stat(follow_symlinks=False).st_mode)))
    return found


def _readable(path: Path) -> bool:
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC))
    except OSError:
        return False
    return True


def describe(path: Path, project: Path) -> str:
    """What is wrong with a path that should be a regular file or folder; "" if nothing."""
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            return "is a symbolic link that leads nowhere"
        what = "a folder" if target.is_dir() else "a file"
        inside = project.resolve() in target.parents
        where = "inside" if inside else "outside"
        return f"is a symbolic link to {what} {where} the project"
    if path.is_dir():
        return "is a folder, not a file"
    if path.exists() and not path.is_file():
        return _kind(path.lstat().st_mode)
    return ""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    return f"is {_KINDS.get(stat.S_IFMT(mode), 'not a regular file')}, not a file"


def _unreadable(exc: OSError, shown: str, folder: bool = False) -> str:
    reason = (exc.strerror or "permission denied").lower()
    fix = f"chmod a+rx {shown}" if folder else f"chmod a+r {shown}"
    return f"cannot be read ({reason}); let your user read it, e.g. {fix}"


def _problem(shown: str, what: str) -> Problem:
    # The hint is in `what` for unreadable files; for the rest it says what eventsite reads.
    if "cannot be read" in what or "eventsite reads" in what:
        message, _, hint = what.partition("; ")
        return Problem(shown, 0, 0, "", message, hint)
    return Problem(shown, 0, 0, "", what, ONLY_REGULAR)


def _too_big(shown: str) -> Problem:
    what = f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB"
    return Problem(shown, 0, 0, "", what, "split it or remove what is not content")


def read_text(
    path: Path, shown: str, required: bool, problems: list[Problem], data: bytes | None = None
) -> str | None:
    """The file's text, checked; None (with its problem noted) if it cannot be content. `data`:
    its bytes, if they were read already (a build reads each file once)."""
    data = read_file(path, shown, problems, required) if data is None else data
    if data is None:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            Problem(shown, 0, 0, "", "is UTF-16 text, not UTF-8", "save the file as UTF-8")
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        problems.append(
            Problem(shown, line, column, "", "is not UTF-8 text", "save the file as UTF-8")
        )
        return None
    # Deleting every other byte is a tenth of the search's time: the search runs where it may
    # find something (most files are ASCII).
    invisible = _INVISIBLE.search(text) if data.translate(None, _ELSE) else None
    if invisible is not None:
        lines = LINE_BREAK.split(text[: invisible.start()])
        what = f"an invisible character ({char_name(invisible.group())}) is not allowed"
        problems.append(Problem(shown, len(lines), len(lines[-1]) + 1, "", what, INVISIBLE_HINT))
        return None
    return text


def char_name(char: str) -> str:
    """A character as "U+0007 control character" or "U+202E RIGHT-TO-LEFT OVERRIDE"."""
    name = unicodedata.name(char, "") or {"\x85": "NEXT LINE"}.get(char, "")
    if not name:
        name = "control character" if unicodedata.category(char) == "Cc" else "non-character"
    return f"U+{ord(char):04X} {name}"
