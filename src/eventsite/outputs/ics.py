"""iCalendar files (RFC 5545): event.ics for the whole event, calendar/<slot>.ics for each slot.

The files depend on the content only, never on the clock, so the same content gives the same
bytes. That includes DTSTAMP, which RFC 5545 asks for in every event: it is the moment the event
(or the slot) starts, in UTC, a value fixed by the content. The build's own time would change
every file in every build and make calendar clients see an update that is not one.

UIDs are name-based UUIDs of the event's day, the slot's start and its title (see
`common.slots`), as RFC 7986 recommends: re-importing a file after a correction updates the
entry instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import icalendar

from eventsite import __version__
from eventsite.i18n import N_
from eventsite.model import Event, Site, SiteInfo
from eventsite.model.lifecycle import span
from eventsite.model.online import Online, of_event, of_session
from eventsite.outputs.common import (
    DRAFT,
    JOIN,
    WATCH,
    Afterwards,
    Settings,
    Slot,
    draft,
    event_location,
    event_uid,
    location,
    notes,
    online_lines,
    own_people,
    person_line,
    segment_lines,
    slots,
    status_lines,
    venue_of,
)
from eventsite.outputs.entry import Entry
from eventsite.outputs.vtimezone import vtimezone
from eventsite.text import plain

PRODID = f"-//eventsite//eventsite {__version__}//EN"
EVENT_PATH = "event.ics"
SUBSCRIPTION_PATH = "events.ics"
"""A site of events' calendar to subscribe to."""

_STATUS = {
    "scheduled": "CONFIRMED",
    "draft": "TENTATIVE",
    "moved-online": "CONFIRMED",
    "rescheduled": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}


def event_calendar(site: Site, settings: Settings) -> bytes:
    """event.ics: the whole event as one entry, its agenda in the description."""
    return _calendar(_whole_event(site, settings), _vtimezone(site.event))


def slot_calendar(event: Event, settings: Settings, slot: Slot) -> bytes:
    """calendar/<slot>.ics: one slot of the agenda."""
    return _calendar(_slot_event(event, settings, slot), _vtimezone(event))


def slot_description(event: Event, settings: Settings, slot: Slot) -> str:
    """What a slot's calendar entry says: its status and access, its people with their roles,
    each segment on a line of its own, its abstract, the map of another venue, and the event."""
    session, language = slot.session, settings.language
    lines = status_lines(event, language) + notes(event, session, language)
    lines.extend(online_lines(of_session(event, session), language))
    lines.extend(person_line(p, language) for p in own_people(session))
    lines.extend(segment_lines(session, language))
    if session.abstract:
        lines.append(plain(session.abstract))
    lines.extend(Afterwards.of_session(event, session).lines(settings))
    venue = venue_of(event, session)
    if venue is not None and venue.map_url and venue is not event.venue:
        lines.append(language.gettext(N_("Map: {address}")).replace("{address}", venue.map_url))
    part = language.gettext(N_("Part of {title}, {organizer}."))
    lines.append(part.replace("{title}", event.title).replace("{organizer}", event.organizer.name))
    page = settings.absolute(f"#slot-{slot.slug}")
    if page:
        lines.append(page)
    return "\n".join(lines)


def event_description(site: Site, settings: Settings) -> str:
    """What the whole event's entry says: its summary, then the agenda with people and roles."""
    language, event = settings.language, site.event
    parts = [language.gettext(DRAFT)] if event.status == "draft" else []
    parts += status_lines(event, language)
    whole = of_event(event, site.sessions)
    parts += ["\n".join(online_lines(whole, language))] if whole.live else []
    if event.summary:
        parts.append(plain(event.summary))
    if site.sessions:
        agenda = [language.gettext(N_("Agenda:"))]
        day = None
        for slot in slots(site):
            session = slot.session
            if session.start.date() != day:  # a heading for each day, with that day's zone
                day = session.start.date()
                agenda.append(f"{language.long_date(day)} ({language.zone(session.start)})")
            times = language.clock(session.start)
            if session.end is not None:
                times = language.span(times, language.clock(session.end))
            agenda.append(f"{times}  {session.heading}")
            extra = [person_line(p, language) for p in own_people(session)]
            extra += segment_lines(session, language) + notes(site.event, session, language)
            if session.venue is not None and session.venue is not site.event.venue:
                extra.append(location(site.event, session, language))
            own = of_session(event, session)
            if (own.join, own.stream) != (whole.join, whole.stream):
                extra += online_lines(own, language)
            extra += Afterwards.of_session(event, session).lines(settings)
            agenda.extend(f"    {line}" for line in extra)
        parts.append("\n".join(agenda))
    after = Afterwards.of_event(event).lines(settings)
    parts += ["\n".join(after)] if after else []
    page = settings.absolute()
    if page:
        parts.append(page)
    return "\n\n".join(parts)


