"""robots.txt, and sitemap.xml when the site's address is known.

The sitemap protocol accepts full addresses only, so without base_url there is no sitemap. A page
marked noindex is left out of the sitemap, and robots.txt still lets crawlers read it: a crawler
that may not fetch the page never sees its noindex and may list the bare address anyway.
robots.txt only has an effect at the root of a host.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from eventsite.model import Site
from eventsite.outputs.common import Settings

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def files(site: Site, settings: Settings, pages: list[str]) -> dict[str, bytes]:
    """robots.txt and, with base_url, sitemap.xml listing the given pages, by output path."""
    out: dict[str, bytes] = {}
    lines = ["User-agent: *", "Allow: /"]
    home = settings.absolute()
    if home and not site.event.noindex:
        urls = [settings.absolute(_address(p)) for p in pages]
        out["sitemap.xml"] = sitemap([url for url in urls if url])
        lines.append(f"Sitemap: {settings.absolute('sitemap.xml')}")
    out["robots.txt"] = ("\n".join(lines) + "\n").encode()
    return out


def sitemap(urls: list[str]) -> bytes:
    """A sitemap listing the given full addresses."""
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for url in urls:
        ET.SubElement(ET.SubElement(root, "url"), "loc").text = url
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def site_files(settings: Settings, pages: list[str]) -> dict[str, bytes]:
    """robots.txt and, with base_url, sitemap.xml of a site of events: every page of every
    event and every page across events, but those marked noindex."""
    lines = ["User-agent: *", "Allow: /"]
    out: dict[str, bytes] = {}
    if settings.absolute():
        urls = [settings.absolute(_address(p)) for p in pages]
        out["sitemap.xml"] = sitemap([url for url in urls if url])
        lines.append(f"Sitemap: {settings.absolute('sitemap.xml')}")
    out["robots.txt"] = ("\n".join(lines) + "\n").encode()
    return out


def _address(path: str) -> str:
    """A page's address as its canonical link gives it: a folder's index.html is the folder."""
    return path.removesuffix("index.html")
