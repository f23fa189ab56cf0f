"""One configured Markdown renderer: editor text in, sanitised safe markup out."""

from __future__ import annotations

import functools
from typing import Any

from markupsafe import Markup

# What event prose needs: paragraphs, emphasis, lists, links, quotes, simple tables, headings
# below the page's own. No images (photos have their own fields), no raw HTML beyond these.
_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render(text: str) -> Markup:
    """Render Markdown to HTML that is safe to put on the page as it is."""
    import nh3  # noqa: PLC0415 - a build that takes every text from its cache needs neither

    html = _renderer().reset().convert(text)
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


@functools.cache
def _renderer() -> Any:
    import markdown  # noqa: PLC0415
    from markdown.extensions.sane_lists import SaneListExtension  # noqa: PLC0415
    from markdown.extensions.tables import TableExtension  # noqa: PLC0415

    # Extensions given as objects, not by name: naming them makes Python-Markdown look through
    # the entry points of every installed package, which took longer than rendering a small site.
    return markdown.Markdown(
        extensions=[SaneListExtension(), TableExtension()], output_format="html"
    )
