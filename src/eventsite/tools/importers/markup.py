"""A source's descriptions as the Markdown editors write: HTML converted, plain text kept plain.

The Markdown is not trusted for it: the loader renders and sanitises it like any editor's
(load/markdown.py), so a `javascript:` link or a script that came with the source never
reaches a page.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(
    r"</?(?:p|br|a|ul|ol|li|em|strong|b|i|u|h[1-6]|div|span|blockquote|code|pre|table|tr|td|"
    r"img|hr|sup|sub|small|dl|dt|dd)\b[^>]*>",
    re.IGNORECASE,
)
_ESCAPED_TAG = re.compile(r"&lt;/?(?:p|br|a|ul|ol|li|em|strong|b|i|h[1-6]|div)\b", re.IGNORECASE)
_BLANKS = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")


def is_html(text: str) -> bool:
    """Whether a description is HTML (frab, Indico, Pentabarf) rather than Markdown (pretalx)."""
    return _TAG.search(text) is not None


def from_html(text: str) -> str:
    """HTML as Markdown: paragraphs, emphasis, links and lists kept, scripts and styles gone."""
    from markdownify import markdownify  # BeautifulSoup: loaded only for a source with HTML

    if _ESCAPED_TAG.search(text) and not is_html(text):
        text = html.unescape(text)  # HTML written escaped inside HTML (&lt;p&gt;): Pentabarf
    converted = markdownify(
        text,
        heading_style="ATX",
        bullets="-",
        newline_style="BACKSLASH",  # a <br> as "\" at the end of the line: no trailing spaces
        escape_underscores=False,
    )
    return tidy(converted)


def tidy(text: str) -> str:
    """Markdown without trailing spaces on its lines or runs of blank lines."""
    text = _TRAILING.sub("\n", text.replace("\r\n", "\n").replace("\u00a0", " "))
    return _BLANKS.sub("\n\n", text).strip()


def description(text: str | None) -> str | None:
    """A description as Markdown, whether the source wrote HTML or Markdown; None if empty."""
    if not text:
        return None
    return (from_html(text) if is_html(text) or _ESCAPED_TAG.search(text) else tidy(text)) or None


_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s)", re.MULTILINE)


def from_plain(text: str | None) -> str | None:
    """Plain text (Sessionize's) as Markdown that shows it as written: its marks escaped."""
    if not text:
        return None
    # Markdown's own marks escaped; "<" as an entity, since a backslash does not escape it.
    escaped = _LINE_START.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", text)).replace("<", "&lt;")
    return tidy(escaped) or None
