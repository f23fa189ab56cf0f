"""`eventsite new`: a minimal project that builds at once, with every field shown in comments.

The project holds content/ and schema/ only; templates and static files come from the default
theme until the project adds its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import get_args

from eventsite import i18n
from eventsite.errors import SiteError
from eventsite.model import Access, EventStatus, SessionKind, SessionStatus, forms
from eventsite.tools.schema import SITE_EVENT, modeline, write_schemas

ZONE_QUESTION = "The venue's time zone (Area/City, e.g. America/New_York): "


def check_language(language: str) -> None:
    """Refuse a language eventsite's pages cannot speak, in the loader's words."""
    if not forms.LANGUAGE.matches(language) or i18n.parse(language) is None:
        raise SiteError(f'"{language}" is not {forms.LANGUAGE.noun}; {forms.LANGUAGE.hint}')


def new_project(path: Path, title: str, day: date, timezone: str, language: str = "en") -> None:
    """Create a project folder with example content for one event, in `language`."""
    if path.is_symlink():
        raise SiteError(f"{path} is a symbolic link; choose a new folder")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise SiteError(f"{path} already exists and is not empty; choose a new folder")
    if timezone not in forms.zones():
        raise SiteError(f'"{timezone}" is not a time zone; {forms.zone_hint(timezone)}')
    if not title.strip():
        raise SiteError('the title is empty; write --title "The Event\'s Title"')
    check_language(language)
    files = content(title, day, timezone, language)
    try:
        for name, text in files.items():
            target = path / "content" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        write_schemas(path / "schema")
        (path / ".gitignore").write_text("/public/\n")
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise SiteError(
            f"cannot create {path}: {reason}; choose a folder you can write to"
        ) from None


def ask_zone(ask: Callable[[str], str], say: Callable[[str], None]) -> str:
    """Ask for the venue's time zone until the answer is one; there is no default to fall to.

    `ask` is input() in a terminal; end of input (Ctrl-D) gives up with a message.
    """
    while True:
        try:
            answer = ask(ZONE_QUESTION).strip()
        except EOFError:
            raise SiteError(
                "no time zone given; pass --timezone, e.g. --timezone America/New_York"
            ) from None
        if answer in forms.zones():
            return answer
        say(f'"{answer}" is not a time zone; {forms.zone_hint(answer)}')


def content(title: str, day: date, timezone: str, language: str = "en") -> dict[str, str]:
    """The text of every content file of a new project, by file name."""
    kinds = ", ".join(get_args(SessionKind))
    statuses = ", ".join(get_args(EventStatus))
    slot_statuses = ", ".join(get_args(SessionStatus))
    access = ", ".join(get_args(Access))
    next_day = day + timedelta(days=1)
    other = "en" if language.startswith("ko") else "ko"  # for the example of translations
    files = {
        "event.yaml": f"""\
# The event itself. A line starting with # is a comment: remove the # to use the field.
# docs/editing.md in the eventsite repository explains every field.
title: {_quoted(title)}
date: {day}
# end_date: {next_day}  # the last day, for an event over several days
timezone: {timezone}  # the venue's zone, e.g. America/New_York; every time is in it
language: {language}  # the pages' language: {", ".join(forms.LANGUAGES)}, or with a region: fr-CA
# translations: [{other}]  # other languages, a page each; then each text once per language
# status: scheduled  # {statuses} (draft: "Draft agenda, subject to change")
organizer:
  name: Your Organization  # change this
  # abbreviation: ORG
  # url: https://example.org
  # logo: static/logo.svg  # in the page's header: SVG, PNG, JPEG or WebP, in static/
venue:
  locality: Your City  # change this
  # name: Main Hall
  # street: 1 Example Street
  # region: DC
  # postal_code: "20037"  # in quotes, so that it stays text
  # country: US
  # map_url: https://www.openstreetmap.org/  # a map of the place
