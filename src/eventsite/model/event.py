"""The event: content/event.yaml (its organiser, venues, registration, labels), and the
publications and courses it shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated
from zoneinfo import ZoneInfo

from eventsite.model.fields import AnyOf, Attendance, Doc, EventStatus, Html, Ref, Unless, Url
from eventsite.model.forms import CURRENCY, FOCUS, LANGUAGE, PRICE
from eventsite.text import page_name

JOIN_DOC = "Where to join online and take part (a video meeting), e.g. https://meet.example.org/..."
STREAM_DOC = "Where to watch live (a stream), e.g. https://stream.example.org/main-hall."
NOTE_DOC = "A few words on joining online, e.g. the passcode is sent to registered guests."


@dataclass(frozen=True)
class Organizer:
    name: Annotated[str, Doc("Full name, e.g. United States Institute of Peace.")]
    abbreviation: Annotated[str | None, Doc("Short form used in running text, e.g. USIP.")] = None
    url: Annotated[Url | None, Doc("The organiser's home page.")] = None
    logo: Annotated[
        Url | None,
        Doc(
            "The organiser's logo: a file in static/, e.g. static/logo.svg (SVG, PNG, JPEG or "
            "WebP; an SVG with scripts or outside references is refused), shown in the page's "
            "header; or an https:// address."
        ),
    ] = None


@dataclass(frozen=True)
class Partner:
    name: Annotated[str, Doc("The partner's or sponsor's name, e.g. Example Foundation.")]
    logo: Annotated[
        Url | None,
        Doc(
            "Their logo: a file in static/, e.g. static/partners/example.png, or an https:// "
            "address. Without one, the name is shown."
        ),  # fmt: skip
    ] = None
    url: Annotated[Url | None, Doc("Their home page, which the logo links to.")] = None
    group: Annotated[
        str | None,
        Doc(
            'A heading the partner is listed under, e.g. "Gold sponsors" or "Media partners", '
            "in the order groups first appear."
        ),  # fmt: skip
    ] = None


@dataclass(frozen=True)
class Room:
    name: Annotated[str, Doc("The room's name, as sessions give it in room:, e.g. Main Hall.")]
    online_url: Annotated[Url | None, Doc(JOIN_DOC + " For every session in the room.")] = None
    stream_url: Annotated[Url | None, Doc(STREAM_DOC + " For every session in the room.")] = None
    online_note: Annotated[str | None, Doc(NOTE_DOC)] = None
    stream_id: Annotated[
        str | None,
        Doc(
            "The name of the room's stream for the recording team's tools (the schedule "
            "feed's stream_id), e.g. s1; default: the room's name in lower case."
        ),
    ] = None


@dataclass(frozen=True)
class Venue:
    name: Annotated[
        str | None,
        AnyOf(),
        Doc("Building or place, e.g. 12 Stories bar: needed unless locality is given."),
    ] = None
    locality: Annotated[
        str | None,
        AnyOf(),
        Doc("City, e.g. Washington, if published: needed unless name is given."),
    ] = None
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
    rooms: Annotated[
        tuple[Room, ...],
        Doc(
            "The rooms sessions give in room: that are streamed or joined online, each with "
            "its addresses, e.g. a stream per room of a hybrid event."
        ),
    ] = ()

    @property
    def place(self) -> str:
        """The place as people write it: "Washington, DC"; empty when neither is published."""
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

    @property
    def page(self) -> str:
        """The series' page, from the site's top: named after its id (the loader refuses two
        ids that make one name)."""
        return f"series/{page_name(self.id) or 'series'}.html"


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
    partners: Annotated[str | None, Doc('Default "Partners", e.g. Sponsors and partners.')] = None
    all_publications: Annotated[
        str | None, Doc('The link to publications_url; default "View All Publications".')
    ] = None


@dataclass(frozen=True)
class Event:
    title: Annotated[str, Doc("The event's published title.")]
    date: Annotated[dt.date, Doc("The (first) day of the event, as YYYY-MM-DD.")]
    timezone: Annotated[
        ZoneInfo,
        Doc(
            "IANA time zone of the venue, e.g. America/New_York; for an online event, the "
            "zone its times are given in."
        ),
    ]
    organizer: Annotated[Organizer, Doc("Who holds the event.")]
    venue: Annotated[
        Venue | None,
        Unless("attendance", "online"),
        Unless("venue_published", False),
        Doc(
            "Where the event takes place; required, but for an online event, which has none, "
            "and one whose source names no place (venue_published: false)."
        ),
    ] = None
    venue_published: Annotated[
        bool,
        Doc(
            "Write false, and leave venue out, when the source names no venue or city: the page "
            "says the location is to be announced (nothing once the event is over), and no "
            "calendar, feed or search data names a place. In a site of events, the site's "
            "venue is then not used either."
        ),
    ] = True
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
            "cancelled; postponed (no new date yet: date stays the one announced); "
            "rescheduled (date is the new day, previous_date the old one); or moved-online."
        ),
    ] = "scheduled"
    previous_date: Annotated[
        dt.date | None,
        Doc("For status: rescheduled, the day the event was to take place, as YYYY-MM-DD."),
    ] = None
    attendance: Annotated[
        Attendance | None,
        Doc(
            "in-person; online (no venue: people take part online only); or hybrid (in the "
            "room and online). Default: hybrid if the event, a room or a session gives an "
            "online_url or stream_url, else in-person."
        ),
    ] = None
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
        Url | None,
        Doc(JOIN_DOC + " For the whole event: an online or hybrid one, or one moved online."),
    ] = None
    stream_url: Annotated[Url | None, Doc(STREAM_DOC + " For the whole event.")] = None
    online_note: Annotated[str | None, Doc(NOTE_DOC)] = None
    recording_url: Annotated[
        Url | None,
        Doc("A recording of the event (a video's address), shown first once the event is over."),
    ] = None
    slides_url: Annotated[
        Url | None, Doc("The event's slides, e.g. static/slides.pdf, linked once it is over.")
    ] = None
    transcript_url: Annotated[
        Url | None, Doc("A transcript of the event, linked on the page once it is over.")
    ] = None
    report_url: Annotated[
        Url | None, Doc("A report on the event, linked on the page once it is over.")
    ] = None
    image: Annotated[
        Url | None,
        Doc(
            "A picture of the event, for the page, link previews and search results: a file "
            "in static/, e.g. static/banner.jpg (at least 1200 pixels wide works best), or an "
            "https:// address. Without one, link previews show a card eventsite draws with "
            "the title, date and place (with base_url)."
        ),
    ] = None
    image_focus: Annotated[
        str | None,
        Doc(
            "What must stay in the picture when it is cut to other shapes (wide for link "
            "previews, square for search results): across then down, in percent, e.g. 50% 40%."
        ),
        FOCUS,
    ] = None
    partners: Annotated[
        tuple[Partner, ...],
        Doc("Partners and sponsors, shown with their logos and links near the page's end."),
    ] = ()
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
    offline: Annotated[
        bool,
        Doc(
            "false turns off the offline copy: by default, after one visit the event's pages, "
            "calendars and static files keep working without a network (at the venue)."
        ),
    ] = True
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
