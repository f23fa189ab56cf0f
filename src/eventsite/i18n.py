"""The language of a page: its interface words (gettext catalogs) and how it writes dates,
times, zones and numbers (Babel, from CLDR).

Templates read the page's `Language` from their context, as `language`, never from a global:
the interface words (`{% trans %}`, `_()`), and the filters that write a date or a time, look
it up there at the moment they run, so that the engine records the read (engine.py) with the
language's fingerprint: its tag and its catalog's bytes. A piece of a page made for an English
page is therefore never taken for a Korean one, and an edit to a catalog makes again exactly
the pages in that language.

The catalogs are `locales/<language>.po` in the package, one per interface language; `make
translations` extracts the words from the templates and from this package (`messages.pot`)
and brings each catalog up to date.
"""

from __future__ import annotations

import functools
import gettext
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from eventsite import text
from eventsite.engine.steps import digest

CATALOGS = Path(__file__).resolve().parent / "locales"
"""The interface words, a catalog per language (`<language>.po`), and `messages.pot`, the
words to translate: part of every build's sources, as a checkout may edit them."""

SHIPPED = ("en", "fr", "es", "de", "ko", "ar")
"""The interface languages eventsite ships, each complete."""

DEFAULT = "en"


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark for translation"
    """Mark a word of the package's own for the catalogs; it is translated where it is shown."""
    return message


SCRIPTS = {"LATIN": "en", "ARABIC": "ar", "HANGUL": "ko", "KANA": "ja", "CYRILLIC": "ru",
           "GREEK": "el", "HEBREW": "he", "THAI": "th", "DEVANAGARI": "hi"}  # fmt: skip
"""The language a text is taken to be in when it is in other letters than its page's and its
record states none: the most written language of its script (English for Latin letters on a
Korean or Arabic page; `language:` on the record says otherwise, e.g. fr)."""

_RTL = {"ARABIC", "HEBREW"}


@functools.cache
def _script(tag: str) -> str | None:
    """The script a language is written in, told by its own name in it ("한국어": HANGUL)."""
    locale = parse(tag)
    return text.script(locale.get_display_name(locale) or "") if locale else None


ROLES = (N_("Moderator"), N_("Panelist"))
"""The roles eventsite gives a panel's people (model.Session.own_people)."""


