"""robots.txt, and sitemap.xml when the site's address is known.

The sitemap protocol accepts full addresses only, so without base_url there is no sitemap. A page
marked noindex is left out of the sitemap, and robots.txt still lets crawlers read it: a crawler
that may not fetch the page never sees its noindex and may list the bare address anyway.
robots.txt only has an effect at the root of a host.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from eventsite.outputs.common import Settings

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def files(settings: Settings, pages: list[str], indexed: bool = True) -> dict[str, bytes]:
    """robots.txt and, with base_url, sitemap.xml listing the given pages, by output path; no
    sitemap for an event marked noindex (not `indexed`)."""
    out: dict[str, bytes] = {}
    lines = ["User-agent: *", "Allow: /"]
    if indexed and settings.absolute():
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


def _address(path: str) -> str:
    """A page's address as its canonical link gives it: a folder's index.html is the folder."""
    return path.removesuffix("index.html")
