"""Where a build may write: only a folder eventsite made itself, as its manifest (the list of
every file it wrote there) shows; never the project, a home folder, a git repository or files
someone added by hand."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from eventsite.errors import OutputError
from eventsite.load.inputs import static_folders, template_folders

MARKER = ".eventsite-output"
"""Left in every output folder: the manifest of the files a build wrote there."""


_LEGACY_MARKER = "made by eventsite; replaced whole by each build\n"
"""The marker of the first releases, which listed no files: such a folder is replaced whole."""


def check_output(project: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy files eventsite did not make."""
    # Real paths: a symlink must not lead a build into the project, home or anywhere above.
    project, target = project.resolve(), out.resolve()
    home = Path.home().resolve()
    if target == Path(target.anchor) or target in (project, home) or _above(target, project, home):
        raise OutputError(
            f"refusing to write into {out}: it holds the project, your home folder or "
            "more; choose a folder such as public/"
        )
    protected = [project / "content", project / "templates", project / "static"]
    # The default theme's folders too: in a source checkout they are the repository's own.
    protected += [p.resolve() for p in (*template_folders(project), *static_folders(project))]
    for folder in protected:
        if target == folder or _above(folder, target) or _above(target, folder):
            raise OutputError(
                f"refusing to write into {out}: it overlaps {folder.name}/; "
                "choose a folder such as public/"
            )
    if ".git" in target.parts:
        raise OutputError(f"refusing to write into {out}: it is inside a .git folder")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{out} is a file; choose a folder such as public/")
    check_owned(target, shown=out)


def _above(path: Path, *others: Path) -> bool:
    """Whether `path` is a parent (at any depth) of one of `others`."""
    return any(path in other.parents for other in others)


def check_owned(target: Path, shown: Path | None = None) -> None:
    """Refuse a non-empty folder unless every file in it was written by an earlier build."""
    shown = shown or target
    if not target.is_dir() or not any(target.iterdir()):
        return
    if (target / ".git").exists():
        raise OutputError(f"refusing to replace {shown}: it holds a .git folder")
    written = read_manifest(target)
    if written is None:
        raise OutputError(
            f"refusing to replace {shown}: it is not empty and was not made "
            "by eventsite; empty it or choose another folder"
        )
    added = unlisted(target, written)
    if added:
        listed = ", ".join(added[:5]) + (f" and {len(added) - 5} more" if len(added) > 5 else "")
        raise OutputError(
            f"refusing to replace {shown}: eventsite did not write {listed}; "
            "move them out of the folder (files to publish belong in static/), then build again"
        )


def read_manifest(folder: Path) -> frozenset[str] | None:
    """The files an earlier build wrote into a folder, or None if eventsite did not make it."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        text = marker.read_text(encoding="utf-8")
        if text == _LEGACY_MARKER:  # no list of files: everything there counts as written
            return frozenset(contents(folder)[1])
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != "eventsite":
        return None
    files = data.get("files")
    if not isinstance(files, list):
        return None
    return frozenset(str(name) for name in files)


def manifest(names: Iterable[str]) -> bytes:
    data = {
        "generator": "eventsite",
        "note": "eventsite replaces this folder on each build; a file added here by hand "
        "stops the build instead of being deleted",
        "files": sorted({MARKER, *names}),
    }
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


def contents(folder: Path) -> tuple[list[str], list[str]]:
    """Folders and everything else below `folder`, as relative paths; symlinks are not followed.

    Plain strings, not Paths: an output folder holds thousands of files."""
    dirs: list[str] = []
    others: list[str] = []
    top = len(str(folder)) + 1
    for root, subdirs, names in os.walk(folder):
        base = root[top:] + "/" if len(root) > top else ""
        for name in subdirs:
            is_link = os.path.islink(os.path.join(root, name))
            (others if is_link else dirs).append(base + name)
        others.extend(base + name for name in names)
    return dirs, others


def folders_of(name: str) -> list[str]:
    """The folders a relative path is in: "a/b/c.html" -> ["a/b", "a"]."""
    found = []
    while "/" in name:
        name = name.rpartition("/")[0]
        found.append(name)
    return found


def unlisted(folder: Path, written: frozenset[str]) -> list[str]:
    parents = {parent for name in written for parent in folders_of(name)}
    dirs, others = contents(folder)
    added = sorted({d + "/" for d in dirs if d not in parents} | (set(others) - written))
    # A whole folder added by hand is named once, not file by file.
    return [a for a in added if not any(a.startswith(b) and a != b for b in added if b[-1] == "/")]
