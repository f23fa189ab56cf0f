"""The build pipeline, and the only module that writes the site to disk."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from eventsite import parallel
from eventsite.errors import OutputError
from eventsite.load import load_site
from eventsite.model import Site
from eventsite.outputs import ics, schedule, sitemap
from eventsite.outputs.common import Settings
from eventsite.render import make_env, plan, render_all

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

    def summary(self) -> str:
        """One line for the terminal."""
        return (
            f"built {self.pages} page{'s' * (self.pages != 1)} and {self.files} files "
            f"({self.size / 1024:.0f} KB) into {self.out} in {self.seconds:.2f} s"
        )


def build(
    project: Path, out: Path, now: datetime | None = None, base_url: str | None = None
) -> BuildReport:
    """Load, check, render and write the whole site; on any error, write nothing."""
    started = time.perf_counter()
    check_output(project, out)
    files = render_site(project, now or build_time(), base_url)
    written = write_site(out, files, static=project / "static")
    pages = sum(name.endswith(".html") for name in files)
    return BuildReport(out, pages, written.files, written.size, time.perf_counter() - started)


def render_site(project: Path, now: datetime, base_url: str | None = None) -> dict[str, bytes]:
    """Every generated file of the site, by path, in memory; nothing is written."""
    site = load_site(project)  # raises ContentError listing every problem at once
    settings = Settings.for_site(site, now, base_url)  # now in the venue's zone; base_url
    count = jobs(site)
    work = [*page_outputs(project, site, settings), *machine_outputs(site, settings, count)]
    return merge(*parallel.run_all(work, count))  # a big event's on several cores at once


Output = Callable[[], dict[str, bytes]]
"""One piece of the site, made when called; pieces are independent of each other."""


def jobs(site: Site) -> int:
    """How many processes make the site's outputs."""
    return parallel.jobs(len(site.sessions) + len(site.speakers), PARALLEL_MIN)


def page_outputs(project: Path, site: Site, settings: Settings) -> list[Output]:
    """What a browser shows: the pages."""
    pages = plan(site, settings.now, settings.base_url)  # pure: which files, from what data
    return [partial(render_all, make_env([project / "templates"]), pages)]


def machine_outputs(site: Site, settings: Settings, count: int = 1) -> list[Output]:
    """What machines read: calendars, schedule feeds, sitemap; longest first."""
    shares = 4 * count if count > 1 else 1  # the calendars take longest: split them
    return [
        partial(schedule.feeds, site, settings),  # schedule.json and .xml for conference apps
        # event.ics and calendar/<slot>.ics
        *(partial(ics.calendars, site, settings, shares, share) for share in range(shares)),
        partial(sitemap.files, site, settings),  # robots.txt, and sitemap.xml with a base_url
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


def write_site(out: Path, files: dict[str, bytes], static: Path) -> Written:
    """Write the site into a staging folder beside `out`, then swap it in whole."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    stage.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    try:
        count, size = _copy_static(static, stage)
        for name, data in sorted(files.items()):
            target = stage / name
            if target.exists():
                raise OutputError(f"error: two outputs would write {name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
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


def static_files(static: Path) -> dict[str, bytes]:
    """The project's static files as the site serves them, by path; symbolic links are left out."""
    found: dict[str, bytes] = {}
    if static.is_dir():
        for source in sorted(static.rglob("*")):
            if source.is_file() and not source.is_symlink():
                found[f"static/{source.relative_to(static).as_posix()}"] = source.read_bytes()
    return found


def _copy_static(static: Path, stage: Path) -> tuple[int, int]:
    count = size = 0
    if not static.is_dir():
        return count, size
    for source in sorted(static.rglob("*")):
        if source.is_file() and not source.is_symlink():
            target = stage / "static" / source.relative_to(static)
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