# venues:  # other places, for sessions held elsewhere (a reception at a hotel, say)
#   - id: hotel  # a session held there says venue: hotel
#     name: Example Hotel
#     street: 2 Example Square
#     locality: Your City
#     map_url: https://www.openstreetmap.org/
# summary: >-
#   The lead paragraph, in Markdown. After >- the text may run
#   over several lines.
# publications_url: https://example.org/publications
# registration:  # shown as a button until the event ends
#   url: https://example.org/register
#   price: "0"  # in quotes; 0 for a free event
#   currency: USD  # needed with a price
#   opens: {day}
# online_url: https://example.org/live  # where to watch, for a hybrid or online event
# recording_url: https://example.org/recording  # linked once the event is over
# report_url: https://example.org/report  # linked once the event is over
# image: static/event.jpg  # the event's picture: the page, link previews, search results
# image_focus: 50% 40%  # what must stay in the picture when it is cut to other shapes
# partners:  # partners and sponsors, with their logos and links
#   - name: Example Foundation
#     group: Sponsors  # a heading of its own, in the order groups appear
#     logo: static/partners/example-foundation.png
#     url: https://example.org/foundation
# base_url: https://events.example.org/my-event/  # where the site is published
# noindex: true  # ask search engines not to list the page
# labels:  # headings in your own words; each replaces eventsite's
#   about: About the event
#   agenda: Agenda
#   speakers: Speakers
#   explore: Explore further
#   courses: Related Courses
#   publications: Related Publications
#   all_publications: View All Publications
#   partners: Partners
""",
        "agenda.yaml": f"""\
# One entry per slot, in time order. Times are written 9:00 AM, 9:00, 09:00 or 13:15, in the
# event's time zone.
- start: 9:00 AM
  end: 10:00 AM
  kind: opening  # {kinds}
  title: Opening Session
  # id: opening  # a short unique id; it names the slot's own page
  # date: {day}  # the day, for an event over several days
  # end_date: {next_day}  # the day it ends, for a slot that runs past midnight
  # note: open to the press
  # room: Main Hall  # slots in different rooms may run at the same time
  # track: Policy  # so may slots in different tracks
  # venue: hotel  # an id from venues in event.yaml, for a slot held elsewhere
  # access: open  # {access}: shown as a badge
  # access_note: no badge needed  # a few words on who may come
  # status: draft  # {slot_statuses}
  # abstract: >-
  #   What the session is about, in Markdown. A slot with an abstract gets a page of its own.
  # speakers:
  #   - speaker: jane-doe  # an id from speakers.yaml
  #     role: Opening Remarks
  # segments:  # the parts of a block, in order; a time and people where known
  #   - title: Welcome
  #     start: 9:00 AM
  #     end: 9:10 AM
  #     note: on stage
  #     speakers:
  #       - speaker: john-doe
  #         role: Host

# A panel slot names a panel from panels.yaml instead of a title:
# - start: 10:00 AM
#   end: 11:00 AM
#   kind: panel
#   panel: panel-1

# Parallel sessions may be written as one group per track or room, as programmes print
# them. The track, room, venue, date, status and access of a group hold for each of its
# sessions. A group may also be a file of its own in content/agenda/ (any name ending .yaml).
# - track: Practice
#   room: Room B
#   sessions:
#     - start: 11:00 AM
#       end: 12:00 PM
#       kind: talk
#       title: A Talk in Room B
""",
        "speakers.yaml": """\
# Everyone who appears on the agenda, once each. The agenda and panels refer to people by id.
# Remove [] and the #s below to add the first speaker.
[]
# - id: jane-doe  # required: short, unique, e.g. the name in lower case with hyphens
#   name: Jane Doe  # required: the name without honorific
#   honorific: Dr.
#   position: Senior Fellow
#   organization: Example Institute
#   url: https://example.org/people/jane-doe
#   photo: static/photos/jane-doe.jpg  # a picture in static/ (a phone's photo is fine)
#   photo_focus: 50% 30%  # where the face is, across then down; default the middle
#   private: true  # keep this person out of calendars, search data and feeds
#   bio: >-
#     A short biography, in Markdown. A speaker with a bio or a photo gets a page of their own.
# - id: john-doe
#   name: John Doe
""",
        "panels.yaml": """\
