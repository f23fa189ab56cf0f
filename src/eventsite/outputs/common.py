"""What the machine outputs share: the build's settings, each slot's identity, plain text."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit

from eventsite import i18n
from eventsite.i18n import N_, Language
from eventsite.model import Appearance, Event, Session, Site, Venue
from eventsite.model.lifecycle import localize
from eventsite.model.online import Online, Recording, of_event, of_session, recording
from eventsite.text import plain, slug

_NO_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Settings:
    """The circumstances of one build: the moment it describes, where the site will live, and
    the language of the pages (and of the calendars and feeds beside them)."""

    now: datetime
    base_url: str | None = None
    language: Language = field(default_factory=i18n.language)
    stated: bool = False
    """Whether the event states its language (`language:` in event.yaml), which machine
    outputs then name; an event that does not is published as it always was."""

    @classmethod
    def for_site(
        cls,
        site: Site,
        now: datetime,
        base_url: str | None = None,
        language: Language | None = None,
    ) -> Settings:
        """Settings for a site: base_url given here wins over the one in event.yaml; the
        language is the event's own unless given (another language of a bilingual event)."""
        base = base_url or site.event.base_url
        if base and not base.endswith("/"):
            base += "/"  # so that "schedule.json" resolves inside the folder, not beside it
        language = language or i18n.language(site.event.language or i18n.DEFAULT)
        stated = site.event.language is not None or bool(site.event.translations)
        return cls(localize(now, site), base or None, language, stated)

    def addresses(self) -> Settings:
        """The part of these settings that makes addresses: a key for what does not depend on
        the build's moment, so that the dev server can keep it from one build to the next."""
        return Settings(_NO_MOMENT, self.base_url, self.language, self.stated)

    def _(self, message: str) -> str:
        """An interface word in the pages' language."""
        return self.language.gettext(message)

    @property
    def tag(self) -> str | None:
        """The language to name in machine outputs, if the event states one."""
        return self.language.tag if self.stated else None

    def absolute(self, path: str = "") -> str | None:
        """The full address of a path in the site, or of a given address; None if unknown."""
        if urlsplit(path).scheme:
            return path
        if not path.isascii():  # a page named in another script: its address percent-encoded
            path = quote(path, safe="/#?&=")
        return urljoin(self.base_url, path) if self.base_url else None


@dataclass(frozen=True)
class Slot:
    """One agenda slot with the identity every output gives it."""

    session: Session
    number: int  # 1-based position in the agenda
    slug: str  # unique within the site; names the slot's calendar file
    key: str  # what its stable id is made from
    namespace: uuid.UUID

    @property
    def uid(self) -> uuid.UUID:
        """The slot's id: the same for the same content in every build."""
        return uuid.uuid5(self.namespace, self.key)

    @property
    def calendar_path(self) -> str:
        """Where the slot's own calendar file is written."""
        return f"calendar/{self.slug}.ics"


def slots(site: Site) -> tuple[Slot, ...]:
    """Every slot of the agenda, in order, with a unique slug and a stable id."""
    several_days = len(site.event.days) > 1
    namespace = _namespace(urlsplit(site.event.organizer.url or "").hostname or "eventsite.invalid")
    taken: set[str] = set()
    found = []
    # A slot is named by its first language's title in every language: the same anchors, files
    # and calendar ids on each language's pages.
    named = (site.original or site).sessions
    folder, date = site.folder, f"{site.event.date}"
    for number, (own, session) in enumerate(zip(site.sessions, named, strict=True), 1):
        start = session.start
        base = slug(session.id or "")
        if not base:  # the day and time formatted only here: strftime is slow, ids are many
            day = f"{start:%Y-%m-%d}-" if several_days else ""
            base = (
                f"{day}{start.hour:02d}{start.minute:02d}-{slug(session.heading) or session.kind}"
            )
        name, n = base, 1
        while name in taken:  # two slots with the same start and title: number the later ones
            n += 1
            name = f"{base}-{n}"
        taken.add(name)
        # The id depends on the event's day, the start and the title (not on the position), so
        # adding a slot elsewhere leaves every other slot's calendar entry in place.
        # In a site of events the event's folder comes first: two events' slots alike in day,
        # start and title are two entries in a subscriber's calendar, not one.
        key = f"{date}|{start.isoformat()}|{session.heading}|{n}"
        key = f"{folder}|{key}" if folder else key
        found.append(Slot(own, number, name, key, namespace))
    return tuple(found)


