"""The build pipeline: load, check, plan, render, write; the same steps for `build` and `serve`.

Every step (a page, a piece of a page, a calendar file, a feed) is kept with the fingerprints of
what it read (engine.py): in the project's cache (cache.py) for `build`, in memory for `serve`.
A build makes again only the steps whose reads changed, and writes nothing at all when no
source changed since its last build into the same folder.
"""

from __future__ import annotations

import functools
import gc
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from eventsite.cache import Store
from eventsite.engine import Counts, Memo, Table, digest, read, run
from eventsite.errors import OutputError, Problem
from eventsite.lifecycle import Timing
from eventsite.model import Catalog, Site
from eventsite.theme import Sources, sources, template_folders
from eventsite.write import MARKER, check_output, read_manifest, write_site

if TYPE_CHECKING:
    from eventsite.listing import CatalogPlan
    from eventsite.outputs.common import Settings
    from eventsite.render import Part, Plan, Renderer


def build(
    project: Path,
    out: Path,
    now: datetime | None = None,
    base_url: str | None = None,
    strict: bool = False,
    cache: bool = True,
    event: str | None = None,
) -> BuildReport:
    """Load, check, render and write the whole site; on any error, write nothing. In a site of
    events, `event` names the one event to build (its own files only, for a quick look)."""
    started = time.perf_counter()
    check_output(project, out)
    store = Store.open(project) if cache else Store()  # --no-cache: one that keeps nothing
    found = sources(project)  # every file the build reads, with a fingerprint of each
    moment = now or build_time()
    name = digest(str(out.resolve()), base_url or "", str(strict), event or "")
    last = store.record(name)
    if last is not None and up_to_date(last, found, moment, out):
        return _report(out, last, started)
    # Imported here, not above: a build with nothing to do needs neither YAML nor Jinja.
    from eventsite.catalog import load_project  # noqa: PLC0415
    from eventsite.render import Renderer  # noqa: PLC0415

    content = load_project(project, strict, store, event=event)  # one event, or a site of them
    renderer = Renderer(template_folders(project), store)
    # Rendering makes no reference cycles either; the cycle collector would walk every loaded
    # record again and again (a tenth of a site of 300 events' build), as in load.py and serve.
    collecting = gc.isenabled()
    gc.disable()
    try:
        made = make(content, moment, base_url, found, renderer, whole=event is None)
    finally:
        if collecting:
            gc.enable()
    try:
        previous = last and last.get("outputs")
        written = write_site(out, made.files, found.static, previous, found.static_fingerprints)
    except OSError as exc:  # a full disk or a read-only folder: the editor's to fix, not a bug
        raise OutputError(f"cannot write the site into {out}: {exc}") from exc
    record = made.record(found, written, content.warnings)
    store.keep_record(name, record)
    store.save()
    return _report(out, record, started, renderer.counts)


@dataclass
class Made:
    """Every file a site is made of, and what a later build compares with."""

    files: dict[str, bytes]
    timings: dict[str, Timing]
    """What the pages say about the moment depends on: each event's facts, by its folder."""
    zone: str
    """The zone a moment given without one is read in: the event's, or the site's."""
    moment: dict[str, str]  # the fingerprints of what the pages say about the moment
    pages: int
    machines: Callable[[Memo, Counts], dict[str, bytes]]
    """Makes what machines read (calendars, feeds, sitemap): the dev server's second stage."""

    def record(
        self, found: Sources, written: Mapping[str, list[Any]], warnings: tuple[Problem, ...]
    ) -> dict[str, Any]:
        """The record of this build, kept in the cache for the next one."""
        return {
            "sources": found.fingerprint,
            "timings": {prefix: t.to_json() for prefix, t in self.timings.items()},
            "zone": self.zone,
            "moment": self.moment,
            "outputs": dict(written),
            "pages": self.pages,
            "warnings": [_fields(p) for p in warnings],
        }


def make(
    content: Site | Catalog,
    now: datetime,
    base_url: str | None,
    found: Sources,
    renderer: Renderer,
    machines: bool = True,
    whole: bool = True,
) -> Made:
    """Every file of one event, or of a site of events (only its events' own without `whole`);
    only the pages without `machines`."""
    if isinstance(content, Catalog):
        return make_catalog(content, now, base_url, found, renderer, machines, whole)
    return make_site(content, now, base_url, found, renderer, machines)