# Panels: the agenda names a panel by its id (kind: panel, panel: panel-1).
[]
# - id: panel-1  # required
#   title: The Panel's Title  # required
#   label: Panel 1  # printed before the title: "Panel 1: The Panel's Title"
#   moderator: jane-doe  # a speaker id
#   panelists: [jane-doe, john-doe]  # speaker ids
""",
        "publications.yaml": """\
# Related publications, newest first.
[]
# - title: "A Report Title: With a Colon, So in Quotes"  # required
#   date: 2021-12-10  # required
#   authors: [Jane Doe, John Park]  # required
#   type: Special Report  # required
#   topics: ["Mediation, Negotiation & Dialogue"]  # a comma inside an item needs quotes
#   summary: >-
#     One paragraph, in Markdown.
#   url: https://example.org/reports/a-report
#   id: a-report  # a short id; needed in the shared list of a site of events
""",
        "courses.yaml": """\
# Related courses; the section is hidden while this list is empty.
[]
# - title: A Course Title  # required
#   url: https://example.org/courses/a-course
#   summary: One paragraph, in Markdown.
""",
    }
    texts = {
        name: f"{modeline(name.removesuffix('.yaml'))}\n{text}" for name, text in files.items()
    }
    texts["about.md"] = (
        "Describe the event here, in Markdown: who it is for, what it will cover, and why it\n"
        "matters. Blank lines separate paragraphs.\n"
    )
    return texts


def _quoted(text: str) -> str:
    """Text as a YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# -- a site of events ---------------------------------------------------------------------------


