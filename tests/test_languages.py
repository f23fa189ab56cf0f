"""Events in other languages and in several: what editors write and are told, what every output
says in each language, and that the engine makes the same bytes served, cached and clean."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import icalendar
import pytest
from lxml import html

from eventsite import i18n
from eventsite.build import build
from eventsite.errors import ContentError
from eventsite.load.event import load_site
from eventsite.serve.server import Preview
from tests.conftest import NOW, REPO, Project, copy_project
from tests.test_engine import Watched, _apply, _clean, _differences, _site

SEOUL = REPO / "examples" / "seoul-workshop"
ARABIC = REPO / "examples" / "arabic-forum"


@pytest.fixture
def seoul(tmp_path: Path) -> Project:
    """The Korean and English example, copied."""
    return copy_project(SEOUL, tmp_path / "seoul")


@pytest.fixture
def built(seoul: Project, tmp_path: Path) -> Path:
    """The Korean and English example, built a month before the event."""
    out = tmp_path / "out"
    build(seoul.root, out, now=NOW, cache=False)
    return out


def _page(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_text())


def _jsonld(page: html.HtmlElement) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        page.xpath("//script[@type='application/ld+json']")[0].text
    )
    return data


# -- what the editor writes and is told ---------------------------------------------------------


def test_a_text_is_taken_in_each_language(seoul: Project) -> None:
    site = seoul.load()
    english = site.translations[0]
    assert site.event.title.startswith("한반도 평화와")
    assert english.event.title.startswith("Workshop on Peace")
    assert english.event.language == "ko", "the event's first language is still Korean"
    assert [s.heading for s in english.sessions][:2] == ["Registration", "Opening Remarks"]
    assert "Peace on the Korean Peninsula" in english.body
    assert "한반도의 평화는" in site.body
    assert english.original is not None
    assert english.original.event is site.event, "the first language's page is the original"
    assert english.original.sessions is site.sessions


def test_a_text_in_one_string_is_the_same_in_every_language(seoul: Project) -> None:
    site = seoul.load()
    berg = [s for s in site.speakers if s.id == "anna-berg"]
    assert [s.name for s in berg] == ["Anna Berg"]
    assert [s.name for s in site.translations[0].speakers if s.id == "anna-berg"] == ["Anna Berg"]


def test_a_text_missing_in_one_language_is_a_warning(seoul: Project) -> None:
    agenda = seoul.root / "content" / "agenda.yaml"
    agenda.write_text(agenda.read_text().replace("    en: Lunch\n", "", 1))
    (seoul.root / "content" / "about.en.md").unlink()
    site = seoul.load()
    assert [str(p) for p in site.warnings] == [
        "content/about.en.md: is missing: the en page shows about.md; add it, with the English "
        "text of about.md (warning)",
        "content/agenda.yaml:57:5: agenda[6].title: has no text in en; add en: with the English "
        "text; until then the en page shows the ko one (warning)",
    ]
    assert site.translations[0].sessions[5].heading == "점심 식사", "the first language's text"


def test_strict_makes_a_missing_text_an_error(seoul: Project) -> None:
    agenda = seoul.root / "content" / "agenda.yaml"
    agenda.write_text(agenda.read_text().replace("    en: Lunch\n", "", 1))
    with pytest.raises(ContentError) as caught:
        load_site(seoul.root, strict=True)
    assert caught.value.lines() == [
        "content/agenda.yaml:57:5: agenda[6].title: has no text in en; add en: with the English "
        "text; until then the en page shows the ko one"
    ]


def test_a_language_the_event_does_not_have(seoul: Project) -> None:
    agenda = seoul.root / "content" / "agenda.yaml"
    agenda.write_text(agenda.read_text().replace("    en: Lunch", "    kr: Lunch", 1))
    assert seoul.problems() == [
        'content/agenda.yaml:58:5: agenda[6].title.kr: "kr" is not a language of this event; '
        'did you mean "ko"?'
    ]


@pytest.mark.parametrize(("key", "meant"), [("EN", "en"), ("En", "en"), ("en-x", "en"),
                                           ("KO", "ko"), ("ko-kr", "ko")])  # fmt: skip
def test_a_language_key_is_the_tag_as_written(seoul: Project, key: str, meant: str) -> None:
    # Another spelling of a tag took the text unchecked: a direction override in a name
    # reached the page, the calendars and the schedule feeds.
    speakers = seoul.root / "content" / "speakers.yaml"
    speakers.write_text(
        speakers.read_text().replace(
            "  name: Anna Berg", f'  name: {{ko: Anna Berg, {key}: "John \\u202eKRAP\\u202c Park"}}'
        )
    )
    assert seoul.problems() == [
        f'content/speakers.yaml:45:25: speakers[4].name.{key}: "{key}" is not a language of this '
        f'event; did you mean "{meant}"?'
    ]


def test_a_direction_override_is_refused_in_a_text_per_language(seoul: Project) -> None:
    speakers = seoul.root / "content" / "speakers.yaml"
    speakers.write_text(
        speakers.read_text().replace(
            "  name: Anna Berg", '  name: {ko: Anna Berg, en: "John \\u202eKRAP\\u202c Park"}'
        )
    )
    (line,) = seoul.problems()
    assert line.startswith("content/speakers.yaml:45:29: speakers[4].name.en: a direction "
                           "control (U+202E RIGHT-TO-LEFT OVERRIDE) is not allowed")  # fmt: skip


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("language: zh", 'content/event.yaml:10:11: event.language: "zh" is not a language of '
         "eventsite's interface; write one of ar, de, en, es, fr, ko, optionally with a region, "
         "e.g. fr-CA or ar-JO"),
        ("langauge: ko", 'content/event.yaml:10:1: event.langauge: unknown field "langauge"; '
         'did you mean "language"?'),
        ("language: [ko]", "content/event.yaml:10:11: event.language: is a list, but should be "
         "a single value; write some text"),
    ],
)  # fmt: skip
def test_a_wrong_language_is_one_line_not_one_per_text(
    seoul: Project, line: str, problem: str
) -> None:
    problems = _problems_after(seoul, "language: ko\n", line + "\n")
    assert problems[0] == problem
    assert not [p for p in problems if "is not a language of this event" in p]


def test_a_text_per_language_in_an_event_of_one(project: Project) -> None:
    agenda = project.root / "content" / "agenda.yaml"
    agenda.write_text(
        agenda.read_text().replace(
            "  title: Registration & Coffee",
            "  title: {en: Registration & Coffee, fr: Inscription et café}",
            1,
        )
    )
    assert project.problems() == [
        'content/agenda.yaml:7:38: agenda[1].title.fr: "fr" is not a language of this event; '
        "this event is in en only: write the text alone, or add translations: to event.yaml"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("language: kr", '"kr" is not a language of eventsite\'s interface; write one of ar, de, '
         "en, es, fr, ko, optionally with a region, e.g. fr-CA or ar-JO"),
        ("language: fr-XY", '"fr-XY" is not a region of that language; write the language '
         "alone, e.g. fr, or with a region that uses it, e.g. fr-CA"),
        ("language: ko\ntranslations: [ko-KR]", '"ko-KR" is the event\'s language; give each '
         "language once"),
        ("translations: [en]", '"en" is the event\'s language unless language: says another; '
         "add language: with the event's first language, e.g. language: ko"),
    ],
)  # fmt: skip
def test_each_mistake_in_the_languages_is_one_line(
    project: Project, written: str, message: str
) -> None:
    assert _one_line(project, "\ntitle:", f"\n{written}\ntitle:").split(": ", 2)[2] == message


def _one_line(project: Project, old: str, new: str) -> str:
    """The one problem an edit to event.yaml makes."""
    (problem,) = _problems_after(project, old, new)
    return problem


def _problems_after(project: Project, old: str, new: str) -> list[str]:
    """The problems after an edit to event.yaml (in the first place `old` is)."""
    event = project.root / "content" / "event.yaml"
    assert old in event.read_text()
    event.write_text(event.read_text().replace(old, new, 1))
    return project.problems()


def test_a_message_quotes_korean_as_written(seoul: Project) -> None:
    agenda = seoul.root / "content" / "agenda.yaml"
    agenda.write_text(agenda.read_text().replace("speaker: park-seoyeon", "speaker: 박서연", 1))
    (problem,) = seoul.problems()
    assert problem == (
        'content/agenda.yaml:16:16: agenda[2].speakers[1].speaker: unknown speaker "박서연"; '
        "write one of: kim-minji, lee-junho, sato-yuki, anna-berg, park-seoyeon"
    )


def test_a_message_quotes_arabic_as_written(tmp_path: Path) -> None:
    arabic = copy_project(ARABIC, tmp_path / "arabic")
    agenda = arabic.root / "content" / "agenda.yaml"
    agenda.write_text(agenda.read_text().replace("kind: break", "kind: استراحة", 1))
    (problem,) = arabic.problems()
    assert problem == (
        'content/agenda.yaml:23:9: agenda[4].kind: "استراحة" is not allowed; write one of: '
        "registration, opening, plenary, keynote, remarks, panel, fireside-chat, talk, workshop, "
        "poster-session, discussion, press-conference, break, meal, reception, networking, "
        "wrap-up, other"
    )


# -- what each output says ------------------------------------------------------------------------


def test_a_page_per_language_at_its_address(built: Path) -> None:
    pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html"))
    people = ("kim-minji", "lee-junho", "park-seoyeon", "sato-yuki")  # a bio or a photo each
    assert pages == [
        "en/index.html", "en/sessions/keynote.html", *(f"en/speakers/{p}.html" for p in people),
        "index.html", "sessions/keynote.html", *(f"speakers/{p}.html" for p in people),
    ]  # fmt: skip
    assert _page(built / "index.html").get("lang") == "ko"
    assert _page(built / "en" / "index.html").get("lang") == "en"
    assert _page(built / "en" / "index.html").xpath("//h1/text()") == [
        "Workshop on Peace and Regional Cooperation in Korea 2031 (fictional example)"
    ]


def test_each_page_names_its_versions(built: Path) -> None:
    for path, here in (("index.html", "ko"), ("en/sessions/keynote.html", "en")):
        page = _page(built / path)
        switcher = page.xpath("//nav[@class='languages']//a")
        assert {a.get("hreflang") for a in switcher} == {"ko", "en"}
        assert [a.get("hreflang") for a in switcher if a.get("aria-current")] == [here]
        for link in switcher:
            href = link.get("href")
            assert (built / path).parent.joinpath(href).resolve().is_file(), (path, href)
        # Search engines take alternates as full addresses only: none without a base URL.
        assert not page.xpath("//link[@hreflang]")
        assert page.xpath("string(//nav[@class='languages']//a[@hreflang='ko'])") == "한국어"


def test_with_base_url_the_alternates_are_full_addresses(seoul: Project, tmp_path: Path) -> None:
    out = tmp_path / "full"
    build(seoul.root, out, now=NOW, base_url="https://events.example.org/seoul/", cache=False)
    page = _page(out / "en" / "speakers" / "kim-minji.html")
    links = {a.get("hreflang"): a.get("href") for a in page.xpath("//link[@hreflang]")}
    assert links == {
        "ko": "https://events.example.org/seoul/speakers/kim-minji.html",
        "en": "https://events.example.org/seoul/en/speakers/kim-minji.html",
        "x-default": "https://events.example.org/seoul/speakers/kim-minji.html",
    }
    sitemap = (out / "sitemap.xml").read_text()
    assert "https://events.example.org/seoul/en/sessions/keynote.html" in sitemap
    assert not (out / "en" / "sitemap.xml").exists()


def test_json_ld_says_each_pages_language(built: Path) -> None:
    assert _jsonld(_page(built / "index.html"))["@graph"][0]["inLanguage"] == "ko"  # type: ignore[index]
    english = _jsonld(_page(built / "en" / "index.html"))["@graph"][0]  # type: ignore[index]
    assert english["inLanguage"] == "en"
    assert english["name"].startswith("Workshop on Peace")
    assert _jsonld(_page(built / "en" / "sessions" / "keynote.html"))["inLanguage"] == "en"


def test_calendars_speak_each_language_with_the_same_ids(built: Path) -> None:
    korean = icalendar.Calendar.from_ical((built / "event.ics").read_bytes())
    english = icalendar.Calendar.from_ical((built / "en" / "event.ics").read_bytes())
    (ko,) = korean.walk("VEVENT")
    (en,) = english.walk("VEVENT")
    assert ko["SUMMARY"].params["LANGUAGE"] == "ko"
    assert en["SUMMARY"].params["LANGUAGE"] == "en"
    assert str(en["SUMMARY"]).startswith("Workshop on Peace")
    assert "일정:" in str(ko["DESCRIPTION"])
    assert "Agenda:" in str(en["DESCRIPTION"])
    assert ko["UID"] == en["UID"], "one event: importing both gives one entry"
    slots = sorted(p.name for p in (built / "calendar").iterdir())
    assert slots == sorted(p.name for p in (built / "en" / "calendar").iterdir())
    keynote = icalendar.Calendar.from_ical((built / "en" / "calendar" / "keynote.ics").read_bytes())
    assert str(next(iter(keynote.walk("VEVENT")))["SUMMARY"]).startswith("The Economics of Peace")


def test_add_to_calendar_links_use_the_pages_titles(built: Path) -> None:
    page = _page(built / "en" / "index.html")
    google = page.xpath("//details[@class='add-to-calendar']//a[contains(@href, 'google')]/@href")
    assert "text=Workshop%20on%20Peace" in google[0]


def test_the_schedule_feed_says_its_language(built: Path) -> None:
    korean = json.loads((built / "schedule.json").read_text())
    english = json.loads((built / "en" / "schedule.json").read_text())
    events = [e for day in english["schedule"]["conference"]["days"]
              for room in day["rooms"].values() for e in room]  # fmt: skip
    assert {e["language"] for e in events} == {"en"}
    assert events[1]["title"] == "Opening Remarks"
    assert korean["schedule"]["conference"]["days"][0]["rooms"]
    assert '"language": "ko"' in (built / "schedule.json").read_text()
    assert "<title>Opening Remarks</title>" in (built / "en" / "schedule.xml").read_text()


def test_an_event_that_states_no_language_is_published_as_before(tmp_path: Path) -> None:
    out = tmp_path / "usip"
    build(REPO, out, now=NOW, cache=False)
    assert "LANGUAGE=" not in (out / "event.ics").read_text()
    assert '"language": null' in (out / "schedule.json").read_text()
    assert "inLanguage" not in (out / "index.html").read_text()


def test_the_arabic_page_is_right_to_left_with_its_own_digits(tmp_path: Path) -> None:
    out = tmp_path / "arabic"
    build(ARABIC, out, now=NOW, cache=False)
    page = _page(out / "index.html")
    assert (page.get("lang"), page.get("dir")) == ("ar-JO", "rtl")
    assert page.xpath("string(//time[1])") == "الأربعاء، ١٢ تشرين الثاني ٢٠٣١"
    assert page.xpath("string(//li[contains(@class, 'slot')][1]//time[1])") == "٨:٣٠ ص"
    assert page.xpath("string(//h3[@id='courses-title'])") == "دورات الأكاديمية ذات الصلة"


# -- the engine: the same bytes served, cached and clean ----------------------------------------


@pytest.fixture
def seoul_project(tmp_path: Path) -> Path:
    """The Korean and English example with the default theme as its own (the engine's tests
    edit templates too)."""
    root = tmp_path / "project"
    shutil.copytree(SEOUL / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    shutil.copytree(SEOUL / "static", root / "static", dirs_exist_ok=True)  # its pictures
    return root


EDITS = [
    ("content/event.yaml", "    en: Seoul\n", "    en: Seoul, Republic of Korea\n"),
    ("content/about.en.md", "Peace on", "Lasting peace on"),
    ("content/about.md", "한반도의 평화는", "한반도 평화는"),
    ("content/speakers.yaml", "    en: Professor", "    en: Associate Professor"),
    ("content/agenda.yaml", "    ko: 휴식", "    ko: 커피 휴식"),
    (
        "templates/partials/languages.html",
        '<nav class="languages"',
        '<nav class="languages" data-edited',
    ),  # fmt: skip
    ("content/event.yaml", "translations: [en]", "translations: [en, fr]"),
    ("content/event.yaml", "language: ko", "language: ko-KR"),
]


def test_every_edit_of_an_event_in_two_languages_gives_the_clean_build(
    seoul_project: Path, tmp_path: Path
) -> None:
    watched = Watched(seoul_project, tmp_path)
    before = _clean(seoul_project, tmp_path / "first")
    for name, old, new in EDITS:
        _apply(seoul_project, name, old, new)
        after = watched.check()
        assert _differences(before, after), f"editing {name} changed no output"
        before = after
    assert "fr/index.html" in before, "a third language is a third folder"
    assert b'lang="ko-KR"' in before["index.html"]


def test_switching_an_events_language_gives_the_clean_build(tmp_path: Path) -> None:
    root = tmp_path / "usip"
    shutil.copytree(REPO / "content", root / "content")
    watched = Watched(root, tmp_path / "work")
    for tag, word in (
        ("fr", "Programme"),
        ("ko", "일정"),
        ("ar", "جدول الأعمال"),
        ("en", "Agenda"),
    ):
        event = root / "content" / "event.yaml"
        text = re.sub(r"(?m)^language: .*\n", "", event.read_text())
        event.write_text(text + f"language: {tag}\n")
        made = watched.check()
        page = html.fromstring(made["index.html"].decode())
        assert page.get("lang") == tag
        assert page.xpath("string(//h2[@id='agenda-title'])") == word


def _usip_in(tag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The USIP example in another language, with catalogs of its own to edit: both folders."""
    catalogs = tmp_path / "locales"
    shutil.copytree(i18n.CATALOGS, catalogs)
    monkeypatch.setattr(i18n, "CATALOGS", catalogs)
    root = tmp_path / "usip"
    shutil.copytree(REPO / "content", root / "content")
    event = root / "content" / "event.yaml"
    event.write_text(event.read_text() + f"language: {tag}\n")
    return root, catalogs


