"""The build pipeline, and the only module that writes the site to disk."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from eventsite import parallel
from eventsite.errors import OutputError, Problem
from eventsite.load import load_site
from eventsite.model import Site
from eventsite.outputs import ics, schedule, sitemap
from eventsite.outputs.common import Settings
from eventsite.render import Page, make_env, plan, render_all
from eventsite.theme import static_folders, template_folders

PARALLEL_MIN = 400
"""Sessions and speakers from which the outputs are made on several cores."""

MARKER = ".eventsite-output"
"""Left in every output folder, so a later build knows the folder is ours to replace."""


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the one-line summary."""

    out: Path
    pages: int
    files: int
    size: int
    seconds: float
    warnings: tuple[Problem, ...] = ()

    def summary(self) -> str:
        """One line for the terminal."""
        return (
            f"built {self.pages} page{'s' * (self.pages != 1)} and {self.files} files "
            f"({self.size / 1024:.0f} KB) into {self.out} in {self.seconds:.2f} s"
        )


def build(
    project: Path,
    out: Path,
    now: datetime | None = None,
    base_url: str | None = None,
    strict: bool = False,
) -> BuildReport:
    """Load, check, render and write the whole site; on any error, write nothing."""
    started = time.perf_counter()
    check_output(project, out)
    site = load_site(project, strict)  # raises ContentError listing every problem at once
    files = render_pages(site, project, now or build_time(), base_url)
    written = write_site(out, files, static=static_folders(project))
    pages = sum(name.endswith(".html") for name in files)
    seconds = time.perf_counter() - started
    return BuildReport(out, pages, written.files, written.size, seconds, site.warnings)


def render_site(project: Path, now: datetime, base_url: str | None = None) -> dict[str, bytes]:
    """Every generated file of the site, by path, in memory; nothing is written."""
    return render_pages(load_site(project), project, now, base_url)


def render_pages(
    site: Site, project: Path, now: datetime, base_url: str | None = None
) -> dict[str, bytes]:
    """Every page and machine output of a loaded site, by path, in memory."""
    settings = Settings.for_site(site, now, base_url)  # now in the venue's zone; base_url
    pages = plan(site, settings.now, settings.base_url)  # pure: which files, from what data
    count = jobs(site)
    work = [*page_outputs(project, pages, count), *machine_outputs(site, settings, pages, count)]
    return merge(*parallel.run_all(work, count))  # a big event's on several cores at once


Output = Callable[[], dict[str, bytes]]
"""One piece of the site, made when called; pieces are independent of each other."""


def jobs(site: Site) -> int:
    """How many processes make the site's outputs."""
    return parallel.jobs(len(site.sessions) + len(site.speakers), PARALLEL_MIN)


def page_outputs(project: Path, pages: Sequence[Page], count: int = 1) -> list[Output]:
    """What a browser shows: the pages, in shares when several processes make them."""
    env = make_env(template_folders(project))
    shares = 4 * count if count > 1 else 1
    size = len(pages)
    return [
        partial(render_all, env, pages[size * share // shares : size * (share + 1) // shares])
        for share in range(shares)
    ]


def machine_outputs(
    site: Site, settings: Settings, pages: Sequence[Page], count: int = 1
) -> list[Output]:
    """What machines read: schedule feeds, calendars, sitemap; longest first."""
    shares = 4 * count if count > 1 else 1  # the calendars take longest: split them
    listed = [p.path for p in pages if not p.context.get("noindex")]
    return [
        partial(schedule.feeds, site, settings),  # schedule.json and .xml for conference apps
        # event.ics and calendar/<slot>.ics
        *(partial(ics.calendars, site, settings, shares, share) for share in range(shares)),
        partial(sitemap.files, site, settings, listed),  # robots.txt; sitemap.xml with a base_url
    ]


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def merge(*parts: dict[str, bytes]) -> dict[str, bytes]:
    """All outputs by path; two outputs claiming one path is a bug, never a silent overwrite."""
    files: dict[str, bytes] = {}
    for part in parts:
        for name, data in part.items():
            if name in files:
                raise OutputError(f"error: two outputs would write {name}")
            files[name] = data
    return files


def check_output(project: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy files eventsite did not make."""
    project, target = project.resolve(), out.resolve()
    home = Path.home().resolve()
    protected = [project / "content", project / "templates", project / "static"]
    if target == project or target in project.parents or target in (home, Path(target.anchor)):
        raise OutputError(
            f"error: refusing to write into {out}: it holds the project or more; "
            "choose a folder such as public/"
        )
    for folder in protected:
        if target == folder or folder in target.parents or target in folder.parents:
            raise OutputError(
                f"error: refusing to write into {out}: it overlaps {folder.name}/; "
                "choose a folder such as public/"
            )
    if target.exists() and not target.is_dir():
        raise OutputError(f"error: {out} is a file; choose a folder such as public/")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise OutputError(
            f"error: refusing to replace {out}: it is not empty and was not made "
            "by eventsite; empty it or choose another folder"
        )
    if (target / ".git").exists():
        raise OutputError(f"error: refusing to replace {out}: it holds a .git folder")


@dataclass(frozen=True)
class Written:
    files: int
    size: int


def write_site(out: Path, files: dict[str, bytes], static: Sequence[Path]) -> Written:
    """Write the site into a staging folder beside `out`, then swap it in whole.

    `static` lists folders copied to static/ in order; a later folder's file replaces an
    earlier one's of the same name.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    stage.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    try:
        count, size = _copy_static(static, stage)
        folders = {str(stage)}
        for name, data in sorted(files.items()):
            target = os.path.join(stage, name)
            folder = os.path.dirname(target)
            if folder not in folders:  # thousands of files share a few folders
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            try:  # O_EXCL: refuses, in the same call, a file that is there already
                handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                raise OutputError(f"error: two outputs would write {name}") from None
            with open(handle, "wb") as stream:
                stream.write(data)
            count, size = count + 1, size + len(data)
        (stage / MARKER).write_text("made by eventsite; replaced whole by each build\n")
        _swap(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return Written(count, size)


def update_site(out: Path, files: dict[str, bytes], written: dict[str, bytes]) -> int:
    """Bring a folder this process wrote up to date: write the files that changed, each replaced
    whole, and remove those that went. Returns how many changed. For the dev server's preview."""
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


def static_files(static: Sequence[Path]) -> dict[str, bytes]:
    """The static files as the site serves them, by path: a later folder's file replaces an
    earlier one's of the same name, and symbolic links are left out."""
    found: dict[str, bytes] = {}
    for folder in static:
        if folder.is_dir():
            for source in sorted(folder.rglob("*")):
                if source.is_file() and not source.is_symlink():
                    found[f"static/{source.relative_to(folder).as_posix()}"] = source.read_bytes()
    return found


def _copy_static(static: Sequence[Path], stage: Path) -> tuple[int, int]:
    chosen: dict[Path, Path] = {}
    for folder in static:
        if folder.is_dir():
            for source in sorted(folder.rglob("*")):
                if source.is_file() and not source.is_symlink():
                    chosen[source.relative_to(folder)] = source
    count = size = 0
    for name, source in sorted(chosen.items()):
        target = stage / "static" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        count, size = count + 1, size + source.stat().st_size
    return count, size


def _swap(stage: Path, out: Path) -> None:
    # Two renames: the old site moves aside, the new one takes its name, then the old one goes.
    # Between the renames `out` is missing for an instant, never half-written.
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(old / out.name)
    stage.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
