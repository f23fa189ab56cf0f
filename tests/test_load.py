"""The loader: the example's facts, YAML traps, and one test per kind of editor mistake."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Project

NY = ZoneInfo("America/New_York")

SPEAKERS = """
    - id: john-park
      name: John Park
    - id: sonia-plaza
      name: Sonia Plaza
"""


def bare(project: Project) -> Project:
    """The example's event with a one-slot agenda and nobody in it, for tests to add to."""
    project.write("content/agenda.yaml", "- {start: 9:00, end: 10:00, kind: other, title: Slot}")
    for name in ("speakers", "panels", "publications"):
        project.write(f"content/{name}.yaml", "[]")
    return project


def test_example_loads_with_every_fact(project: Project) -> None:
    site = project.load()
    assert site.event.title == "Informal Markets and Peacebuilding in North Korea"
    assert site.event.date == date(2011, 7, 19)
    assert [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in site.sessions] == [
        ("08:30", "09:00"), ("09:00", "09:30"), ("09:30", "10:30"), ("10:30", "11:15"),
        ("11:30", "12:15"), ("12:15", "13:15"), ("13:15", "13:45"), ("13:45", "14:45"),
        ("14:45", "15:00"), ("15:00", "15:15"),
    ]  # fmt: skip
    assert site.sessions[0].start == datetime(2011, 7, 19, 8, 30, tzinfo=NY)
    assert site.sessions[0].start.utcoffset().total_seconds() == -4 * 3600  # type: ignore[union-attr]
    opening = site.sessions[1]
    assert [(a.speaker.display_name, a.role) for a in opening.speakers] == [
        ("Amb. William B. Taylor", "Welcoming Remarks"),
        ("Dr. John Park", "Opening Remarks"),
        ("Dr. Stephen Linton", "Keynote Speaker"),
    ]
    panel_2 = site.sessions[5].panel
    assert panel_2 is not None
    assert panel_2.moderator is not None
    assert panel_2.moderator.name == "Raymond Gilpin"
    assert [p.affiliation for p in panel_2.panelists] == [
        "President, DailyNK",
        "Senior Economist, Migration and Remittances Unit, World Bank",
    ]
    assert site.sessions[2].panel is not None
    assert not site.sessions[2].panel.panelists
    assert site.sessions[4].note == "lunch will be provided to participants"
    assert [p.authors for p in site.publications][-1] == ("Frank Aum", "Daniel Jasper")
    assert site.publications[2].topics == (
        "Conflict Analysis & Prevention",
        "Mediation, Negotiation & Dialogue",
    )
    assert site.courses == ()


@pytest.mark.parametrize(
    ("written", "expected"),
    [("9:00 AM", "09:00"), ("9:00", "09:00"), ("09:00", "09:00"), ("13:15", "13:15"),
     ("10:30", "10:30"), ("1:15 pm", "13:15"), ("12:00 PM", "12:00"), ("12:30 AM", "00:30"),
     ('"10:30"', "10:30"), ("9.30 a.m.", "09:30")],
)  # fmt: skip
def test_every_time_format_is_understood(project: Project, written: str, expected: str) -> None:
    hour, minute = expected.split(":")
    project.write(
        "content/agenda.yaml",
        f"""
        - start: {written}
          end: "{int(hour) + 1}:{minute}"
          kind: other
          title: Slot
    """,
    )
    assert project.load().sessions[0].start.strftime("%H:%M") == expected