def _whole_event(site: Site, settings: Settings) -> icalendar.Event:
    event = site.event
    entry = icalendar.Event()
    entry.add("uid", str(event_uid(site)))
    begins, ends = span(site)
    entry.add("dtstamp", begins.astimezone(UTC))
    if len(event.days) > 1 or not site.sessions or site.ends is None:
        # Several days read best as whole days in a calendar, not one block across the nights;
        # and a day whose end is not published is the day, not hours made up.
        entry.add("dtstart", event.days[0])
        entry.add("dtend", event.days[-1] + timedelta(days=1))
    else:
        entry.add("dtstart", begins)
        entry.add("dtend", ends)
    _words(entry, "summary", event.title, settings)
    _words(entry, "description", event_description(site, settings), settings)
    whole = of_event(event, site.sessions)
    rooms = {(o.join, o.stream): o for s in site.sessions if (o := of_session(event, s)).room}
    _common(event, settings, entry, settings.absolute(), None, None,
            [whole, *rooms.values()])  # fmt: skip
    return entry


def _slot_event(event: Event, settings: Settings, slot: Slot) -> icalendar.Event:
    session = slot.session
    entry = icalendar.Event()
    entry.add("uid", str(slot.uid))
    entry.add("dtstamp", session.start.astimezone(UTC))
    entry.add("dtstart", session.start)
    if session.end is not None:  # else none: RFC 5545 reads a DTSTART alone as a moment
        entry.add("dtend", session.end)
    _words(entry, "summary", session.heading, settings)
    _words(entry, "description", slot_description(event, settings, slot), settings)
    status = "CANCELLED" if session.status == "cancelled" else None
    status = status or ("TENTATIVE" if draft(event, session) else None)
    _common(event, settings, entry, settings.absolute(f"#slot-{slot.slug}"),
            location(event, session, settings.language), status,
            [of_session(event, session)])  # fmt: skip
    return entry


def _common(
    event: Event,
    settings: Settings,
    entry: icalendar.Event,
    url: str | None,
    where: str | None = None,
    status: str | None = None,
    online: Sequence[Online] = (),
) -> None:
    where = where or event_location(event, settings.language)
    if where:
        _words(entry, "location", where, settings)
    # A session's own status (cancelled, draft) counts unless the whole event is called off.
    if event.status in ("cancelled", "postponed"):
        status = None
    entry.add("status", status or _STATUS[event.status])
    live = list({(o.join, o.stream): o for o in online if o.live}.values())
    # Few calendar apps read CONFERENCE (RFC 7986): the entry's own address (not one of its
    # rooms') is its URL too, and every address is in its description.
    own = online[0] if online else None
    url = (own.join or own.stream) if own is not None and own.live else url
    if url:
        entry.add("url", url)
    for place in live:
        _conference(entry, place, settings)


def _conference(entry: icalendar.Event, online: Online, settings: Settings) -> None:
    """Where to join (audio and video) and where to watch (video), as RFC 7986 CONFERENCE."""
    room = f" ({online.room.name})" if online.room else ""
    for address, features, words in ((online.join, ["AUDIO", "VIDEO"], JOIN),
                                     (online.stream, ["VIDEO"], WATCH)):  # fmt: skip
        if address:
            label = settings._(words) + room
            # FEATURE is a list of values (AUDIO,VIDEO), not one quoted value: Parameters
            # writes a list so.
            parameters = icalendar.Parameters(VALUE="URI", FEATURE=features, LABEL=label)
            entry.add("conference", address, parameters=parameters)