def new_site(path: Path, name: str, timezone: str, day: date, language: str = "en") -> str:
    """Create a site of events with one example event on `day`; return the event's folder."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise SiteError(f"{path} already exists and is not empty; choose a new folder")
    _zone(timezone)
    check_language(language)
    if not name.strip():
        raise SiteError('the organisation\'s name is empty; write --name "Example Institute"')
    content = path / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(site_text(name, timezone, language), encoding="utf-8")
    (content / "speakers.yaml").write_text(_SHARED_SPEAKERS, encoding="utf-8")
    (content / "publications.yaml").write_text(_SHARED_PUBLICATIONS, encoding="utf-8")
    write_schemas(path / "schema")
    (path / ".gitignore").write_text("/public/\n/public-*/\n")
    slug = "first-event"
    new_event(path, slug, "Our First Event", day, day)
    return slug


def new_event(
    project: Path, slug: str, title: str, day: date, today: date, language: str | None = None
) -> Path:
    """Add an event to a site of events: content/events/SLUG/, with example content (in
    `language`, else in the site's)."""
    if not (project / "content" / "site.yaml").is_file():
        raise SiteError(
            f"{project} is not a site of events: it has no content/site.yaml",
            "pass --project with the site's folder, or start one with: eventsite new site PATH",
        )
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise SiteError(
            f'"{slug}" cannot name an event: it becomes its address',
            "use lower-case letters, digits and hyphens, e.g. korea-forum-2031",
        )
    if not title.strip():
        raise SiteError('the title is empty; write --title "The Event\'s Title"')
    if language is not None:
        check_language(language)
    folder = project / "content" / "events" / slug
    if folder.exists():
        raise SiteError(f"content/events/{slug}/ already exists; choose another name")
    folder.mkdir(parents=True)
    files = content(title, day, "UTC")
    up = "../../../schema"
    files["event.yaml"] = _site_event(title, day, today, language)
    files["agenda.yaml"] = files["agenda.yaml"].replace("../schema", up, 1)
    files["speakers.yaml"] = modeline("speakers", up) + "\n" + _OWN_SPEAKERS
    for name in ("panels.yaml", "publications.yaml", "courses.yaml"):
        files[name] = files[name].replace("../schema", up, 1)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _zone(timezone: str) -> None:
    if timezone not in forms.zones():
        raise SiteError(f'"{timezone}" is not a time zone; {forms.zone_hint(timezone)}')


def site_text(name: str, timezone: str, language: str = "en") -> str:
    """content/site.yaml of a new site of events."""
    return f"""\
{modeline("site")}
# The site of events: the organisation, and what its events share. An event's event.yaml may
# leave out timezone, organizer and venue: it then takes these.
organizer:
  name: {_quoted(name)}
  # abbreviation: ORG
  # url: https://example.org
  # logo: static/logo.svg  # in every page's header: SVG, PNG, JPEG or WebP, in static/
# title: Events  # the heading of the list of events
# summary: >-
#   A lead paragraph above the list of events, in Markdown.
timezone: {timezone}  # of events that name none
language: {language}  # of the site's pages and of events that name none
# venue:  # of events that name none
#   id: hall  # the id sessions may give as venue
#   name: Main Hall
#   locality: Your City
#   street: 1 Example Street
#   region: DC
#   postal_code: "20037"
#   country: US
#   map_url: https://www.openstreetmap.org/  # a map of the place
# base_url: https://events.example.org/  # where the site is published
# navigation:  # links on every page
#   - label: About us
#     url: https://example.org/about
# series:  # an event names its series by id: series: forum
#   - id: forum
#     title: The Forum
#     summary: Twice a year, a forum on ...
"""


def _site_event(title: str, day: date, today: date, language: str | None = None) -> str:
    statuses = ", ".join(get_args(EventStatus))
    spoken = (
        f"language: {language}  # the pages' language\n"
        if language
        else "# language: fr  # the pages' language, if not the site's\n"
    )
    return f"""\
{modeline(SITE_EVENT, "../../../schema")}
# One event of the site. Its folder's name is its address: keep it once the event is announced.
# timezone, organizer and venue come from content/site.yaml unless given here.
title: {_quoted(title)}
date: {day}
# end_date: {day + timedelta(days=1)}  # the last day, for an event over several days
# status: scheduled  # {statuses}
updated: {today}  # the day of the last change subscribers should hear about
# series: forum  # the id of a series in content/site.yaml
# topics: [Mediation, Economics]
# publications: [a-report]  # ids from content/publications.yaml
venue:
  locality: Your City  # change this, or remove venue: to use the site's
# timezone: America/New_York
{spoken}# translations: [en]  # other languages, a page each; then each text once per language
# labels:  # headings in the event's own words, e.g.
#   courses: Related Academy Courses
# summary: >-
#   The lead paragraph, in Markdown.
# registration:
#   url: https://example.org/register
# recording_url: https://example.org/recording  # linked once the event is over
"""


_SHARED_SPEAKERS = f"""\
{modeline("speakers")}
# People who speak at several events, once each: every event's agenda may name them by id.
[]
# - id: jane-doe
#   name: Jane Doe
#   honorific: Dr.
#   position: Senior Fellow
#   organization: Example Institute
#   bio: >-
#     A short biography, in Markdown.
"""

_SHARED_PUBLICATIONS = f"""\
{modeline("publications")}
# Publications events discuss; an event lists the ids it shows (publications: [a-report]).
[]
# - id: a-report  # required here
#   title: "A Report Title: With a Colon, So in Quotes"
#   date: 2030-01-15
#   authors: [Jane Doe]
#   type: Special Report
#   topics: [Mediation]
#   url: https://example.org/reports/a-report
"""

_OWN_SPEAKERS = """\
# People who speak at this event only; those who come back belong in content/speakers.yaml.
[]
# - id: john-doe
#   name: John Doe
#   position: Researcher
"""