def event_uid(site: Site) -> uuid.UUID:
    """The stable id of the whole event."""
    title = (site.original or site).event.title  # the same event in every language
    key = f"{site.event.date}|event|{title}"
    # In a site of events, of the event's folder too (a project of one event keeps its ids).
    return stable_uuid(site.event, f"{site.folder}|{key}" if site.folder else key)


def stable_uuid(event: Event, key: str) -> uuid.UUID:
    """A name-based UUID (RFC 9562, version 5), in the organiser's domain when it has one."""
    domain = urlsplit(event.organizer.url or "").hostname or "eventsite.invalid"
    return uuid.uuid5(_namespace(domain), key)  # the same as each Slot.uid


@lru_cache(maxsize=64)
def _namespace(domain: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_DNS, domain)


def public_people(session: Session) -> tuple[Appearance, ...]:
    """The people in a slot whom machine outputs may name: everyone not marked private."""
    return tuple(a for a in session.people if not a.speaker.private)


def person_line(person: Appearance, language: Language) -> str:
    """One person as a calendar or feed describes them: "Moderator: Dr. Raymond Gilpin, ..."."""
    name = ", ".join(p for p in (person.speaker.display_name, person.affiliation) if p)
    return f"{language.role(person.role)}: {name}" if person.role else name


def venue_line(venue: Venue | None) -> str:
    """The venue on one line: "Washington, DC, US"; nothing for an online event's."""
    if venue is None:
        return ""
    region = " ".join(p for p in (venue.region, venue.postal_code) if p)
    parts = (venue.name, venue.street, venue.locality, region, venue.country)
    return ", ".join(p for p in parts if p)


ACCESS = {
    "open": N_("Open to all guests"),
    "invitation": N_("By invitation only"),
    "registration": N_("Registration required"),
}
"""The words machine outputs use for a session's access (the page's are in its templates)."""

DRAFT = N_("Draft agenda, subject to change.")
"""What the feeds' descriptions say of a draft agenda, as the page does."""


def venue_of(event: Event, session: Session) -> Venue | None:
    """Where a session takes place: its own venue, else the event's (none for an online one)."""
    return session.venue or event.venue


def location(event: Event, session: Session, language: Language) -> str:
    """Where a session takes place, on one line: "Room 2, Example Congress Centre, Lisbon, PT";
    for a session held online only, "Online: https://..."."""
    online = of_session(event, session)
    if online.attendance == "online":
        return online_place(online, language)
    return ", ".join(p for p in (session.room, venue_line(venue_of(event, session))) if p)


def event_location(event: Event, language: Language) -> str:
    """Where the whole event takes place, on one line: its venue, or online."""
    online = of_event(event)
    if online.attendance == "online":
        return online_place(online, language)
    return venue_line(event.venue)


ONLINE = N_("Online")
UNANNOUNCED = N_("Venue not announced")
"""The schedule feed's room of a slot whose place the source does not name (the format needs
a room); the same words whether the event is to come or past, as the feed is for both."""
JOIN = N_("Join online")
WATCH = N_("Watch live")
RECORDING, SLIDES, TRANSCRIPT = N_("Recording"), N_("Slides"), N_("Transcript")


def online_place(online: Online, language: Language) -> str:
    """An online place on one line: "Online: https://meet.example.org/..."."""
    word = language.gettext(ONLINE)
    address = online.join or online.stream
    return f"{word}: {address}" if address else word


