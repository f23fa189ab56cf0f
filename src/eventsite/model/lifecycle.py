"""Where the event stands at a given moment: upcoming, under way or over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from eventsite.model.online import of_event

if TYPE_CHECKING:
    from eventsite.model import Site

Phase = Literal["upcoming", "ongoing", "past"]


def span(site: Site) -> tuple[datetime, datetime]:
    """When the event begins and ends: its first and last slot, or its whole first and last days
    when the agenda does not reach them (a second day whose programme is not out yet)."""
    event = site.event
    first = datetime.combine(event.date, time(0), tzinfo=event.timezone)
    after = datetime.combine(event.days[-1] + timedelta(days=1), time(0), tzinfo=event.timezone)
    starts, last = site.starts, site.ends  # each a walk over every session: once
    begins = starts if starts and starts.date() == event.date else first
    ends = last if last and last >= after - timedelta(days=1) else after
    return begins, ends


def phase(site: Site, now: datetime) -> Phase:
    """Upcoming before the first slot starts, past once the last one ends, ongoing between."""
    stage: Phase = Timing.of(site).at(now)["phase"]
    return stage


def localize(now: datetime, site: Site) -> datetime:
    """An aware moment: a time given without an offset is read as the venue's local time."""
    return now if now.tzinfo is not None else now.replace(tzinfo=site.event.timezone)


@dataclass(frozen=True)
class Timing:
    """What a page may say about the moment of the build depends only on these facts."""

    begins: datetime
    ends: datetime
    status: str
    registration: bool
    online: bool
    opens: date | None

    @classmethod
    def of(cls, site: Site) -> Timing:
        """The facts of a site that the moment is judged against."""
        event = site.event
        registration = event.registration
        begins, ends = span(site)
        opens = registration.opens if registration else None
        return cls(begins, ends, event.status, registration is not None,
                   of_event(event, site.sessions).attendance != "in-person", opens)  # fmt: skip

    def at(self, now: datetime) -> dict[str, Any]:
        """Where the event stands at `now`, and what the page offers then."""
        stage: Phase = "upcoming" if now < self.begins else "ongoing"
        if now >= self.ends:
            stage = "past"
        on = self.status in ("scheduled", "rescheduled", "moved-online") and stage != "past"
        return {
            "phase": stage,  # upcoming, ongoing or past; status says if it was called off
            "is_past": stage == "past",
            "offer_registration": on and self.registration,
            "offer_online": on and self.online,
            "offer_calendar": on,
            # Whether the page says "Registration opens ...".
            "registration_later": self.opens is not None and now.date() < self.opens,
        }

    def to_json(self) -> list[Any]:
        """The facts as JSON, for the record of a build."""
        opens = self.opens.isoformat() if self.opens else None
        return [str(self.begins.tzinfo), self.begins.isoformat(), self.ends.isoformat(),
                self.status, self.registration, self.online, opens]  # fmt: skip

    @classmethod
    def from_json(cls, data: list[Any]) -> tuple[Timing, ZoneInfo]:
        """The facts back from a build's record, and the venue's time zone."""
        zone, begins, ends, status, registration, online, opens = data
        return cls(datetime.fromisoformat(begins), datetime.fromisoformat(ends), status,
                   registration, online, date.fromisoformat(opens) if opens else None,
                   ), ZoneInfo(zone)  # fmt: skip
