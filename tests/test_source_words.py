"""Messages in the words of the page an agenda was pasted from: one test per message, each with
the exact line an editor reads, from lines as real agendas write them."""

from __future__ import annotations

import pytest

from tests.conftest import Project

FIRST = "- start: 8:30 AM\n  end: 9:00 AM\n"
"""The example's first slot, as written in content/agenda.yaml."""


def _first_slot(project: Project, written: str) -> list[str]:
    """The problems of the example with its first slot's times written otherwise."""
    path = project.root / "content" / "agenda.yaml"
    text = path.read_text(encoding="utf-8")
    assert FIRST in text
    path.write_text(text.replace(FIRST, written, 1), encoding="utf-8")
    return project.problems()


def test_location_points_to_room_or_venue(project: Project) -> None:
    written = FIRST + "  location: Hall A\n"
    assert _first_slot(project, written) == [
        'content/agenda.yaml:6:3: agenda[1].location: unknown field "location"; write room: for '
        "a room of the venue, or venue: for another place (the id of one of venues in "
        "event.yaml)"
    ]


def test_a_city_is_a_locality(project: Project) -> None:
    path = project.root / "content" / "event.yaml"
    text = path.read_text(encoding="utf-8")
    # The example names no venue (its source gives none): a venue written with a city.
    venue = "venue:\n  city: Springfield\n"
    path.write_text(text.replace("venue_published: false\n", venue), "utf-8")
    assert project.problems() == [
        'content/event.yaml:17:3: event.venue.city: unknown field "city"; write locality:'
    ]


def test_a_time_range_in_one_field_is_split_into_start_and_end(project: Project) -> None:
    assert _first_slot(project, "- start: 7:30 PM – 9:00 PM\n") == [
        'content/agenda.yaml:4:10: agenda[1].start: "7:30 PM – 9:00 PM" is a time range, not a '
        "time of day; write start: 7:30 PM and end: 9:00 PM, each on a line of its own"
    ]


def test_a_range_with_one_am_gives_it_to_both_times(project: Project) -> None:
    assert _first_slot(project, '- start: "10 - 11 am"\n') == [
        'content/agenda.yaml:4:10: agenda[1].start: "10 - 11 am" is a time range, not a time of '
        "day; write start: 10 am and end: 11 am, each on a line of its own"
    ]


def test_a_space_after_the_colon_is_deleted(project: Project) -> None:
    assert _first_slot(project, "- start: 7: 30 AM\n  end: 9:00 AM\n") == [
        'content/agenda.yaml:4:11: YAML syntax error: a space after the colon in "7: 30 AM"; '
        "delete the space after the colon: 7:30 AM"
    ]


@pytest.mark.parametrize(
    ("written", "line"),
    [
        ("- start: noon\n", 'agenda[1].start: "noon" is not a time of day; write 12:00 PM'),
        ("- start: 12 noon\n", 'agenda[1].start: "12 noon" is not a time of day; write 12:00 PM'),
        ("- start: 9h30\n", 'agenda[1].start: "9h30" is not a time of day; write 09:30'),
        ("- start: 14 Uhr\n", 'agenda[1].start: "14 Uhr" is not a time of day; write 14:00'),
    ],
)
def test_noon_and_hours_as_french_and_german_agendas_write_them(
    project: Project, written: str, line: str
) -> None:
    assert _first_slot(project, written + "  end: 9:00 PM\n") == [
        f"content/agenda.yaml:4:10: {line}"
    ]


def test_an_end_to_be_announced_is_left_out(project: Project) -> None:
    assert _first_slot(project, "- start: 8:30 AM\n  end: TBD\n") == [
        'content/agenda.yaml:5:8: agenda[1].end: "TBD" is not a time of day; leave end out: a '
        "slot may have a start alone"
    ]


def test_a_start_to_be_announced_waits_for_it(project: Project) -> None:
    assert _first_slot(project, "- start: TBA\n") == [
        'content/agenda.yaml:4:10: agenda[1].start: "TBA" is not a time of day; leave the slot '
        "out until its time is published"
    ]


def test_an_affiliation_is_an_organization(project: Project) -> None:
    path = project.root / "content" / "speakers.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  organization: USIP\n" in text
    path.write_text(text.replace("  organization: USIP\n", "  affiliation: USIP\n", 1), "utf-8")
    (line,) = project.problems()
    assert line.endswith('.affiliation: unknown field "affiliation"; write organization:')
