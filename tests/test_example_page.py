"""Every fact of the source page appears on the example page, as a reader sees it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eventsite.build import build
from tests.conftest import NOW, REPO

SEED = REPO / "tests" / "fixtures" / "seed" / "usip-informal-markets-event.txt"
"""A copy of shared/seed/, the example's source of truth."""

TOPICS = ("Conflict Analysis & Prevention", "Mediation, Negotiation & Dialogue")
HIDDEN_WHEN_EMPTY = {"Related Academy Courses"}
BLOCKS = {
    "p",
    "li",
    "ul",
    "ol",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dl",
    "dt",
    "dd",
    "br",
    "body",
    "head",
    "title",
}


class _Text(HTMLParser):
    """The text a reader sees: no head, no scripts, nothing only screen readers hear (the
    "to" between two times), blocks separated by spaces."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.spans: list[bool] = []  # each open span: whether it is for screen readers only

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("head", "script", "style")
        if tag == "span":
            hidden = "visually-hidden" in (dict(attrs).get("class") or "").split()
            self.spans.append(hidden)
            self.skip += hidden
        self.parts.append(" " if tag in BLOCKS else "")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("head", "script", "style")
        if tag == "span" and self.spans:
            self.skip -= self.spans.pop()
        self.parts.append(" " if tag in BLOCKS else "")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_facts() -> list[str]:
    """Each line of the source page, split where the source runs two facts together."""
    facts: list[str] = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = _squash(raw.replace("\u2022", ""))
        if not line or line in HIDDEN_WHEN_EMPTY:
            continue
        if line.startswith("Type: "):
            line = line.removeprefix("Type: ")
        if all(t in TOPICS for t in re.split(r"(?<=[a-z])(?=[A-Z])", line) if t):
            facts.extend(t for t in TOPICS if t in line)
            continue
        line = line.rstrip(":") if line.endswith("Further:") else line
        facts.extend(_squash(part) for part in re.split(r" \| |(?<=markets\.)(?=The)", line))
    return facts


@pytest.fixture(scope="module")
def page_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    out: Path = tmp_path_factory.mktemp("site") / "public"
    build(REPO, out, now=NOW)
    parser = _Text()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    return _squash("".join(parser.parts))


@pytest.mark.parametrize("fact", seed_facts())
def test_fact_from_the_source_is_on_the_page(page_text: str, fact: str) -> None:
    assert fact.casefold() in page_text.casefold()


def test_the_source_was_read_whole() -> None:
    facts = seed_facts()
    assert len(facts) > 60
    assert "3:00 PM - 3:15 PM" in facts
    assert "Wrap-Up Session" in facts
    assert "View All Publications" in facts


def test_empty_courses_section_is_not_rendered(page_text: str) -> None:
    assert "Academy Courses" not in page_text


def test_the_year_is_the_inferred_one(page_text: str) -> None:
    assert "Tuesday, July 19, 2011" in page_text
