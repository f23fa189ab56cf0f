"""Every file of a site, step by step: the pages of each event in each of its languages, then
what machines read (calendars, schedule feeds, the feed and calendar across events, robots and
sitemap). `build` and `serve` both call `make`.

Every page, piece of a page and machine output is a step of the engine (engine/steps.py), kept
with the fingerprints of what it read: in the project's cache for `build`, in memory for
`serve`, and made again only when one of them changed. A page reads through the views its plan
gives it; a machine output is made of the values it is given, and reads exactly those.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from eventsite.engine.sink import Held, Sink
from eventsite.engine.steps import Counts, Memo, Table, digest, run
from eventsite.errors import Problem
from eventsite.kept import Taken, indexed, listed_pages
from eventsite.load.event import Loaded, collecting_new
from eventsite.load.files import open_regular
from eventsite.load.inputs import Sources
from eventsite.load.reuse import Reuse
from eventsite.load.site import load_project
from eventsite.model import Catalog, Site
from eventsite.model.lifecycle import Timing
from eventsite.model.site import named_pictures
from eventsite.outputs import card, feed, ics, images, offline, schedule
from eventsite.outputs import sitemap as sitemaps
from eventsite.outputs.common import Settings, Slot
from eventsite.plan.event import EventPlan, Known, plan_languages
from eventsite.plan.site import CatalogPlan, Kept, plan_catalog
from eventsite.plan.views import Pictures
from eventsite.render.pages import Renderer


@dataclass
class Made:
    """Every file a site is made of, and what a later build compares with."""

    files: dict[str, bytes]
    timings: dict[str, list[Any]]
    """What the pages say about the moment depends on: each event's facts, by its folder."""
    zone: str
    """The zone a moment given without one is read in: the event's, or the site's."""
    moment: dict[str, str]  # the fingerprints of what the pages say about the moment
    pages: int
    machines: Callable[[], dict[str, bytes]]
    """The dev server's second stage: the pages not made `ahead`, then what machines read."""
    warnings: tuple[Problem, ...] = ()
    withheld: frozenset[str] = frozenset()
    """Static files that fields name as pictures: published only as the files made of them,
    never as they are (a phone's photo holds where it was taken)."""
    kept: dict[str, str] = field(default_factory=dict)
    """The files of the events taken whole from the last build's folder, with their
    fingerprints: published as it wrote them (kept.py)."""
    events: dict[str, list[Any]] = field(default_factory=dict)
    """What was made of each event of a site, for the next build's record (kept.py)."""
    ahead: frozenset[str] = frozenset()
    """The pages made ahead of the others, which `machines` makes: those open in a browser."""


def make_project(
    project: Path,
    found: Sources,
    renderer: Renderer,
    now: datetime,
    base_url: str | None = None,
    strict: bool = False,
    event: str | None = None,
    reuse: Reuse | None = None,
    machines: bool = True,
    avif: bool = False,
    offline: bool = True,
    fonts: Callable[[card.Card], card.Fonts | None] | None = None,
    plans: Kept | None = None,
    last: tuple[Mapping[str, Any], Path] | None = None,
    sink: Sink | None = None,
    first: Collection[str] = (),
) -> Made:
    """Load a project's content and make every file of it (only the pages without `machines`):
    what `build` and `serve` both run, between listing the sources and writing. In a site of
    events, `event` names the one event to make (its own files only, for a quick look). With
    `avif`, pictures are made in AVIF too (smaller files, slower to make). Without `offline`
    (the dev server's preview), no event keeps an offline copy. `fonts` finds the fonts of
    each event's link preview card (a new card.Finder if not given; the dev server keeps one
    for its session); `plans`, each event's plans in the dev server's last build (see
    plan_catalog); `last`, the record of the last build into a folder and the folder: an event
    of a site made of what it was made of then is taken whole from it (kept.py). Each file
    goes into the `sink` as it is made (a build's staging folder), or is held (`Made.files`);
    without `machines`, the pages `first` names (open in a browser) come first, with the
    pictures, and the others with `Made.machines`."""
    loaded = load_project(project, strict, renderer.memo, reuse, event, found)  # read once
    # Rendering makes reference cycles: each Jinja context whose template defines or imports a
    # macro is in one with it, a page's and each piece's (366 MiB at XL by the end of the pages,
    # left to the end of the build with the collector off). The collector runs, but never over
    # the loaded records, which would cost a tenth of a site of 300 events' build.
    with collecting_new():
        made = make(loaded, now, base_url, found, renderer, machines, event is None, avif,
                    offline, fonts, plans, last, sink, first)  # fmt: skip
    return replace(made, warnings=loaded.content.warnings)


