"""The content schema: typed, immutable records; no I/O.

Each content file maps onto one of these classes. The loader (`eventsite.load`) reads the field
annotations to validate YAML, and the JSON Schema for editors' tools is derived from the same
annotations, so there is one description of the content, here. `fields` says how fields are
annotated; `event`, `agenda` and `site` hold the records; `forms` the written forms of values;
`lifecycle` where an event stands at a moment.
"""

from eventsite.model.agenda import Appearance, Group, Panel, Segment, Session, Speaker
from eventsite.model.event import (
    Course,
    Event,
    Labels,
    Organizer,
    Partner,
    Publication,
    Registration,
    Series,
    Venue,
)
from eventsite.model.fields import (
    Access,
    Clock,
    Doc,
    Either,
    EventStatus,
    Html,
    Inherits,
    Ref,
    SessionKind,
    SessionStatus,
    Url,
)
from eventsite.model.site import Catalog, Link, Site, SiteInfo

__all__ = [
    "Access", "Appearance", "Catalog", "Clock", "Course", "Doc", "Either", "Event",
    "EventStatus", "Group", "Html", "Inherits", "Labels", "Link", "Organizer", "Panel", "Partner",
    "Publication", "Ref", "Registration", "Series", "Session", "SessionKind", "SessionStatus",
    "Site", "SiteInfo", "Segment", "Speaker", "Url", "Venue",
]  # fmt: skip
