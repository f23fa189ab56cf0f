"""One configured Markdown renderer: editor text in, sanitised safe markup out."""

from __future__ import annotations

import markdown as _markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
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

# Extensions given as objects, not by name: naming them makes Python-Markdown look through the
# entry points of every installed package, which took longer than rendering a small site.
_renderer = _markdown.Markdown(
    extensions=[SaneListExtension(), TableExtension()], output_format="html"
)

_done: dict[str, Markup] = {}
"""Every text rendered so far, so that a text is rendered once per process (the dev server
keeps it across rebuilds). Emptied when it grows past a big event's worth of texts."""


def render(text: str) -> Markup:
    """Render Markdown to HTML that is safe to put on the page as it is."""
    html = _done.get(text)
    if html is None:
        if len(_done) > 100_000:
            _done.clear()
        html = _done[text] = Markup(_render(text))  # noqa: S704 - sanitised by nh3 in _render
    return html


def _render(text: str) -> str:
    html = _renderer.reset().convert(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