def make(
    loaded: Loaded,
    now: datetime,
    base_url: str | None,
    found: Sources,
    renderer: Renderer,
    machines: bool = True,
    whole: bool = True,
    avif: bool = False,
    offline: bool = True,
    fonts: Callable[[card.Card], card.Fonts | None] | None = None,
    plans: Kept | None = None,
    last: tuple[Mapping[str, Any], Path] | None = None,
    sink: Sink | None = None,
    first: Collection[str] = (),
) -> Made:
    """Every file of one event, or of a site of events (only its events' own without `whole`),
    each into the `sink` as it is made (held in memory without one); only the pages without
    `machines` (only those `first` names, if it names any); no offline copy without `offline`."""
    content = loaded.content
    named = list(named_pictures(content))
    known = Known(loaded.prints, found.templates, _pictures(content, found), avif,
                  _colours(found))  # fmt: skip
    work = images.jobs(named, known.pictures, avif)
    withheld = frozenset(ref.value for ref in named if not ref.remote)
    fonts = fonts or card.Finder()  # one per build: fontconfig asked once per language
    across: CatalogPlan | None = None
    taken = None
    if isinstance(content, Catalog):
        if last is not None and whole and machines and offline:
            taken = Taken(*last, _offline(found, withheld, work), fonts)
        across = plan_catalog(content, now, base_url, known, plans, taken)
        events, zone = across.events, content.info.timezone.key if content.info.timezone else "UTC"
    else:
        settings = Settings.for_site(content, now, base_url)  # now in the venue's zone
        events, zone = plan_languages(content, settings, known), content.event.timezone.key
    # The offline copy keeps the pictures as published: the files made of them, not the photos.
    pictures = [f.path for job in work for f in job.files]
    static = found if offline else None
    outputs = machine_outputs(events, across, whole, static, renderer.memo, renderer.counts,
                              withheld, pictures)  # fmt: skip
    across_pages = across.pages if across is not None and whole else None
    pages = sum(len(p.plan.pages) for p in events) + len(across_pages.pages if across_pages else ())
    # The progress line counts to every file a step makes: each is counted as it is made.
    cards = sum(part.plan.card is not None for part in events)
    whole_files = len(taken.files) if taken else 0  # taken whole, counted as made
    renderer.counts.total = pages + cards + len(pictures) + len(outputs) * machines + whole_files
    held = Held()
    made = held if sink is None else sink
    moment: dict[str, str] = {}
    in_pieces = across.timings if across is not None else {}  # each event's first language's
    timing = {part.prefix: in_pieces.get(part.prefix) or Timing.of(part.site) for part in events}
    planned = [part.plan for part in events] + ([across_pages] if across_pages else [])
    ahead = frozenset(page.path for plan in planned for page in plan.pages
                      if page.path in first and not machines)  # fmt: skip
    with contextlib.ExitStack() as stack:  # each event's steps, noted for the next build
        inside = {part.prefix: stack.enter_context(part.plan.table.stepping())
                  for part in (events if taken else ())}  # fmt: skip

        def rest(into: Sink) -> None:  # the pages not made ahead, and the cards
            for part in events:
                renderer.render(part.plan, into.put, lambda path: path not in ahead)
                moment.update(_moment(part, renderer, timing[part.prefix]))
                _card(part, renderer.memo, renderer.counts, fonts, into)
            if across_pages is not None:
                renderer.render(across_pages, into.put, lambda path: path not in ahead)

        for plan in (p for p in planned if ahead.intersection(q.path for q in p.pages)):
            renderer.render(plan, made.put, ahead.__contains__)  # open in a browser: first
        if not ahead:
            rest(made)
        for name, data in images.make_pictures(work, found.static, renderer.memo,
                                               renderer.counts).items():  # fmt: skip
            made.put(name, data)
        listed = taken.listed(across, events) if taken and across else None
        later = functools.partial(_later, rest if ahead else None, events, across, whole,
                                  outputs, dict(held.files), listed)  # fmt: skip
        if machines:
            machine_files(events, across, whole, outputs, made, listed)
    timings = {prefix: facts.to_json() for prefix, facts in timing.items()}
    if taken is None or across is None:
        return Made(held.files, timings, zone, moment, pages, later, withheld=withheld, ahead=ahead)
    record = taken.record(across, events, inside, renderer.memo, renderer.counts)
    timings.update(taken.of("timings"))
    moment.update(taken.of("moment"))
    return Made(held.files, timings, zone, moment, pages + taken.pages, later, withheld=withheld,
                kept=taken.files, events=record)  # fmt: skip


