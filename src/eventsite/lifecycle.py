"""Where the event stands at a given moment: upcoming, under way or over."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Literal

from eventsite.model import Site

Phase = Literal["upcoming", "ongoing", "past"]


def span(site: Site) -> tuple[datetime, datetime]:
    """When the event begins and ends: its first and last slot, or its whole days without one."""
    event = site.event
    begins = site.starts or datetime.combine(event.date, time(0), tzinfo=event.timezone)
    last_day = event.days[-1] + timedelta(days=1)
    ends = site.ends or datetime.combine(last_day, time(0), tzinfo=event.timezone)
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
