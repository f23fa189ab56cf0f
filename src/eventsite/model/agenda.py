"""The agenda: its sessions and groups of sessions, their segments, the people who appear
in them, and the panels; content/agenda.yaml, speakers.yaml and panels.yaml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Annotated

from eventsite.model.event import JOIN_DOC, NOTE_DOC, STREAM_DOC, Publication, Venue
from eventsite.model.fields import (
    Access,
    Attendance,
    Clock,
    Doc,
    Either,
    Html,
    Inherits,
    Ref,
    SessionKind,
    SessionStatus,
    Url,
)
from eventsite.model.forms import FOCUS, OFFSET, TEXT_LANGUAGE

ATTENDANCE_DOC = (
    "in-person (not followed online, even in a streamed room); online (held online only); or "
    "hybrid (in the room and online). Default: as its room, else as the event."
)
LANGUAGE_DOC = (
    "The language {what} written in (a BCP 47 tag: en, fr, ja ...), when it is not the page's, "
    "so that screen readers speak it in its own voice. Needed only where its letters do not tell "
    "(a French name on an English page); a text given once per language needs none."
)
RECORDED_DOC = (
    "false for a session that is not recorded: the page says so, it takes no recording, and "
    "the schedule feed tells recording teams (do_not_record)."
)


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
        Doc(
            "A portrait: a picture file in static/, e.g. static/photos/john-park.jpg (JPEG, "
            "PNG, WebP or a still GIF; the page shows small square copies of it, never the "
            "file itself), or an https:// address, linked as it is."
        ),
    ] = None
    photo_focus: Annotated[
        str | None,
        Doc(
            "Where the face is in the photo, across then down, in percent, e.g. 50% 30%: the "
            "square copies are cut around it. Default: the middle."
        ),
        FOCUS,
    ] = None
    language: Annotated[
        str | None,
        Doc(LANGUAGE_DOC.format(what="the name, position and organisation are")),
        TEXT_LANGUAGE,
    ] = None

    @property
    def display_name(self) -> str:
        """The name as the page prints it: "Dr. John Park"."""
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    @property
    def initials(self) -> str:
        """The letters of a monogram, for a person without a portrait: the first letters of
        the name's first and last words ("JP"), or the first alone in a script without capital
        letters, whose letters would join or read as a word ("김", "س")."""
        words = [word for word in self.name.split() if word[:1].isalpha()] or [self.name]
        first = words[0][:1]
        if len(words) == 1 or first.upper() == first.lower():
            return first.upper()
        return (first + words[-1][:1]).upper()

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
    moderator_published: Annotated[
        bool,
        Doc(
            "false when the source names no moderator for the panel: no warning is given for "
            "its missing moderator (with a moderator named, it says nothing)."
        ),
    ] = True

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
    position: Annotated[
        str | None,
        Doc(
            "The job title printed at this appearance, when it differs from the person's own "
            "in speakers.yaml (a title that changed, or is worded otherwise here)."
        ),
    ] = None
    organization: Annotated[
        str | None,
        Doc("The organisation printed at this appearance, when it differs from the person's own."),
    ] = None

    @property
    def affiliation(self) -> str:
        """Position and organisation as printed at this appearance: each of its own that it
        gives, else the person's."""
        position = self.position or self.speaker.position
        organization = self.organization or self.speaker.organization
        return ", ".join(p for p in (position, organization) if p)


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


def known_end(sessions: Sequence[Session]) -> dt.datetime | None:
    """When the last of `sessions` ends, if that is published: None when a session with no
    published end starts at or after every known end (a dinner "at 5:00 PM")."""
    ends = [s.end for s in sessions if s.end is not None]
    last = max(ends, key=lambda m: m.astimezone(dt.UTC), default=None)
    for session in sessions:
        if session.end is None and (last is None or session.start >= last):
            return None
    return last


MODERATOR, PANELIST = "Moderator", "Panelist"
"""The roles of a panel's people, as the model holds them (i18n.ROLES translates them)."""


