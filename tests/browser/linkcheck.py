"""Check every internal link and #fragment in a built site, without a server or a browser."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

# Attributes that make the browser fetch or navigate to a URL.
_URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}
_ORIGIN = "http://site.invalid/"


@dataclass(frozen=True)
class Broken:
    """One link that leads nowhere: where it is, what it says, and why it fails."""

    page: str
    line: int | None
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line or '?'}: {self.url!r} {self.reason}"


def broken_links(root: Path) -> list[Broken]:
    """Every internal link or fragment in the site at `root` that does not resolve."""
    pages = {
        p.relative_to(root).as_posix(): lxml.html.parse(str(p)).getroot()
        for p in sorted(root.rglob("*.html"))
        if p.is_file()
    }
    anchors = {name: _anchors(doc) for name, doc in pages.items()}
    found: list[Broken] = []
    for name, doc in pages.items():
        base = urljoin(_ORIGIN + name, (doc.xpath("string(//base/@href)") or "").strip())
        for element in doc.iter():
            for attribute in _URL_ATTRIBUTES.get(str(element.tag), ()):
                url = element.get(attribute)
                if url is None:
                    continue
                reason = _check(root, anchors, base, url.strip())
                if reason:
                    found.append(Broken(name, element.sourceline, url, reason))
    return found


def _anchors(doc: lxml.html.HtmlElement) -> frozenset[str]:
    return frozenset(str(v) for v in doc.xpath("//@id | //a/@name"))


def _check(root: Path, anchors: dict[str, frozenset[str]], base: str, url: str) -> str | None:
    if not url:
        return "is empty"
    parts = urlsplit(urljoin(base, url))
    if f"{parts.scheme}://{parts.netloc}/" != _ORIGIN:
        return None  # another site, mailto:, tel:, data: ...: not ours to check offline
    path = posixpath.normpath(unquote(parts.path))
    if path.startswith("/.."):
        return "points above the site's root"
    target = path.lstrip("/")
    if (root / target).is_dir() or parts.path.endswith("/"):
        target = posixpath.join(target, "index.html").lstrip("/")
    if not (root / target).is_file():
        return f"points to {target}, which the build did not write"
    fragment = unquote(parts.fragment)
    # HTML scrolls to the top for an empty fragment and for "top" when no element has that id.
    if not fragment or fragment.lower() == "top":
        return None
    if target not in anchors:
        return f"points to #{fragment} in {target}, which is not an HTML page"
    if fragment not in anchors[target]:
        return f"points to #{fragment}, but {target} has no element with that id"
    return None
