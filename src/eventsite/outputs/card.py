"""The card link previews show for an event without a picture of its own: its title, date, place
and organiser drawn in the theme's colours, in the event's language and script, 1200 x 630.

What the card says is decided with the plan (`card_of`, pure); the fonts are the machine's
(fontconfig), chosen as the theme's stylesheet chooses them for the language, and the card is
drawn only when a font of the machine writes every character of it: a card of empty boxes would
be worse than none.
"""

from __future__ import annotations

import bisect
import io
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from babel.dates import format_interval
from PIL import Image, ImageDraw, ImageFont, features

from eventsite.engine.steps import digest
from eventsite.i18n import N_
from eventsite.model import Site
from eventsite.outputs.common import Settings

SIZE = (1200, 630)
MARGIN = 80
COLOURS = {"navy": "#0a2a4a", "accent": "#b3122e", "paper": "#ffffff"}
"""The theme's colours (static/site.css); a project's own stylesheet may change them."""

FAMILIES = {
    "ko": ("Noto Serif CJK KR,Nanum Myeongjo,NanumMyeongjo",
           "Noto Sans CJK KR,Nanum Gothic,NanumGothic"),
    "ar": ("Noto Naskh Arabic,Amiri", "Noto Sans Arabic,Noto Naskh Arabic"),
    "": ("Noto Serif,DejaVu Serif,serif", "Noto Sans,DejaVu Sans,sans-serif"),
}  # fmt: skip
"""Serif (the title) and sans-serif fonts by language, as the theme's stylesheet names them."""


@dataclass(frozen=True)
class Card:
    """What a card says, in the event's language, and its colours."""

    title: str
    when: str
    place: str
    organizer: str
    language: str
    rtl: bool
    colours: tuple[tuple[str, str], ...] = tuple(COLOURS.items())

    @property
    def path(self) -> str:
        """Its file, named by what it shows: a new title is a new address, which link preview
        services fetch again instead of showing the old card."""
        return f"card.{digest('card', repr(self))[:10]}.png"


def card_of(site: Site, settings: Settings, colours: Mapping[str, str] | None = None) -> Card:
    """The card of an event, in the language of `settings`."""
    event, language = site.event, settings.language
    when = language.long_date(event.date)
    if event.end_date:  # "June 12 – 13, 2031", as the language writes a span of days
        span = format_interval(event.date, event.end_date, "yMMMMd", locale=language.locale)
        when = language.digits(span)
    if event.status == "moved-online" or event.venue is None and event.venue_published:
        place = language.gettext(N_("Online"))  # an online event has no venue
    elif event.venue is None:
        place = ""  # a place the source does not name: the card names none
    else:
        place = language.listed((event.venue.name, event.venue.place))
    chosen = tuple({**COLOURS, **(colours or {})}.items())
    return Card(event.title, when, place, event.organizer.name, settings.language.code,
                language.rtl, chosen)  # fmt: skip


def theme_colours(css: bytes) -> dict[str, str]:
    """The theme's colours as a stylesheet sets them (`--navy: #0a2a4a;`)."""
    text = css[:20_000].decode("utf-8", "replace")
    found = re.findall(r"--(navy|accent|paper)\s*:\s*(#[0-9a-fA-F]{3,8})\s*[;}]", text)
    return dict(found)


# -- drawing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fonts:
    """The font files a card is drawn with, and a fingerprint of them for the build's cache."""

    serif: str
    sans: str

    @property
    def fingerprint(self) -> str:
        """Their paths, sizes and modification times: a new font draws the card again."""
        stats = [(p, os.stat(p).st_size, os.stat(p).st_mtime_ns) for p in (self.serif, self.sans)]
        return digest(repr(stats), features.version("freetype2") or "", str(_layout()))


class Finder:
    """Finds the fonts of this machine that write every character of a card, as the theme
    chooses them for its language; one finder serves a build (or a dev server's session).
    Fontconfig is asked once per family and language, and again with the card's characters
    only for a card that font cannot write: a site of 300 events asked it 600 times a build,
    most of a build after a one-event edit."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[str, _Charset] | None] = {}

    def __call__(self, card: Card) -> Fonts | None:
        """The card's fonts; None if there are none (no fontconfig, no such font)."""
        serif, sans = FAMILIES.get(card.language, FAMILIES[""])
        title = self._font(f"{serif}:weight=bold:lang={card.language}", card.title)
        rest = self._font(f"{sans}:lang={card.language}", card.when + card.place + card.organizer)
        return Fonts(title, rest) if title and rest else None

    def _font(self, pattern: str, text: str) -> str | None:
        wanted = "".join(sorted({c for c in text if not c.isspace()}))
        if pattern not in self.found:
            self.found[pattern] = _charset(_match(pattern))
        found = self.found[pattern]
        if found is None or not found[1].covers(wanted):
            found = _charset(_match(pattern, wanted)) if wanted else None  # for these letters
        return found[0] if found is not None and found[1].covers(wanted) else None


