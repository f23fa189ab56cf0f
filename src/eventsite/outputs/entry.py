"""One event as the pages and feeds across a site's events show it: its `Entry`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from eventsite.i18n import Language
from eventsite.model import Organizer, Series, Site
from eventsite.model.lifecycle import Timing, localize, span
from eventsite.model.online import moved_online
from eventsite.outputs.common import ONLINE, event_uid, venue_line
from eventsite.outputs.images import Shown


@dataclass(frozen=True)
class Entry:
    """One event as the pages across events show it."""

    slug: str
    path: str  # its page, from the site's top
    title: str
    summary: Markup | None  # the lead paragraph
    date: dt.date
    end_date: dt.date | None
    begins: datetime
    ends: datetime
    timed: bool  # one day with an agenda: its hours are shown
    place: str
    location: str  # the venue on one line, for calendars
    online: bool  # held online only (planned so, or moved online): its place is "Online"
    status: str
    phase: str
    series: Series | None
    series_path: str | None
    topics: tuple[str, ...]
    organizer: Organizer
    uid: str
    updated: datetime
    noindex: bool
    image: Shown | None = None
    """The event's picture, for the list of events."""

    @property
    def year(self) -> int:
        """The year the event starts in."""
        return self.date.year

    @property
    def open(self) -> bool:
        """Whether the event is still to come or under way (the upcoming list)."""
        return self.phase != "past"


def entry_of(slug: str, site: Site, now: datetime, language: Language) -> Entry:
    """The entry of the event in folder `slug` at the moment `now`."""
    event = site.event
    begins, ends = span(site)
    stage = Timing.of(site).at(localize(now, site))["phase"]
    venue, online = event.venue, moved_online(event)
    place = ", ".join(p for p in (venue.name, venue.place) if p) if venue else ""
    updated = event.updated or event.date
    return Entry(
        slug=slug,
        path=f"{slug}/index.html",
        title=event.title,
        summary=event.summary,
        date=event.date,
        end_date=event.end_date,
        begins=begins,
        ends=ends,
        timed=bool(site.sessions) and len(event.days) == 1 and site.ends is not None,
        place=language.gettext(ONLINE) if online or not venue and event.venue_published else place,
        location=venue_line(venue),
        online=online,
        status=event.status,
        phase=stage,
        series=event.series,
        series_path=event.series.page if event.series else None,
        topics=event.topics,
        organizer=event.organizer,
        uid=str(event_uid(site)),
        updated=datetime(updated.year, updated.month, updated.day, tzinfo=event.timezone),
        noindex=event.noindex,
    )