@dataclass(frozen=True)
class Session:
    start: Annotated[dt.datetime, Clock(), Doc("Start time: 9:00 AM, 9:00, 09:00 or 13:15.")]
    kind: Annotated[SessionKind, Doc("What sort of slot this is.")]
    end: Annotated[
        dt.datetime | None,
        Clock(days=("end_date", "date")),
        Doc(
            "End time, in the same forms as start. Leave it out when the source gives none "
            '(an opening time, "5:00 PM: Dinner"): the page shows the start alone.'
        ),
    ] = None
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
    gap_before: Annotated[
        bool,
        Doc(
            "true when the time before this slot is free on purpose, as the source shows it "
            "(15 minutes between a discussion and lunch): no warning is given for that gap."
        ),
    ] = False
    attendance: Annotated[Attendance | None, Doc(ATTENDANCE_DOC)] = None
    online_url: Annotated[Url | None, Doc(JOIN_DOC + " For this session alone.")] = None
    stream_url: Annotated[Url | None, Doc(STREAM_DOC + " For this session alone.")] = None
    online_note: Annotated[str | None, Doc(NOTE_DOC)] = None
    recorded: Annotated[bool | None, Doc(RECORDED_DOC)] = None
    recording_url: Annotated[
        Url | None,
        Doc("The session's recording (a video's address), shown first once the event is over."),
    ] = None
    recording_start: Annotated[
        str | None,
        Doc(
            "Where the session starts in that video, for a recording of a longer part of the "
            "event: 1:02:30 (hours, minutes, seconds) or 62:30 (minutes, seconds)."
        ),
        OFFSET,
    ] = None
    slides_url: Annotated[
        Url | None, Doc("The session's slides, e.g. static/slides/opening.pdf or an address.")
    ] = None
    transcript_url: Annotated[Url | None, Doc("A transcript of the session.")] = None
    publications: Annotated[
        tuple[Publication, ...],
        Ref("publications"),
        Doc("Ids of publications in publications.yaml that this session discusses."),
    ] = ()
    language: Annotated[
        str | None, Doc(LANGUAGE_DOC.format(what="the title is")), TEXT_LANGUAGE
    ] = None

    def __hash__(self) -> int:
        """The hash of every field, as a frozen dataclass's, worked out once: a session is a
        key of several maps of a plan, and hashing it walks its speakers, panel and text."""
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash(tuple(getattr(self, f.name) for f in fields(self)))

    @property
    def not_recorded(self) -> bool:
        """Whether the session is said not to be recorded (recorded: false)."""
        return self.recorded is False

    @property
    def heading(self) -> str:
        """The slot's title, taken from its panel when it has one."""
        if self.panel is not None:
            return self.panel.full_title
        return self.title or ""

    @cached_property
    def people(self) -> tuple[Appearance, ...]:
        """Everyone in the slot with their role: panel moderator and panelists, the slot's own
        speakers, then the people of each segment (listed once per record: each plan and page
        asks, and the dev server's next load keeps an unchanged record)."""
        return self.own_people + tuple(a for s in self.segments for a in s.speakers)

    @cached_property
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
    attendance: Annotated[
        Attendance | None, Doc("How people take part in every session: " + ATTENDANCE_DOC)
    ] = None
    online_url: Annotated[Url | None, Doc(JOIN_DOC + " For every session of the group.")] = None
    stream_url: Annotated[Url | None, Doc(STREAM_DOC + " For every session of the group.")] = None
    online_note: Annotated[str | None, Doc(NOTE_DOC)] = None
    recorded: Annotated[
        bool | None, Doc("false: no session of the group is recorded (see recorded of a session).")
    ] = None
    language: Annotated[
        str | None,
        Doc(LANGUAGE_DOC.format(what="every session's title is")),
        TEXT_LANGUAGE,
    ] = None
    more_to_come: Annotated[
        bool,
        Doc(
            "true when more sessions of the group's day (date:) or track (track: or room:) are "
            "still to be announced: the agenda says so there until the event is over, without "
            "making the programme a draft. A group may then have no sessions yet (sessions: [])."
        ),
    ] = False


@dataclass(frozen=True)
class ToCome:
    """Where more sessions are to be announced: a day, a track or room on a day, or the whole
    programme (a group with more_to_come: true, as the loader read it)."""

    date: dt.date | None = None
    """None: on every day of the group's sessions (the loader gives the days it has)."""
    track: str | None = None
    room: str | None = None

    def names(self, session: Session) -> bool:
        """Whether `session` is of this track or room (of any, for a whole day)."""
        return (self.track is None or session.track == self.track) and (
            self.room is None or session.room == self.room
        )

    @property
    def where(self) -> str | None:
        """The track or room, as the page names it; None for a whole day."""
        return self.track or self.room
