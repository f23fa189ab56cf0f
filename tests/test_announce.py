"""A programme only partly known, and texts in another language than the page's (issue 21,
items 2 and 10): "more sessions to be announced" on a day or a track, said until the event is
over and never making it a draft; a name in other letters marked with its `lang` and `dir`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import html

from eventsite import i18n
from eventsite.build import build
from tests.conftest import REPO, Project, copy_project

SUMMIT = REPO / "examples" / "summit"
ARABIC = REPO / "examples" / "arabic-forum"
SEOUL = REPO / "examples" / "seoul-workshop"
MORE = "More sessions to be announced."
BEFORE, DURING, AFTER = (
    datetime(2011, 7, 1, tzinfo=UTC),
    datetime(2011, 7, 19, 15, tzinfo=UTC),
    datetime(2011, 7, 20, 12, tzinfo=UTC),
)
"""Moments of the USIP example (July 19, 2011, in Washington)."""


def _built(project: Project, now: datetime, name: str = "out") -> html.HtmlElement:
    out = project.root.parent / name
    build(project.root, out, now=now, cache=False)
    return html.fromstring((out / "index.html").read_bytes())


def _said(page: html.HtmlElement) -> list[str]:
    """The notes of more to come, in page order, as read."""
    notes = page.xpath("//*[contains(@class, 'agenda__more') or contains(@class, 'tt-more')]")
    return [" ".join(n.text_content().split()) for n in notes]


def _add(project: Project, text: str) -> None:
    agenda = project.root / "content" / "agenda.yaml"
    agenda.write_text(agenda.read_text(encoding="utf-8") + text, encoding="utf-8")


# -- more to come -------------------------------------------------------------------------------


def test_a_day_with_more_to_come_says_so_at_its_end_and_stays_scheduled(project: Project) -> None:
    _add(project, "\n- more_to_come: true\n  sessions: []\n")
    page = _built(project, BEFORE)
    assert _said(page) == [MORE]
    last = page.xpath("//section[@id='agenda']//ol[contains(@class, 'agenda')]")[-1]
    note = page.xpath("//p[contains(@class, 'agenda__more')]")[0]
    assert note.getprevious() is last, "after the day's last session"
    assert not page.xpath("//*[contains(@class, 'notice--draft')]"), "not a draft agenda"
    assert not page.xpath("//section[@id='agenda'][@data-draft]")
    out = project.root.parent / "out"
    assert b"TENTATIVE" not in (out / "event.ics").read_bytes()
    assert b'"eventStatus":"https://schema.org/EventScheduled"' in (out / "index.html").read_bytes()


def test_the_note_is_said_during_the_event_and_dropped_once_it_is_over(project: Project) -> None:
    _add(project, "\n- more_to_come: true\n  sessions: []\n")
    assert _said(_built(project, DURING, "during")) == [MORE]
    after = _built(project, AFTER, "after")
    assert _said(after) == [], "nothing more is announced after the event"
    assert MORE not in " ".join(after.text_content().split())


def test_a_track_with_more_to_come_on_a_list_day_is_named_at_the_days_end(
    project: Project,
) -> None:
    _add(project, "\n- track: Evening Programme\n  more_to_come: true\n  sessions: []\n")
    page = _built(project, BEFORE)
    assert _said(page) == ["More sessions to be announced: Evening Programme."]
    note = page.xpath("//p[contains(@class, 'agenda__more')]")[0]
    assert note.get("data-track") == "Evening Programme", "a filter for another track hides it"


def test_the_summits_stage_says_more_to_come_at_the_foot_of_its_column(tmp_path: Path) -> None:
    summit = copy_project(SUMMIT, tmp_path / "summit")
    page = _built(summit, datetime(2031, 6, 1, tzinfo=UTC))
    notes = page.xpath("//li[contains(@class, 'tt-more')]")
    assert [" ".join(n.text_content().split()) for n in notes] == [MORE]
    (note,) = notes
    assert note.xpath("ancestor::section[@class='day']/@id") == ["day-2031-06-13"]
    room = note.xpath("ancestor::div[@class='tt-room']/p[@class='tt-room__name']")[0]
    assert room.text_content().startswith("Room 2"), "under the Innovation Stage's room"
    assert note.getprevious().get("class").startswith("slot"), "after its last session"
    # The grid has a row for it, below the block's last moment, that every column shares.
    block = note.xpath("ancestor::li[contains(@class, 'tt-parallel')]")[0]
    assert block.get("style").endswith(" auto")
    assert _said(_built(summit, datetime(2031, 6, 14, tzinfo=UTC), "after")) == []


def _problems(project: Project, text: str) -> tuple[int, list[str]]:
    """The number the entry `text` adds to agenda.yaml gets, and every problem reported."""
    agenda = (project.root / "content" / "agenda.yaml").read_text(encoding="utf-8")
    number = agenda.count("\n- ") + agenda.startswith("- ") + 1
    _add(project, text)
    return number, [line.split(": ", 1)[1] for line in project.problems()]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "\n- track: Evening\n  sessions: []\n",
            "agenda[13].sessions: the group has no sessions; write its sessions, or "
            "more_to_come: true if they are still to be announced",
        ),
        (
            "\n- date: 2011-07-20\n  more_to_come: true\n  sessions: []\n",
            "agenda[13].date: 2011-07-20 is not a day of the event (2011-07-19); correct the "
            "date, or change date or end_date in event.yaml",
        ),
        (
            "\n- start: 4:00 PM\n  kind: other\n  title: Later\n  more_to_come: true\n",
            'agenda[13].more_to_come: unknown field "more_to_come"; a session cannot say it; '
            "write more_to_come: true in a group of sessions, beside its date: or track: and "
            "sessions:",
        ),
        (
            "\n- tba: true\n  sessions: []\n",
            'agenda[13].tba: unknown field "tba"; write more_to_come: true',
        ),
        (
            "\n- more_to_come: yes\n  sessions: []\n",
            'agenda[13].more_to_come: "yes" is not true or false; write true or false',
        ),
    ],
)
def test_each_mistake_with_more_to_come_is_one_line(project: Project, text: str, said: str) -> None:
    number, problems = _problems(project, text)
    assert problems == [said.replace("agenda[13]", f"agenda[{number}]")]


def test_a_group_of_no_day_on_a_day_of_several_is_told_which_to_give(tmp_path: Path) -> None:
    multiday = copy_project(REPO / "examples" / "multiday", tmp_path / "multiday")
    number, problems = _problems(multiday, "\n- more_to_come: true\n  sessions: []\n")
    assert problems == [
        f"agenda[{number}].more_to_come: the group has neither sessions nor a date, so it "
        "names no day on which more are to come; add date: with one of the event's days "
        "(2030-10-26 to 2030-10-27)"
    ]


# -- a text in another language than the page's -------------------------------------------------


def _marks(page: html.HtmlElement, said: str) -> set[tuple[str | None, str | None]]:
    """The lang and dir of each element that holds exactly `said`."""
    found = page.xpath("//body//*[normalize-space(.) = $said][not(*[normalize-space(.) = $said])]",
                       said=said)  # fmt: skip
    assert found, f"{said!r} is on the page"
    return {(e.get("lang"), e.get("dir")) for e in found}


def test_an_english_name_on_the_arabic_page_carries_its_language(tmp_path: Path) -> None:
    page = _built(copy_project(ARABIC, tmp_path / "arabic"), datetime(2031, 1, 1, tzinfo=UTC))
    for said in ("Dr. Helen Marsh", "Senior Water Advisor", "Example Institute for Shared Rivers"):
        assert _marks(page, said) == {("en", "ltr")}, said
    names = page.xpath("//*[@lang='en']")
    assert len({n.text for n in names if n.text == "Dr. Helen Marsh"}) == 1
    assert len([n for n in names if n.text == "Dr. Helen Marsh"]) >= 2, "card and agenda"
    assert _marks(page, "د. ليلى حداد") == {(None, None)}, "Arabic stays unmarked"


def test_on_the_korean_page_latin_letters_are_english_and_the_english_page_marks_none(
    tmp_path: Path,
) -> None:
    seoul = copy_project(SEOUL, tmp_path / "seoul")
    korean = _built(seoul, datetime(2031, 1, 1, tzinfo=UTC))
    assert _marks(korean, "Anna Berg") == {("en", None)}, "no dir: both are left to right"
    english = html.fromstring((tmp_path / "out" / "en" / "index.html").read_bytes())
    assert _marks(english, "Anna Berg") == {(None, None)}
    assert not english.xpath("//body//*[@lang]/text()[contains(., 'Anna')]")


def test_a_stated_language_marks_a_name_its_letters_do_not_tell(project: Project) -> None:
    speakers = project.root / "content" / "speakers.yaml"
    text = speakers.read_text(encoding="utf-8")
    speakers.write_text(text.replace("  name: John Park\n", "  name: John Park\n  language: fr\n"))
    agenda = project.root / "content" / "agenda.yaml"
    text = agenda.read_text(encoding="utf-8")
    agenda.write_text(text.replace("  title: Wrap-Up Session\n",
                                   "  title: Wrap-Up Session\n  language: de\n"))  # fmt: skip
    page = _built(project, BEFORE)
    assert _marks(page, "John Park") == {("fr", None)}, "his name; Dr. is the page's"
    assert _marks(page, "Wrap-Up Session") == {("de", None)}
    assert _marks(page, "Amb. William B. Taylor") == {(None, None)}, "English on an English page"


def test_rooms_tracks_and_publications_in_other_letters_carry_their_language(
    project: Project,
) -> None:
    _add(
        project,
        "\n- room: قاعة الندوات\n  track: 세미나\n  sessions:\n    - start: 5:00 PM\n"
        "      end: 5:30 PM\n      kind: talk\n      title: Evening Talk\n",
    )
    publications = project.root / "content" / "publications.yaml"
    text = publications.read_text(encoding="utf-8")
    first = '- title: "Removing Sanctions on North Korea: Challenges and Potential Pathways"'
    publications.write_text(text.replace(first, '- title: "북한 제재 해제"'))
    page = _built(project, BEFORE)
    assert _marks(page, "قاعة الندوات") == {("ar", "rtl")}, "the room, in the slot's line"
    assert _marks(page, "세미나") == {("ko", None)}, "the track"
    assert _marks(page, "북한 제재 해제") == {("ko", None)}, "the publication's title"


def test_a_language_that_is_not_a_tag_is_one_line(project: Project) -> None:
    speakers = project.root / "content" / "speakers.yaml"
    text = speakers.read_text(encoding="utf-8")
    speakers.write_text(
        text.replace("  name: John Park\n", "  name: John Park\n  language: French\n")
    )
    (line,) = project.problems()
    assert line.split(": ", 1)[1] == (
        'speakers[2].language: "French" is not a language tag; write a language\'s code, e.g. '
        "en, fr or ja, or one with a region, e.g. en-GB"
    )


def test_an_arabic_honorific_leaves_the_latin_name_alone_marked(tmp_path: Path) -> None:
    arabic = copy_project(ARABIC, tmp_path / "arabic")
    speakers = arabic.root / "content" / "speakers.yaml"
    speakers.write_text(
        speakers.read_text(encoding="utf-8").replace("  honorific: Dr.\n", "  honorific: د.\n")
    )
    page = _built(arabic, datetime(2031, 1, 1, tzinfo=UTC))
    assert _marks(page, "Helen Marsh") == {("en", "ltr")}
    assert page.xpath("//*[@lang='en'][text()='Helen Marsh']/preceding-sibling::text()")


def test_a_stated_language_leaves_a_translation_in_the_pages_letters_alone(
    tmp_path: Path,
) -> None:
    seoul = copy_project(SEOUL, tmp_path / "seoul")
    speakers = seoul.root / "content" / "speakers.yaml"
    text = speakers.read_text(encoding="utf-8")
    speakers.write_text(text.replace("  name: Anna Berg\n", "  name: Anna Berg\n  language: sv\n"))
    korean = _built(seoul, datetime(2031, 1, 1, tzinfo=UTC))
    assert _marks(korean, "Anna Berg") == {("sv", None)}
    assert _marks(korean, "프로그램 책임자") == {(None, None)}, "her position, given in Korean"


def test_a_group_states_the_language_of_its_sessions_titles(tmp_path: Path) -> None:
    summit = copy_project(SUMMIT, tmp_path / "summit")
    track = summit.root / "content" / "agenda" / "policy-lab.yaml"
    text = track.read_text(encoding="utf-8")
    track.write_text(text.replace("- track: Policy Lab\n", "- track: Policy Lab\n  language: fr\n"))
    page = _built(summit, datetime(2031, 6, 1, tzinfo=UTC))
    assert _marks(page, "Workshop: From Plan to Procurement") == {("fr", None)}
    assert _marks(page, "A Digital Twin of a Harbour") == {(None, None)}, "another track's"


@pytest.mark.parametrize(
    ("page", "said", "stated", "marked"),
    [
        ("ar", "Dr. Helen Marsh", None, ("en", "ltr")),
        ("ko", "Anna Berg", None, ("en", None)),
        ("en", "김민지", None, ("ko", None)),
        ("en", "ليلى حداد", None, ("ar", "rtl")),
        ("fr", "佐藤 ゆき", None, ("ja", None)),
        ("ko", "金 김민지", None, None),  # Hanja among Hangul: Korean
        ("en", "Hawaiʻi Pacific University", None, None),  # the ʻokina is of any script
        ("ar", "د. Helen Marsh", None, None),  # two scripts: the letters tell nothing
        ("en", "Jean Dupont", "fr", ("fr", None)),
        ("ko", "프로그램 책임자", "en", None),  # in the page's letters: a translation
        ("en-GB", "Helen Marsh", "en", None),
        ("ar", "שלום", None, ("he", None)),  # both right to left
        ("en", "12:00", None, None),
    ],
)
def test_a_texts_language_is_told_by_its_letters_unless_stated(
    page: str, said: str, stated: str | None, marked: tuple[str, str | None] | None
) -> None:
    assert i18n.language(page).foreign(said, stated) == marked
