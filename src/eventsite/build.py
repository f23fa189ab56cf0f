"""The build pipeline, and the only module that writes the site to disk."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from eventsite.errors import OutputError, Problem
from eventsite.load import load_site
from eventsite.model import Site
from eventsite.outputs import ics, schedule, sitemap
from eventsite.outputs.common import Settings
from eventsite.render import Page, make_env, plan, render_all
from eventsite.theme import static_folders, template_folders
from eventsite.write import check_output, write_site


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
    try:
        written = write_site(out, files, static=static_folders(project))
    except OSError as exc:  # a full disk or a read-only folder: the editor's to fix, not a bug
        raise OutputError(f"cannot write the site into {out}: {exc}") from exc
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
    work = [*page_outputs(project, pages), *machine_outputs(site, settings, pages)]
    return merge(*(output() for output in work))


Output = Callable[[], dict[str, bytes]]
"""One piece of the site, made when called; pieces are independent of each other."""


def page_outputs(project: Path, pages: Sequence[Page]) -> list[Output]:
    """What a browser shows: the pages."""
    return [partial(render_all, make_env(template_folders(project)), pages)]


def machine_outputs(site: Site, settings: Settings, pages: Sequence[Page]) -> list[Output]:
    """What machines read: schedule feeds, calendars, sitemap."""
    listed = [p.path for p in pages if not p.context.get("noindex")]
    return [
        partial(schedule.feeds, site, settings),  # schedule.json and .xml for conference apps
        partial(ics.calendars, site, settings),  # event.ics and calendar/<slot>.ics
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
                raise OutputError(f"two outputs would write {name}")
            files[name] = data
    return files
