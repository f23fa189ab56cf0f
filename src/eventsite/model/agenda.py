"""The agenda: its sessions and groups of sessions, their segments, the people who appear
in them, and the panels; content/agenda.yaml, speakers.yaml and panels.yaml."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from eventsite.model.event import Venue
from eventsite.model.fields import (
    Access,
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
from eventsite.model.forms import FOCUS


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