def online_lines(online: Online, language: Language) -> list[str]:
    """Where to join and watch, each on a line of its own, and the note on joining."""
    lines = [f"{language.gettext(JOIN)}: {online.join}"] if online.join else []
    lines += [f"{language.gettext(WATCH)}: {online.stream}"] if online.stream else []
    return lines + ([online.note] if online.note and lines else [])


@dataclass(frozen=True)
class Afterwards:
    """What a session or the event leaves behind: its recording, slides and transcript."""

    recording: Recording | None = None
    slides: str | None = None
    transcript: str | None = None

    @classmethod
    def of_session(cls, event: Event, session: Session) -> Afterwards:
        """A session's own."""
        return cls(recording(event, session), session.slides_url, session.transcript_url)

    @classmethod
    def of_event(cls, event: Event) -> Afterwards:
        """The whole event's."""
        video = Recording(event.recording_url) if event.recording_url else None
        return cls(video, event.slides_url, event.transcript_url)

    def links(self, settings: Settings) -> list[tuple[str, str, str]]:
        """Each as (kind, words, full address): recording, slides, transcript; those whose
        full address is unknown (a file of the site without base_url) are left out."""
        found = []
        video = self.recording.link if self.recording else None
        for kind, words, address in (("media", RECORDING, video), ("slides", SLIDES, self.slides),
                                     ("related", TRANSCRIPT, self.transcript)):  # fmt: skip
            full = settings.absolute(address) if address else None
            if full:
                found.append((kind, settings._(words), full))
        return found

    def lines(self, settings: Settings) -> list[str]:
        """Each on a line of its own: "Recording: https://..."."""
        return [f"{words}: {address}" for _, words, address in self.links(settings)]


def status_lines(event: Event, language: Language) -> list[str]:
    """What a calendar or feed says of the event's own status beyond its STATUS: a new date."""
    if event.status != "rescheduled" or event.previous_date is None:
        return []
    said = language.gettext(N_("Rescheduled: it was to take place on {day}."))
    return [said.replace("{day}", language.long_date(event.previous_date))]


def draft(event: Event, session: Session | None = None) -> bool:
    """Whether the agenda (or one session of it) is a draft, subject to change."""
    return event.status == "draft" or session is not None and session.status == "draft"


def notes(event: Event, session: Session, language: Language) -> list[str]:
    """What a calendar or feed says about a session beyond its people: status, access, note."""
    lines = []
    if session.status == "cancelled":
        lines.append(language.gettext(N_("Cancelled.")))
    elif draft(event, session):
        lines.append(language.gettext(DRAFT))
    if session.not_recorded:
        lines.append(language.gettext(N_("Not recorded.")))
    if session.access:
        access = language.gettext(ACCESS[session.access])
        note = session.access_note
        lines.append(f"{access}: {note}" if note else f"{access}.")
    if session.note:
        lines.append(f"({session.note})")
    return lines


def segment_lines(session: Session, language: Language) -> list[str]:
    """Each segment of a session on a line of its own, its people on the lines below it."""
    lines = []
    for segment in session.segments:
        when = f"{language.clock(segment.start)} " if segment.start else ""
        lines.append(f"{when}{segment.title}" + (f" ({segment.note})" if segment.note else ""))
        lines.extend(
            f"  {person_line(p, language)}" for p in segment.speakers if not p.speaker.private
        )
    return lines


def own_people(session: Session) -> tuple[Appearance, ...]:
    """The people of a slot whom outputs may name, without those of its segments (which are
    listed with their segment)."""
    return tuple(a for a in session.own_people if not a.speaker.private)


def description(site: Site, limit: int | None = 300) -> str:
    """The event in a paragraph, for previews and search: its summary, or the start of its text."""
    text = plain(site.event.summary) or plain(site.body)
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
