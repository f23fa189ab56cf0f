"""One configured Markdown renderer: editor text in, sanitised safe markup out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import markdown as _markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markupsafe import Markup

from eventsite import parallel

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

PARALLEL_MIN = 400
"""Below this many texts, forking costs more than it saves."""

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


def render_ahead(texts: Iterable[str]) -> None:
    """Render many texts before they are needed, over several cores when there are many."""
    todo = list(dict.fromkeys(t for t in texts if t not in _done))
    count = parallel.jobs(len(todo), PARALLEL_MIN)
    if count > 1:  # otherwise each is rendered when first asked for: the same work
        for text, html in zip(todo, parallel.map_slices(_render_many, todo, count), strict=True):
            _done[text] = Markup(html)  # noqa: S704 - sanitised by nh3 in _render


def _render_many(texts: Sequence[str]) -> list[str]:
    return [_render(text) for text in texts]


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
