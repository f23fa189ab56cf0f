"""Schedule checks and checks across records: a file that triggers each, and one that does not."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Project

SPEAKERS = """
    - id: john-park
      name: John Park
    - id: sonia-plaza
      name: Sonia Plaza
"""


def event(project: Project, day: str, last: str | None = None, zone: str = "UTC") -> None:
    """A plain event on `day` (to `last`), with no speakers, panels or publications."""
    end = f"end_date: {last}\n" if last else ""
    project.write(
        "content/event.yaml",
        f"title: Test\ndate: {day}\n{end}timezone: {zone}\n"
        "organizer: {name: Org}\nvenue: {locality: Town}\n",
    )
    for name in ("speakers", "panels", "publications"):
        project.write(f"content/{name}.yaml", "[]")


def warnings(project: Project) -> list[str]:
    """The warnings of a project that loads without errors."""
    return [str(w) for w in project.load().warnings]


def test_the_example_has_no_warnings_and_no_errors(project: Project) -> None:
    # Its gap and its panels without a named moderator are the source's, and it says so
    # (test_unpublished.py takes those words away and finds the warnings again).
    assert warnings(project) == []


def test_a_slot_is_read_on_its_own_date(project: Project) -> None:
    event(project, "2030-05-01", "2030-05-02")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 10:00, kind: other, title: A}
        - {date: 2030-05-02, start: 9:00, end: 10:00, kind: other, title: B}
    """,
    )
    site = project.load()
    assert [s.start for s in site.sessions] == [
        datetime(2030, 5, 1, 9, tzinfo=ZoneInfo("UTC")),
        datetime(2030, 5, 2, 9, tzinfo=ZoneInfo("UTC")),
    ]
    assert site.warnings == ()


def test_out_of_order(project: Project) -> None:
    event(project, "2030-05-01")
    in_order = """
        - {start: 9:00, end: 10:00, kind: other, title: A}
        - {start: 10:00, end: 11:00, kind: other, title: B}
    """
    project.write("content/agenda.yaml", in_order)
    assert warnings(project) == []
    project.write("content/agenda.yaml", "\n".join(reversed(in_order.split("\n")[1:3])))
    assert project.problems() == [
        "content/agenda.yaml:2:11: agenda[2].start: starts at 9:00 AM on 2030-05-01, before "
        "agenda[1] above it (10:00 AM on 2030-05-01); keep the agenda in time order: "
        "move this slot up"
    ]


def test_overlap(project: Project) -> None:
    event(project, "2030-05-01")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 10:00, kind: talk, title: A}
        - {start: 9:30, end: 10:30, kind: talk, title: B}
    """,
    )
    assert project.problems() == [
        "content/agenda.yaml:2:11: agenda[2].start: overlaps agenda[1] (9:00 AM - 10:00 AM on "
        "2030-05-01); start it at 10:00 AM or later, or give both slots different rooms or tracks"
    ]


@pytest.mark.parametrize(
    ("a", "b", "parallel"),
    [("room: Hall A", "room: Hall B", True), ("track: Policy", "track: Markets", True),
     ("room: Hall A, track: Policy", "room: Hall A, track: Markets", False),
     ("track: Policy", "track: Policy", False), ("room: Hall A", "track: Markets", False)],
)  # fmt: skip
def test_parallel_slots_may_overlap(project: Project, a: str, b: str, parallel: bool) -> None:
    event(project, "2030-05-01")
    project.write(
        "content/agenda.yaml",
        f"""
        - {{start: 9:00, end: 10:00, kind: talk, title: A, {a}}}
        - {{start: 9:00, end: 10:00, kind: talk, title: B, {b}}}
    """,
    )
    if parallel:
        assert warnings(project) == []
    else:
        assert len(problems := project.problems()) == 1
        assert "agenda[2].start: overlaps agenda[1]" in problems[0]


def test_same_room_at_the_same_time_says_so(project: Project) -> None:
    event(project, "2030-05-01")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 10:00, kind: talk, title: A, room: Hall A}
        - {start: 9:30, end: 10:00, kind: talk, title: B, room: Hall A}
    """,
    )
    assert project.problems()[0].endswith('; move one of them; both are in the room "Hall A"')


