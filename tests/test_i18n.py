"""The interface in the event's language: every word of the templates in every catalog, every
catalog complete, and a page in each of the six languages with no word of another language
and with the dates and times Babel writes for that language."""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from lxml import html

from eventsite import i18n
from eventsite.build import build
from tests.conftest import REPO
from tests.test_injection import Fill, make_project
from tests.translations import extract

PLACEHOLDER = re.compile(r"%\([a-z]+\)s|\{[a-z]+\}")


def _catalog(code: str) -> Catalog:
    return read_po(io.BytesIO(i18n.catalog_bytes(code)), locale=code)


def _missing(words: Catalog, catalog: Catalog, translated: bool) -> list[str]:
    """The words a catalog does not carry (or, if `translated`, leaves untranslated or fuzzy,
    or translates with other placeholders)."""
    found = []
    for message in words:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        held = catalog.get(message.id)
        if held is None:
            found.append(f"{key!r} is not in the catalog")
            continue
        if not translated:
            continue
        forms = held.string if isinstance(held.string, tuple) else (held.string,)
        if held.fuzzy or not all(forms):
            found.append(f"{key!r} is not translated")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(" ".join(ids))) - {"%(number)s"}
        if any(not wanted <= set(PLACEHOLDER.findall(form)) for form in forms if len(forms) < 3):
            found.append(f"{key!r} loses a placeholder")
    return found


@pytest.fixture(scope="module")
def words() -> Catalog:
    """Every word the templates and the package say, as `make translations` extracts them."""
    return extract()


@pytest.mark.parametrize("code", i18n.SHIPPED)
def test_every_catalog_translates_every_word(words: Catalog, code: str) -> None:
    assert _missing(words, _catalog(code), translated=code != "en") == []


def test_the_words_to_translate_are_current(words: Catalog) -> None:
    template = read_po(io.BytesIO((i18n.CATALOGS / "messages.pot").read_bytes()))
    assert {m.id for m in template} == {m.id for m in words}, "run `make translations`"