@dataclass(frozen=True, eq=False)
class Language:
    """A language of the event's pages: its tag, its words, its formats."""

    tag: str
    """As the editor wrote it (BCP 47): "ko", "ar-JO", "fr-CA"."""
    locale: Locale
    catalog: gettext.NullTranslations
    fingerprint: str
    """The tag and the catalog's bytes: what a page in this language depends on."""

    @property
    def code(self) -> str:
        """The language without its region: "ar" for "ar-JO"; the catalog's name."""
        return self.locale.language

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left (Arabic, Hebrew, Persian)."""
        return self.locale.text_direction == "rtl"

    @property
    def dir(self) -> str:
        """The page's direction, for `dir`: "rtl" or "ltr"."""
        return "rtl" if self.rtl else "ltr"

    @property
    def name(self) -> str:
        """The language's name in itself, for the language switcher: "한국어", "English"."""
        found = Locale.parse(self.code).get_display_name(Locale.parse(self.code))
        return found or self.tag

    def gettext(self, message: str) -> str:
        """An interface word or sentence in this language."""
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """A sentence about `n` things, in the form the language gives that number."""
        return self.catalog.ngettext(singular, plural, n)

    def listed(self, parts: tuple[str | None, ...] | list[str | None]) -> str:
        """The parts that are given, joined by the language's comma: "Washington, DC",
        "المديرة التنفيذية، الشبكة العربية"."""
        # A part marked with its language (`foreign`) stays markup; the others are escaped.
        # Translators: the separator of the parts of a list ("Senior Fellow, USIP").
        return escape(self.gettext(", ")).join(p for p in parts if p)

    def foreign(self, said: str, stated: str | None = None) -> tuple[str, str | None] | None:
        """The language (and direction, where it differs from the page's) of a text shown on
        this page that is not in this page's language: the one the editor `stated` (unless
        the text is in the page's own letters and that language's are others: a translation
        given per language), else the one its letters tell; None for a text in the page's
        language or one whose letters tell none."""
        own = text.script(self.name)
        written = text.script(said)
        if stated:
            tag = stated if written != own or _script(stated) in (own, None) else None
        else:
            tag = SCRIPTS.get(written or "") if written != own else None
        if tag is None or base(tag) == self.code:
            return None
        locale = parse(tag)
        rtl = _script(tag) in _RTL or (locale is not None and locale.text_direction == "rtl")
        return tag, ("rtl" if rtl else "ltr") if rtl != self.rtl else None

    def role(self, role: str) -> str:
        """A person's role: the words eventsite gives panels' people translated, an editor's
        own as written."""
        return self.gettext(role) if role in ROLES else role

    def clock(self, moment: datetime) -> str:
        """A time of day: "8:30 AM", "08:30", "오전 8:30"."""
        return text.clock(moment, self.locale)

    def long_date(self, day: date | datetime) -> str:
        """A day with its weekday and year: "Tuesday, July 19, 2011"."""
        return text.long_date_in(day, self.locale)

    def day(self, day: date) -> str:
        """A day in a few words, for the tabs of the days: "Tue July 19"."""
        return text.day_label(day, self.locale)

    def zone(self, moment: datetime) -> str:
        """The zone in brief: "EDT", "UTC+09:00"."""
        brief = text.zone_in(moment, self.locale)
        if brief[:1] in "+-":  # a zone with no abbreviation, in English ("+03")
            return self.offset(moment)
        return brief

    def offset(self, moment: datetime) -> str:
        """The zone's offset from UTC, written as the language writes a zone it has no name
        for ("GMT+09:00" in Korean, "UTC+09:00" in French), so that a page writes offsets
        one way; else "UTC−04:00"."""
        brief = text.zone_in(moment, self.locale)
        if brief[:1].isalpha() and not brief.isalpha():
            return brief
        return self.digits(f"UTC{text.utc_offset(moment)}")

    def zone_name(self, moment: datetime) -> str:
        """The zone's name: "Eastern Daylight Time", "한국 표준시"."""
        return text.zone_name(moment, self.locale)

    def zone_city(self, moment: datetime) -> str:
        """The city the zone is named after, in the language: "New York", "뉴욕"."""
        from babel.dates import get_timezone_location  # noqa: PLC0415

        return get_timezone_location(moment, locale=self.locale, return_city=True)

    def zone_label(self, moment: datetime) -> str:
        """The zone as the agenda's note names it, beside its offset: "EDT" in English (as
        eventsite always wrote it), else its name in the language ("heure normale de la
        Corée"), since few languages have abbreviations for zones."""
        if self.code == DEFAULT:
            return text.zone(moment)
        return text.zone_name(moment, self.locale)

    def number(self, value: int) -> str:
        """A number as the language writes it: "1,234", "1 234", "١٬٢٣٤"."""
        from babel.numbers import format_decimal  # noqa: PLC0415

        return self.digits(format_decimal(value, locale=self.locale, numbering_system="default"))

    def digits(self, written: str) -> str:
        """Text with its digits in the language's own (an offset: "UTC+09:00")."""
        return text.digits(written, self.locale)

    def span(self, start: str, end: str) -> str:
        """Two times as a range: "8:30 AM - 9:00 AM", "08:30 – 09:00", "오전 9:00 ~ 오전 10:00"."""
        if self.code == DEFAULT:
            return f"{start} - {end}"  # as eventsite always wrote it
        pattern = str(self.locale.interval_formats.get(None) or "{0} – {1}")
        return pattern.replace("{0}", start).replace("{1}", end)


def parse(tag: str) -> Locale | None:
    """The locale a BCP 47 tag names, if CLDR knows it."""
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def base(tag: str) -> str:
    """The language of a tag, without script or region: "ar" for "ar-JO"."""
    return tag.split("-", 1)[0].lower()


def matching(written: str, languages: Sequence[str]) -> str | None:
    """The one of an event's languages a text's key names: the tag itself, or the language
    alone for a tag with a region (`ko` for `ko-KR`, `ko-KR` for `ko`); each language is in an
    event once, so there is at most one."""
    for tag in languages:
        # As written, never another spelling: "EN", "En" or "en-x" is no tag of the event's.
        if written in (tag, base(tag)) or (_TAG.fullmatch(written) and base(written) == tag):
            return tag
    return None


_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")
"""A language tag as the event's are written: "ko", "fr-CA", "zh-Hant-TW"."""


def language(tag: str = DEFAULT) -> Language:
    """The language a tag names (its interface words are those of its catalog)."""
    locale = parse(tag)
    if locale is None or locale.language not in SHIPPED:
        raise ValueError(f"eventsite bug: {tag!r} reached the pages unchecked")
    data = catalog_bytes(locale.language)
    return _language(tag, str(locale), data)


def catalog_path(code: str) -> Path:
    """Where one language's catalog is."""
    return CATALOGS / f"{code}.po"


def catalog_bytes(code: str) -> bytes:
    """One language's catalog, read as it is now (a checkout's may be edited)."""
    return catalog_path(code).read_bytes()


def fingerprints() -> dict[str, str]:
    """A fingerprint of each catalog, by file name: sources of every build, like templates."""
    return {f"locales/{code}.po": digest(catalog_bytes(code)) for code in SHIPPED}


@functools.lru_cache(maxsize=32)
def _language(tag: str, name: str, data: bytes) -> Language:
    locale = Locale.parse(name)
    return Language(tag, locale, _translations(data, locale), digest("language", tag, data))


