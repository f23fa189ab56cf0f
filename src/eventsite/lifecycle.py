"""Where the event stands at a given moment: upcoming, under way or over."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Literal

from eventsite.model import Site

Phase = Literal["upcoming", "ongoing", "past"]


def span(site: Site) -> tuple[datetime, datetime]:
    """When the event begins and ends: its first and last slot, or its whole first and last days
    when the agenda does not reach them (a second day whose programme is not out yet)."""
    event = site.event
    first = datetime.combine(event.date, time(0), tzinfo=event.timezone)
    after = datetime.combine(event.days[-1] + timedelta(days=1), time(0), tzinfo=event.timezone)
    begins = site.starts if site.starts and site.starts.date() == event.date else first
    ends = site.ends if site.ends and site.ends >= after - timedelta(days=1) else after
    return begins, ends


def phase(site: Site, now: datetime) -> Phase:
    """Upcoming before the first slot starts, past once the last one ends, ongoing between."""
    begins, ends = span(site)
    if now < begins:
        return "upcoming"
    return "past" if now >= ends else "ongoing"


def localize(now: datetime, site: Site) -> datetime:
    """An aware moment: a time given without an offset is read as the venue's local time."""
    return now if now.tzinfo is not None else now.replace(tzinfo=site.event.timezone)