def make_site(
    site: Site,
    now: datetime,
    base_url: str | None,
    found: Sources,
    renderer: Renderer,
    machines: bool = True,
) -> Made:
    """Every file of a loaded site (only the pages without `machines`), step by step."""
    from eventsite.outputs.common import Settings  # noqa: PLC0415
    from eventsite.render import plan_languages  # noqa: PLC0415

    settings = Settings.for_site(site, now, base_url)  # now in the venue's zone; base_url
    parts = plan_languages(site, settings, found.templates)  # pure: pages per language
    files: dict[str, bytes] = {}
    moment: dict[str, str] = {}
    for part in parts:
        files.update(renderer.render(part.plan))
        moment.update(_moment(part.prefix, part.site, part.plan, settings.now, renderer))
    outputs = functools.partial(_languages, parts)
    if machines:
        files.update(outputs(renderer.memo, renderer.counts))
    zone = site.event.timezone.key
    timings = {part.prefix: Timing.of(site) for part in parts}
    return Made(files, timings, zone, moment, sum(len(p.plan.pages) for p in parts), outputs)


def _languages(parts: tuple[Part, ...], memo: Memo, counts: Counts) -> dict[str, bytes]:
    """What machines read of an event, in each of its languages (in its folder)."""
    files: dict[str, bytes] = {}
    for part in parts:
        # The first language's sitemap lists every language's pages.
        more = [p.path for other in parts[1:] for p in other.plan.pages] if not part.prefix else []
        files.update(event_outputs(part.site, part.settings, part.plan, memo, counts,
                                   prefix=part.prefix, sitemap=not part.prefix,
                                   more=more))  # fmt: skip
    return files


def make_catalog(
    catalog: Catalog,
    now: datetime,
    base_url: str | None,
    found: Sources,
    renderer: Renderer,
    machines: bool = True,
    whole: bool = True,
) -> Made:
    """Every file of a site of events: each event's files in its folder, then the pages and
    feeds across events (not without `whole`)."""
    from eventsite.listing import machine_outputs as across  # noqa: PLC0415
    from eventsite.listing import plan_catalog  # noqa: PLC0415

    planned = plan_catalog(catalog, now, base_url, found.templates)
    files: dict[str, bytes] = {}
    moment: dict[str, str] = {}
    pages = 0
    for part in planned.events:
        files.update(renderer.render(part.plan))
        moment.update(_moment(part.prefix, part.site, part.plan, part.settings.now, renderer))
        pages += len(part.plan.pages)
    if whole:
        files.update(renderer.render(planned.pages))
        pages += len(planned.pages.pages)
        outputs = functools.partial(across, planned)
    else:
        outputs = functools.partial(_events_only, planned)
    if machines:
        files.update(outputs(renderer.memo, renderer.counts))
    zone = catalog.info.timezone.key if catalog.info.timezone else "UTC"
    return Made(files, planned.timings, zone, moment, pages, outputs)


def _events_only(planned: CatalogPlan, memo: Memo, counts: Counts) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for part in planned.events:
        files.update(event_outputs(part.site, part.settings, part.plan, memo, counts,
                                   prefix=part.prefix))  # fmt: skip
    return files


def _moment(
    prefix: str, site: Site, planned: Plan, now: datetime, renderer: Renderer
) -> dict[str, str]:
    names = [*Timing.of(site).at(now), *(["now"] if "ctx.now" in renderer.names else [])]
    return {f"{prefix}{name}": planned.table.fingerprints[f"ctx.{name}"] for name in names}


