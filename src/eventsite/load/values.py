"""What one decoded text value may hold, whatever file and field it comes from.

The raw file is checked for invisible characters before YAML reads it, but a double-quoted
value can write them as escapes ("\\x01", "\\0", "\\e"): the decoded value is checked again.
Ids, names and titles may not hold direction controls, and an id may not mix look-alike
alphabets ("jоhn-park" with a Cyrillic о beside "john-park"). Every field has a length limit,
so that no value can make a page, a file name or a message as long as a file. A value that
cannot be read is INVALID, its problem noted; a word that is not one of those allowed is answered
with the nearest (`did_you_mean`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Literal

from eventsite import model
from eventsite.load.files import INVISIBLE_HINT, char_name
from eventsite.load.markdown import MAX_CHARS
from eventsite.load.shapes import Shape
from eventsite.model import forms


class _Invalid:
    """Stands for a value that failed validation; its problem is already recorded."""


INVALID: Any = _Invalid()

Kind = Literal["id", "name", "text", "url", "markdown", "word"]

LIMITS: dict[Kind, int] = {
    "id": 100,  # a short word; page addresses are cut at 80 characters
    "name": 1_000,  # names and titles: a long publication title is about 250
    "text": 1_000,  # notes, rooms, roles, positions ...
    "url": 2_000,  # what every browser accepts
    "markdown": MAX_CHARS,  # bios, abstracts, summaries and about.md
    "word": 1_000_000_000,  # dates, times, choices: their own check refuses a long one
}
"""The most characters a value of each kind may have."""
SHORTEST = min(LIMITS.values())

_WHAT: dict[Kind, str] = {
    "id": "an id",
    "name": "a name or title",
    "text": "this field",
    "url": "a web address",
    "markdown": "a Markdown text",
    "word": "this field",
}

INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
)
"""Characters no editor means to type and most do not show: control characters, line and
paragraph separators, a byte-order mark, and non-characters. Tab and the line breaks \\n
and \\r are text."""

DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embedding, override and isolate controls: they can make a name read as another."""

_CONFUSABLE = {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"}
"""Alphabets with letters that look like each other's."""


def problem(text: str, kind: Kind) -> tuple[str, str] | None:
    """Why a decoded value of this kind cannot be content, as (message, hint); None if it can."""
    if len(text) > LIMITS[kind]:
        return (
            f"is {len(text):,} characters long, more than the {LIMITS[kind]:,} allowed for "
            f"{_WHAT[kind]}",
            "shorten it",
        )
    invisible = INVISIBLE.search(text)
    if invisible is not None:
        return f"an invisible character ({char_name(invisible.group())}) is not allowed", (
            INVISIBLE_HINT
        )
    if text.isascii():
        return None  # most values: the checks below are about characters beyond ASCII
    if kind in ("id", "name"):
        direction = DIRECTION.search(text)
        if direction is not None:
            return (
                f"a direction control ({char_name(direction.group())}) is not allowed in an id, "
                "a name or a title",
                "delete it: the page shows each name in its own direction by itself",
            )
    if kind == "id":
        hidden = next((c for c in text if unicodedata.category(c) == "Cf"), None)
        if hidden is not None:  # "john\u200b-park" beside "john-park": two ids that look one
            return (
                f"an invisible character ({char_name(hidden)}) is not allowed in an id",
                f"{INVISIBLE_HINT}; an id is plain letters, digits and hyphens",
            )
        return mixed_scripts(text)
    return None


def mixed_scripts(text: str) -> tuple[str, str] | None:
    """Letters from two look-alike alphabets in one id, as (message, hint); None if not."""
    first: dict[str, str] = {}
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "?").split(" ")[0]
            if script in _CONFUSABLE:
                first.setdefault(script, char)
    if len(first) < 2:
        return None
    (one, _), (other, char) = sorted(first.items(), key=lambda item: text.index(item[1]))[:2]
    return (
        f'mixes {one.title()} and {other.title()} letters ("{char}" is {other.title()})',
        "write the id in one alphabet, so that it cannot pass for another id",
    )


_NAMES = {"name", "title", "label", "authors"}
"""Fields that name someone or something: no direction controls in them, and one line (a
line break is folded into a space, as YAML folds a long title written over two lines)."""
LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_NOT_TEXT: dict[Any, Kind] = {model.Html: "markdown", model.Url: "url"}  # and the rest: words


def plain(text: str) -> bool:
    """Short printable ASCII, as most values are: nothing `problem` could refuse."""
    return len(text) <= SHORTEST and text.isascii() and text.isprintable()


def kind(shape: Shape, path: str) -> Kind:
    """What sort of text a scalar of this shape, at this path, is."""
    if shape.ref is not None:
        return "id"
    if shape.base is not str:
        return _NOT_TEXT.get(shape.base, "word")
    field = path[path.rfind(".") + 1 :].partition("[")[0]
    if forms.LANGUAGE.matches(field):  # title.ko: the title's text in Korean
        above = path[: path.rfind(".")]
        field = above[above.rfind(".") + 1 :].partition("[")[0]
    return "id" if field == "id" else "name" if field in _NAMES else "text"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`did you mean "..."?` with the closest of `choices`, or "" if none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else ""


def one_of(choices: Iterable[str]) -> str:
    """The hint that lists what may be written."""
    return "write one of: " + ", ".join(choices)