def test_slot_outside_the_event_days(project: Project) -> None:
    event(project, "2030-05-01", "2030-05-02")
    agenda = """
        - {start: 9:00, end: 10:00, kind: other, title: A}
        - {date: 2030-05-02, start: 9:00, end: 10:00, kind: other, title: B}
    """
    project.write("content/agenda.yaml", agenda)
    assert warnings(project) == []
    project.write("content/agenda.yaml", agenda.replace("05-02, start", "05-03, start"))
    assert project.problems() == [
        "content/agenda.yaml:2:10: agenda[2].date: 2030-05-03 is not a day of the event "
        "(2030-05-01 to 2030-05-02); correct the date, or change date or end_date in event.yaml"
    ]


def test_gap_is_a_warning_and_no_gap_is_none(project: Project) -> None:
    event(project, "2030-05-01", "2030-05-02")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 10:00, kind: talk, title: A}
        - {start: 10:00, end: 17:00, kind: talk, title: B}
        - {date: 2030-05-02, start: 9:00, end: 10:00, kind: talk, title: C}
    """,
    )
    assert warnings(project) == [], "back-to-back slots and a night between days are no gap"
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 10:00, kind: talk, title: A}
        - {start: 11:15, end: 12:00, kind: talk, title: B}
    """,
    )
    assert warnings(project) == [
        "content/agenda.yaml:2:11: agenda[2].start: 1 hour 15 minutes with nothing on the "
        "agenda before this slot (10:00 AM - 11:15 AM); add a slot (a break, say), or start "
        "this one at 10:00 AM (warning)"
    ]


def test_parallel_slots_cover_the_time_between_them(project: Project) -> None:
    event(project, "2030-05-01")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 11:00, kind: talk, title: Long, room: A}
        - {start: 9:00, end: 10:00, kind: talk, title: Short, room: B}
        - {start: 11:00, end: 12:00, kind: talk, title: Next}
    """,
    )
    assert warnings(project) == []


def test_panel_without_moderator_and_unused_records(project: Project) -> None:
    event(project, "2030-05-01")
    project.write("content/speakers.yaml", SPEAKERS)
    project.write(
        "content/panels.yaml",
        """
        - id: panel-1
          title: Used
          moderator: john-park
          panelists: [sonia-plaza]
        - id: panel-2
          title: Not on the agenda
    """,
    )
    project.write("content/agenda.yaml", "- {start: 9:00, end: 10:00, kind: panel, panel: panel-1}")
    assert warnings(project) == [
        'content/panels.yaml:5:7: panels[2].id: panel "panel-2" is on no agenda slot, so the '
        "page does not show it; add a slot with panel: panel-2 to agenda.yaml, or remove the "
        "panel (warning)"
    ]
    project.write(
        "content/panels.yaml",
        """
        - id: panel-1
          title: Used
          panelists: [sonia-plaza]
    """,
    )
    assert warnings(project) == [
        "content/panels.yaml:1:3: panels[1]: has no moderator; add moderator: <speaker id>, or "
        "moderator_published: false if the source names none (warning)",
        'content/speakers.yaml:1:7: speakers[1].id: "john-park" is in no agenda slot and on no '
        "panel on the agenda; add them to a slot's speakers or a panel, or remove the entry "
        "(warning)",
    ]


def test_duplicate_session_ids(project: Project) -> None:
    event(project, "2030-05-01")
    project.write(
        "content/agenda.yaml",
        """
        - {id: intro, start: 9:00, end: 10:00, kind: talk, title: A}
        - {id: intro, start: 10:00, end: 11:00, kind: talk, title: B}
    """,
    )
    assert project.problems() == [
        'content/agenda.yaml:2:8: agenda[2].id: duplicate id "intro", already used by agenda[1]; '
        "give each slot its own id"
    ]


def test_a_slot_past_midnight(project: Project) -> None:
    event(project, "2030-05-01", "2030-05-02")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 8:00 PM, end: 1:00 AM, kind: other, title: Late}
    """,
    )
    assert project.problems() == [
        "content/agenda.yaml:1:25: agenda[1].end: ends at 1:00 AM, not after it starts "
        "(8:00 PM); make end later than start, or add end_date: 2030-05-02 if it runs past "
        "midnight"
    ]
    late = "- {start: 8:00 PM, end: 1:00 AM, end_date: 2030-05-02, kind: other, title: Late}\n"
    project.write("content/agenda.yaml", late)
    site = project.load()
    assert site.sessions[0].end - site.sessions[0].start == timedelta(hours=5)
    assert site.warnings == ()
    project.write(
        "content/agenda.yaml",
        late + "- {date: 2030-05-02, start: 12:30 AM, end: 2:00 AM, kind: other, title: After}",
    )
    assert project.problems() == [
        "content/agenda.yaml:1:25: agenda[1].end: ends at 1:00 AM on 2030-05-02, after the next "
        "day's agenda begins (agenda[2] at 12:30 AM); end it before then, or check end_date"
    ], "the slot that runs on is to blame, not the next day's first slot"
    project.write(
        "content/agenda.yaml",
        "- {start: 8:00 PM, end: 1:00 AM, end_date: 2030-05-03, kind: other, title: Late}\n",
    )
    assert project.problems() == [
        "content/agenda.yaml:1:44: agenda[1].end_date: the slot would run from 2030-05-01 to "
        "2030-05-03; a slot can run past midnight into the next day, no longer; split it into "
        "one slot per day"
    ]