def event_outputs(
    site: Site,
    settings: Settings,
    planned: Plan,
    memo: Memo,
    counts: Counts,
    prefix: str = "",
    sitemap: bool | None = None,
    more: Sequence[str] = (),
) -> dict[str, bytes]:
    """What machines read of one event: calendars, schedule feeds, robots and sitemap (an
    event of a site of events, or another language of an event: in its folder, and without
    robots and sitemap); each step says what it reads, by the names of the plan's table."""
    from eventsite.outputs import ics, schedule  # noqa: PLC0415
    from eventsite.outputs import sitemap as sitemaps  # noqa: PLC0415
    from eventsite.outputs.common import slots  # noqa: PLC0415

    table: Table = planned.table
    listed = [p.path for p in planned.pages if not p.bound.get("noindex")] + list(more)
    table.fingerprints["pages"] = digest(*listed)
    # The sessions hold their people; "language": the words of the calendars and feeds.
    whole = ("site.event", "site.sessions", "ctx.base_url", "language")

    def entry(slot: Any) -> bytes:  # a slot's event in the feeds: made again when it changes
        reads = (f"calendar[session:{slot.slug}]", "language")
        make = functools.partial(schedule.slot_entry, site, settings, slot)
        key = f"out:{prefix}feed:{slot.number}:{slot.slug}"
        return run(memo, table, key, functools.partial(_reading, reads, make), counts=counts)

    feeds = functools.cache(lambda: schedule.feeds(site, settings, entry))  # both, from one
    steps: dict[str, tuple[tuple[str, ...], Callable[[], bytes]]] = {
        ics.EVENT_PATH: (whole, lambda: ics.event_calendar(site, settings)),
        schedule.JSON_PATH: (whole, lambda: feeds()[schedule.JSON_PATH]),
        schedule.XML_PATH: (whole, lambda: feeds()[schedule.XML_PATH]),
    }
    for slot in slots(site):  # a slot's calendar file holds what its links hold
        reads = (f"calendar[session:{slot.slug}]",)  # as render.record_keys names it
        steps[slot.calendar_path] = (
            reads,
            functools.partial(ics.slot_calendar, site, settings, slot),
        )
    if sitemap is None:
        sitemap = not prefix
    if sitemap:  # a site of events has one robots.txt and one sitemap, for all its pages
        for path, data in sitemaps.files(site, settings, listed).items():
            steps[path] = (("pages", "site.event", "ctx.base_url"), functools.partial(bytes, data))
    return {
        prefix + path: run(
            memo,
            table,
            f"out:{prefix}{path}",
            functools.partial(_reading, names, make),
            counts=counts,
        )  # fmt: skip
        for path, (names, make) in steps.items()
    }


machine_outputs = event_outputs
"""The name the dev server and the benchmark's step table know it by."""


def _reading(names: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
    """A step that reads exactly `names`: a machine output says what it reads."""
    for name in names:
        read(name)
    return make()


def up_to_date(last: Mapping[str, Any], found: Sources, now: datetime, out: Path) -> bool:
    """Whether the last build into `out` made what this one would: the same sources, the same
    moment as far as any page tells it, and every file it wrote still there, unchanged."""
    if last.get("sources") != found.fingerprint:
        return False
    try:
        now = now if now.tzinfo else now.replace(tzinfo=ZoneInfo(last["zone"]))  # --now: local
        moment: dict[str, Any] = {}
        for prefix, data in last["timings"].items():
            timing = Timing.from_json(data)[0]
            moment.update((f"{prefix}{k}", v) for k, v in timing.at(now).items())
            moment[f"{prefix}now"] = now  # if a page showed it
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    kept = last.get("moment") or {}
    if {name: Table().of(moment[name]) for name in kept if name in moment} != kept:
        return False
    outputs: Mapping[str, list[Any]] = last.get("outputs") or {}
    if read_manifest(out) != frozenset({*outputs, MARKER}):
        return False
    for name, (_, size, mtime, inode) in outputs.items():
        try:
            st = os.lstat(out / name)
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns, st.st_ino) != (size, mtime, inode):
            return False
    return True


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the one-line summary."""

    out: Path
    pages: int
    files: int
    size: int
    seconds: float
    warnings: tuple[Problem, ...] = ()
    made: int = 0
    kept: int = 0

    def summary(self) -> str:
        """One line for the terminal."""
        text = (
            f"built {self.pages} page{'s' * (self.pages != 1)} and {self.files} files "
            f"({self.size / 1024:.0f} KB) into {self.out} in {self.seconds:.2f} s"
        )
        if self.kept:
            return f"{text} ({self.made:,} of {self.made + self.kept:,} steps made again)"
        return text if self.made else f"{text} (nothing changed)"


def _fields(problem: Problem) -> list[Any]:
    return [problem.file, problem.line, problem.column, problem.field, problem.message,
            problem.hint, problem.warning]  # fmt: skip


def _report(
    out: Path, record: Mapping[str, Any], started: float, counts: Counts | None = None
) -> BuildReport:
    outputs: Mapping[str, list[Any]] = record.get("outputs") or {}
    warnings = tuple(Problem(*fields) for fields in record.get("warnings") or ())
    counts = counts or Counts()
    return BuildReport(
        out,
        int(record.get("pages") or 0),
        len(outputs),
        sum(entry[1] for entry in outputs.values()),
        time.perf_counter() - started,
        warnings,
        counts.ran,
        counts.reused,
    )


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)
