"""Where a project's templates and static files come from: its own folders, then the default theme.

A project may hold only content/: the default theme (the repository's templates/ and static/,
packaged inside the wheel as eventsite/theme/) fills in the rest. A project's own template
replaces the theme's template of the same name, and its static files are copied over the theme's.
`sources` lists every file a build reads, with a fingerprint of each.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventsite import i18n
from eventsite.errors import ContentError
from eventsite.load.files import files_below, fingerprint, read_file, walk

_PACKAGE = Path(__file__).resolve().parents[1]  # src/eventsite/


def default_theme() -> Path:
    """The folder holding the default templates/ and static/."""
    checkout = _PACKAGE.parents[1]  # src/eventsite/ -> the repository
    if (checkout / "pyproject.toml").is_file() and (checkout / "templates").is_dir():
        # A source checkout, installed editable or not: its own templates, never a copy of them.
        return checkout
    return _PACKAGE / "theme"  # an installed wheel carries a copy


def template_folders(project: Path) -> list[Path]:
    """Folders to look for templates in, the project's own first."""
    return _layers(project, "templates")[::-1]


def static_folders(project: Path) -> list[Path]:
    """Folders whose files are copied to static/, in order: later files replace earlier ones."""
    return _layers(project, "static")


def _layers(project: Path, name: str) -> list[Path]:
    theme, own = default_theme() / name, project / name
    layers = [theme] if theme.is_dir() else []
    # A project folder that is a symlink is refused by the loader (sources.py); it is never
    # a layer, so that nothing is copied through it even while the error is shown.
    if own.is_dir() and not own.is_symlink() and own.resolve() not in {p.resolve() for p in layers}:
        layers.append(own)
    return layers


@dataclass(frozen=True)
class Sources:
    """Every file a build reads, each with a fingerprint of its bytes."""

    content: dict[str, str]  # content/NAME -> fingerprint
    templates: dict[str, str]  # template name as Jinja loads it -> fingerprint
    static: dict[str, Path]  # static/NAME in the site -> the file it is copied from
    static_fingerprints: dict[str, str]
    catalogs: dict[str, str] = field(default_factory=dict)
    """locales/NAME.po -> fingerprint: the interface words, which a checkout may edit."""
    data: dict[str, bytes] = field(default_factory=dict, repr=False)
    """The bytes of each file of content/, by its path in the project (content/NAME), as read
    for its fingerprint: the load takes them from here instead of reading the file again."""
    stats: dict[str, list[Any]] = field(default_factory=dict)
    """Each static file's path -> what it was when its fingerprint was taken, for the next
    listing: a phone's photos are megabytes each, read again only when they change."""

    @property
    def fingerprint(self) -> str:
        """One fingerprint of all the sources, names and bytes."""
        h = hashlib.blake2b(digest_size=16)
        for group in (self.content, self.templates, self.static_fingerprints, self.catalogs):
            for name, fp in sorted(group.items()):
                h.update(f"{name}\0{fp}\n".encode())
            h.update(b"\1")
        return h.hexdigest()


def sources(
    project: Path,
    known: Mapping[str, list[Any]] | None = None,
    kept: Mapping[str, bytes] | None = None,
) -> Sources:
    """List and fingerprint every file of content/, of the templates and of the static files;
    the project's folders are walked once per build.

    A file that is as `known` (an earlier listing's `stats`) says it was keeps its fingerprint
    without being read again, and a content file its bytes (`kept`: that listing's `data`).
    A link, a pipe, an unreadable or an oversized file in the project's folders stops the build
    here, with one line each (files.py), before anything is read.
    """
    walked, problems = walk(project)
    if problems:
        raise ContentError(problems)
    known = known or {}
    stats: dict[str, list[Any]] = {}
    data: dict[str, bytes] = {}
    content: dict[str, str] = {}
    for path in sorted(walked.get("content", [])):
        shown = path.relative_to(project).as_posix()
        now, fp = _stat(path, known)
        read = (kept or {}).get(shown) if fp is not None else None
        if read is None and (read := read_file(path, shown, problems)) is not None:
            fp = _print(read)
        if read is not None and fp is not None:
            data[shown], content[shown[len("content/") :]] = read, fp
            _note(stats, path, now, fp)
    if problems:
        raise ContentError(problems)
    static = _files(static_folders(project), project, walked)

    def prints(files: dict[str, Path], prefix: str = "") -> dict[str, str]:
        return {prefix + name: _kept(path, known, stats) for name, path in files.items()}

    return Sources(
        content=content,
        templates=prints(_files(template_folders(project)[::-1], project, walked)),
        static={f"static/{name}": path for name, path in static.items()},
        static_fingerprints=prints(static, "static/"),
        catalogs=prints(_files([i18n.CATALOGS], project, walked), "locales/"),
        data=data,
        stats=stats,
    )


def _files(folders: list[Path], project: Path, walked: dict[str, list[Path]]) -> dict[str, Path]:
    """The files below the folders, by relative path; a later folder's file replaces an earlier
    one's of the same name. The project's own folders are as `walk` found them."""
    chosen: dict[str, Path] = {}
    for folder in folders:
        if folder.is_symlink() or not folder.is_dir():  # a linked folder: see files.py
            continue
        own = walked.get(folder.name) if folder == project / folder.name else None
        for path in files_below(folder) if own is None else own:
            chosen[path.relative_to(folder).as_posix()] = path
    return dict(sorted(chosen.items()))


def _print(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


RACY_NS = 2_000_000_000
"""A file changed less than this before it was listed may change again within its clock's
tick, unseen by its stat: its fingerprint is trusted from a later listing only."""


def _stat(path: Path, known: Mapping[str, list[Any]]) -> tuple[list[int], str | None]:
    """What a file is now (its device, inode, size, and modification and change times to the
    nanosecond: a write changes the change time, which no one can set back), and its
    fingerprint if `known` says it was so and settled when last listed."""
    st = os.lstat(path)
    now = [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    was = known.get(str(path)) or []
    kept = was[-1] if list(was[:-1]) == now else None
    return now, kept if isinstance(kept, str) else None


def _note(stats: dict[str, list[Any]], path: Path, now: list[int], fp: str) -> None:
    """Keep a file's stat and fingerprint for the next listing (no fingerprint if the file
    changed just before: see RACY_NS)."""
    settled = time.time_ns() - max(now[3], now[4]) > RACY_NS
    stats[str(path)] = [*now, fp if settled else None]


def _kept(path: Path, known: Mapping[str, list[Any]], stats: dict[str, list[Any]]) -> str:
    """A file's fingerprint: as known when the file is as it was then, else read."""
    now, kept = _stat(path, known)
    fp = kept or fingerprint(path)
    _note(stats, path, now, fp)
    return fp