def _moment(part: EventPlan, renderer: Renderer, timing: Timing) -> dict[str, str]:
    """The fingerprints of what the pages of `part` say about the moment of the build."""
    names = [*timing.at(part.settings.now)]
    names += ["now"] if "ctx.now" in renderer.names else []
    fingerprint = part.plan.table.fingerprint
    return {f"{part.prefix}{name}": fingerprint(f"ctx.{name}") for name in names}


Output = tuple[str, Callable[[Sink], bytes]]
"""A file machines read, planned before any is made (so a build knows how many it makes): its
path in the site, and what makes it, given the files made before it."""


def machine_outputs(
    events: Sequence[EventPlan],
    across: CatalogPlan | None,
    whole: bool,
    static: Sources | None,
    memo: Memo,
    counts: Counts,
    withheld: frozenset[str] = frozenset(),
    pictures: Sequence[str] = (),
) -> list[Output]:
    """What machines read: each event's calendars and schedule feeds in each of its languages
    (in its folder), and its offline copy's worker, which lists its pages, its calendars and
    the `static` files (none: every copy turned off) as published: the `pictures` made, not the
    files `withheld` they are made of; across a site's events, the feed and the calendar to
    subscribe to (not without `whole`: one event of a site, for a quick look)."""
    outputs = [out for part in events for out in _event_outputs(part, memo, counts)]
    chosen: list[Any] = []  # what every copy chooses from, gathered by the first

    def worker(part: EventPlan, steps: _Steps, made: Sink) -> bytes:
        if not chosen:  # once, not once per event: 300 events of 8,000 files between them
            names = made.names()
            chosen.append(sorted(name for name in names if name.endswith((".html", ".ics"))))
            published = [(name, made.size(name), made.fingerprint(name)) for name in pictures]
            chosen.append(None if static is None else _published(static, withheld, published))
        return _worker(part, made, chosen[0], chosen[1], steps)

    for part in events:
        if part.site.original is None:  # the event's first language: its top folder
            steps = _Steps(part.plan.table, memo, counts, part.prefix)
            outputs.append((part.prefix + offline.PATH, functools.partial(worker, part, steps)))
    if across is not None and whole:
        steps = _Steps(across.pages.table, memo, counts)
        given = (across.info, across.settings.addresses(), across.entries)
        outputs.append(steps.later(feed.PATH, feed.atom, *given))
        outputs.append(steps.later(ics.SUBSCRIPTION_PATH, ics.subscription, *given))
    return outputs


def machine_files(
    events: Sequence[EventPlan],
    across: CatalogPlan | None,
    whole: bool,
    outputs: Sequence[Output],
    made: Sink,
    listed: Sequence[str] | None = None,
) -> None:
    """The files of the `outputs`, in turn, into `made`, after those there already (pages,
    pictures); then robots.txt and the sitemap, of the whole site unless one event is made
    alone, listing the events' pages `listed` (those of the `events`, if not given)."""
    for path, make in outputs:
        made.put(path, make(made))
    if not whole:
        return
    listed = [*(indexed(events) if listed is None else listed)]
    if across is None:  # one event: its first language's robots and sitemap list every page
        first = events[0]
        files = sitemaps.files(first.settings, listed, not first.site.event.noindex)
    else:
        listed += listed_pages(across.pages)
        files = sitemaps.files(across.settings, listed)  # every page not noindex
    for name, data in files.items():
        made.put(name, data)


