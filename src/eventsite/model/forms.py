"""The written forms of values (times, dates, addresses, prices, zones), each defined once.

The loader (`records.py`) accepts a value exactly when its form matches, and the JSON Schema
for editors' tools (`schema.py`) carries the same pattern with the same wording as its
`patternErrorMessage`, so the editor and `eventsite check` cannot disagree about a form.

Every pattern is written in the common ground of Python's `re` and ECMA-262 with the `u` flag
(yaml-language-server compiles schema patterns so): ASCII classes such as `[0-9]`, never `\\d`
or `\\s`, which match other scripts' digits and spaces in Python; no flags; no named groups;
anchored with `^...$`, since a JSON Schema pattern may match anywhere in the value.
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import re
from dataclasses import dataclass

_SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
"""Every character Python's `str.strip()` and `\\s` treat as a space, spelt out for both."""


@dataclass(frozen=True)
class Form:
    """One way a value may be written: its pattern, and what to say when a value is not it."""

    pattern: str
    noun: str
    """What a matching value is, after "is not": "a time of day"."""
    hint: str
    """What to write instead: "write e.g. 9:00 AM, 09:00 or 13:15"."""
    says: str = ""
    """The schema's message, where it cannot be "Not <noun>: <hint>."."""

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """The pattern compiled for Python."""
        return re.compile(self.pattern)

    def matches(self, text: str) -> bool:
        """Whether the text is written in this form, as a JSON Schema validator judges it."""
        # An anchored pattern must span the whole text: Python's `$` would also match before a
        # final line break, ECMA-262's does not. An unanchored one may match anywhere.
        if self.pattern.startswith("^"):
            return self.regex.fullmatch(text) is not None
        return self.regex.search(text) is not None

    @property
    def message(self) -> str:
        """The schema's patternErrorMessage, in the loader's words."""
        return self.says or f"Not {self.noun}: {self.hint}."


CLOCK = Form(
    # 9:00 AM, 9:00 am, 9 AM, 9.30 a.m., 9:00, 09:00, 13:15 (spaces around are allowed, as
    # YAML keeps them inside quotes). Without AM/PM the minutes are required: "9" alone is
    # ambiguous.
    pattern=(
        f"^[{_SPACE}]*(?:(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9]"
        "|(?:0?[1-9]|1[0-2])(?:[:.][0-5][0-9])? ?[aApP]\\.? ?[mM]\\.?)"
        f"[{_SPACE}]*$"
    ),
    noun="a time of day",
    hint="write e.g. 9:00 AM, 09:00 or 13:15",
)

_LEAP = "(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)"
DATE = Form(
    # A day that exists: months of 31, 30 and 28 days, and February 29 in leap years only.
    pattern=(
        "^(?:[1-9][0-9]{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
        "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
        f"|{_LEAP}-02-29)$"
    ),
    noun="a date",
    hint="write it as YYYY-MM-DD, e.g. 2011-07-19",
    says="Not a date: write it as YYYY-MM-DD, e.g. 2011-07-19, with a month and day that exist.",
)

DATE_LIKE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""Written as a date but perhaps not a day of the calendar: for the loader's wording only."""

URL = Form(
    # An http(s), mailto or tel address, or a relative path; no spaces or control characters
    # inside (spaces around are allowed). A colon before any slash would make a scheme.
    pattern=(
        f"^[{_SPACE}]*(?:[hH][tT][tT][pP][sS]?:|[mM][aA][iI][lL][tT][oO]:|[tT][eE][lL]:"
        "|(?![a-zA-Z][a-zA-Z0-9+.-]*:))"
        f"[^{_SPACE}\\u0000-\\u001f\\u007f]*[{_SPACE}]*$"
    ),
    noun="a web address this page may link to",
    hint="write an address starting with https://, http://, mailto: or tel:, or a relative "
    "path, without spaces",
)

SCHEME = re.compile("([a-zA-Z][a-zA-Z0-9+.-]*):")
"""The scheme at the start of an address: for the loader's wording only."""

PRICE = Form(
    pattern="^[0-9]+(?:\\.[0-9]{1,2})?$",
    noun="a price",
    hint="write a number such as 0, 25 or 25.00, without the currency",
)

