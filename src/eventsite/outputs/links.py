"""The page's "Add to calendar" links: the .ics file, Google Calendar and Outlook on the web."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode

from eventsite.lifecycle import span
from eventsite.model import Session, Site
from eventsite.outputs.common import (
    Settings,
    Slot,
    description,
    person_line,
    public_people,
    slots,
    venue_line,
)

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose"


@dataclass(frozen=True)
class CalendarLinks:
    """One entry's three ways into a calendar, and the anchor of its slot on the page."""

    ics: str
    google: str
    outlook: str
    anchor: str = ""


@dataclass(frozen=True)
class Calendars:
    """The calendar links of the event and of each slot, for templates."""

    event: CalendarLinks
    by_session: dict[int, CalendarLinks]

    def slot(self, session: Session) -> CalendarLinks:
        """The links of one slot of the agenda."""
        return self.by_session[id(session)]


def calendars(site: Site, settings: Settings) -> Calendars:
    """Every "Add to calendar" link of the page."""
    event = site.event
    begins, ends = span(site)
    whole: tuple[date, date] | tuple[datetime, datetime] = (begins, ends)
    if len(event.days) > 1 or not site.sessions:
        whole = (event.days[0], event.days[-1] + timedelta(days=1))
    details = "\n\n".join(p for p in (description(site), settings.absolute()) if p)
    links = CalendarLinks("event.ics", *_web_links(site, event.title, whole, details))
    by_session = {id(slot.session): _slot_links(site, settings, slot) for slot in slots(site)}
    return Calendars(links, by_session)


def _slot_links(site: Site, settings: Settings, slot: Slot) -> CalendarLinks:
    session = slot.session
    lines = [person_line(p) for p in public_people(session)]
    lines.append(f"Part of {site.event.title}")
    page = settings.absolute(f"#slot-{slot.slug}")
    if page:
        lines.append(page)
    google, outlook = _web_links(site, session.heading, (session.start, session.end),
                                 "\n".join(lines))  # fmt: skip
    return CalendarLinks(slot.calendar_path, google, outlook, f"slot-{slot.slug}")


def _web_links(
    site: Site, title: str, when: tuple[date, date] | tuple[datetime, datetime], details: str
) -> tuple[str, str]:
    start, end = when
    location = venue_line(site.event.venue)
    if isinstance(start, datetime) and isinstance(end, datetime):
        utc = [t.astimezone(UTC) for t in (start, end)]
        google_dates = "/".join(f"{t:%Y%m%dT%H%M%SZ}" for t in utc)
        outlook_dates = {"startdt": f"{utc[0]:%Y-%m-%dT%H:%M:%SZ}",
                         "enddt": f"{utc[1]:%Y-%m-%dT%H:%M:%SZ}"}  # fmt: skip
    else:
        google_dates = f"{start:%Y%m%d}/{end:%Y%m%d}"  # the end day is exclusive, as in iCalendar
        outlook_dates = {"startdt": f"{start:%Y-%m-%d}", "enddt": f"{end:%Y-%m-%d}",
                         "allday": "true"}  # fmt: skip
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": google_dates,
        "details": details,
        "location": location,
        "ctz": site.event.timezone.key,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        **outlook_dates,
        "body": details,
        "location": location,
    }
    return f"{GOOGLE}?{_query(google)}", f"{OUTLOOK}?{_query(outlook)}"


def _query(params: dict[str, str]) -> str:
    return urlencode(params, quote_via=quote, safe="/")
