"""The content schema: typed, immutable records of one event; no I/O.

Each content file maps onto one of these classes. The loader (`load.py`) reads the field
annotations to validate YAML, and the JSON Schema for editors' tools is derived from the same
annotations, so there is one description of the content, here.

Annotations the loader understands, beyond plain types:

- `Ref("speakers")`: the YAML holds an id; the model holds the record it names.
- `Clock(days=...)`: the YAML holds a time of day (`9:00 AM`, `09:00`, `13:15`); the model
  holds an aware datetime in the event's time zone, on the day named by the first of `days`
  that the record gives (else the event's first day).
- `Doc("...")`: the field's description for editors (it ends up in the JSON Schema).
- `Either("panel")`: the field is required unless the other is given, and refused with it.
- `Inherits()`: the records of this list take the other fields of the record that holds it as
  their own, unless they give them (a group's `track:` is each of its sessions' track).
- a `forms.Form`: the text must be written in that form (a price, a currency code).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal, NewType
from zoneinfo import ZoneInfo

from markupsafe import Markup

from eventsite.errors import Problem
from eventsite.forms import CURRENCY, LANGUAGE, PRICE

Url = NewType("Url", str)
"""An http(s), mailto or tel URL, or a relative path; anything else is refused at load."""

Html = NewType("Html", Markup)
"""Markdown text in YAML or a .md file, rendered and sanitised at load."""


@dataclass(frozen=True)
class Ref:
    """Marks a field whose YAML value is the id of a record in another file."""

    collection: Literal["speakers", "panels", "publications", "series", "venues"]


@dataclass(frozen=True)
class Clock:
    """Marks a field written as a time of day and held as an aware datetime."""

    days: tuple[str, ...] = ("date",)
    """The record's date fields that give the day, first given wins; without one, the day of
    the record that holds this one (a segment's session), else the event's first day."""


@dataclass(frozen=True)
class Inherits:
    """Marks a list of records that take their holder's other fields as defaults."""


@dataclass(frozen=True)
class Either:
    """Marks a field that is required unless `other` is given, and refused with it."""

    other: str


@dataclass(frozen=True)
class Doc:
    """A field's description for editors."""

    text: str


SessionKind = Literal[
    "registration",
    "opening",
    "keynote",
    "remarks",
    "panel",
    "talk",
    "discussion",
    "break",
    "meal",
    "reception",
    "networking",
    "wrap-up",
    "other",
]

EventStatus = Literal["scheduled", "draft", "cancelled", "postponed", "moved-online"]
SessionStatus = Literal["scheduled", "draft", "cancelled"]
Access = Literal["open", "invitation", "registration"]


@dataclass(frozen=True)
class Organizer:
    name: Annotated[str, Doc("Full name, e.g. United States Institute of Peace.")]
    abbreviation: Annotated[str | None, Doc("Short form used in running text, e.g. USIP.")] = None
    url: Annotated[Url | None, Doc("The organiser's home page.")] = None


@dataclass(frozen=True)
class Venue:
    locality: Annotated[str, Doc("City, e.g. Washington.")]
    name: Annotated[str | None, Doc("Building or room, if published.")] = None
    street: Annotated[str | None, Doc("Street address, if published.")] = None
    region: Annotated[str | None, Doc("State or region, e.g. DC.")] = None
    postal_code: Annotated[str | None, Doc("Postal code, if published.")] = None
    country: Annotated[str | None, Doc("Two-letter country code, e.g. US.")] = None
    id: Annotated[
        str | None,
        Doc("A short id by which sessions name this place (venue: hotel); needed in venues."),
    ] = None
    map_url: Annotated[
        Url | None, Doc("A map of the place, e.g. https://www.openstreetmap.org/...")
    ] = None

    @property
    def place(self) -> str:
        """The place as people write it: "Washington, DC"."""
        return ", ".join(p for p in (self.locality, self.region) if p)


@dataclass(frozen=True)
class Registration:
    url: Annotated[Url, Doc("Where people register; shown as a button until the event ends.")]
    price: Annotated[
        str | None, Doc("Admission price as a number, e.g. 0 for a free event or 25.00."), PRICE
    ] = None
    currency: Annotated[
        str | None,
        Doc("Three-letter currency code for the price, e.g. USD; needed with price."),
        CURRENCY,
    ] = None
    opens: Annotated[dt.date | None, Doc("The day registration opens, as YYYY-MM-DD.")] = None


@dataclass(frozen=True)
class Series:
    id: Annotated[str, Doc("A short unique id that events give as their series, e.g. korea-forum.")]
    title: Annotated[str, Doc("The series' name, e.g. The Korea Forum.")]
    summary: Annotated[Html | None, Doc("What the series is about, in Markdown.")] = None


@dataclass(frozen=True)
class Labels:
    """Headings an organisation words its own way; each replaces the default one."""

    about: Annotated[str | None, Doc('Default "About the event".')] = None
    agenda: Annotated[str | None, Doc('Default "Agenda".')] = None
    speakers: Annotated[str | None, Doc('Default "Speakers".')] = None
    explore: Annotated[str | None, Doc('Default "Explore further".')] = None
    courses: Annotated[
        str | None, Doc('Default "Related Courses", e.g. Related Academy Courses.')
    ] = None
    publications: Annotated[str | None, Doc('Default "Related Publications".')] = None
    all_publications: Annotated[
        str | None, Doc('The link to publications_url; default "View All Publications".')
    ] = None


@dataclass(frozen=True)
class Event:
    title: Annotated[str, Doc("The event's published title.")]
    date: Annotated[dt.date, Doc("The (first) day of the event, as YYYY-MM-DD.")]
    timezone: Annotated[ZoneInfo, Doc("IANA time zone of the venue, e.g. America/New_York.")]
    organizer: Annotated[Organizer, Doc("Who holds the event.")]
    venue: Annotated[Venue, Doc("Where the event takes place.")]
    language: Annotated[
        str | None,
        Doc(
            "The language of the event's pages (a BCP 47 tag: en, fr, es, de, ko or ar, with a "
            "region if wanted, e.g. fr-CA or ar-JO): the page's words, dates and times. "
            "Default en; in a site of events, the site's language."
        ),
        LANGUAGE,
    ] = None
    translations: Annotated[
        tuple[str, ...],
        Doc(
            "Other languages the event is published in, e.g. [en]: a page per language (at "
            "en/), with a switcher. Texts are then written once per language: "
            "title: {ko: ..., en: ...}, and about.en.md beside about.md."
        ),
        LANGUAGE,
    ] = ()
    end_date: Annotated[dt.date | None, Doc("The last day, for events over several days.")] = None
    status: Annotated[
        EventStatus,
        Doc(
            "scheduled; draft (the page and the feeds say: draft agenda, subject to change); "
            "cancelled, postponed or moved-online."
        ),
    ] = "scheduled"
    venues: Annotated[
        tuple[Venue, ...],
        Doc(
            "Other places where sessions take place, e.g. the hotel of a reception: each with "
            "an id, which such a session gives as its venue."
        ),
    ] = ()
    summary: Annotated[Html | None, Doc("The lead paragraph, in Markdown.")] = None
    publications_url: Annotated[
        Url | None, Doc('Where "View All Publications" points; omit to hide the link.')
    ] = None
    registration: Annotated[
        Registration | None, Doc("How to register; omit when there is no registration.")
    ] = None
    online_url: Annotated[
        Url | None, Doc("Where to join online, for an event that is streamed or moved online.")
    ] = None
    recording_url: Annotated[
        Url | None, Doc("A recording of the event, linked on the page once it is over.")
    ] = None
    report_url: Annotated[
        Url | None, Doc("A report on the event, linked on the page once it is over.")
    ] = None
    image: Annotated[
        Url | None,
        Doc(
            "A picture for link previews and search results: a web address, or a path such as "
            "static/banner.jpg. At least 1200 pixels wide works best."
        ),
    ] = None
    base_url: Annotated[
        Url | None,
        Doc(
            "The address the site is published at, e.g. https://events.example.org/markets/. "
            "With it, calendars, the sitemap, link previews and search data carry full "
            "addresses; without it, every link is relative and the site works from any folder."
        ),
    ] = None
    noindex: Annotated[
        bool, Doc("true asks search engines not to list the page, e.g. to protect a speaker.")
    ] = False
    series: Annotated[
        Series | None,
        Ref("series"),
        Doc("In a site of events: the id of the series this event belongs to (site.yaml)."),
    ] = None
    topics: Annotated[
        tuple[str, ...],
        Doc("In a site of events: topic tags; the site has a page per topic listing its events."),
    ] = ()
    publications: Annotated[
        tuple[Publication, ...],
        Ref("publications"),
        Doc(
            "In a site of events: ids of publications in the site's shared publications.yaml to "
            "show with this event, before the event's own publications.yaml."
        ),
    ] = ()
    labels: Annotated[
        Labels,
        Doc("Headings worded the organisation's way, e.g. courses: Related Academy Courses."),
    ] = field(default_factory=Labels)
    updated: Annotated[
        dt.date | None,
        Doc(
            "In a site of events: the day of the last change subscribers should hear about (a "
            "new date, the agenda, a cancellation); the events feed shows the event as changed "
            "on that day. Without it, the feed dates the event by its first day."
        ),
    ] = None

    @property
    def days(self) -> tuple[dt.date, ...]:
        """Every day the event runs, in order."""
        last = self.end_date or self.date
        return tuple(self.date + dt.timedelta(n) for n in range((last - self.date).days + 1))


@dataclass(frozen=True)
class Speaker:
    id: Annotated[str, Doc("A short unique id used to refer to this person, e.g. john-park.")]
    name: Annotated[str, Doc("Full name without honorific, e.g. John Park.")]
    honorific: Annotated[str | None, Doc("Amb., Dr., Mr., Ms. ...")] = None
    position: Annotated[str | None, Doc("Job title, e.g. Senior Program Officer.")] = None
    organization: Annotated[str | None, Doc("Employer or affiliation, e.g. USIP.")] = None
    url: Annotated[Url | None, Doc("A profile page.")] = None
    bio: Annotated[Html | None, Doc("A short biography, in Markdown.")] = None
    private: Annotated[
        bool,
        Doc(
            "true for someone who must not be identified by machines, e.g. a defector speaking "
            "under a pseudonym: the page still shows the name, but no photo, and the person is "
            "left out of calendar files, search-engine data and the schedule feed. Consider "
            "noindex: true in event.yaml as well."
        ),
    ] = False
    photo: Annotated[
        Url | None,
        Doc("A portrait: a file such as static/photos/john-park.jpg, or an https:// address."),
    ] = None

    @property
    def display_name(self) -> str:
        """The name as the page prints it: "Dr. John Park"."""
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    @property
    def affiliation(self) -> str:
        """Position and organisation on one line: "Chairman, Eugene Bell Foundation"."""
        return ", ".join(p for p in (self.position, self.organization) if p)


@dataclass(frozen=True)
class Panel:
    id: Annotated[str, Doc("A short unique id used by the agenda, e.g. panel-2.")]
    title: Annotated[str, Doc("The panel's title.")]
    label: Annotated[str | None, Doc('Printed before the title, e.g. "Panel 2".')] = None
    moderator: Annotated[Speaker | None, Ref("speakers"), Doc("Speaker id.")] = None
    panelists: Annotated[tuple[Speaker, ...], Ref("speakers"), Doc("Speaker ids.")] = ()

    @property
    def full_title(self) -> str:
        """The title as the agenda prints it: "Panel 2: The Impact of ..."."""
        return f"{self.label}: {self.title}" if self.label else self.title


@dataclass(frozen=True)
class Appearance:
    speaker: Annotated[Speaker, Ref("speakers"), Doc("Speaker id.")]
    role: Annotated[str | None, Doc("This person's role in this slot, e.g. Keynote Speaker.")] = (
        None
    )


@dataclass(frozen=True)
class Segment:
    title: Annotated[str, Doc("What happens in this part, e.g. Welcome.")]
    start: Annotated[
        dt.datetime | None, Clock(days=()), Doc("When this part starts, if published.")
    ] = None
    end: Annotated[
        dt.datetime | None, Clock(days=()), Doc("When this part ends, if published.")
    ] = None
    speakers: Annotated[tuple[Appearance, ...], Doc("People in this part, with roles.")] = ()
    note: Annotated[str | None, Doc("A short remark shown after the title.")] = None


MODERATOR, PANELIST = "Moderator", "Panelist"
"""The roles of a panel's people, as the model holds them (i18n.ROLES translates them)."""


@dataclass(frozen=True)
class Session:
    start: Annotated[dt.datetime, Clock(), Doc("Start time: 9:00 AM, 9:00, 09:00 or 13:15.")]
    end: Annotated[
        dt.datetime, Clock(days=("end_date", "date")), Doc("End time, in the same forms as start.")
    ]
    kind: Annotated[SessionKind, Doc("What sort of slot this is.")]
    title: Annotated[str | None, Either("panel"), Doc("Required unless the slot is a panel.")] = (
        None
    )
    date: Annotated[dt.date | None, Doc("The day, for events over several days.")] = None
    panel: Annotated[Panel | None, Ref("panels"), Doc("Panel id, for a panel slot.")] = None
    note: Annotated[str | None, Doc("A short remark shown after the title.")] = None
    speakers: Annotated[tuple[Appearance, ...], Doc("People in this slot, with roles.")] = ()
    id: Annotated[str | None, Doc("A short unique id, used in this session's page address.")] = None
    abstract: Annotated[Html | None, Doc("What the session is about, in Markdown.")] = None
    room: Annotated[str | None, Doc("Where it takes place, for events with several rooms.")] = None
    track: Annotated[str | None, Doc("Its track, for events with parallel tracks.")] = None
    end_date: Annotated[
        dt.date | None, Doc("The day it ends, for a slot that runs past midnight.")
    ] = None
    venue: Annotated[
        Venue | None,
        Ref("venues"),
        Doc("The id of one of the venues in event.yaml, for a slot away from the main venue."),
    ] = None
    segments: Annotated[
        tuple[Segment, ...],
        Doc("The parts of a block, in order: a welcome, remarks, a conversation ..."),
    ] = ()
    access: Annotated[
        Access | None,
        Doc("Who may come: open (to all guests), invitation (only), or registration (needed)."),
    ] = None
    access_note: Annotated[
        str | None, Doc("A few words on access, e.g. invitations were sent by email.")
    ] = None
    status: Annotated[
        SessionStatus,
        Doc("scheduled; draft (subject to change); or cancelled (shown as such)."),
    ] = "scheduled"

    @property
    def heading(self) -> str:
        """The slot's title, taken from its panel when it has one."""
        if self.panel is not None:
            return self.panel.full_title
        return self.title or ""

    @property
    def people(self) -> tuple[Appearance, ...]:
        """Everyone in the slot with their role: panel moderator and panelists, the slot's own
        speakers, then the people of each segment."""
        return self.own_people + tuple(a for s in self.segments for a in s.speakers)

    @property
    def own_people(self) -> tuple[Appearance, ...]:
        """The people of the slot itself, without those of its segments (listed with them)."""
        if self.panel is None:
            return self.speakers
        panel = self.panel
        chair = (Appearance(panel.moderator, MODERATOR),) if panel.moderator else ()
        return chair + tuple(Appearance(p, PANELIST) for p in panel.panelists) + self.speakers


@dataclass(frozen=True)
class Group:
    sessions: Annotated[
        tuple[Session, ...],
        Inherits(),
        Doc("The sessions of the group, in time order: each as in a list of sessions."),
    ]
    track: Annotated[str | None, Doc("The track of every session in the group.")] = None
    room: Annotated[str | None, Doc("The room of every session in the group.")] = None
    venue: Annotated[
        Venue | None, Ref("venues"), Doc("The venue (an id from venues) of every session.")
    ] = None
    date: Annotated[dt.date | None, Doc("The day of every session in the group.")] = None
    status: Annotated[
        SessionStatus, Doc("draft marks every session of the group as subject to change.")
    ] = "scheduled"
    access: Annotated[Access | None, Doc("Who may come to every session of the group.")] = None
    access_note: Annotated[str | None, Doc("A few words on access.")] = None


@dataclass(frozen=True)
class Publication:
    title: Annotated[str, Doc("The publication's title.")]
    date: Annotated[dt.date, Doc("Publication date, as YYYY-MM-DD.")]
    authors: Annotated[tuple[str, ...], Doc("Author names, in order.")]
    type: Annotated[str, Doc("e.g. Special Report, Analysis and Commentary.")]
    summary: Annotated[Html | None, Doc("One paragraph, in Markdown.")] = None
    topics: Annotated[tuple[str, ...], Doc("Topic tags.")] = ()
    url: Annotated[Url | None, Doc("Where the publication can be read.")] = None
    id: Annotated[
        str | None,
        Doc(
            "A short unique id; needed in a site's shared publications.yaml, which events "
            "name by id."
        ),
    ] = None


@dataclass(frozen=True)
class Course:
    title: Annotated[str, Doc("The course's title.")]
    url: Annotated[Url | None, Doc("The course page.")] = None
    summary: Annotated[Html | None, Doc("One paragraph, in Markdown.")] = None


@dataclass(frozen=True)
class Site:
    """Everything one event's page is made of, validated and cross-referenced."""

    event: Event
    body: Html
    sessions: tuple[Session, ...]
    speakers: tuple[Speaker, ...]
    panels: tuple[Panel, ...]
    publications: tuple[Publication, ...]
    courses: tuple[Course, ...] = field(default=())
    warnings: tuple[Problem, ...] = field(default=())
    """What the checks found that is worth fixing but does not stop a build."""
    fingerprints: Mapping[int, str] = field(default_factory=dict, compare=False, repr=False)
    """A fingerprint of each record (and of the body), by the record object's id: the same
    text, read in the same circumstances, gives the same fingerprint (see load.py)."""
    translations: tuple[Site, ...] = field(default=(), compare=False, repr=False)
    """The same event in each of its other languages (event.translations), in that order."""
    original: Site | None = field(default=None, compare=False, repr=False)
    """Of a translation: the event in its first language, whose titles name the slots, their
    pages and their calendar entries, so that they are the same in every language."""

    @property
    def starts(self) -> dt.datetime | None:
        """When the first session starts."""
        return min((s.start for s in self.sessions), default=None)

    @property
    def ends(self) -> dt.datetime | None:
        """When the last session ends."""
        return max((s.end for s in self.sessions), default=None)


# -- a site of events: content/site.yaml, shared people and publications, content/events/ -------


@dataclass(frozen=True)
class Link:
    label: Annotated[str, Doc("The words of the link, e.g. About us.")]
    url: Annotated[Url, Doc("Where it leads.")]


@dataclass(frozen=True)
class SiteInfo:
    """content/site.yaml: the organisation, and what every event of its site shares."""

    organizer: Annotated[
        Organizer, Doc("The organisation; it holds every event that names no organizer.")
    ]
    title: Annotated[str | None, Doc('The heading of the list of events; default "Events".')] = None
    summary: Annotated[Html | None, Doc("A lead paragraph above the events, in Markdown.")] = None
    timezone: Annotated[
        ZoneInfo | None,
        Doc("The IANA time zone of events that name none, e.g. America/New_York."),
    ] = None
    venue: Annotated[Venue | None, Doc("The venue of events that name none.")] = None
    language: Annotated[
        str | None,
        Doc(
            "The language of the site's own pages (en, fr, es, de, ko or ar, with a region if "
            "wanted), and of events that name none. Default en."
        ),
        LANGUAGE,
    ] = None
    base_url: Annotated[
        Url | None,
        Doc(
            "The address the site is published at, e.g. https://events.example.org/. Each "
            "event lives at base_url + its folder's name."
        ),
    ] = None
    navigation: Annotated[
        tuple[Link, ...], Doc("Links in the header of every page, e.g. to the home page.")
    ] = ()
    series: Annotated[
        tuple[Series, ...], Doc("Series of events; an event names its series by id.")
    ] = ()


@dataclass(frozen=True)
class Catalog:
    """A site of events: its own information, every event by its folder's name (its slug), and
    the people and publications the events share."""

    info: SiteInfo
    events: Mapping[str, Site]
    """Each event, by slug, in the order of their first days."""
    speakers: tuple[Speaker, ...] = ()
    publications: tuple[Publication, ...] = ()
    warnings: tuple[Problem, ...] = field(default=())
    fingerprints: Mapping[int, str] = field(default_factory=dict, compare=False, repr=False)
    """The fingerprints of the site's own records (site.yaml, shared people, publications)."""
