"""What a build is given: one event's records together (`Site`), or a site of events
(`Catalog`, with content/site.yaml's `SiteInfo`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Annotated
from zoneinfo import ZoneInfo

from eventsite.errors import Problem
from eventsite.model.agenda import Panel, Session, Speaker, ToCome, known_end
from eventsite.model.event import Course, Event, Organizer, Publication, Series, Venue
from eventsite.model.fields import Doc, Html, Url
from eventsite.model.forms import LANGUAGE
from eventsite.model.pictures import Reference, Source, references


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
    to_come: tuple[ToCome, ...] = field(default=())
    """The days and tracks whose programme is not all announced (more_to_come: true)."""
    warnings: tuple[Problem, ...] = field(default=())
    """What the checks found that is worth fixing but does not stop a build."""
    translations: tuple[Site, ...] = field(default=(), compare=False, repr=False)
    """The same event in each of its other languages (event.translations), in that order."""
    original: Site | None = field(default=None, compare=False, repr=False)
    """Of a translation: the event in its first language, whose titles name the slots, their
    pages and their calendar entries, so that they are the same in every language."""
    folder: str = ""
    """The event's folder in a site of events ("" for a project of one event): part of every
    id its calendars and feeds give, so that two events alike in title and day stay two."""
    pictures: Mapping[str, Source] = field(default_factory=dict, compare=False, repr=False)
    """The picture files its records name, by name in the site (static/...), as the loader
    found them; in the first language's site."""

    @property
    def records(self) -> tuple[object, ...]:
        """Every record the event holds, its body included: what its pages may show."""
        return (self.event, self.body, *self.sessions, *self.speakers, *self.panels,
                *self.publications, *self.courses)  # fmt: skip

    @property
    def starts(self) -> dt.datetime | None:
        """When the first session starts."""
        return min((s.start for s in self.sessions), default=None)

    @property
    def ends(self) -> dt.datetime | None:
        """When the last session ends; None when that is not published."""
        return known_end(self.sessions)


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


SITE_GIVES = ("timezone", "organizer", "venue")
"""Fields of event.yaml that an event of a site may leave out: site.yaml gives them."""
SITE_ONLY = {"base_url": "an event of a site takes its address from the site"}
"""Fields of event.yaml that an event of a site may not give, and why: the loader refuses
them and the editors' schema leaves them out, from this one description."""


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
    pictures: Mapping[str, Source] = field(default_factory=dict, compare=False, repr=False)
    """The picture files the site's own records name (its shared people, site.yaml)."""


def named_pictures(content: Site | Catalog) -> Iterator[Reference]:
    """Every field of the content that names a picture (a private person's photo too)."""
    sites: Iterable[Site] = [content] if isinstance(content, Site) else content.events.values()
    if isinstance(content, Catalog):
        yield from references(content.speakers, organizer=content.info.organizer)
    for site in sites:  # the first language's: a picture is the same in every language
        yield from references(site.speakers, site.event)