def _later(
    rest: Callable[[Sink], None] | None,
    events: Sequence[EventPlan],
    across: CatalogPlan | None,
    whole: bool,
    outputs: Sequence[Output],
    pages: dict[str, bytes],
    listed: Sequence[str] | None,
) -> dict[str, bytes]:
    """What the dev server makes after the `pages` it holds: the `rest` of the pages, if those
    were the ones open in a browser, then what machines read (machine_files)."""
    made = Held(dict(pages))
    if rest is not None:
        rest(made)
    machine_files(events, across, whole, outputs, made, listed)
    return {name: data for name, data in made.files.items() if name not in pages}


def _offline(found: Sources, withheld: frozenset[str], work: Sequence[images.Job]) -> str:
    """The fingerprint of what every event's offline copy lists besides its own files: the
    static files as published, and the files of each picture, by what they are made of."""
    prints = found.static_fingerprints
    static = [(name, prints[name]) for name in found.static if name not in withheld]
    made = [(job.picture.fingerprint, job.cuts, job.avif, [f.path for f in job.files])
            for job in work]  # fmt: skip
    return digest(repr(static), repr(made), repr(images.versions()))


def _event_outputs(part: EventPlan, memo: Memo, counts: Counts) -> list[Output]:
    """One event's calendars and schedule feeds in one language, each a step made of what it
    is given. None depends on the moment: they are made with the settings' addresses alone."""
    site, settings = part.site, part.settings.addresses()
    steps = _Steps(part.plan.table, memo, counts, part.prefix)

    every = part.plan.slots
    both: dict[str, bytes] = {}  # the two feeds are made together, when either must be

    def feeds(site: Site, settings: Settings) -> dict[str, bytes]:
        if not both:  # each slot's event: made again only when that slot changes
            entries = [steps.make(f"{schedule.JSON_PATH}#{slot.slug}", schedule.slot_entry,
                                  site.event, settings, slot, _avatars(part, slot))
                       for slot in every]  # fmt: skip
            both.update(schedule.feeds(site, settings, entries))
        return both

    outputs = [steps.later(ics.EVENT_PATH, ics.event_calendar, site, settings)]
    outputs += [steps.later(path, lambda s, t, path=path: feeds(s, t)[path], site, settings)
             for path in (schedule.JSON_PATH, schedule.XML_PATH)]  # fmt: skip
    # a slot's calendar file: made of the event, the slot, the words
    outputs += [steps.later(slot.calendar_path, ics.slot_calendar, site.event, settings, slot)
             for slot in every]  # fmt: skip
    return outputs


# -- pictures ----------------------------------------------------------------------------------


def _avatars(part: EventPlan, slot: Slot) -> dict[str, str]:
    """The full address of the portrait of each person of a slot who has one (its largest
    JPEG), by speaker id, for the schedule feed's avatars; none without base_url."""
    found: dict[str, str] = {}
    view: Pictures = part.plan.shared["pictures"]
    up = "../" * part.prefix.count("/")  # from the event's pages to the site's top
    for person in slot.session.people:
        shown = view.portrait(person.speaker)
        address = shown.remote if shown and shown.remote else shown and up + shown.largest.path
        full = part.settings.absolute(address) if address else None
        if full:
            found[person.speaker.id] = full
    return found


def _card(
    part: EventPlan,
    memo: Memo,
    counts: Counts,
    find: Callable[[card.Card], card.Fonts | None],
    made: Sink,
) -> None:
    """The card link previews show of an event without a picture, drawn with the fonts this
    machine has for its language, as `find` finds them (a step: drawn again when its text or
    its fonts change), into `made`."""
    chosen = part.plan.card
    if chosen is None:
        return
    fonts = find(chosen)
    steps = _Steps(part.plan.table, memo, counts, part.prefix)
    drawn = steps.make(chosen.path, lambda c, _: card.draw(c, fonts), chosen,
                       fonts.fingerprint if fonts else "")  # fmt: skip
    made.put(part.prefix + chosen.path, drawn)


