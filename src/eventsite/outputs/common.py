"""What the machine outputs share: the build's settings, each slot's identity, plain text."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup

from eventsite.lifecycle import localize
from eventsite.model import Appearance, Session, Site, Speaker, Venue


@dataclass(frozen=True)
class Settings:
    """The circumstances of one build: the moment it describes, and where the site will live."""

    now: datetime
    base_url: str | None = None

    @classmethod
    def for_site(cls, site: Site, now: datetime, base_url: str | None = None) -> Settings:
        """Settings for a site: base_url given here wins over the one in event.yaml."""
        base = base_url or site.event.base_url
        if base and not base.endswith("/"):
            base += "/"  # so that "schedule.json" resolves inside the folder, not beside it
        return cls(localize(now, site), base or None)

    def absolute(self, path: str = "") -> str | None:
        """The full address of a path in the site, or of a given address; None if unknown."""
        if urlsplit(path).scheme:
            return path
        return urljoin(self.base_url, path) if self.base_url else None


@dataclass(frozen=True)
class Slot:
    """One agenda slot with the identity every output gives it."""

    session: Session
    number: int  # 1-based position in the agenda
    slug: str  # unique within the site; names the slot's calendar file
    uid: uuid.UUID  # the same for the same content in every build

    @property
    def calendar_path(self) -> str:
        """Where the slot's own calendar file is written."""
        return f"calendar/{self.slug}.ics"


def slots(site: Site) -> tuple[Slot, ...]:
    """Every slot of the agenda, in order, with a unique slug and a stable id."""
    several_days = len(site.event.days) > 1
    taken: set[str] = set()
    found = []
    for number, session in enumerate(site.sessions, 1):
        day = f"{session.start:%Y-%m-%d}-" if several_days else ""
        base = slugify(session.id or "") or (
            f"{day}{session.start:%H%M}-{slugify(session.heading) or session.kind}"
        )
        slug, n = base, 1
        while slug in taken:  # two slots with the same start and title: number the later ones
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        # The id depends on the event's day, the start and the title (not on the position), so
        # adding a slot elsewhere leaves every other slot's calendar entry in place.
        key = f"{site.event.date}|{session.start.isoformat()}|{session.heading}|{n}"
        found.append(Slot(session, number, slug, stable_uuid(site, key)))
    return tuple(found)


def event_uid(site: Site) -> uuid.UUID:
    """The stable id of the whole event."""
    return stable_uuid(site, f"{site.event.date}|event|{site.event.title}")


def stable_uuid(site: Site, key: str) -> uuid.UUID:
    """A name-based UUID (RFC 9562, version 5), in the organiser's domain when it has one."""
    domain = urlsplit(site.event.organizer.url or "").hostname or "eventsite.invalid"
    return uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_DNS, domain), key)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Registration & Coffee" -> registration-coffee."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def public_people(session: Session) -> tuple[Appearance, ...]:
    """The people in a slot whom machine outputs may name: everyone not marked private."""
    return tuple(a for a in session.people if not a.speaker.private)


def public_speakers(site: Site) -> tuple[Speaker, ...]:
    """Every speaker whom machine outputs may name, in the order of speakers.yaml."""
    return tuple(s for s in site.speakers if not s.private)


def person_line(person: Appearance) -> str:
    """One person as a calendar or feed describes them: "Moderator: Dr. Raymond Gilpin, ..."."""
    name = ", ".join(p for p in (person.speaker.display_name, person.speaker.affiliation) if p)
    return f"{person.role}: {name}" if person.role else name


def plain(html: Markup | None) -> str:
    """Rendered Markdown as plain text, for places that show no markup."""
    return Markup(html).striptags() if html else ""  # noqa: S704 - only to strip it


def venue_line(venue: Venue) -> str:
    """The venue on one line: "Washington, DC, US"."""
    region = " ".join(p for p in (venue.region, venue.postal_code) if p)
    parts = (venue.name, venue.street, venue.locality, region, venue.country)
    return ", ".join(p for p in parts if p)


def description(site: Site, limit: int | None = 300) -> str:
    """The event in a paragraph, for previews and search: its summary, or the start of its text."""
    text = plain(site.event.summary) or plain(site.body)
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
