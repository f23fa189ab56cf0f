"""Calendar files, read back by two independent parsers and compared with the agenda in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import icalendar
import ics
import pytest

from eventsite.load.event import load_site
from eventsite.model import Site
from tests.outputs_support import (
    AFTER,
    BEFORE,
    FULL,
    build_at,
    every_file,
    make_project,
    page,
)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    project = make_project(tmp_path_factory.mktemp("example"))
    return load_site(project), build_at(project, BEFORE)


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    project = make_project(tmp_path_factory.mktemp("workshop"), FULL)
    return load_site(project), build_at(project, BEFORE, base_url="https://events.example.org/ws")


def slot_files(out: Path) -> list[Path]:
    return sorted((out / "calendar").glob("*.ics"))


def parse_both(path: Path) -> tuple[icalendar.Event, ics.Event]:
    """The file's one event, as icalendar and as ics read it."""
    data = path.read_bytes()
    first = icalendar.Calendar.from_ical(data)
    events = first.walk("VEVENT")
    second = ics.Calendar(data.decode("utf-8"))
    assert len(events) == 1
    assert len(second.events) == 1
    return events[0], next(iter(second.events))


def test_one_calendar_file_per_slot_with_the_agendas_times_in_utc(
    example: tuple[Site, Path],
) -> None:
    site, out = example
    files = slot_files(out)
    assert len(files) == len(site.sessions) == 10
    seen = []
    for path in files:
        first, second = parse_both(path)
        start, end = first.decoded("dtstart"), first.decoded("dtend")
        assert utc(second.begin.datetime) == utc(start)
        assert utc(second.end.datetime) == utc(end)
        assert second.name == str(first["summary"])
        seen.append((utc(start), utc(end), str(first["summary"])))
    expected = [(utc(s.start), utc(s.end), s.heading) for s in site.sessions]
    assert sorted(seen) == sorted(expected)
    # Written out by hand from the source: 8:30 AM EDT is 12:30 UTC; 3:15 PM EDT is 19:15 UTC.
    assert min(seen)[0] == datetime(2011, 7, 19, 12, 30, tzinfo=UTC)
    assert max(seen)[1] == datetime(2011, 7, 19, 19, 15, tzinfo=UTC)


def test_whole_event_file_spans_the_agenda(example: tuple[Site, Path]) -> None:
    site, out = example
    first, second = parse_both(out / "event.ics")
    assert (
        str(first["summary"]) == second.name == "Informal Markets and Peacebuilding in North Korea"
    )
    assert site.starts is not None
    assert site.ends is not None
    assert utc(first.decoded("dtstart")) == utc(second.begin.datetime) == utc(site.starts)
    assert utc(first.decoded("dtend")) == utc(second.end.datetime) == utc(site.ends)
    # The source names no place: no LOCATION (a venue's is below, in the workshop's files).
    assert "location" not in first
    assert second.location is None


def test_times_carry_the_venues_zone_with_a_vtimezone(example: tuple[Site, Path]) -> None:
    _, out = example
    raw = (out / "event.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=America/New_York:20110719T083000" in raw
    calendar = icalendar.Calendar.from_ical(raw)
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["America/New_York"]
    assert calendar.get_missing_tzids() == set()
    assert "TZNAME:EDT" in raw
    assert "TZOFFSETTO:-0400" in raw


def test_speakers_and_their_roles_are_in_the_description(example: tuple[Site, Path]) -> None:
    _, out = example
    panel = icalendar.Calendar.from_ical(
        (
            out
            / "calendar"
            / "1215-panel-2-the-impact-of-remittances-on-local-political-economy.ics"
        ).read_bytes()
    ).walk("VEVENT")[0]
    described = str(panel["description"])
    assert "Moderator: Dr. Raymond Gilpin, Director, Sustainable Economies, USIP" in described
    assert "Panelist: Mr. In-Ho Park, President, DailyNK" in described
    assert "Panelist: Dr. Sonia Plaza" in described
    opening = icalendar.Calendar.from_ical(
        (out / "calendar" / "0900-opening-session.ics").read_bytes()
    ).walk("VEVENT")[0]
    assert "Welcoming Remarks: Amb. William B. Taylor" in str(opening["description"])
    assert "Keynote Speaker: Dr. Stephen Linton, Chairman" in str(opening["description"])
    whole = icalendar.Calendar.from_ical((out / "event.ics").read_bytes()).walk("VEVENT")[0]
    assert "12:15 PM - 1:15 PM  Panel 2" in str(whole["description"])
    assert "(lunch will be provided to participants)" in str(whole["description"])


def test_uids_are_unique_and_stable_and_stamps_come_from_the_content(
    example: tuple[Site, Path], tmp_path: Path
) -> None:
    _, out = example
    later = build_at(make_project(tmp_path), AFTER)  # another moment, another folder
    uids = []
    for path in [out / "event.ics", *slot_files(out)]:
        assert path.read_bytes() == (later / path.relative_to(out)).read_bytes()
        event = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]
        uids.append(str(event["uid"]))
        assert event.decoded("dtstamp") == utc(event.decoded("dtstart"))
    assert len(set(uids)) == len(uids) == 11


