"""Where a project's templates and static files come from: its own folders, then the default theme.

A project may hold only content/: the default theme (the repository's templates/ and static/,
packaged inside the wheel as eventsite/theme/) fills in the rest. A project's own template
replaces the theme's template of the same name, and its static files are copied over the theme's.
`sources` lists every file a build reads, with a fingerprint of each.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventsite import i18n
from eventsite.errors import ContentError, Problem
from eventsite.load.files import check_folders, fingerprint, read_file

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


def sources(project: Path, known: Mapping[str, list[Any]] | None = None) -> Sources:
    """List and fingerprint every file of content/, of the templates and of the static files.

    A static file that is as `known` (an earlier listing's `stats`) says it was keeps its
    fingerprint without being read again. A link, a pipe, an unreadable or an oversized file
    in the project's folders stops the build here, with one line each (sources.py), before
    anything is read.
    """
    problems = check_folders(project)
    if problems:
        raise ContentError(problems)
    content = {name: fp for name, (_, fp) in _files([project / "content"], problems).items()}
    templates = {name: fp for name, (_, fp) in _files(template_folders(project)[::-1]).items()}
    stats: dict[str, list[Any]] = {}
    static = _files(static_folders(project), problems, known or {}, stats)
    if problems:
        raise ContentError(problems)
    return Sources(
        content=content,
        templates=templates,
        static={f"static/{name}": path for name, (path, _) in static.items()},
        static_fingerprints={f"static/{name}": fp for name, (_, fp) in static.items()},
        catalogs={f"locales/{name}": fp for name, (_, fp) in _files([i18n.CATALOGS]).items()},
        stats=stats,
    )


def _files(
    folders: list[Path],
    problems: list[Problem] | None = None,
    known: Mapping[str, list[Any]] | None = None,
    stats: dict[str, list[Any]] | None = None,
) -> dict[str, tuple[Path, str]]:
    """The files below the folders, by relative path, with fingerprints; a later folder's file
    replaces an earlier one's of the same name. Links are not followed; a file of content/
    that cannot be read safely (sources.read_file) is a problem; templates and static files
    are read without following links, in pieces, whatever their size. With `stats`, each
    file's is noted there, and one that is as `known` says is not read again."""
    chosen: dict[str, tuple[Path, str]] = {}
    for folder in folders:
        if folder.is_symlink() or not folder.is_dir():  # a linked folder: see sources.py
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                name = path.relative_to(folder).as_posix()
                fp = (_kept(path, known or {}, stats)
                      if stats is not None
                      else _fingerprint(path, f"{folder.name}/{name}", problems))  # fmt: skip
                if fp is not None:
                    chosen[name] = (path, fp)
    return dict(sorted(chosen.items()))


def _kept(path: Path, known: Mapping[str, list[Any]], stats: dict[str, list[Any]]) -> str:
    """A static file's fingerprint: as known when the file is as it was then (its device,
    inode, size, and modification and change times to the nanosecond: a write changes the
    change time, which no one can set back), else read."""
    st = os.lstat(path)
    now = [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    was = known.get(str(path)) or []
    kept = was[-1] if list(was[:-1]) == now else None
    fp = kept if isinstance(kept, str) else fingerprint(path)
    stats[str(path)] = [*now, fp]
    return fp


def _fingerprint(path: Path, shown: str, problems: list[Problem] | None) -> str | None:
    if shown.startswith("content/"):
        data = read_file(path, shown, problems if problems is not None else [])
        return None if data is None else hashlib.blake2b(data, digest_size=16).hexdigest()
    return fingerprint(path)