def test_an_edit_to_a_catalog_changes_the_served_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, catalogs = _usip_in("fr", tmp_path, monkeypatch)
    preview = Preview(root, tmp_path / "preview", now=NOW)
    assert preview.rebuild()
    preview.finish()
    assert (
        '<h2 id="agenda-title">Programme</h2>' in (tmp_path / "preview" / "index.html").read_text()
    )
    french = catalogs / "fr.po"
    french.write_text(french.read_text().replace('msgstr "Programme"', 'msgstr "Ordre du jour"', 1))
    assert preview.rebuild()
    preview.finish()
    served = (tmp_path / "preview" / "index.html").read_text()
    assert '<h2 id="agenda-title">Ordre du jour</h2>' in served
    build(root, tmp_path / "cached", now=NOW)
    assert _site(tmp_path / "cached")["index.html"].decode() == served


def test_a_cached_build_sees_a_catalog_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, catalogs = _usip_in("de", tmp_path, monkeypatch)
    out = tmp_path / "out"
    build(root, out, now=NOW)
    german = catalogs / "de.po"
    german.write_text(german.read_text().replace('msgstr "Programm"', 'msgstr "Tagesordnung"', 1))
    report = build(root, out, now=NOW)
    assert report.made > 0
    assert "Tagesordnung" in (out / "index.html").read_text()