def test_a_new_word_in_a_template_is_missing_from_every_catalog(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    page = templates / "partials" / "subnav.html"
    page.write_text(page.read_text() + '{{ _("A word no catalog has") }}\n')
    found = extract(templates)
    for code in i18n.SHIPPED:
        assert _missing(found, _catalog(code), translated=False) == [
            "'A word no catalog has' is not in the catalog"
        ]


# -- one event in each language ------------------------------------------------------------------

FILLER = "Qqq"
"""The event's every text: no word of any language, so what is left on a page is eventsite's."""
BRANDS = {"Apple", "Outlook", "com", "Google", "Atom", "UTC", "GMT", "ics"}
"""Names that stay as they are in every language."""
ZONE = ZoneInfo("America/New_York")
START = datetime(2011, 7, 19, 9, 0, tzinfo=ZONE)


class _Neutral(Fill):
    """FILLER in every field, Markdown too (the injection tests' prose has English words)."""

    def markdown(self) -> str:
        return f"{self.text}\n\n{self.text}\n"


def _project(root: Path, tag: str) -> Path:
    """Every field of every file filled with FILLER, the event in language `tag`."""
    make_project(root, _Neutral(FILLER, "https://example.org/", "qqq"))
    event = root / "content" / "event.yaml"
    event.write_text(re.sub(r"(?m)^language: en$", f"language: {tag}", event.read_text()))
    return root


def _texts(page: html.HtmlElement) -> list[str]:
    """What a reader meets: the text, the labels and titles, and the planner's words."""
    found = [t for t in page.xpath("//body//text()[not(ancestor::script)]")]
    found += page.xpath("//@aria-label | //@title | //@alt | //head/title/text()")
    for script in page.xpath("//script[@id='planner-words']/text()"):
        found += _strings(json.loads(script))
    return found


def _strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    return [data] if isinstance(data, str) else []


def _phrases(code: str) -> set[str]:
    """The interface phrases of a language: each string of its catalog, cut at placeholders."""
    catalog = _catalog(code)
    found = set()
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in strings if code != "en" else ids:
            found.update(p.strip(" ,.:;()") for p in PLACEHOLDER.split(text))
    return {p for p in found if len(p) >= 4}


def _said(phrase: str, text: str) -> bool:
    """Whether the phrase is in the text as whole words."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """The filled event built in each language, before it (registration, calendars, planner)
    and after it: every page's text, by language and page."""
    found: dict[str, dict[str, str]] = {}
    for code in i18n.SHIPPED:
        root = _project(tmp_path_factory.mktemp(code), code)
        pages: dict[str, str] = {}
        for moment, when in (("before", START - timedelta(days=3)), ("after", START.replace(
                day=20))):  # fmt: skip
            out = root.parent / f"out-{moment}"
            build(root, out, now=when, cache=False)
            for path in sorted(out.rglob("*.html")):
                pages[f"{moment}: {path.relative_to(out)}"] = path.read_text()
        found[code] = pages
    return found


@pytest.mark.parametrize("code", i18n.SHIPPED)
def test_no_word_of_another_language_on_a_page(sites: dict[str, dict[str, str]], code: str) -> None:
    own = " | ".join(_phrases(code))
    # A phrase the language says too (the French "Programme" in "Programme of this session")
    # is its own as well.
    foreign = [
        p
        for p in {p for other in i18n.SHIPPED if other != code for p in _phrases(other)}
        if not _said(p, own)
    ]
    assert len(foreign) > 200, "the other languages' phrases"
    for where, text in sites[code].items():
        page = html.fromstring(text)
        assert page.get("lang") == code, where
        shown = " | ".join(_texts(page))
        assert [p for p in foreign if _said(p, shown)] == [], where


@pytest.mark.parametrize("code", ["ko", "ar"])
def test_a_page_in_another_script_has_no_latin_word_but_names(
    sites: dict[str, dict[str, str]], code: str
) -> None:
    for where, text in sites[code].items():
        shown = PLACEHOLDER.sub("", " ".join(_texts(html.fromstring(text))))
        latin = set(re.findall(r"[A-Za-z]+", shown)) - BRANDS - {FILLER, "qqq"}
        assert latin == set(), where


@pytest.mark.parametrize("code", i18n.SHIPPED)
def test_dates_and_times_are_babels_for_the_language(
    sites: dict[str, dict[str, str]], code: str
) -> None:
    locale = Locale.parse(code)
    day = format_date(START.date(), "full", locale=locale)
    time = format_time(START, "short", locale=locale)
    if code == "en":
        time = time.replace("\u202f", " ")  # eventsite's English keeps its "9:00 AM"
    text = html.fromstring(sites[code]["before: index.html"]).text_content()
    assert day in text
    assert time in text


def test_english_is_as_eventsite_always_wrote_it(sites: dict[str, dict[str, str]]) -> None:
    page = html.fromstring(sites["en"]["before: index.html"])
    for spoken in page.find_class("visually-hidden"):  # what only screen readers hear
        spoken.drop_tree()
    text = " ".join(page.text_content().split())
    assert "Tuesday, July 19, 2011" in text
    assert "9:00 AM - 10:00 AM" in text


OFFSET = re.compile(r"(UTC|GMT|غرينتش)\s?([+\-−])[0-9٠-٩]{2}:[0-9٠-٩]{2}")
"""An offset from UTC as a page writes it: "UTC−04:00", "GMT+09:00", "غرينتش+٠٣:٠٠"."""


def _offsets(text: str) -> set[str]:
    """The ways a page writes offsets: each prefix and sign it uses."""
    page = html.fromstring(text)
    return {m.group(1) + m.group(2) for t in _texts(page) for m in OFFSET.finditer(t)}


@pytest.mark.parametrize("code", i18n.SHIPPED)
def test_a_page_writes_an_offset_one_way(sites: dict[str, dict[str, str]], code: str) -> None:
    written = {where: _offsets(text) for where, text in sites[code].items()}
    assert any(written.values()), "the pages write offsets"
    assert all(len(forms) <= 1 for forms in written.values()), written


def test_the_korean_workshop_writes_its_zone_one_way(tmp_path: Path) -> None:
    """On the slots and in the agenda's note alike: "GMT+09:00" in Korean, "UTC+09:00" and
    "KST" in English (issue 21: the note said "UTC+09:00" beside slots in "GMT+09:00")."""
    project = REPO / "examples" / "seoul-workshop"
    build(project, tmp_path / "out", now=datetime(2031, 1, 1, tzinfo=UTC), cache=False)
    korean = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    english = (tmp_path / "out" / "en" / "index.html").read_text(encoding="utf-8")
    assert _offsets(korean) == {"GMT+"}
    assert _offsets(english) == {"UTC+"}
    assert "(한국 표준시, GMT+09:00)" in korean
