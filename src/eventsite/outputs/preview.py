"""What the page's head tells link previews and search engines: Open Graph, Twitter, canonical."""

from __future__ import annotations

from dataclasses import dataclass

from eventsite.model import Site
from eventsite.outputs.common import Settings, description


@dataclass(frozen=True)
class Preview:
    """The values of the page's head tags; addresses are None where no full address is known."""

    title: str
    description: str
    site_name: str
    url: str | None  # canonical and og:url: only with base_url, a relative one would mislead
    image: str | None  # og:image must be a full address
    noindex: bool
    image_width: int | None = None
    image_height: int | None = None
    image_type: str | None = None
    image_alt: str | None = None
    """What the picture shows, for people who cannot see it."""

    @property
    def card(self) -> str:
        """The Twitter card type: a large picture when there is one."""
        return "summary_large_image" if self.image else "summary"


@dataclass(frozen=True)
class Still:
    """The picture link previews show: its full address, and its size and type if known."""

    url: str
    width: int | None = None
    height: int | None = None
    type: str | None = None
    alt: str | None = None


def preview(site: Site, settings: Settings, image: Still | None = None) -> Preview:
    """The head tags' values for the event page, with the picture previews show, if any."""
    event = site.event
    return Preview(
        title=event.title,
        description=description(site),
        site_name=event.organizer.name,
        url=settings.absolute(),
        image=image.url if image else None,
        noindex=event.noindex,
        image_width=image.width if image else None,
        image_height=image.height if image else None,
        image_type=image.type if image else None,
        image_alt=image.alt if image else None,
    )