def _words(
    entry: icalendar.Component, name: str, text: str, settings: Settings | None = None
) -> None:
    """A property of words: the one way every text reaches a calendar. Written as TEXT
    (RFC 5545 3.3.11) whatever the property, so that its line breaks, commas and semicolons are
    escaped (NAME and X-WR-CALNAME would otherwise go out raw, and a CR start a forged line);
    with the language they are in when the event states one (LANGUAGE)."""
    tag = settings.tag if settings is not None else None
    value = icalendar.vText(text)
    if tag:
        entry.add(name, value, parameters={"LANGUAGE": tag})
    else:
        entry.add(name, value)


def _published() -> icalendar.Calendar:
    """A calendar as each of ours begins: who made it, and that it publishes."""
    calendar = icalendar.Calendar()
    for name, value in (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                        ("method", "PUBLISH")):  # fmt: skip
        calendar.add(name, value)
    return calendar


def _calendar(entry: icalendar.Event, timezone: bytes | None) -> bytes:
    calendar = _published()
    calendar.add_component(entry)
    data: bytes = calendar.to_ical()
    if timezone is not None and isinstance(entry.get("dtstart").dt, datetime):
        # The VTIMEZONE is the same in every file and most of its lines: it is serialised once
        # and put where add_component would have put it, just before the event.
        at = data.index(b"\r\nBEGIN:VEVENT\r\n") + 2
        data = data[:at] + timezone + data[at:]
    return data


def _vtimezone(event: Event) -> bytes | None:
    """The event's zone as a VTIMEZONE, with its rules up to the event's last year."""
    key = event.timezone.key
    if key == "UTC":
        return None  # UTC times are written with a Z and need no VTIMEZONE
    return vtimezone(key, event.days[-1].year)


# -- a site of events: one calendar to subscribe to ---------------------------------------------

REFRESH = "PT12H"
"""How often calendar apps should fetch the subscription again (RFC 7986 REFRESH-INTERVAL)."""


def subscription(info: SiteInfo, settings: Settings, entries: Sequence[Entry]) -> bytes:
    """events.ics: every event of a site still to come or under way, one entry each, for a
    calendar subscription (Google Calendar, Apple Calendar, Outlook). An event called off stays,
    marked CANCELLED, so that subscribers' calendars show it called off rather than gone. Each
    entry has the UID of the event's own event.ics: adding both gives one entry."""
    calendar = _published()
    name = info.title or settings._(N_("{organizer}: events")).replace(
        "{organizer}", info.organizer.name
    )
    _words(calendar, "name", name)
    _words(calendar, "x-wr-calname", name)
    if info.timezone is not None:
        calendar.add("x-wr-timezone", info.timezone.key)
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for entry in sorted(entries, key=lambda e: (e.begins.astimezone(UTC), e.slug)):
        if entry.phase == "past":
            continue
        item = icalendar.Event()
        item.add("uid", entry.uid)
        item.add("dtstamp", entry.begins.astimezone(UTC))
        if entry.timed:
            item.add("dtstart", entry.begins)
            item.add("dtend", entry.ends)
        else:  # whole days, the last one included
            item.add("dtstart", entry.date)
            item.add("dtend", (entry.end_date or entry.date) + timedelta(days=1))
        _words(item, "summary", entry.title)
        page = settings.absolute(entry.path.removesuffix("index.html"))
        text = "\n\n".join(p for p in (plain(entry.summary), page) if p)
        if text:
            _words(item, "description", text)
        _words(item, "location", entry.place if entry.online else entry.location)
        item.add("status", _STATUS[entry.status])
        if page:
            item.add("url", page)
        calendar.add_component(item)
    data: bytes = calendar.to_ical()
    timed = [e.begins for e in entries if e.phase != "past" and e.timed]
    zones = {getattr(t.tzinfo, "key", "UTC") for t in timed} - {"UTC"}
    if zones:  # each zone's rules for the years the entries span, before the first entry
        last = max(t.year for t in timed)
        blocks = b"".join(vtimezone(key, last) for key in sorted(zones))
        at = data.index(b"\r\nBEGIN:VEVENT\r\n") + 2
        data = data[:at] + blocks + data[at:]
    return data
