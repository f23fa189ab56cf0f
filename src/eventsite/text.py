"""Text as people read it: times, dates, zones, slugs and plain text; the bottom of the package.

Every other module may import from here; this module imports nothing of eventsite's.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, datetime

from markupsafe import Markup


def clock(moment: datetime) -> str:
    """A time as the source page writes it: "8:30 AM"."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def zone(moment: datetime) -> str:
    """The zone's abbreviation at that moment: "EDT"."""
    return moment.tzname() or ""


def utc_offset(moment: datetime) -> str:
    """The offset from UTC as people write it: "−04:00" (with a true minus sign)."""
    text = moment.strftime("%z")
    sign = "\u2212" if text.startswith("-") else "+"
    return f"{sign}{text[1:3]}:{text[3:5]}"


def long_date(day: date | datetime) -> str:
    """A date with weekday and year: "Tuesday, July 19, 2011"."""
    return f"{day:%A, %B} {day.day}, {day.year}"


def iso(moment: date | datetime) -> str:
    """A machine-readable date or time for `<time datetime>`, with the offset."""
    return moment.isoformat()


def slug(text: str, limit: int = 80) -> str:
    """Lower-case ASCII words joined by hyphens, at most `limit` characters; "" if none.

    "Registration & Coffee" -> "registration-coffee". Names files and anchors, so it is kept
    short enough for any file system.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


@functools.lru_cache(maxsize=1 << 14)  # a big event's texts; the calendars, feeds and JSON-LD
def plain(html: Markup | str | None) -> str:  # each ask for the same ones
    """Rendered Markdown as plain text, for places that show no markup."""
    return Markup(html).striptags() if html else ""  # noqa: S704 - only to strip it


def printable(text: str) -> str:
    """Text with control, format and separator characters written as escapes."""
    return "".join(
        ascii(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text
    )