def test_daylight_saving_changes(project: Project) -> None:
    # New York: on 2030-03-10 the clocks jump from 2:00 to 3:00 AM; on 2030-11-03 they go
    # back from 2:00 to 1:00 AM, so 1:30 AM happens twice.
    event(project, "2030-03-10", zone="America/New_York")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 1:00 AM, end: 1:30 AM, kind: other, title: Before}
        - {start: 3:30 AM, end: 4:00 AM, kind: other, title: After}
    """,
    )
    assert warnings(project) == [
        "content/agenda.yaml:2:11: agenda[2].start: 1 hour with nothing on the agenda before "
        "this slot (1:30 AM - 3:30 AM); add a slot (a break, say), or start this one at "
        "1:30 AM (warning)"
    ], "the gap is one real hour, not the two the clock shows"
    project.write("content/agenda.yaml", "- {start: 2:30 AM, end: 4:00 AM, kind: other, title: X}")
    assert project.problems() == [
        "content/agenda.yaml:1:11: agenda[1].start: 2:30 AM does not exist on 2030-03-10 in "
        "America/New_York: the clocks skip that hour; choose a time outside the skipped hour"
    ]
    event(project, "2030-11-03", zone="America/New_York")
    project.write(
        "content/agenda.yaml",
        """
        - {start: 12:30 AM, end: 1:30 AM, kind: other, title: Twice}
        - {start: 1:30 AM, end: 3:00 AM, kind: other, title: Long}
    """,
    )
    site = project.load()
    assert (site.sessions[1].end - site.sessions[1].start).total_seconds() == 1.5 * 3600
    assert [str(w) for w in site.warnings] == [
        "content/agenda.yaml:1:26: agenda[1].end: 1:30 AM happens twice on 2030-11-03 in "
        "America/New_York (the clocks go back); it is read as the first time, EDT; choose a "
        "time outside the repeated hour to avoid confusion (warning)",
        "content/agenda.yaml:2:11: agenda[2].start: 1:30 AM happens twice on 2030-11-03 in "
        "America/New_York (the clocks go back); it is read as the first time, EDT; choose a "
        "time outside the repeated hour to avoid confusion (warning)",
    ]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventsite", *args], capture_output=True, text=True, check=False
    )


def _three_warnings(project: Project) -> None:
    """The example as it would be without saying that its gap and missing moderators are the
    source's: three warnings."""
    for name, said in (("agenda", "  gap_before: true"), ("panels", "  moderator_published")):
        path = project.root / "content" / f"{name}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(x for x in lines if not x.startswith(said)), encoding="utf-8")


def test_build_prints_warnings_and_still_builds(project: Project) -> None:
    _three_warnings(project)
    run = run_cli("build", "--project", str(project.root))
    assert run.returncode == 0
    assert [line.endswith("(warning)") for line in run.stderr.splitlines()] == [True] * 3
    assert run.stdout.startswith("built 1 page")
    assert (project.root / "public/index.html").is_file()


@pytest.mark.parametrize("command", ["check", "build"])
def test_strict_turns_warnings_into_errors(project: Project, command: str) -> None:
    _three_warnings(project)
    run = run_cli(command, "--strict", "--project", str(project.root))
    assert run.returncode == 1
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("content/agenda.yaml:31:10: agenda[5].start: 15 minutes")
    assert not any(line.endswith("(warning)") for line in lines)
    assert not (project.root / "public").exists()
