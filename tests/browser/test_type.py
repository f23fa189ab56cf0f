"""Type in Chromium (issue 21, item 9): the fonts that draw each piece of text, asked of the
browser itself (DevTools' CSS.getPlatformFontsForNode), and the kinds of sessions labelled
alike on days shown as lists and as timetables."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from .conftest import Built

SERIF = ("Serif", "Myeongjo", "Naskh", "Amiri", "Georgia", "Times")
"""Words in the names of the serif faces a stack may reach (Liberation Serif, DejaVu Serif,
Noto Serif, Nanum Myeongjo, Noto Naskh Arabic ...); every other face here is a sans."""


def style(family: str) -> str:
    """Whether a face is a serif or a sans."""
    return "serif" if any(word in family for word in SERIF) else "sans"


def fonts(page: Page) -> list[dict[str, Any]]:
    """Each innermost element of the page's main part that has text: its tag and class, and
    the faces that drew its text."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    nodes = session.send(
        "DOM.querySelectorAll", {"nodeId": root, "selector": "main *:not(:has(*))"}
    )
    found = []
    for node in nodes["nodeIds"]:
        faces = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        if faces:
            described = session.send("DOM.describeNode", {"nodeId": node})["node"]
            attributes = described.get("attributes", [])
            classes = dict(zip(attributes[::2], attributes[1::2], strict=True)).get("class", "")
            found.append({"element": f"{described['localName']}.{classes}",
                          "faces": [f["familyName"] for f in faces]})  # fmt: skip
    session.detach()
    return found


@pytest.mark.parametrize(("variant", "path"), [("arabic", "index.html"), ("seoul", "index.html")])
def test_a_page_in_arabic_or_korean_is_set_in_one_sans_for_every_script(
    builds: list[Built], page: Page, variant: str, path: str
) -> None:
    page.goto(next(b.url for b in builds if b.variant == variant) + path)
    drawn = fonts(page)
    assert len(drawn) > 50
    serif = [f"{d['element']}: {d['faces']}" for d in drawn
             if any(style(face) == "serif" for face in d["faces"])]  # fmt: skip
    assert not serif, "a serif among the page's sans text:\n" + "\n".join(serif[:10])
    latin = [d for d in drawn if any(f.startswith("Noto Sans") and "Arabic" not in f
                                     and "CJK" not in f for f in d["faces"])]  # fmt: skip
    assert latin or variant == "seoul", "the names in Latin letters are drawn, in a sans"


@pytest.mark.parametrize(("variant", "path"), [
    ("upcoming", "index.html"), ("summit", "index.html"), ("seoul", "en/index.html"),
    ("arabic", "index.html"), ("seoul", "index.html"),
])  # fmt: skip
def test_no_piece_of_text_mixes_a_serif_and_a_sans(
    builds: list[Built], page: Page, variant: str, path: str
) -> None:
    """A name in another script is drawn in a face of its text's style: a Korean name in an
    English heading in a serif Hangul, an English name in Arabic text in a sans."""
    page.goto(next(b.url for b in builds if b.variant == variant) + path)
    mixed = [f"{d['element']}: {d['faces']}" for d in fonts(page)
             if len({style(face) for face in d["faces"]}) > 1]  # fmt: skip
    assert not mixed, "\n".join(mixed[:10])


def test_kinds_are_labelled_alike_on_list_days_and_timetable_days(
    builds: list[Built], page: Page
) -> None:
    unlabelled = ("talk", "other")
    slots = []
    for variant in ("upcoming", "summit", "multiday"):
        page.goto(next(b.url for b in builds if b.variant == variant) + "index.html")
        slots += page.evaluate(
            """() => [...document.querySelectorAll('#agenda li.slot')].map(li => {
              const kind = li.querySelector('.slot__kind');
              return {id: li.id, kind: li.dataset.kind, grid: !!li.closest('.timetable'),
                      label: !!kind && getComputedStyle(kind).display !== 'none'};
            })"""
        )
    assert {s["grid"] for s in slots} == {True, False}, "days as lists and as timetables"
    wrong = [s for s in slots if s["label"] != (s["kind"] not in unlabelled)]
    assert not wrong, wrong