def _translations(data: bytes, locale: Locale) -> gettext.NullTranslations:
    """A catalog read from its .po text, as gettext reads a compiled one."""
    catalog = read_po(io.BytesIO(data), locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


# -- what templates call ----------------------------------------------------------------------


def _of(context: Context) -> Language:
    """The page's language, read through its context (so the read is recorded)."""
    found = context.resolve_or_missing("language")
    if not isinstance(found, Language):
        raise ValueError("eventsite bug: a page without a language")
    return found


def _finish(context: Context, said: str, variables: dict[str, Any]) -> str:
    # As Jinja's "new style" gettext: the translation is markup, its values are escaped in.
    # The catalogs are eventsite's own text, reviewed like its templates.
    result: str = Markup(said) if context.eval_ctx.autoescape else said  # noqa: S704
    return result % variables


@pass_context
def gettext_(context: Context, message: str, **variables: Any) -> str:
    """`_("...")` and `{% trans %}` in a template: the words in the page's language."""
    return _finish(context, _of(context).gettext(message), variables)


@pass_context
def ngettext_(context: Context, singular: str, plural: str, n: int, **variables: Any) -> str:
    """`{% trans count=n %}...{% pluralize %}...{% endtrans %}`: the form for `n`."""
    variables.setdefault("num", n)
    return _finish(context, _of(context).ngettext(singular, plural, n), variables)


def _filter(method: str) -> Callable[[Context, Any], str]:
    """A filter that applies one of the page's Language's methods: `clock`, `long_date` ..."""

    @pass_context
    def apply(context: Context, value: Any) -> str:
        result: str = getattr(_of(context), method)(value)
        return result

    apply.__doc__ = f"The `{method}` filter, in the page's language (Language.{method})."
    return apply


@pass_context
def utc_offset(context: Context, moment: datetime) -> str:
    """The `utc_offset` filter: "−04:00", in the page's digits."""
    return _of(context).digits(text.utc_offset(moment))


@pass_context
def times(context: Context, start: datetime, end: datetime | None) -> Markup:
    """`times(start, end)`: two times of day as a range, each in its `<time>` element:
    "8:30 AM - 9:00 AM", "오전 8:30 ~ 오전 9:00"; the start alone when no end is published."""
    language = _of(context)
    first, *last = (
        Markup('<time datetime="{}">{}</time>').format(m.isoformat(), language.clock(m))
        for m in (start, end)
        if m is not None
    )
    if not last:
        return first
    # The dash between the times is silent in speech ("8:00 AM 9:00 AM"): screen readers hear
    # the word instead. Each time stays whole on its line (white-space in the stylesheet).
    opening, rest = language.span("\0", "\1").split("\0")
    dash, closing = rest.split("\1")
    dash = dash.replace(" ", "\u00a0", 1)  # a narrow column breaks after the dash, not before
    # Translators: between two times, as a screen reader says "8:00 AM to 9:00 AM".
    word = language.gettext(N_("to"))
    said = Markup('<span aria-hidden="true">{}</span><span class="visually-hidden"> {} </span>')
    return escape(opening) + first + said.format(dash, word) + last[0] + escape(closing)


FILTERS: dict[str, Callable[..., Any]] = {
    name: _filter(name)
    for name in (
        "clock",
        "long_date",
        "zone",
        "zone_label",
        "zone_name",
        "zone_city",
        "offset",
        "day",
        "number",
        "role",
        "listed",
    )
}
FILTERS["utc_offset"] = utc_offset  # fmt: skip


@pass_context
def foreign(context: Context, said: str | None, stated: str | None = None) -> Markup:
    """The `foreign` filter: a text in another language than the page's, in a `<span>` with
    its `lang` (and `dir` where it differs), so that screen readers speak it in its own voice
    (WCAG 3.1.2); other text as it is. `stated`: the language its record gives."""
    return _marked(_of(context), said or "", stated)


def _marked(language: Language, said: str, stated: str | None) -> Markup:
    found = language.foreign(said, stated) if said else None
    if found is None:
        return escape(said)
    tag, way = found
    if way is None:
        return Markup('<span lang="{}">{}</span>').format(tag, said)
    return Markup('<span lang="{}" dir="{}">{}</span>').format(tag, way, said)


@pass_context
def named(context: Context, person: Any) -> Markup:
    """The `named` filter: a person's name as `foreign` marks it, honorific and all ("Dr.
    Helen Marsh" on an Arabic page), or the name alone when the honorific is in the page's
    letters ("د." before a Latin name; "Dr." before a French name on an English page)."""
    language, stated = _of(context), person.language
    if person.honorific and language.foreign(person.honorific) is None:
        return escape(person.honorific) + " " + _marked(language, person.name, stated)
    return _marked(language, person.display_name, stated)


FILTERS.update(foreign=foreign, named=named)
GLOBALS = {"gettext": gettext_, "ngettext": ngettext_, "_": gettext_, "times": times}
