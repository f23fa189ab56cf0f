"""The page's "Add to calendar" links: the .ics file, Google Calendar and Outlook on the web."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from eventsite.i18n import N_
from eventsite.model import Event, Site
from eventsite.model.lifecycle import span
from eventsite.model.online import of_event, of_session
from eventsite.outputs.common import (
    Settings,
    Slot,
    description,
    event_location,
    location,
    notes,
    online_lines,
    own_people,
    person_line,
    segment_lines,
    status_lines,
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
    uid: str = ""
    """The slot's calendar UID, which the page's script gives the same entry in My agenda."""
    location: str = ""
    """Where the slot takes place, as its calendar entry says."""


def event_links(
    site: Site, settings: Settings, known: tuple[datetime, datetime] | None = None
) -> CalendarLinks:
    """The "Add to calendar" links of the whole event (`known`: its span, if worked out)."""
    event = site.event
    begins, ends = known or span(site)
    whole: tuple[date, date] | tuple[datetime, datetime] = (begins, ends)
    if len(event.days) > 1 or not site.sessions:
        whole = (event.days[0], event.days[-1] + timedelta(days=1))
    language = settings.language
    said = [*status_lines(event, language), *online_lines(of_event(event), language)]
    parts = ("\n".join(said), description(site), settings.absolute())
    details = "\n\n".join(p for p in parts if p)
    where = event_location(event, language)
    return CalendarLinks(
        "event.ics", *_web_links(event, event.title, whole, details, where), location=where
    )


def slot_links(event: Event, settings: Settings, slot: Slot) -> CalendarLinks:
    """The "Add to calendar" links of one slot."""
    session = slot.session
    language = settings.language
    lines = status_lines(event, language) + notes(event, session, language)
    lines += online_lines(of_session(event, session), language)
    lines += [person_line(p, language) for p in own_people(session)]
    lines += segment_lines(session, language)
    lines.append(language.gettext(N_("Part of {title}")).replace("{title}", event.title))
    page = settings.absolute(f"#slot-{slot.slug}")
    if page:
        lines.append(page)
    where = location(event, session, language)
    # With no published end, the entry is a moment, as iCalendar reads a DTSTART alone.
    when = (session.start, session.end or session.start)
    google, outlook = _web_links(event, session.heading, when,
                                 "\n".join(lines), where)  # fmt: skip
    return CalendarLinks(slot.calendar_path, google, outlook, f"slot-{slot.slug}",
                         str(slot.uid), where)  # fmt: skip


def _web_links(
    event: Event,
    title: str,
    when: tuple[date, date] | tuple[datetime, datetime],
    details: str,
    where: str,
) -> tuple[str, str]:
    start, end = when
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
        "location": where,
        "ctz": event.timezone.key,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        **outlook_dates,
        "body": details,
        "location": where,
    }
    return f"{GOOGLE}?{_query(google)}", f"{OUTLOOK}?{_query(outlook)}"


def _query(params: dict[str, str]) -> str:
    """The query string urlencode(params, quote_via=quote, safe="/") makes, made faster."""
    return "&".join(f"{_quote(key)}={_quote(value)}" for key, value in params.items())


_UNSAFE = re.compile(rb"[^A-Za-z0-9_.~/-]")


def _quote(text: str) -> str:
    # urllib's quote() looks at each byte in Python; a details text of several hundred
    # characters, for each of thousands of slots, made this a second of a big event's build.
    # The same percent-encoding (UTF-8, upper-case hex), with one regular expression.
    data = _UNSAFE.sub(lambda m: b"%%%02X" % m[0][0], text.encode())
    return data.decode("ascii")
