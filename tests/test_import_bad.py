"""Bad input: one clear line each (file, JSON pointer or line, what is wrong, what to do), no
traceback, and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.import_support import FIXTURES, run, tree

PRETALX = FIXTURES / "pretalx-schedule.json"


def _pretalx(tmp_path: Path, change: object) -> Path:
    data = json.loads(PRETALX.read_text(encoding="utf-8"))
    change(data["schedule"]["conference"])  # type: ignore[operator]
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _refused(capsys: pytest.CaptureFixture[str], source: Path, project: Path, *more: str) -> str:
    """The one line the import printed; the project as it was (or still not made)."""
    before = tree(project) if project.exists() else None
    status, out, err = run(capsys, source, "--project", project, *more)
    assert status == 1
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert (tree(project) if project.exists() else None) == before
    return lines[0]


def _first_event(conference: dict[str, object]) -> dict[str, object]:
    return conference["days"][0]["rooms"]["Saal Elbe"][0]  # type: ignore[index, no-any-return]


def test_a_web_page_saved_as_schedule_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "schedule.json"
    page.write_text("<!DOCTYPE html>\n<html><body>Please log in</body></html>\n")
    assert _refused(capsys, page, tmp_path / "event") == (
        "schedule.json:1: is a web page (HTML), not an exported programme; a login page or an "
        "error page? download the export itself"
    )


def test_a_file_that_is_not_the_format_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _refused(capsys, PRETALX, tmp_path / "event", "--from", "sessionize")
    assert line == (
        'pretalx-schedule.json: /: is not a Sessionize "All" JSON export: it looks like a frab, '
        "pretalx, c3voc or Pentabarf schedule.json or schedule.xml; leave out --from to read it "
        "as it is, or check the file"
    )


def test_truncated_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cut = tmp_path / "schedule.json"
    text = PRETALX.read_text(encoding="utf-8")
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    line = _refused(capsys, cut, tmp_path / "event")
    assert line.startswith("schedule.json:")
    assert line.endswith(": ends too early: the file was cut short; download or export it again")


def test_an_xml_bomb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lol = "".join(f'<!ENTITY l{n} "{"&l" + str(n - 1) + ";" if n else "lol"}' + (
        f'&l{n - 1};' * 9 if n else "") + '">' for n in range(10))  # fmt: skip
    bomb = tmp_path / "schedule.xml"
    bomb.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE schedule [{lol}]>\n<schedule>&l9;</schedule>'
    )
    assert _refused(capsys, bomb, tmp_path / "event") == (
        "schedule.xml:2: declares its own entities or elements (<!DOCTYPE [...]>), which a "
        "schedule never needs and an XML bomb uses; export the schedule again from its system"
    )


def test_a_100_mb_file_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "schedule.json"
    with huge.open("wb") as stream:
        stream.truncate(100_000_000)  # sparse: nothing to write, nothing to read
    assert _refused(capsys, huge, tmp_path / "event") == (
        f"error: {huge}: is 100.0 MB, more than the 20 MB a programme can be; is it the "
        "right file? export the schedule alone"
    )


def test_two_sessions_at_once_in_one_room(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def clash(conference: dict[str, object]) -> None:
        _first_event(conference)["duration"] = "01:30"  # 9:00 to 10:30, and 10:00 is taken

    line = _refused(capsys, _pretalx(tmp_path, clash), tmp_path / "event")
    assert line == (
        'schedule.json: /schedule/conference/days/0/rooms/Saal Elbe/1: "Wer zahlt für den '
        'Deich?" overlaps "Tides, Sensors and the City: Eröffnung" in the room "Saal Elbe" '
        "(2030-05-03 10:00 before 10:30); fix the times or rooms at the source, then import again"
    )


def test_a_time_of_24_00(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def midnight(conference: dict[str, object]) -> None:
        _first_event(conference)["date"] = "2030-05-03T24:00:00+02:00"

    assert _refused(capsys, _pretalx(tmp_path, midnight), tmp_path / "event") == (
        'schedule.json: /schedule/conference/days/0/rooms/Saal Elbe/0/date: "2030-05-03T24:00:00'
        '+02:00": 24:00 is not a time of day; write 00:00 of the next day, or 23:59'
    )


def test_24_00_in_a_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "programme.csv"
    sheet.write_text("Date,Start,End,Title\n2030-05-03,23:00,24:00,Late\n", encoding="utf-8")
    assert _refused(capsys, sheet, tmp_path / "event", "--timezone", "Europe/Berlin") == (
        'programme.csv:2: "24:00" is not a time of day; write 00:00 of the next day, or 23:59'
    )


def test_a_day_without_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def undated(conference: dict[str, object]) -> None:
        del conference["days"][1]["date"]  # type: ignore[index]

    assert _refused(capsys, _pretalx(tmp_path, undated), tmp_path / "event") == (
        "schedule.json: /schedule/conference/days/1/date: a day without a date; give each day "
        "its date, e.g. 2030-05-01"
    )


def test_a_person_with_no_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def nameless(conference: dict[str, object]) -> None:
        _first_event(conference)["persons"] = [{"code": "NONAME", "name": " ", "biography": None}]

    assert _refused(capsys, _pretalx(tmp_path, nameless), tmp_path / "event") == (
        "schedule.json: /schedule/conference/days/0/rooms/Saal Elbe/0/persons/0: a person with "
        "no name; give the person a name at the source, or remove them"
    )


def test_a_source_without_a_zone_asks_for_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _refused(capsys, FIXTURES / "sessionize-all.json", tmp_path / "event") == (
        "sessionize-all.json: /sessions: Sessionize gives times without a time zone; pass "
        "--timezone with the venue's zone as Area/City, e.g. --timezone Europe/Berlin"
    )


def test_bad_input_leaves_an_imported_project_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "event"
    assert run(capsys, PRETALX, "--project", project)[0] == 0
    cut = tmp_path / "schedule.json"
    cut.write_text(PRETALX.read_text(encoding="utf-8")[:900], encoding="utf-8")
    assert "cut short" in _refused(capsys, cut, project)


def test_only_https_addresses_are_fetched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "http://127.0.0.1:9/schedule.json", "--project", tmp_path / "e")
    assert (status, out) == (1, "")
    assert err == (
        "error: http://127.0.0.1:9/schedule.json: only https:// addresses are fetched; download "
        "the file and give its name, or use https://\n"
    )
    assert not (tmp_path / "e").exists()
