"""The pictures a site names: which fields name a picture, and what the loader learnt of each
picture file (its kind and its size upright); no I/O."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from eventsite.model.agenda import Speaker
from eventsite.model.event import Event, Organizer

Use = Literal["portrait", "image", "logo", "partner"]
"""What a picture is for: a person's portrait, the event's own picture, the organiser's logo, or
a partner's."""

REMOTE = "https://"
"""A picture given by its address: linked as it is, never fetched by a build."""


@dataclass(frozen=True)
class Reference:
    """A field that names a picture: where it is (`path`, as messages name it: speakers[2].photo),
    what it names, what for, where in the picture the subject is, and whether the record is a
    private person's (whose picture is never published)."""

    path: str
    value: str
    use: Use
    focus: str | None = None
    private: bool = False

    @property
    def remote(self) -> bool:
        """Whether the picture is an address on the web rather than a file of the project."""
        return self.value.lower().startswith(REMOTE)


@dataclass(frozen=True)
class Source:
    """A picture file of the project, as the loader found it: its name in the site
    (static/photos/jane-doe.jpg), its format (JPEG, PNG, WEBP, GIF or SVG), its size once
    turned upright (the camera's orientation applied), and whether it has transparent parts."""

    name: str
    format: str
    width: int
    height: int
    alpha: bool = False
    where: tuple[str, int, int, str] = field(default=("", 0, 0, ""), compare=False)
    """The first field naming it (file, line, column, field path), for a problem found when
    the picture is made (a file cut short)."""


def references(
    speakers: Sequence[Speaker] = (), event: Event | None = None, organizer: Organizer | None = None
) -> Iterator[Reference]:
    """Every field of these records that names a picture, with its path in its file:
    speakers[n].photo, event.image, event.organizer.logo, event.partners[n].logo, or
    organizer.logo for a site's own organiser (site.yaml)."""
    for number, speaker in enumerate(speakers, 1):
        if speaker.photo:
            yield Reference(f"speakers[{number}].photo", speaker.photo, "portrait",
                            speaker.photo_focus, speaker.private)  # fmt: skip
    if event is not None:
        if event.image:
            yield Reference("event.image", event.image, "image", event.image_focus)
        if event.organizer.logo:
            yield Reference("event.organizer.logo", event.organizer.logo, "logo")
        for number, partner in enumerate(event.partners, 1):
            if partner.logo:
                yield Reference(f"event.partners[{number}].logo", partner.logo, "partner")
    if organizer is not None and organizer.logo:
        yield Reference("organizer.logo", organizer.logo, "logo")


def focus(text: str | None) -> tuple[float, float]:
    """A focal point written as "50% 30%" (forms.FOCUS), as fractions across and down."""
    if not text:
        return (0.5, 0.5)
    across, down = (int(part.strip().rstrip("%")) / 100 for part in text.split())
    return (across, down)
