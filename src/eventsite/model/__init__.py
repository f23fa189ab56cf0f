"""The content schema: typed, immutable records; no I/O.

Each content file maps onto one of these classes. The loader (`eventsite.load`) reads the field
annotations to validate YAML, and the JSON Schema for editors' tools is derived from the same
annotations, so there is one description of the content, here. `fields` says how fields are
annotated; `event`, `agenda` and `site` hold the records; `forms` the written forms of values;
`lifecycle` where an event stands at a moment; `online` where it is followed online and
found afterwards.
"""

from eventsite.model.agenda import (
    Appearance,
    Group,
    Panel,
    Segment,
    Session,
    Speaker,
    ToCome,
    known_end,
)
from eventsite.model.event import (
    Course,
    Event,
    Labels,
    Organizer,
    Partner,
    Publication,
    Registration,
    Room,
    Series,
    Venue,
)
from eventsite.model.fields import (
    Access,
    AnyOf,
    Attendance,
    Clock,
    Doc,
    Either,
    EventStatus,
    Html,
    Inherits,
    Ref,
    SessionKind,
    SessionStatus,
    Unless,
    Url,
)
from eventsite.model.site import Catalog, Link, Site, SiteInfo

__all__ = [
    "Access", "AnyOf", "Appearance", "Attendance", "Catalog", "Clock", "Course", "Doc", "Either",
    "Event", "EventStatus", "Group", "Html", "Inherits", "Labels", "Link", "Organizer", "Panel",
    "Partner", "Publication", "Ref", "Registration", "Room", "Series", "Session", "SessionKind",
    "SessionStatus", "Site", "SiteInfo", "Segment", "Speaker", "ToCome", "Unless", "Url",
    "Venue",
    "known_end",
]  # fmt: skip