CURRENCY = Form(
    pattern="^[A-Z]{3}$",
    noun="a currency code",
    hint="write three capital letters, e.g. USD or EUR",
)

FOCUS = Form(
    # Where the face (or what matters) is in a picture: how far across, then how far down, in
    # percent, as CSS's object-position writes it: "50% 30%".
    pattern=f"^[{_SPACE}]*(?:100|[1-9]?[0-9])% (?:100|[1-9]?[0-9])%[{_SPACE}]*$",
    noun="a point of the picture",
    hint="write how far across and how far down it is, in percent, e.g. 50% 30% (the middle, "
    "near the top)",
)

LANGUAGES = ("ar", "de", "en", "es", "fr", "ko")
"""The interface languages eventsite ships (i18n.SHIPPED, sorted): a page's words need one."""

LANGUAGE = Form(
    # A BCP 47 tag of a language eventsite speaks: the language, then an optional script and
    # region ("ko", "fr-CA", "ar-JO", "zh-Hant-TW" were it shipped). Whether CLDR knows the
    # region is the loader's to say.
    pattern=f"^(?:{'|'.join(LANGUAGES)})(?:-[A-Z][a-z]{{3}})?(?:-(?:[A-Z]{{2}}|[0-9]{{3}}))?$",
    noun="a language of eventsite's interface",
    hint=f"write one of {', '.join(LANGUAGES)}, optionally with a region, e.g. fr-CA or ar-JO",
)

TEXT_LANGUAGE = Form(
    # Any language a text may be written in (a name in Japanese on a French page), not only
    # those of eventsite's interface: a BCP 47 language, then an optional script and region.
    pattern="^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$",
    noun="a language tag",
    hint="write a language's code, e.g. en, fr or ja, or one with a region, e.g. en-GB",
)

OFFSET = Form(
    # Where a session starts in a longer video: hours, minutes and seconds (1:02:30), or
    # minutes and seconds (62:30, 0:45), as video players show it.
    pattern=(f"^[{_SPACE}]*(?:[0-9]{{1,2}}:[0-5][0-9]|[0-9]{{1,3}}):[0-5][0-9][{_SPACE}]*$"),
    noun="a point in a video",
    hint="write hours, minutes and seconds, e.g. 1:02:30, or minutes and seconds, e.g. 62:30",
)


def seconds(offset: str) -> int:
    """The seconds from a video's start of a point written in `OFFSET`'s form."""
    total = 0
    for part in offset.strip().split(":"):
        total = total * 60 + int(part)
    return total


TEXT = Form(
    # Text needs something visible: a value of spaces only is empty.
    pattern=f"[^{_SPACE}]",
    noun="any text",
    hint="write some text",
    says="Empty: write some text.",
)

ZONE_HINT = "write the venue's zone as Area/City, e.g. America/New_York or Europe/Berlin"


def zone_hint(text: str) -> str:
    """What to write for a refused time zone: the closest name, matched without case, by city
    or by spelling, or else how zone names are written."""
    names = zones()
    folded = text.strip().casefold().replace(" ", "_")
    close = [n for n in names if n.casefold() == folded]
    if "/" not in text:
        # A city alone ("Berlin"), or an old name or abbreviation (EST, GMT, Japan), which a
        # spelling match would only answer with the zone of some other place.
        cities = (n for n in names if not n.startswith("Etc/"))  # Etc/GMT is no one's city
        close = close or [n for n in cities if n.rsplit("/", 1)[-1].casefold() == folded]
    else:
        close = close or difflib.get_close_matches(text, names, n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else ZONE_HINT


@functools.cache
def zones() -> tuple[str, ...]:
    """Every time zone name an event may give, sorted: a place's zone (Area/City) or UTC.

    Taken from the `tzdata` package, not the machine's zone files, so that the schema lists the
    same names on every machine. Old names without a slash (EST, GMT, Japan) are left out: they
    are abbreviations or countries, not the zone of a place.
    """
    listed = importlib.resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return tuple(sorted(name for name in listed.split() if "/" in name or name == "UTC"))