def _colours(found: Sources) -> dict[str, str]:
    """The theme's colours, as the stylesheet the site publishes sets them."""
    path = found.static.get("static/site.css")
    if path is None:
        return {}
    with open_regular(path) as stream:
        return card.theme_colours(stream.read(20_000))


def _pictures(content: Site | Catalog, found: Sources) -> dict[str, images.Picture]:
    """Every picture file the content names, with its bytes' fingerprint, by name."""
    sources = dict(content.pictures)
    if isinstance(content, Catalog):
        for site in content.events.values():
            sources.update(site.pictures)
    prints = found.static_fingerprints
    return {name: images.Picture(s, prints[name]) for name, s in sources.items() if name in prints}


def _published(
    static: Sources, withheld: frozenset[str], pictures: list[tuple[str, int, str]]
) -> list[tuple[str, int, str]]:
    """The static files and `pictures` as published (the files made of a picture, never the
    file given), each with its size and fingerprint."""
    prints = static.static_fingerprints
    found = [(name, path.stat().st_size, prints[name])
             for name, path in static.static.items() if name not in withheld]  # fmt: skip
    return found + pictures


def _worker(part: EventPlan, made: Sink, names: list[str],
            shared: list[tuple[str, int, str]] | None, steps: _Steps) -> bytes:  # fmt: skip
    """sw.js of one event: the list of its files to keep offline (its pages and calendars among
    `names`, and the `shared` files), with their fingerprints (a step made of that list); the
    worker that lets a copy go if the event keeps none (`shared` None: every copy off)."""
    if shared is None or not part.site.event.offline:
        steps.counts.files += 1  # a file of the site too, though fixed: no step makes it
        return offline.OFF
    prefix = part.prefix
    top = "../" * prefix.count("/")  # from the event's folder to the site's, for static/
    # In this order while they fit: each language's front page, the small static files (the
    # stylesheet, the scripts), the other pages, the calendars, the large static files.
    found: list[tuple[str, int, int]] = []
    at = bisect.bisect_left(names, prefix)  # the event's own: one run of the names in order
    while at < len(names) and names[at].startswith(prefix):
        inner = names[at].removeprefix(prefix)
        front = inner.count("/") <= 1 and inner.endswith("index.html")
        found.append((inner, 3 if inner.endswith(".ics") else 0 if front else 2,
                      made.size(names[at])))  # fmt: skip
        at += 1
    prints = {top + name: fingerprint for name, _, fingerprint in shared}
    found += [(top + name, 1 if size <= offline.SMALL else 4, size) for name, size, _ in shared]
    entries = tuple((name, prints.get(name) or made.fingerprint(prefix + name))
                    for name in offline.chosen(sorted(found)))  # fmt: skip
    return steps.make(offline.PATH, offline.worker, top, entries)


class _Steps:
    """The machine outputs of one plan, each a step named by its path and made of the values
    it is given: what it read is those values' fingerprints, derived, never listed."""

    def __init__(self, table: Table, memo: Memo, counts: Counts, prefix: str = "") -> None:
        self.table, self.memo, self.counts, self.prefix = table, memo, counts, prefix

    def make(self, name: str, make: Callable[..., bytes], *inputs: Any) -> bytes:
        """The output `name`, made of `inputs` by `make`, or kept from a build that had them."""
        given = {f"input[{n}]": self.table.of(value) for n, value in enumerate(inputs)}

        def made() -> bytes:
            for each in given:  # the step read what it was given, and nothing else
                self.table.read(each)
            return make(*inputs)

        key = f"out:{self.prefix}{name}"
        whole = "#" not in name  # not a slot's entry in a feed: a file of its own
        self.counts.on = f"{self.prefix}{name}" if whole else self.counts.on
        output = run(self.memo, self.table, key, made, given, self.counts, given)
        self.counts.files += whole
        return output

    def later(self, name: str, make: Callable[..., bytes], *inputs: Any) -> Output:
        """The output `name`, to be made of `inputs` by `make` when its turn comes."""
        return self.prefix + name, lambda _: self.make(name, make, *inputs)
