"""events.atom: an Atom feed (RFC 4287) of a site's events, for feed readers.

Each event is an entry, the most recently changed first: its id is the event's own stable id
(the UID of its calendar entry), and it is dated by the event's `updated:` day, or by its first
day without one, so the same content gives the same bytes and a reader shows an event again
when an editor marks it as changed. The entry holds the event's days, place and status, and its
lead paragraph.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from eventsite import __version__
from eventsite.i18n import N_
from eventsite.model import SiteInfo
from eventsite.outputs.common import Settings
from eventsite.outputs.entry import Entry
from eventsite.text import plain

PATH = "events.atom"
ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
"""Entries in the feed: readers keep what they have seen; the newest changes matter."""
_STATUS = {"cancelled": N_("Cancelled"), "postponed": N_("Postponed"),
           "rescheduled": N_("Rescheduled"), "moved-online": N_("Moved online")}  # fmt: skip


def atom(info: SiteInfo, settings: Settings, entries: Sequence[Entry]) -> bytes:
    """The feed of a site's events, newest change first."""
    ET.register_namespace("", ATOM)
    chosen = sorted(entries, key=lambda e: (e.updated.astimezone(UTC), e.begins, e.slug),
                    reverse=True)[:LIMIT]  # fmt: skip
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": settings.language.tag})
    home = settings.absolute()
    _text(root, "id", home + "events.atom" if home else _urn(info, "events"))
    _text(root, "title", info.title or _events_of(info, settings))
    if info.summary:
        _text(root, "subtitle", plain(info.summary))
    newest = max((e.updated for e in chosen), default=datetime(2000, 1, 1, tzinfo=UTC))
    _text(root, "updated", _when(newest))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", info.organizer.name)
    if info.organizer.url:
        _text(author, "uri", info.organizer.url)
    if home:
        _link(root, "self", home + "events.atom", "application/atom+xml")
    _link(root, "alternate", home or "index.html", "text/html")
    generator = _text(root, "generator", "eventsite")
    generator.set("version", __version__)
    for entry in chosen:
        item = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(item, "id", f"urn:uuid:{entry.uid}")
        _text(item, "title", entry.title)
        _text(item, "updated", _when(entry.updated))
        _link(item, "alternate", settings.absolute(entry.path.removesuffix("index.html"))
              or entry.path, "text/html")  # fmt: skip
        if entry.organizer != info.organizer:
            author = ET.SubElement(item, f"{{{ATOM}}}author")
            _text(author, "name", entry.organizer.name)
        for term in (*((entry.series.title,) if entry.series else ()), *entry.topics):
            ET.SubElement(item, f"{{{ATOM}}}category", {"term": term})
        summary = _text(item, "summary", str(_summary(entry, settings)))
        summary.set("type", "html")
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _events_of(info: SiteInfo, settings: Settings) -> str:
    """The feed's title when the site gives none: "Example Institute: events"."""
    return settings._(N_("{organizer}: events")).replace("{organizer}", info.organizer.name)


def _summary(entry: Entry, settings: Settings) -> Markup:
    language = settings.language
    days = language.long_date(entry.date)
    if entry.end_date:
        days = language.span(days, language.long_date(entry.end_date))
    line = escape(f"{days} · {entry.place}")
    status = _STATUS.get(entry.status)
    if status:
        line = Markup("<strong>{}</strong> · ").format(language.gettext(status)) + line
    return Markup("<p>{}</p>").format(line) + Markup(entry.summary or "")  # noqa: S704 - sanitised at load


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = text
    return element


def _link(parent: ET.Element, rel: str, href: str, kind: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "href": href, "type": kind})


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _urn(info: SiteInfo, what: str) -> str:
    domain = urlsplit(info.organizer.url or "").hostname or "eventsite.invalid"
    return f"urn:uuid:{uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_DNS, domain), what)}"
