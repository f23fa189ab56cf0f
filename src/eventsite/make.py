"""Every file of a site, step by step: the pages of each language and event, then what machines
read (calendars, schedule feeds, the feed and calendar across events, robots and sitemap).
`build` and `serve` both call `make`.

Every step is kept with the fingerprints of what it read (engine/): in the project's cache for
`build`, in memory for `serve`, and made again only when one of them changed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from eventsite.engine.steps import Counts, Memo, Table, digest, read, run
from eventsite.load.inputs import Sources
from eventsite.model import Catalog, Site
from eventsite.model.lifecycle import Timing
from eventsite.outputs import feed, ics, schedule
from eventsite.outputs import sitemap as sitemaps
from eventsite.outputs.common import Settings, slots
from eventsite.plan.event import Part, Plan, plan_languages
from eventsite.plan.site import CatalogPlan, plan_catalog
from eventsite.render.pages import Renderer


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
        outputs = functools.partial(site_outputs, planned)
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


def _reading(names: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
    """A step that reads exactly `names`: a machine output says what it reads."""
    for name in names:
        read(name)
    return make()


def site_outputs(
    planned: CatalogPlan, memo: Memo, counts: Counts, events: bool = True
) -> dict[str, bytes]:
    """What machines read across events: the Atom feed, the calendar subscription, robots.txt
    and the sitemap, each a step that reads the entries (or the list of pages) it shows. With
    `events`, each event's own calendars and schedule feeds too, in its folder."""

    files: dict[str, bytes] = {}
    listed: list[str] = []
    for part in planned.events:
        if events:
            files.update(event_outputs(part.site, part.settings, part.plan, memo, counts,
                                       prefix=part.prefix))  # fmt: skip
        listed.extend(p.path for p in part.plan.pages if not (p.bound.get("noindex") or
                      part.site.event.noindex))  # fmt: skip
    listed.extend(p.path for p in planned.pages.pages if not p.bound.get("noindex"))
    table = planned.pages.table
    fps = table.fingerprints
    entries, settings, info = planned.entries, planned.settings, planned.info
    fps["entries"] = table.of(entries)
    fps["pages"] = digest(*listed)
    fps["info"] = table.of(info)
    fps["base_url"] = settings.base_url or ""
    fps["language"] = settings.language.fingerprint
    made: dict[str, tuple[tuple[str, ...], Callable[[], bytes]]] = {
        feed.PATH: (
            ("entries", "info", "base_url", "language"),
            partial(feed.atom, info, settings, entries),
        ),
        ics.SUBSCRIPTION_PATH: (
            ("entries", "info", "base_url", "language"),
            partial(ics.subscription, info, settings, entries),
        ),
    }
    for path, data in sitemaps.site_files(settings, listed).items():
        made[path] = (("pages", "base_url"), partial(bytes, data))
    for path, (reads, make) in made.items():
        files[path] = run(memo, table, f"out:{path}", partial(_reading, reads, make),
                          counts=counts)  # fmt: skip
    return files
