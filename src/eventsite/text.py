"""Text as people read it: times, dates, zones, slugs and plain text; the bottom of the package.

Every other module may import from here; this module imports nothing of eventsite's.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta

from babel import Locale
from babel import dates as cldr
from markupsafe import Markup


def clock(moment: datetime, locale: Locale | None = None) -> str:
    """A time as the source page writes it, "8:30 AM"; in a language's own way with `locale`
    ("08:30", "오전 8:30", "٨:٣٠ م")."""
    if locale is None or _american(locale):
        # English as eventsite always wrote it: CLDR's "8:30\u202fAM" has a narrow no-break
        # space, which would change every time on every English page.
        hour = moment.hour % 12 or 12
        return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
    return digits(cldr.format_time(moment, "short", locale=locale), locale)


def _american(locale: Locale) -> bool:
    """English as written in the United States (en, en-US): eventsite's own formats."""
    return locale.language == "en" and locale.territory in (None, "US")


def digits(text: str, locale: Locale) -> str:
    """Text with its ASCII digits written in the locale's own ("٢٠٣١" in Arabic of Jordan)."""
    table = _digits(str(locale))
    return text.translate(table) if table else text


DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹", "deva": "०१२३४५६७८९",
          "beng": "০১২৩৪৫৬৭৮৯"}  # fmt: skip
"""The digits of CLDR's numbering systems that the languages written right to left (and a few
others) default to: Babel names a locale's system but writes dates in ASCII digits."""


@functools.cache
def _digits(name: str) -> dict[int, str]:
    own = DIGITS.get(Locale.parse(name).default_numbering_system)
    return {ord(str(n)): d for n, d in enumerate(own)} if own else {}


def long_date_in(day: date | datetime, locale: Locale) -> str:
    """A date with weekday and year in a language's own way: "mardi 19 juillet 2011"."""
    if _american(locale):
        return long_date(day)
    when = day.date() if isinstance(day, datetime) else day
    return digits(cldr.format_date(when, "full", locale=locale), locale)


def day_label(day: date, locale: Locale | None = None) -> str:
    """A day in a few words, for a tab: "Tue July 19", "mar. 19 juil.", "7월 19일 (화)"."""
    if locale is None or _american(locale):
        return f"{day:%a} {day:%B} {day.day}"
    return digits(cldr.format_skeleton("MMMEd", day, locale=locale), locale)


def zone_in(moment: datetime, locale: Locale | None = None) -> str:
    """The zone at that moment as a language names it briefly: "EDT", "MEZ", else its offset
    from UTC in the language's words ("UTC+09:00", "GMT+09:00")."""
    if locale is None or _american(locale):
        return zone(moment)
    short = cldr.get_timezone_name(moment, "short", locale=locale)
    if short[:1] in "+-" or short[:1].isdigit() or " " in short:
        short = cldr.get_timezone_gmt(moment, "long", locale=locale)
    return digits(short, locale)


def zone_name(moment: datetime, locale: Locale) -> str:
    """The zone's name at that moment in the language's words: "heure normale de la Corée";
    where CLDR names it only by its offset, by its place: "توقيت الأردن" (Jordan time)."""
    name = cldr.get_timezone_name(moment, "long", locale=locale)
    if name == cldr.get_timezone_gmt(moment, "long", locale=locale):
        name = cldr.get_timezone_location(moment, locale=locale)
    return digits(name, locale)


def other_half(written: str) -> str:
    """The same time of day written in the other half of the day, in the writer's own style:
    "8:45 pm" -> "8:45 am", "20:45" -> "08:45", "8:45" -> "20:45"."""
    for a, b in (("p", "a"), ("P", "A"), ("a", "p"), ("A", "P")):
        if a in written:
            return written.replace(a, b, 1)
    sep = ":" if ":" in written else "."
    hour, rest = written.split(sep, 1)
    value = int(hour)
    return f"{value - 12 if value >= 12 else value + 12:0{len(hour)}d}{sep}{rest}"


def likely_typo(start: datetime, end: datetime, written: dict[str, str]) -> str:
    """ "8:45 pm: did you mean 8:45 am?", when the other half of the day would make a slot of
    start to end a plausible one (up to six hours); "" when no such fix is likely.

    `written` holds the times as the editor wrote them, by "start" and "end"; the end is tried
    first, as the one more often mistyped.
    """
    for name, moment in (("end", end), ("start", start)):
        if name not in written:
            continue
        moved = moment + timedelta(hours=-12 if moment.hour >= 12 else 12)  # on the same day
        first, last = (start, moved) if name == "end" else (moved, end)
        if timedelta(0) < last.astimezone(UTC) - first.astimezone(UTC) <= timedelta(hours=6):
            return f"{written[name]}: did you mean {other_half(written[name])}?"
    return ""


def duration(minutes: int) -> str:
    """A length as people say it: "1 hour 15 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute{'s' * (rest != 1)}")
    return " ".join(parts)


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
    if len(text) <= limit and _SLUG.fullmatch(text):  # an id written as one already
        return text
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-")


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def page_name(text: str, limit: int = 80) -> str:
    """A file name for a page made from an id or title: its slug, or for a text in another
    script (Hangul, Arabic, Cyrillic) its own letters and digits, lower-cased and joined by
    hyphens, at most `limit` bytes; "" if it has none. Links percent-encode such a name."""
    ascii_name = slug(text, limit)
    if ascii_name:
        return ascii_name
    words = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", text).lower()).strip("-")
    return words.encode()[:limit].decode(errors="ignore").strip("-")


def plain(html: Markup | str | None) -> str:
    """Rendered Markdown as plain text, for places that show no markup."""
    return Markup(html).striptags() if html else ""  # noqa: S704 - only to strip it


def printable(text: str) -> str:
    """Text with control, format and separator characters written as escapes."""
    return "".join(
        ascii(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text
    )


_KANA = {"HIRAGANA", "KATAKANA"}
_ALONE = {"CJK"}
"""Ideographs: part of Korean written with Hanja and of Japanese, so a script of their own
only where nothing else tells the language."""


def script(said: str) -> str | None:
    """The one script of a text's letters, as Unicode names it ("LATIN", "ARABIC", "HANGUL",
    "KANA" ...); None for a text with no letters, or letters of two scripts ("د. Helen")."""
    found = set()
    for char in said:
        if char.isalpha():
            word = unicodedata.name(char, "").split(" ", 1)[0]
            if word != "MODIFIER":  # of any script: the ʻokina of Hawaiʻi, the ʼ of Kʼicheʼ
                found.add("KANA" if word in _KANA else word)
    if len(found) > 1:
        found -= _ALONE  # Hanja among Hangul, kanji among kana
    return found.pop() if len(found) == 1 else None


def count(number: int, thing: str, things: str | None = None) -> str:
    """A count for a person to read: "1 speaker", "2 speakers", "1 person", "3 people"."""
    return f"{number} {thing if number == 1 else things or thing + 's'}"