def test_lines_are_folded_and_text_escaped(workshop: tuple[Site, Path]) -> None:
    site, out = workshop
    for path in [out / "event.ics", *slot_files(out)]:
        data = path.read_bytes()
        assert data.endswith(b"\r\n")
        for line in data.split(b"\r\n"):
            assert len(line) <= 75, line  # RFC 5545 3.1: 75 octets, then fold
            line.decode("utf-8")  # folding never splits a character
    raw = (out / "event.ics").read_text(encoding="utf-8")
    assert "SUMMARY:Markets\\, Money\\; and Trust" in raw
    first, second = parse_both(out / "event.ics")
    assert str(first["summary"]) == second.name == site.event.title
    assert second.location == "Example Hall, Musterstraße 1, Berlin, 10115, DE"


def test_utc_times_across_a_change_to_summer_time(workshop: tuple[Site, Path]) -> None:
    site, out = workshop
    calendar = out / "calendar"
    first_day, _ = parse_both(calendar / "2031-03-29-0900-welcome-and-a-word-on-trust.ics")
    second_day, parsed = parse_both(calendar / "remittances.ics")  # the slot's own id names it
    # 9:00 in Berlin is 8:00 UTC in winter time (CET) and 7:00 UTC in summer time (CEST).
    assert utc(first_day.decoded("dtstart")) == datetime(2031, 3, 29, 8, 0, tzinfo=UTC)
    assert utc(second_day.decoded("dtstart")) == datetime(2031, 3, 30, 7, 0, tzinfo=UTC)
    assert utc(parsed.begin.datetime) == datetime(2031, 3, 30, 7, 0, tzinfo=UTC)
    whole, whole_ics = parse_both(out / "event.ics")
    assert whole.decoded("dtstart") == date(2031, 3, 29)  # several days: whole days
    assert whole.decoded("dtend") == date(2031, 3, 31)
    assert whole_ics.all_day
    assert str(whole["url"]) == "https://events.example.org/ws/"
    assert parsed.location == "Room 2, Example Hall, Musterstraße 1, Berlin, 10115, DE"
    assert "What household surveys say about money sent home." in str(second_day["description"])
    assert len(slot_files(out)) == len(site.sessions)


def test_private_speaker_is_in_no_calendar_file(workshop: tuple[Site, Path]) -> None:
    _, out = workshop
    assert "Pseudonym" in page(out).text_content()  # people still see the name on the page
    for path in [out / "event.ics", *slot_files(out)]:
        unfolded = path.read_text(encoding="utf-8").replace("\r\n ", "")
        assert "Pseudonym" not in unfolded
        assert "Min-ji" not in unfolded


def test_cancelled_event_is_cancelled_in_every_calendar(tmp_path: Path) -> None:
    out = build_at(make_project(tmp_path, event_extra="status: cancelled"), BEFORE)
    for path in [out / "event.ics", *slot_files(out)]:
        first, second = parse_both(path)
        assert str(first["status"]) == "CANCELLED"
        assert second.status == "CANCELLED"


def test_page_links_every_calendar_with_google_and_outlook(example: tuple[Site, Path]) -> None:
    site, out = example
    tree = page(out)
    # The whole event: one menu with its file, Google Calendar and Outlook.com.
    hrefs = [a.get("href") for a in tree.xpath('//details[@class="add-to-calendar"]//a')]
    assert hrefs[0] == "event.ics"
    event = parse_qs(urlsplit(hrefs[1]).query)
    assert event["text"] == [site.event.title]
    assert event["dates"] == ["20110719T123000Z/20110719T191500Z"]
    assert event["ctz"] == ["America/New_York"]
    assert "location" not in event  # the source names no place
    assert hrefs[2].startswith("https://outlook.live.com/")
    # Each slot: one link to its file; the page's script turns the links into one menu that
    # the slots share (tests/browser/test_planner.py), from the page's own data.
    files = [a.get("href") for a in tree.xpath('//a[@class="slot__calendar"]')]
    assert files == [str(p.relative_to(out)) for p in sorted(slot_files(out), key=slot_order)]
    assert all((out / f).is_file() for f in files)


def slot_order(path: Path) -> str:
    """The slots' files sort by start time, as their names begin with it."""
    return path.name


def test_calendar_files_do_not_change_with_the_build_time(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    one = every_file(build_at(project, BEFORE, name="one"))
    two = every_file(build_at(project, AFTER, name="two"))
    calendars = [name for name in one if name.endswith(".ics")]
    assert len(calendars) == 11
    assert all(one[name] == two[name] for name in calendars)
