"""The kinds real programmes use (a plenary, a fireside chat, a workshop, a poster session, a
press conference): each has its name in every language and a look of its own."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from babel.messages.pofile import read_po

from eventsite import model
from eventsite.build import build
from tests.conftest import NOW, REPO, Project

NEW = ("plenary", "fireside-chat", "workshop", "poster-session", "press-conference")
NAMES = {
    "plenary": "Plenary",
    "fireside-chat": "Fireside chat",
    "workshop": "Workshop",
    "poster-session": "Poster session",
    "press-conference": "Press conference",
}


def _looks() -> dict[str, str]:
    """Each kind's declarations in site.css, every rule that names it, in order."""
    css = (REPO / "static" / "site.css").read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for kind in re.findall(r"\.slot--([a-z-]+)\b", selectors):
            found[kind] = found.get(kind, "") + body.strip()
    return found


def test_each_new_kind_is_a_kind_with_a_look_of_its_own() -> None:
    kinds = get_args(model.SessionKind)
    assert set(NEW) <= set(kinds)
    looks = _looks()
    for kind in NEW:
        assert looks.get(kind), f"no style for {kind}"
        others = [other for other in kinds if other != kind]
        assert all(looks.get(other) != looks[kind] for other in others), kind


@pytest.mark.parametrize("code", ["fr", "de", "es", "ko", "ar"])
def test_each_new_kind_has_its_name_in_every_language(code: str) -> None:
    path = REPO / "src" / "eventsite" / "locales" / f"{code}.po"
    with path.open("rb") as po:
        catalog = read_po(po)
    for english in NAMES.values():
        message = catalog.get(english)
        assert message is not None, (code, english)
        assert message.string, (code, english)
        assert not message.fuzzy, (code, english)


def test_a_timetable_labels_a_new_kind_in_its_words(project: Project) -> None:
    project.write("content/panels.yaml", "[]")
    project.write("content/speakers.yaml", "[]")
    project.write(
        "content/agenda.yaml",
        "".join(
            f"- {{start: 9:00 AM, end: 10:00 AM, kind: {kind}, title: {kind.title()}, "
            f"room: R{n}}}\n"
            for n, kind in enumerate(NEW)
        ),
    )
    build(project.root, project.root / "public", now=NOW)
    page = (project.root / "public" / "index.html").read_text(encoding="utf-8")
    for kind, name in NAMES.items():
        assert f"slot--{kind}" in page
        assert f'<span class="slot__kind">{name}</span>' in page
