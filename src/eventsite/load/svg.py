"""An SVG picture (a logo) judged and cleaned: refused if it could run a script or fetch
anything, else written again from what it draws, without comments, metadata or editors' extras.

An SVG is a document: opened by its address, a script in it runs with the site's own rights, and
a reference to another address is a request the site's visitors did not ask for. Such a file is
refused with one line saying what it holds; a DOCTYPE is refused too (entities can expand a few
bytes into gigabytes, or read files of the machine), before any parsing.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

_UNITS = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*$")
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_RASTER = re.compile(r"^data:image/(?:png|jpeg|gif|webp)[;,]", re.IGNORECASE)
_DROPPED = frozenset({"metadata"})
"""Elements left out of the published copy: what editors store about the drawing."""


class Refused(ValueError):
    """What is wrong with an SVG file, and what to do instead."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def read(data: bytes) -> tuple[ElementTree.Element, float, float]:
    """The drawing and its size (from width and height, else its viewBox); Refused if it holds
    a script, an outside reference or a DOCTYPE, or is no SVG at all."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise Refused("declares a DOCTYPE or entities", "save it again without them (plain SVG)")
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - no DOCTYPE, so no entities
    except ElementTree.ParseError as exc:
        raise Refused(f"is not a well-formed SVG file ({exc})", "export it again as SVG") from None
    if root.tag != f"{{{SVG}}}svg":
        raise Refused("is not an SVG drawing", "export it as SVG, or give a PNG instead")
    for element in root.iter():
        _judge(element)
    width, height = _size(root)
    return root, width, height


def _judge(element: ElementTree.Element) -> None:
    name = _local(element.tag)
    if name == "script":
        raise Refused("holds a script", "remove the <script> element, or give a PNG instead")
    if name == "foreignObject":
        raise Refused("holds a web page inside it (foreignObject)", "give a PNG instead")
    if name in ("set", "animate") and "href" in element.get("attributeName", "").lower():
        raise Refused(f"changes a link as it plays (<{name}>)", f"remove the <{name}> element")
    for key, value in element.attrib.items():
        attribute = _local(key)
        if attribute.lower().startswith("on"):
            raise Refused(f"holds a script in its {attribute} attribute", "remove the attribute")
        if attribute == "href" and not (value.startswith("#") or _RASTER.match(value.strip())):
            raise Refused(f'refers to "{value[:60]}" outside itself',
                          "embed what it shows in the file, or give a PNG instead")  # fmt: skip
        if attribute == "style" or "url(" in value.lower():  # fill="url(...)" fetches too
            _styled(value, attribute)
    if name == "style":
        _styled(
            "".join(element.itertext()), "style"
        )  # the text around any child, as browsers read it


def _styled(css: str, where: str) -> None:
    if "\\" in css:  # an escape can spell url( or @import so that no check here sees it
        raise Refused("writes its style with escapes (\\)", "write the style without backslashes")
    if "@import" in css.lower():
        raise Refused("imports a stylesheet from outside itself", "remove the @import rule")
    if "image-set(" in css.lower():  # its addresses are strings, not url()
        raise Refused("fetches a picture in its style (image-set)", "remove image-set")
    for target in _URL.findall(css):
        if target and not target.startswith("#"):
            raise Refused(f'refers to "{target[:60]}" outside itself in its {where}',
                          "embed what it shows in the file, or give a PNG instead")  # fmt: skip


def _size(root: ElementTree.Element) -> tuple[float, float]:
    width, height = (_UNITS.match(root.get(name, "")) for name in ("width", "height"))
    if width and height and float(width[1]) > 0 and float(height[1]) > 0:
        return float(width[1]), float(height[1])
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        w, h = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        w = h = 0.0
    if w > 0 and h > 0:
        return w, h
    raise Refused("has no size", 'give the <svg> element a viewBox, e.g. viewBox="0 0 200 80"')


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def clean(data: bytes) -> bytes:
    """The SVG written again from its elements and attributes in the SVG and XLink namespaces
    alone (`read` must accept it): no comments, no metadata, nothing of an editor's own."""
    root, _, _ = read(data)
    parts = [f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}"']
    _attributes(root, parts)
    parts.append(">")
    _children(root, parts)
    parts.append("</svg>\n")
    return "".join(parts).encode()


def _children(element: ElementTree.Element, parts: list[str]) -> None:
    parts.append(_text(element.text))
    for child in element:
        name = child.tag.partition("}")[2] if child.tag.startswith(f"{{{SVG}}}") else ""
        if name and name not in _DROPPED:
            parts.append(f"<{name}")
            _attributes(child, parts)
            parts.append(">")
            _children(child, parts)
            parts.append(f"</{name}>")
        parts.append(_text(child.tail))


def _attributes(element: ElementTree.Element, parts: list[str]) -> None:
    for key, value in element.attrib.items():
        if key.startswith("{"):
            space, _, name = key[1:].partition("}")
            prefix = {XLINK: "xlink:", XML: "xml:"}.get(space)
            if prefix is None:
                continue  # an editor's own (inkscape:, sodipodi:): not drawn
            key = prefix + name
        parts.append(f' {key}="{_escape(value, quote=True)}"')


def _text(text: str | None) -> str:
    return _escape(text or "")


def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text
