"""One configured Markdown renderer: editor text in, sanitised safe markup out."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from typing import Any

from markupsafe import Markup

# What event prose needs: paragraphs, emphasis, lists, links, quotes, simple tables, headings
# below the page's own. No images (photos have their own fields), no raw HTML beyond these.
_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "i",
         "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
         "tr", "ul"}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}

MAX_CHARS = 100_000
"""The longest Markdown text (a field or about.md): a long essay."""

MAX_DEPTH = 16
"""The most lists, quotes and indentation levels one line may be inside: the renderer recurses
once per level, and prose rarely goes past four."""

TIME_LIMIT = 3.0
TOTAL_TIME_LIMIT = 10.0
MEMORY_LIMIT = 1_000_000_000
"""The bounds of rendering a suspicious text: seconds for one, seconds for all of one load,
bytes of address space."""

_PLAIN_BLOCK = (8_000, 200, 64)
"""A block (lines between blank lines) at most this long, with at most this many lines and
this many "[" and "<", renders in time linear in its length. Python-Markdown re-scans a block
once per line and once per bracket, so a longer one can take quadratic time: 48 KB of nested
"[" took 66 s. Such a text is rendered in a child process with a time and memory bound."""

_PREFIX = re.compile(r"[ \t]*(?:(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*)*")
_MARKER = re.compile(r">|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])")
_BLANK = re.compile(r"\n[ \t]*\n")
_DEEP_CANDIDATE = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_DEPTH + 1},}}", re.MULTILINE)


class TooCostly(Exception):
    """A text passed the quick checks, but rendering it overran the time or memory bound."""


def refuse(text: str) -> str | None:
    """Why a Markdown text cannot be rendered safely, or None: a quick check of its length and
    nesting, before any rendering."""
    if len(text) > MAX_CHARS:
        return f"is {len(text):,} characters long, more than the {MAX_CHARS:,} allowed"
    if _DEEP_CANDIDATE.search(text) is None:
        return None  # no line starts with more than MAX_DEPTH characters of markers: most texts
    for line in text.splitlines():
        prefix = _PREFIX.match(line)
        if prefix is None or prefix.end() <= MAX_DEPTH:
            continue  # too short to hold more than MAX_DEPTH levels: most lines
        found = prefix.group()
        # Levels are written as markers ("> > -") or as indentation (four columns a level).
        depth = max(len(_MARKER.findall(found)), len(found.expandtabs(4)) // 4)
        if depth > MAX_DEPTH:
            return f"is nested more than {MAX_DEPTH} levels deep (lists, quotes or indentation)"
    return None


class Renderer:
    """The Markdown renderer of one load: one converter for all its texts, and the seconds left
    for rendering suspicious ones (many texts each just under the limit must not add up to a
    build that never ends)."""

    def __init__(self) -> None:
        self.left = TOTAL_TIME_LIMIT
        self._converter: Any = None

    def __call__(self, text: str) -> Markup:
        """Render Markdown to HTML that is safe to put on the page as it is.

        A text that `refuse` lets through but that may take long is rendered under a time and
        memory bound, and raises TooCostly if it overruns it. Each text is rendered once per
        change: the build's memo (load/event.py) keeps what was rendered.
        """
        source = self._bounded(text) if _suspicious(text) else self._render(text)
        return Markup(source)  # noqa: S704 - sanitised by nh3 in _render

    def _render(self, text: str) -> str:
        import nh3  # noqa: PLC0415 - a build that takes every text from its cache needs neither

        self._converter = self._converter or _converter()
        html = self._converter.reset().convert(text)
        return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES,
                         link_rel="noopener noreferrer", strip_comments=True)  # fmt: skip

    def _bounded(self, text: str) -> str:
        """Render in a child process that is stopped at the time limit or the memory limit."""
        left = self.left
        if left <= 0:
            raise TooCostly(f"is costly to render, after others that took {TOTAL_TIME_LIMIT:.0f} s")
        started = time.monotonic()
        try:
            done = subprocess.run([sys.executable, "-m", "eventsite.load.markdown"],
                                  input=text.encode("utf-8", "surrogatepass"), capture_output=True,
                                  timeout=min(TIME_LIMIT, left), check=False)  # fmt: skip
        except subprocess.TimeoutExpired:
            raise TooCostly(f"takes more than {min(TIME_LIMIT, left):.0f} s to render") from None
        finally:
            self.left -= time.monotonic() - started
        if done.returncode != 0:
            raise TooCostly("needs more than 1 GB of memory to render")
        return done.stdout.decode("utf-8", "surrogatepass")


def render(text: str) -> Markup:
    """A text rendered on its own, with a load's whole time to spend (see `Renderer`)."""
    return Renderer()(text)


def _suspicious(text: str) -> bool:
    longest, most_lines, most_brackets = _PLAIN_BLOCK
    if (len(text) <= longest and text.count("\n") < most_lines
            and text.count("[") + text.count("<") <= most_brackets):  # fmt: skip
        return False  # the whole text is within one plain block's bounds: most texts
    for block in _BLANK.split(text):
        if len(block) > longest or block.count("\n") >= most_lines:
            return True
        if block.count("[") + block.count("<") > most_brackets:
            return True
    return False


def _converter() -> Any:
    import markdown  # noqa: PLC0415
    from markdown.extensions.sane_lists import SaneListExtension  # noqa: PLC0415
    from markdown.extensions.tables import TableExtension  # noqa: PLC0415

    # Extensions given as objects, not by name: naming them makes Python-Markdown look through
    # the entry points of every installed package, which took longer than rendering a small site.
    return markdown.Markdown(
        extensions=[SaneListExtension(), TableExtension()], output_format="html"
    )


def _child() -> None:
    """Render stdin to stdout within the memory limit: the child of `Renderer._bounded`."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    text = sys.stdin.buffer.read().decode("utf-8", "surrogatepass")
    sys.stdout.buffer.write(Renderer()._render(text).encode("utf-8", "surrogatepass"))


if __name__ == "__main__":
    _child()