def _match(pattern: str, wanted: str = "") -> tuple[str, str] | None:
    """Fontconfig's best font for a pattern (and characters), and the characters it has."""
    command = shutil.which("fc-match")
    if command is None:
        return None
    charset = " ".join(f"{ord(c):x}" for c in wanted)
    query = f"{pattern}:charset={charset}" if wanted else pattern
    try:
        # The query holds the text's characters as hexadecimal numbers only.
        found = subprocess.run([command, "--format=%{file}\n%{charset}", query],  # noqa: S603
                               capture_output=True, text=True, timeout=30, check=True)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, coverage = found.stdout.partition("\n")
    return (path, coverage) if path else None


class _Charset:
    """The characters a font has, as fontconfig lists them ("20-7e a0-17f ..."), in order."""

    def __init__(self, listed: str) -> None:
        parts = (part.partition("-") for part in listed.split())
        spans = sorted((int(low, 16), int(high or low, 16)) for low, _, high in parts)
        self.lows, self.highs = [low for low, _ in spans], [high for _, high in spans]

    def covers(self, text: str) -> bool:
        """Whether the font has every character of `text`."""
        for c in map(ord, text):
            at = bisect.bisect_right(self.lows, c) - 1
            if at < 0 or c > self.highs[at]:
                return False
        return True


def _charset(found: tuple[str, str] | None) -> tuple[str, _Charset] | None:
    return (found[0], _Charset(found[1])) if found is not None else None


@cache
def _layout() -> ImageFont.Layout:
    """Raqm (shaping, bidirectional text) where Pillow has it: Arabic needs it."""
    return ImageFont.Layout.RAQM if features.check_feature("raqm") else ImageFont.Layout.BASIC


def draw(card: Card, chosen: Fonts | None) -> bytes:
    """The card as a PNG file; without fonts, with Pillow's own (which writes Latin alone)."""
    colours = dict(card.colours)
    image = Image.new("RGB", SIZE, colours["navy"])
    pen = _Pen(ImageDraw.Draw(image), card, colours["paper"])
    bar = (SIZE[0] - 24, 0, SIZE[0], SIZE[1]) if card.rtl else (0, 0, 24, SIZE[1])
    pen.draw.rectangle(bar, fill=colours["accent"])
    serif, sans = (chosen.serif, chosen.sans) if chosen else (None, None)
    small = _load(sans, 34)
    pen.line(MARGIN, card.organizer, small)
    size, lines = _fit(pen, card.title, serif)
    title = _load(serif, size)
    for number, line in enumerate(lines):
        pen.line(160 + round(number * size * 1.25), line, title)
    pen.line(SIZE[1] - MARGIN - 80, card.when, small)
    pen.line(SIZE[1] - MARGIN - 34, card.place, small)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


class _Pen:
    """Lines of text from the card's starting edge: the left, or the right in Arabic."""

    def __init__(self, draw: ImageDraw.ImageDraw, card: Card, colour: str) -> None:
        self.draw, self.card, self.colour = draw, card, colour
        self.direction = "rtl" if card.rtl else "ltr"

    def line(self, top: int, text: str, font: ImageFont.FreeTypeFont) -> None:
        """Draw one line of text, `top` pixels from the card's top."""
        x, anchor = (SIZE[0] - MARGIN, "ra") if self.card.rtl else (MARGIN, "la")
        self.draw.text((x, top), text, font=font, fill=self.colour, direction=self.direction,
                       language=self.card.language, anchor=anchor)  # fmt: skip

    def length(self, text: str, font: ImageFont.FreeTypeFont) -> float:
        """How wide a line of text is drawn."""
        return self.draw.textlength(text, font=font, direction=self.direction,
                                    language=self.card.language)  # fmt: skip


def _load(path: str | None, size: int) -> ImageFont.FreeTypeFont:
    if path is None:
        found = ImageFont.load_default(size)
        if isinstance(found, ImageFont.FreeTypeFont):
            return found
        raise OSError("Pillow was built without FreeType: it cannot draw the card's text")
    return ImageFont.truetype(path, size, layout_engine=_layout())


def _fit(pen: _Pen, title: str, path: str | None) -> tuple[int, list[str]]:
    """The largest size at which the title fits in three lines, and its lines."""
    for size in (72, 64, 56, 48, 42):
        lines = _wrap(pen, title, _load(path, size))
        if len(lines) <= 3:
            return size, lines
    return 42, [*lines[:2], f"{lines[2]} …"]


def _wrap(pen: _Pen, title: str, font: ImageFont.FreeTypeFont) -> list[str]:
    """The title in lines no wider than the card's text, broken between words."""
    lines: list[str] = []
    for word in title.split():
        tried = f"{lines[-1]} {word}" if lines else word
        if lines and pen.length(tried, font) <= SIZE[0] - 2 * MARGIN:
            lines[-1] = tried
        else:
            lines.append(word)
    return lines or [""]
