"""The card link previews show of an event without a picture: its title, date, place and
organiser in the theme's colours, in the event's language and script, with fonts that write it
(issue 23, item 2)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from PIL import Image, ImageDraw, ImageFont

from eventsite import i18n
from eventsite.build import build
from eventsite.load.event import load_site
from eventsite.outputs import card
from eventsite.outputs.common import Settings
from tests.conftest import NOW, REPO, Project

BASE = "https://events.example.org/markets/"
NOWHERE = "\U0010fffd"
"""A character no font writes: what a font draws for it is its empty box."""


def head(out: Path, page: str = "index.html") -> dict[str, str]:
    tree = html.fromstring((out / page).read_bytes())
    return {m.get("property") or m.get("name"): m.get("content") for m in tree.iter("meta")}


def test_an_event_without_a_picture_gets_a_card_for_link_previews(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(project.root, out, now=NOW, base_url=BASE)
    meta = head(out)
    assert re.fullmatch(re.escape(BASE) + r"card\.[0-9a-f]{10}\.png", meta["og:image"])
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:card"] == "summary_large_image"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    with Image.open(out / meta["og:image"].removeprefix(BASE)) as drawn:
        assert (drawn.format, drawn.size) == ("PNG", (1200, 630))
        assert drawn.getpixel((600, 600)) == (10, 42, 74), "the theme's navy"
        assert drawn.getpixel((10, 300)) == (179, 18, 46), "its accent at the starting edge"
    data = json.loads(
        html.fromstring((out / "index.html").read_bytes())
        .xpath("//script[@type='application/ld+json']")[0].text
    )  # fmt: skip
    [event] = [item for item in data["@graph"] if item["@type"] == "Event"]
    assert event["image"] == [meta["og:image"]]


def test_without_base_url_there_is_no_card(project: Project, tmp_path: Path) -> None:
    build(project.root, tmp_path / "out", now=NOW)
    assert "og:image" not in head(tmp_path / "out")
    assert not list((tmp_path / "out").glob("card.*"))


def test_the_card_is_in_the_themes_colours(project: Project, tmp_path: Path) -> None:
    css = project.root / "static/site.css"
    css.write_text(css.read_text().replace("--navy: #0a2a4a;", "--navy: #1d4d2b;"))
    build(project.root, tmp_path / "out", now=NOW, base_url=BASE)
    [drawn] = (tmp_path / "out").glob("card.*.png")
    with Image.open(drawn) as image:
        assert image.getpixel((600, 600)) == (29, 77, 43)


def test_the_card_is_drawn_once_and_again_when_the_title_changes(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    real = card.draw

    def counted(chosen: card.Card, fonts: Any) -> bytes:
        drawn.append(chosen.title)
        return real(chosen, fonts)

    monkeypatch.setattr(card, "draw", counted)
    out = tmp_path / "out"
    build(project.root, out, now=NOW, base_url=BASE)
    summary = project.root / "content/event.yaml"
    summary.write_text(summary.read_text().replace("USIP held", "USIP hosted"))
    build(project.root, out, now=NOW, base_url=BASE)
    assert drawn == ["Informal Markets and Peacebuilding in North Korea"]
    summary.write_text(summary.read_text().replace("title: Informal", "title: Formal"))
    build(project.root, out, now=NOW, base_url=BASE)
    assert drawn[1:] == ["Formal Markets and Peacebuilding in North Korea"]
    assert len(list(out.glob("card.*.png"))) == 1, "the new card, under a new name"


@pytest.mark.parametrize(
    ("example", "folders"), [("seoul-workshop", ("", "en/")), ("arabic-forum", ("",))]
)
def test_the_card_speaks_the_events_language_in_its_script(
    tmp_path: Path, example: str, folders: tuple[str, ...]
) -> None:
    project = tmp_path / example
    for folder in ("content", "static"):
        shutil.copytree(REPO / "examples" / example / folder, project / folder)
    event = project / "content/event.yaml"
    event.write_text(re.sub(r"(?m)^image: .*\n", "", event.read_text()))
    out = tmp_path / "out"
    build(project, out, now=NOW, base_url=BASE)
    site = load_site(project)
    for folder, version in zip(folders, (site, *site.translations), strict=True):
        meta = head(out, f"{folder}index.html")
        path = meta["og:image"].removeprefix(BASE)
        assert path.startswith(f"{folder}card.")
        settings = Settings.for_site(version, NOW, BASE)
        if folder:  # the pages in another language speak it
            settings = Settings(NOW, BASE + folder, i18n.language(folder.rstrip("/")), True)
        chosen = card.card_of(version, settings)
        fonts = card.Finder()(chosen)
        assert fonts is not None, f"no font of this machine writes {chosen.title}"
        for text, font in ((chosen.title, fonts.serif), (chosen.when + chosen.place, fonts.sans)):
            assert written(text, font) == set(), f"{font} writes no glyph for them"
        with Image.open(out / path) as drawn:
            inked = _inked(drawn.convert("RGB"), top=150, bottom=400)
        assert inked is not None, "the title is drawn"
        left, right = inked
        if chosen.rtl:  # Arabic starts at the right-hand edge
            assert right > 1080
            assert left > 100, "a short title leaves the left-hand side free"
        else:
            assert left < 120


def written(text: str, path: str) -> set[str]:
    """The characters of `text` the font at `path` draws as its empty box."""
    font = ImageFont.truetype(path, 48)

    def glyph(character: str) -> bytes:
        image = Image.new("L", (96, 96))
        ImageDraw.Draw(image).text((16, 16), character, font=font, fill=255)
        return image.tobytes()

    empty = glyph(NOWHERE)
    return {c for c in set(text) if not c.isspace() and glyph(c) == empty}


def _inked(image: Image.Image, top: int, bottom: int) -> tuple[int, int] | None:
    """The leftmost and rightmost columns with light (text) pixels between two rows."""
    band = image.crop((0, top, image.width, bottom)).convert("L")
    light = band.point(lambda value: 255 if value > 200 else 0)
    columns = [
        x for x in range(40, band.width - 40) if light.crop((x, 0, x + 1, band.height)).getbbox()
    ]
    return (columns[0], columns[-1]) if columns else None


def test_fontconfig_is_asked_once_per_language_not_once_per_card(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A site of 300 events drew 300 cards, each asking fontconfig twice: 600 processes, most
    of a build after a one-event edit. One finder serves a build; it asks once per family and
    language, and again only for a card whose letters that font does not have."""
    asked: list[str] = []
    match = card._match

    def counted(pattern: str, wanted: str = "") -> tuple[str, str] | None:
        asked.append(pattern)
        return match(pattern, wanted)

    monkeypatch.setattr(card, "_match", counted)
    find = card.Finder()
    cards = [
        card.Card(
            f"Forum number {n}", f"June {n}, 2031", "Lisbon", "Example Institute", "en", False, ()
        )  # fmt: skip
        for n in range(1, 21)
    ]
    found = [find(c) for c in cards]
    assert None not in found
    assert len(found) == 20
    assert len(asked) == 2, asked  # the title's family and the rest's, for English
    korean = find(card.Card("포럼", "2031년 6월 1일", "서울", "예시 연구소", "ko", False, ()))
    assert korean is not None
    assert len(asked) <= 4 + 2, "Korean's two families, and at most its letters asked again"
