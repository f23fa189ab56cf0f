"""The format of a multi-track programme (issue 11): lists per track, venues, segments, access,
draft status; and the messages that blame the right line, one test each."""

from __future__ import annotations

from datetime import date

import pytest

from eventsite.plan import timetable
from tests.conftest import REPO, Project

EVENT = """
    title: Test
    date: 2030-05-01
    end_date: 2030-05-02
    timezone: Europe/Berlin
    organizer: {name: Org}
    venue: {id: centre, name: Centre, locality: Berlin}
    venues:
      - {id: hotel, name: Hotel, street: 1 Hill, locality: Berlin, map_url: https://example.org/map}
"""


@pytest.fixture
def two_days(project: Project) -> Project:
    """A two-day event in two venues, with no speakers or panels yet."""
    project.write("content/event.yaml", EVENT)
    for name in ("speakers", "panels", "publications"):
        project.write(f"content/{name}.yaml", "[]")
    return project


JANE = "- {id: jane-doe, name: Jane Doe}"


def test_each_track_as_its_own_list_is_merged_in_time_order(two_days: Project) -> None:
    two_days.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 10:00, kind: keynote, title: Keynote}
        - {start: 11:00, end: 11:30, kind: break, title: Break}
        - {date: 2030-05-02, start: 9:00, end: 10:00, kind: wrap-up, title: Closing}
        """,
    )
    two_days.write(
        "content/agenda/b-practice.yaml",
        """
        track: Practice
        room: Room B
        sessions:
          - {start: 10:00, end: 11:00, kind: talk, title: Practice Talk}
        """,
    )
    two_days.write(
        "content/agenda/a-research.yaml",
        """
        - track: Research
          room: Room A
          sessions:
            - {start: 10:00, end: 10:30, kind: talk, title: First}
            - {start: 10:30, end: 11:00, kind: talk, title: Second}
        """,
    )
    site = two_days.load()
    assert [(s.heading, s.room, s.track) for s in site.sessions] == [
        ("Keynote", None, None),
        ("First", "Room A", "Research"),  # a-research.yaml before b-practice.yaml
        ("Practice Talk", "Room B", "Practice"),
        ("Second", "Room A", "Research"),
        ("Break", None, None),
        ("Closing", None, None),
    ]
    assert site.warnings == ()


def test_agenda_yaml_may_be_left_out_for_a_folder_of_tracks(two_days: Project) -> None:
    (two_days.root / "content/agenda.yaml").unlink()
    two_days.write("content/agenda/main.yaml", "- {start: 9:00, end: 10:00, kind: talk, title: A}")
    assert [s.heading for s in two_days.load().sessions] == ["A"]
    (two_days.root / "content/agenda/main.yaml").unlink()
    assert two_days.problems() == [
        "content/agenda.yaml: file is missing; create content/agenda.yaml"
    ]


def test_a_group_gives_its_sessions_its_day_status_and_access(two_days: Project) -> None:
    two_days.write(
        "content/agenda.yaml",
        """
        - date: 2030-05-02
          status: draft
          access: invitation
          access_note: by email
          venue: hotel
          sessions:
            - {start: 9:00, end: 10:00, kind: reception, title: Breakfast}
            - {start: 10:00, end: 11:00, kind: talk, title: Open Talk, access: open}
        """,
    )
    first, second = two_days.load().sessions
    assert first.start.date() == date(2030, 5, 2)
    assert (first.status, first.access, first.access_note) == ("draft", "invitation", "by email")
    assert first.venue is not None
    assert first.venue.name == "Hotel"
    assert second.access == "open", "a session's own field wins over its group's"


def test_overlaps_are_checked_within_a_room_never_across_parallel_ones(two_days: Project) -> None:
    two_days.write(
        "content/agenda.yaml",
        """
        - track: A
          sessions:
            - {start: 9:00, end: 10:00, kind: talk, title: One}
            - {start: 9:30, end: 10:30, kind: talk, title: Two}
        - track: B
          sessions:
            - {start: 9:00, end: 10:30, kind: talk, title: Three}
        - {start: 9:00, end: 10:00, kind: reception, title: Elsewhere, venue: hotel}
        """,
    )
    assert two_days.problems() == [
        "content/agenda.yaml:4:15: agenda[1].sessions[2].start: overlaps agenda[1].sessions[1] "
        '(9:00 AM - 10:00 AM on 2030-05-01); move one of them; both are in the track "A"'
    ]


def test_an_am_pm_typo_is_blamed_on_its_own_line_with_the_fix(two_days: Project) -> None:
    two_days.write(
        "content/agenda.yaml",
        """
        - {start: 8:00 AM, end: 8:45 pm, kind: registration, title: Doors}
        - {start: 8:45 AM, end: 9:30 AM, kind: opening, title: Welcome}
        - {start: 9:30 AM, end: 10:30 AM, kind: talk, title: Talk}
        - {start: 10:30 AM, end: 11:00 AM, kind: break, title: Coffee}
        - {start: 11:00 AM, end: 12:00 PM, kind: talk, title: Another}
        """,
    )
    assert two_days.problems() == [
        "content/agenda.yaml:1:25: agenda[1].end: runs 12 hours 45 minutes (8:00 AM - "
        "8:45 pm), over 12 hours; 8:45 pm: did you mean 8:45 am?"
    ], "the four slots after it are not said to overlap"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [("9:00", "8:45", "ends at 8:45, not after it starts (9:00); make end later than start"),
     ("21:00", "09:30", "ends at 09:30, not after it starts (21:00); 09:30: did you mean 21:30?"),
     ("9:00 PM", "9:45 PM", ""),
     ("8:00 PM", "1:00 AM", "ends at 1:00 AM, not after it starts (8:00 PM); make end later "
      "than start, or add end_date: 2030-05-02 if it runs past midnight"),
     ("7:00", "20:15", "runs 13 hours 15 minutes (7:00 - 20:15), over 12 hours; 20:15: did "
      "you mean 08:15?")],
)  # fmt: skip
def test_an_impossible_slot_says_what_to_write(
    two_days: Project, start: str, end: str, message: str
) -> None:
    two_days.write(
        "content/agenda.yaml", f'- {{start: "{start}", end: "{end}", kind: talk, title: A}}'
    )
    if not message:
        assert two_days.load().sessions[0].end.hour == 21
        return
    [problem] = two_days.problems()
    assert problem.split("agenda[1].end: ")[1] == message


def test_a_slot_that_runs_into_the_next_days_agenda(two_days: Project) -> None:
    two_days.write(
        "content/agenda.yaml",
        """
        - {start: 9:00 PM, end: 9:00 AM, end_date: 2030-05-02, kind: reception, title: Long}
        - {date: 2030-05-02, start: 8:30 AM, end: 9:30 AM, kind: talk, title: Morning}
        - {date: 2030-05-02, start: 9:30 AM, end: 10:30 AM, kind: talk, title: Next}
        """,
    )
    assert two_days.problems() == [
        "content/agenda.yaml:1:25: agenda[1].end: ends at 9:00 AM on 2030-05-02, after the next "
        "day's agenda begins (agenda[2] at 8:30 AM); end it before then, or check end_date"
    ]


def test_a_slot_without_its_date_in_a_two_day_agenda(two_days: Project) -> None:
    two_days.write(
        "content/agenda.yaml",
        """
        - {start: 9:00, end: 10:00, kind: talk, title: A}
        - {date: 2030-05-02, start: 9:00, end: 10:00, kind: talk, title: B}
        - {start: 10:00, end: 11:00, kind: talk, title: C}
        """,
    )
    assert two_days.problems() == [
        "content/agenda.yaml:3:3: agenda[3].date: has no date, so it is on the first day "
        "(2030-05-01), though agenda[2] above it is on 2030-05-02; add date: 2030-05-02 (or "
        "the slot's own day)"
    ]


def test_an_unquoted_decimal_time_is_refused_as_editors_read_it(two_days: Project) -> None:
    two_days.write("content/agenda.yaml", "- {start: 8.30, end: 10:00, kind: talk, title: A}")
    assert two_days.problems() == [
        "content/agenda.yaml:1:11: agenda[1].start: 8.30 without quotes is a number, not a "
        "time; write 8:30"
    ]
    two_days.write("content/agenda.yaml", '- {start: "8.30", end: 10:00, kind: talk, title: A}')
    assert two_days.load().sessions[0].start.minute == 30


def test_digits_of_other_scripts_are_not_a_time(two_days: Project) -> None:
    two_days.write("content/agenda.yaml", "- {start: \uff18:30, end: 10:00, kind: talk, title: A}")
    assert two_days.problems() == [
        'content/agenda.yaml:1:11: agenda[1].start: "\uff18:30" is not a time of day; write e.g. '
        "9:00 AM, 09:00 or 13:15"
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [("EST", "write the venue's zone as Area/City, e.g. America/New_York or Europe/Berlin"),
     ("GMT", "write the venue's zone as Area/City, e.g. America/New_York or Europe/Berlin"),
     ("Japan", "write the venue's zone as Area/City, e.g. America/New_York or Europe/Berlin"),
     ("tokyo", 'did you mean "Asia/Tokyo"?'),
     ("europe/berlin", 'did you mean "Europe/Berlin"?'),
     ("Europe/Berln", 'did you mean "Europe/Berlin"?')],
)  # fmt: skip
def test_a_zone_that_is_not_a_place_never_suggests_itself(
    two_days: Project, written: str, hint: str
) -> None:
    two_days.write("content/event.yaml", EVENT.replace("Europe/Berlin", written))
    problems = [p for p in two_days.problems() if "timezone" in p]
    assert problems == [
        f'content/event.yaml:4:11: event.timezone: "{written}" is not a time zone; {hint}'
    ]


def test_a_missing_venue_asks_for_its_fields(two_days: Project) -> None:
    two_days.write("content/agenda.yaml", "[]")
    two_days.write(
        "content/event.yaml", "title: T\ndate: 2030-05-01\ntimezone: UTC\norganizer: {name: O}\n"
    )
    assert two_days.problems() == [
        'content/event.yaml:1:1: event: missing required field "venue"; add venue: with '
        "name: or locality: indented below it, venue_published: false if the source names no "
        "place, or attendance: online for an event held online only"
    ]


def test_other_venues_need_ids_of_their_own(two_days: Project) -> None:
    two_days.write("content/agenda.yaml", "[]")
    more = "      - {name: No Id, locality: Berlin}\n      - {id: centre, locality: Berlin}\n"
    two_days.write("content/event.yaml", EVENT.rstrip(" ") + more)
    assert two_days.problems() == [
        'content/event.yaml:9:5: event.venues[2]: missing required field "id"; add id: a short '
        "name that sessions give as venue, e.g. hotel",
        'content/event.yaml:10:10: event.venues[3].id: duplicate id "centre", already used by '
        "event.venue; give each venue its own id",
    ]


def test_an_unknown_venue_suggests_the_right_one(two_days: Project) -> None:
    two_days.write(
        "content/agenda.yaml", "- {start: 9:00, end: 10:00, kind: talk, title: A, venue: hotle}"
    )
    assert two_days.problems() == [
        'content/agenda.yaml:1:58: agenda[1].venue: unknown venue "hotle"; did you mean "hotel"?'
    ]


def test_segments_keep_within_their_session_and_in_order(two_days: Project) -> None:
    two_days.write("content/speakers.yaml", JANE)
    two_days.write(
        "content/agenda.yaml",
        """
        - start: 9:00
          end: 10:00
          kind: opening
          title: Plenary
          segments:
            - {title: Welcome, start: 9:00, speakers: [{speaker: jane-doe, role: Host}]}
            - {title: Remarks, start: 9:40}
            - {title: Talk, start: 9:20}
            - {title: Late, start: 10:30}
            - {title: Untimed}
        """,
    )
    assert two_days.problems() == [
        "content/agenda.yaml:8:28: agenda[1].segments[3].start: 9:20 AM comes before the part "
        "above it (9:40 AM); keep the segments in time order",
        "content/agenda.yaml:9:28: agenda[1].segments[4].start: 10:30 AM is outside its session "
        "(9:00 AM - 10:00 AM); correct the time, or the session's start or end",
    ]


def test_segments_of_a_session_past_midnight_fall_on_the_next_day(two_days: Project) -> None:
    two_days.write(
        "content/agenda.yaml",
        """
        - start: 10:00 PM
          end: 1:00 AM
          end_date: 2030-05-02
          kind: reception
          title: Late
          segments: [{title: Toast, start: 11:30 PM}, {title: Goodnight, start: 12:30 AM}]
        """,
    )
    toast, goodnight = two_days.load().sessions[0].segments
    assert toast.start is not None
    assert toast.start.date() == date(2030, 5, 1)
    assert goodnight.start is not None
    assert goodnight.start.date() == date(2030, 5, 2)


def test_segment_people_count_as_on_the_agenda(two_days: Project) -> None:
    two_days.write("content/speakers.yaml", JANE)
    two_days.write(
        "content/agenda.yaml",
        "- {start: 9:00, end: 10:00, kind: opening, title: P, segments: "
        "[{title: W, speakers: [{speaker: jane-doe, role: Host}]}]}",
    )
    site = two_days.load()
    assert site.warnings == (), "jane-doe speaks in a segment: she is on the agenda"
    assert [(a.speaker.id, a.role) for a in site.sessions[0].people] == [("jane-doe", "Host")]


def test_a_two_day_event_with_one_day_of_agenda(two_days: Project) -> None:
    two_days.write("content/agenda.yaml", "- {start: 8:00, end: 10:20, kind: talk, title: A}")
    site = two_days.load()
    days = timetable.days(site)
    assert [(d.date, len(d.sessions)) for d in days] == [
        (date(2030, 5, 1), 1),
        (date(2030, 5, 2), 0),
    ], "every day of the event, the second still empty"


def test_the_summit_example_checks_clean() -> None:
    project = Project(REPO / "examples" / "summit")
    site = project.load()
    assert site.warnings == ()
    assert len(site.sessions) == 23
    assert {s.status for s in site.sessions if s.start.day == 13} == {"draft"}
    assert {s.access for s in site.sessions} >= {"open", "invitation", "registration"}
    assert any(s.segments for s in site.sessions)
    assert {s.venue.id for s in site.sessions if s.venue} == {"hotel"}