def test_yaml_11_words_stay_words(project: Project) -> None:
    bare(project)
    project.write(
        "content/speakers.yaml",
        """
        - id: no
          name: NO
          honorific: on
          organization: yes
    """,
    )
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 10:00, kind: other, title: Off, speakers: [{speaker: no}]}
    """,
    )
    speaker = project.load().speakers[0]
    assert (speaker.id, speaker.name, speaker.honorific, speaker.organization) == (
        "no", "NO", "on", "yes")  # fmt: skip


def test_yaml_syntax_error(project: Project) -> None:
    bare(project)
    project.write(
        "content/speakers.yaml",
        """
        - id: john-park
          name: "John Park
        - id: x
    """,
    )
    assert project.problems() == [
        "content/speakers.yaml:2:9: YAML syntax error: a quoted value is not closed; "
        "add the closing quote"
    ]


def test_colon_in_a_plain_value(project: Project) -> None:
    bare(project)
    project.write(
        "content/panels.yaml",
        """
        - id: p
          title: Panel 1: Women
    """,
    )
    assert project.problems() == [
        "content/panels.yaml:2:17: YAML syntax error: a colon (:) followed by a space starts a "
        "new key here; if the colon is part of the text, put the whole value in double quotes; "
        "otherwise check this line's indentation"
    ]


def test_tab_indentation(project: Project) -> None:
    bare(project)
    project.write("content/panels.yaml", "- id: p\n\ttitle: T\n")
    assert project.problems() == [
        "content/panels.yaml:2:1: YAML syntax error: a tab character is not allowed here; "
        "indent with spaces, not tabs"
    ]


def test_unknown_field_suggests_the_right_one(project: Project) -> None:
    bare(project)
    project.write(
        "content/speakers.yaml",
        """
        - id: john-park
          name: John Park
          organisation: USIP
    """,
    )
    assert project.problems() == [
        'content/speakers.yaml:3:3: speakers[1].organisation: unknown field "organisation"; '
        'did you mean "organization"?'
    ]


def test_missing_required_field(project: Project) -> None:
    bare(project)
    project.write(
        "content/speakers.yaml",
        """
        - id: john-park
          position: Chairman
    """,
    )
    assert project.problems() == [
        'content/speakers.yaml:1:3: speakers[1]: missing required field "name"; add name: some text'
    ]


def test_wrong_type_text_instead_of_list(project: Project) -> None:
    bare(project)
    project.write(
        "content/publications.yaml",
        """
        - title: A report
          date: 2021-12-10
          authors: Frank Aum
          type: Special Report
    """,
    )
    assert project.problems() == [
        "content/publications.yaml:3:12: publications[1].authors: should be a list; "
        'write one item per line, each starting with "- "'
    ]


def test_wrong_type_list_instead_of_text(project: Project) -> None:
    bare(project)
    project.write(
        "content/speakers.yaml",
        """
        - id: john-park
          name: [John, Park]
    """,
    )
    assert project.problems() == [
        "content/speakers.yaml:2:9: speakers[1].name: is a list, but should be a single value; "
        "write some text"
    ]


def test_bad_time(project: Project) -> None:
    project.write(
        "content/agenda.yaml",
        """
        - start: 25:00
          end: 9:00 AM
          kind: other
          title: Slot
    """,
    )
    assert project.problems() == [
        'content/agenda.yaml:1:10: agenda[1].start: "25:00" is not a time of day; '
        "write e.g. 9:00 AM, 09:00 or 13:15"
    ]


def test_bad_date(project: Project) -> None:
    bare(project)
    project.write(
        "content/publications.yaml",
        """
        - title: A report
          date: December 10, 2021
          authors: [Frank Aum]
          type: Special Report
        - title: Another
          date: 2021-02-30
          authors: [Frank Aum]
          type: Special Report
    """,
    )
    assert project.problems() == [
        'content/publications.yaml:2:9: publications[1].date: "December 10, 2021" is not a date; '
        "write it as YYYY-MM-DD, e.g. 2011-07-19",
        'content/publications.yaml:6:9: publications[2].date: "2021-02-30" is not a day of the '
        "calendar; check the month and day",
    ]


def test_end_before_start(project: Project) -> None:
    project.write(
        "content/agenda.yaml",
        """
        - start: 10:30 AM
          end: 9:30 AM
          kind: other
          title: Slot
    """,
    )
    assert project.problems() == [
        "content/agenda.yaml:2:8: agenda[1].end: ends at 9:30 AM, not after it starts "
        "(10:30 AM); make end later than start"
    ]


def test_unknown_speaker_suggests_the_right_one(project: Project) -> None:
    bare(project)
    project.write("content/speakers.yaml", SPEAKERS)
    project.write("content/panels.yaml", "[]")
    project.write(
        "content/agenda.yaml",
        """
        - start: 9:00 AM
          end: 9:30 AM
          kind: opening
          title: Opening
          speakers:
            - speaker: sonia-plaza
            - speaker: jon-park
    """,
    )
    assert project.problems() == [
        'content/agenda.yaml:7:16: agenda[1].speakers[2].speaker: unknown speaker "jon-park"; '
        'did you mean "john-park"?'
    ]


def test_unknown_panel_and_panelist(project: Project) -> None:
    bare(project)
    project.write("content/speakers.yaml", SPEAKERS)
    project.write(
        "content/panels.yaml",
        """
        - id: panel-1
          title: Women
          panelists: [sonia-plaza, sonja-plaza]
    """,
    )
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 10:00, kind: panel, panel: panel-2}
    """,
    )
    assert project.problems() == [
        'content/agenda.yaml:1:49: agenda[1].panel: unknown panel "panel-2"; '
        'did you mean "panel-1"?',
        'content/panels.yaml:3:28: panels[1].panelists[2]: unknown speaker "sonja-plaza"; '
        'did you mean "sonia-plaza"?',
    ]


