"""The same content before, during and after the event, and when it is called off."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from eventsite.cli import main
from tests.outputs_support import (
    AFTER,
    BEFORE,
    DURING,
    build_at,
    every_file,
    make_project,
    page,
    text,
    the_event,
)

REGISTRATION = """
registration:
  url: https://www.example.org/register
"""
FOLLOW_UP = """
recording_url: https://www.example.org/recording
report_url: https://www.example.org/report
"""


def links(tree: Any) -> dict[str, str]:
    return {" ".join(a.text_content().split()): a.get("href") for a in tree.iter("a")}


def eyebrow(tree: Any) -> str:
    return " ".join(tree.xpath('//p[@class="eyebrow"]')[0].text_content().split())


def calendars_offered(tree: Any) -> int:
    """The whole event's calendar menu, and each slot's calendar link."""
    menus = tree.xpath('//details[@class="add-to-calendar"]')
    return len(menus) + len(tree.xpath('//a[@class="slot__calendar"]'))


def test_before_the_event(tmp_path: Path) -> None:
    project = make_project(tmp_path, event_extra=REGISTRATION + FOLLOW_UP)
    tree = page(build_at(project, BEFORE))
    assert eyebrow(tree) == "Upcoming event"
    assert (
        "This event will take place on Tuesday, July 19, 2011, from 8:30 AM to 3:15 PM EDT."
        in text(tree)
    )
    assert "held" not in text(tree).split("About the event")[0]
    assert links(tree)["Register"] == "https://www.example.org/register"
    assert "Watch the recording" not in links(tree)
    assert calendars_offered(tree) == 11  # the whole event and each of the ten slots
    offer = the_event(tree)["offers"]
    assert offer["availability"] == "https://schema.org/InStock"


def test_no_registration_link_unless_configured(tmp_path: Path) -> None:
    tree = page(build_at(make_project(tmp_path), BEFORE))
    assert "Register" not in links(tree)
    assert "offers" not in the_event(tree)


def test_during_the_event(tmp_path: Path) -> None:
    tree = page(build_at(make_project(tmp_path, event_extra=REGISTRATION), DURING))
    assert eyebrow(tree) == "Happening now"
    assert "This event is taking place now." in text(tree)
    assert "Register" in links(tree)


def test_after_the_event(tmp_path: Path) -> None:
    project = make_project(tmp_path, event_extra=REGISTRATION + FOLLOW_UP)
    tree = page(build_at(project, AFTER))
    assert eyebrow(tree) == "Past event"
    assert "This event was held on Tuesday, July 19, 2011." in text(tree)
    assert "Register" not in links(tree)
    assert links(tree)["Watch the recording"] == "https://www.example.org/recording"
    assert links(tree)["Read the event report"] == "https://www.example.org/report"
    assert calendars_offered(tree) == 0
    assert the_event(tree)["eventStatus"] == "https://schema.org/EventScheduled"
    assert "availability" not in the_event(tree)["offers"]


def test_the_example_as_it_is_today(tmp_path: Path) -> None:
    tree = page(build_at(make_project(tmp_path), datetime(2026, 1, 1)))
    assert eyebrow(tree) == "Past event"
    assert "This event was held on Tuesday, July 19, 2011." in text(tree)
    assert "Register" not in links(tree)
    assert "Watch the recording" not in links(tree)


@pytest.mark.parametrize(
    ("status", "says", "schema"),
    [
        ("cancelled", "This event has been cancelled.", "EventCancelled"),
        ("postponed", "This event has been postponed.", "EventPostponed"),
    ],
)
def test_called_off(tmp_path: Path, status: str, says: str, schema: str) -> None:
    project = make_project(tmp_path, event_extra=f"status: {status}" + REGISTRATION)
    for now in (BEFORE, AFTER):
        tree = page(build_at(project, now))
        assert says in text(tree)
        assert status.capitalize() in eyebrow(tree)
        assert "will take place" not in text(tree)
        assert "was held" not in text(tree)
        assert "Register" not in links(tree)
        assert calendars_offered(tree) == 0
        event = the_event(tree)
        assert event["eventStatus"] == f"https://schema.org/{schema}"
        # The sessions share the event's status: none says otherwise.
        assert not any("eventStatus" in s for s in event["subEvent"])


def test_moved_online(tmp_path: Path) -> None:
    extra = "status: moved-online\nonline_url: https://www.example.org/live"
    tree = page(build_at(make_project(tmp_path, event_extra=extra), BEFORE))
    assert "This event will take place online on Tuesday, July 19, 2011" in text(tree)
    assert links(tree)["Join online"] == "https://www.example.org/live"
    event = the_event(tree)
    assert event["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://www.example.org/live"}


def test_every_time_shows_its_zone_and_every_date_its_weekday_and_year(tmp_path: Path) -> None:
    tree = page(build_at(make_project(tmp_path), BEFORE))
    for spoken in tree.find_class("visually-hidden"):  # the zone's name, said in full
        spoken.drop_tree()
    times = tree.xpath("//time[contains(@datetime, 'T')]")
    assert len(times) == 24  # the hero's start and end, the notice's, and each slot's
    for element in times:
        # The zone follows the time, or the end of the range the time belongs to.
        after = " ".join(element.getparent().text_content().split())
        assert re.search(r"\d:\d\d [AP]M EDT\.?$", after), after
    dates = tree.xpath("//time[not(contains(@datetime, 'T'))]")
    assert len(dates) == 5  # the event's day and each publication's
    weekday = (
        r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [A-Z][a-z]+ \d{1,2}, \d{4}"
    )
    for element in dates:
        assert re.fullmatch(weekday, element.text_content()), element.text_content()
    for sentence in re.findall(r"\d{1,2}:\d\d [AP]M[^.]*\.", text(tree).split("About the")[0]):
        assert "EDT" in sentence


def test_source_date_epoch_sets_the_moment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BEFORE.timestamp())))
    assert main(["build", "--project", str(project), "--out", str(tmp_path / "a")]) == 0
    assert main(["build", "--project", str(project), "--out", str(tmp_path / "b")]) == 0
    assert eyebrow(page(tmp_path / "a")) == "Upcoming event"
    assert every_file(tmp_path / "a") == every_file(tmp_path / "b")


def test_same_moment_same_bytes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    for now in (BEFORE, DURING, AFTER):
        one = every_file(build_at(project, now, base_url="https://e.example/", name=f"1-{now:%j}"))
        two = every_file(build_at(project, now, base_url="https://e.example/", name=f"2-{now:%j}"))
        # the pages, calendars, feeds, static files, the offline worker and, with base_url,
        # the link previews' card (card.<fingerprint>.png)
        assert len(one) == 25
        assert one == two


def test_cli_now(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "out"
    assert (
        main(["build", "--project", str(project), "--out", str(out), "--now", "2011-07-19T10:00"])
        == 0
    )
    assert eyebrow(page(out)) == "Happening now"  # 10:00 at the venue, not in UTC
    assert (
        main(["build", "--project", str(project), "--out", str(out), "--now", "2011-07-19T13:00Z"])
        == 0
    )
    assert eyebrow(page(out)) == "Happening now"
    assert main(["build", "--project", str(project), "--out", str(out), "--now", "2011-07-18"]) == 0
    assert eyebrow(page(out)) == "Upcoming event"
    assert main(["check", "--project", str(project), "--now", "2011-07-20"]) == 0
    assert "as of 2011-07-20 00:00 EDT: the event is over" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:
        main(["build", "--project", str(project), "--now", "next tuesday"])
    assert stop.value.code == 2
    assert '"next tuesday" is not a date or time; write e.g. 2011-07-19' in capsys.readouterr().err


def test_cli_base_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "out"
    args = ["build", "--project", str(project), "--out", str(out), "--now", "2011-07-01"]
    assert main([*args, "--base-url", "https://events.example.org/m"]) == 0
    assert (out / "sitemap.xml").is_file()
    assert page(out).xpath('//link[@rel="canonical"]/@href') == ["https://events.example.org/m/"]
    with pytest.raises(SystemExit):
        main([*args, "--base-url", "events.example.org"])
    assert '"events.example.org" is not a full web address' in capsys.readouterr().err
