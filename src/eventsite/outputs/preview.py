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

    @property
    def card(self) -> str:
        """The Twitter card type: a large picture when there is one."""
        return "summary_large_image" if self.image else "summary"


def preview(site: Site, settings: Settings) -> Preview:
    """The head tags' values for the event page."""
    event = site.event
    return Preview(
        title=event.title,
        description=description(site),
        site_name=event.organizer.name,
        url=settings.absolute(),
        image=settings.absolute(event.image) if event.image else None,
        noindex=event.noindex,
    )