def test_duplicate_ids(project: Project) -> None:
    bare(project)
    project.write(
        "content/speakers.yaml",
        SPEAKERS
        + """
    - id: john-park
      name: Another John Park
    """,
    )
    assert project.problems() == [
        'content/speakers.yaml:6:7: speakers[3].id: duplicate id "john-park", already used by '
        "speakers[1]; give each entry its own id"
    ]


def test_duplicate_keys_are_refused(project: Project) -> None:
    bare(project)
    project.write(
        "content/speakers.yaml",
        """
        - id: john-park
          name: John Park
          name: Jon Park
    """,
    )
    assert project.problems() == [
        "content/speakers.yaml:3:3: speakers[1].name: is given twice (first on line 2); "
        "keep one of them"
    ]


def test_unknown_kind_suggests_the_right_one(project: Project) -> None:
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 10:00, kind: keynot, title: Keynote}
    """,
    )
    assert project.problems() == [
        'content/agenda.yaml:1:35: agenda[1].kind: "keynot" is not allowed; did you mean "keynote"?'
    ]


def test_unsafe_link_is_refused(project: Project) -> None:
    bare(project)
    project.write(
        "content/speakers.yaml",
        """
        - id: john-park
          name: John Park
          url: "java\\tscript:alert(1)"
    """,
    )
    assert project.problems() == [
        'content/speakers.yaml:3:8: speakers[1].url: "javascript:" addresses are not allowed; '
        "write an address starting with https://, http://, mailto: or tel:, or a relative path"
    ]


def test_every_problem_in_every_file_is_reported_at_once(project: Project) -> None:
    bare(project)
    project.write("content/event.yaml", (project.root / "content/event.yaml").read_text()
                  .replace("timezone: America/New_York", "timezone: America/New_Yrok"))  # fmt: skip
    project.write("content/speakers.yaml", "- id: x\n")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 8:00, kind: other, title: Early}
        - {start: 9:00, end: 10:00, kind: other}
    """,
    )
    assert project.problems() == [
        "content/agenda.yaml:1:22: agenda[1].end: ends at 8:00, not after it starts (9:00); "
        "make end later than start",
        'content/agenda.yaml:2:3: agenda[2]: missing required field "title"; add title: ..., '
        "or panel: <panel id> for a panel",
        'content/event.yaml:10:11: event.timezone: "America/New_Yrok" is not a time zone; '
        'did you mean "America/New_York"?',
        'content/speakers.yaml:1:3: speakers[1]: missing required field "name"; '
        "add name: some text",
    ]


def test_missing_event_file(project: Project) -> None:
    (project.root / "content/event.yaml").unlink()
    assert project.problems() == ["content/event.yaml: file is missing; create content/event.yaml"]


def test_aliases_and_python_tags_are_refused(project: Project) -> None:
    bare(project)
    project.write(
        "content/speakers.yaml",
        """
        - id: &a john-park
          name: *a
    """,
    )
    project.write(
        "content/panels.yaml",
        """
        - id: x
          title: !!python/object:os.system echo
    """,
    )
    assert project.problems() == [
        "content/panels.yaml:2:10: panels[1].title: the tag tag:yaml.org,2002:python/object:"
        "os.system is not allowed; remove it and write a plain value",
        "content/speakers.yaml:2:9: YAML aliases (*name) are not supported; "
        "write the value out in full",
    ]
