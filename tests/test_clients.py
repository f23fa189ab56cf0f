"""Our outputs read by programs no one here wrote: ConfClerk (a conference app) imports
schedule.xml, c3voc's schedule tools (the recording teams') convert schedule.json into XML
their own schema takes, and vobject (under Radicale and other calendar servers) reads the
calendars. Each is installed by scripts/provision or the dev extras (see README)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import vobject
from lxml import etree

from eventsite.build import build
from tests.conftest import NOW, REPO

BASE = "https://events.example.org/markets/"
VOC = REPO / ".tools" / "c3voc" / "bin" / "python"
XSD = REPO / "tests" / "schedule-format" / "schedule.xml.xsd"
EXAMPLES = ["", "examples/multiday", "examples/summit", "examples/seoul-workshop"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example built with a base_url, as a site is published."""
    found = {}
    for example in EXAMPLES:
        out = tmp_path_factory.mktemp("client") / "site"
        build(REPO / example, out, now=NOW, base_url=BASE, cache=False)
        found[example or "usip"] = out
    return found


# -- ConfClerk ----------------------------------------------------------------------------------

_START = """
confclerk & app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null' EXIT
while [ ! -s "$DB" ]; do sleep 0.1; done
"""
_RELOAD = """
while ! xdotool search --name '^ConfClerk$' >/dev/null 2>&1; do sleep 0.1; done
sleep 0.5
xdotool mousemove 200 200 click 1
sleep 0.3
xdotool key ctrl+r
sleep 600
"""


def _headless(home: Path, script: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_RUNTIME_DIR": str(home / "run"),
           "DB": str(_database(home)), "QT_QPA_PLATFORM": "xcb"}  # fmt: skip
    (home / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
    return subprocess.Popen(["xvfb-run", "-a", "bash", "-c", script], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip


def _database(home: Path) -> Path:
    return home / "data" / "Toastfreeware" / "ConfClerk" / "ConfClerk.sqlite"


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the whole group (xvfb-run, Xvfb, bash, ConfClerk) and reap it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _until(test: object, tries: int = 3000) -> None:
    """Poll `test` (a callable) every tenth of a second until it holds; a bounded number of
    tries, not a bound on time: a slow machine only waits longer."""
    for _ in range(tries):
        if test():  # type: ignore[operator]
            return
        time.sleep(0.1)
    pytest.fail("ConfClerk did not get there")


def _rows(home: Path, sql: str) -> list[tuple[object, ...]]:
    try:
        with sqlite3.connect(f"file:{_database(home)}?mode=ro", uri=True, timeout=5) as db:
            return db.execute(sql).fetchall()
    except sqlite3.Error:
        return []


@pytest.fixture
def confclerk(tmp_path: Path) -> Path:
    """A home folder in which ConfClerk has made its database."""
    home = tmp_path / "home"
    first = _headless(home, _START + "sleep 600")
    try:
        _until(lambda: _rows(home, "SELECT count(*) FROM conference"))
    finally:
        _stop(first)
    return home


def _import(home: Path, schedule: Path) -> None:
    """Make ConfClerk reload its conference from `schedule`, as a user does with Ctrl+R."""
    with sqlite3.connect(_database(home)) as db:
        db.execute("INSERT INTO conference (title, start, end, active, url) "
                   "VALUES ('(empty)', 0, 0, 1, ?)", (schedule.as_uri(),))  # fmt: skip
    process = _headless(home, _START + _RELOAD)
    try:
        _until(lambda: _rows(home, "SELECT title FROM conference") != [("(empty)",)])
        counts = "SELECT (SELECT count(*) FROM event), (SELECT count(*) FROM event_person)"
        last: list[object] = []

        def settled() -> bool:  # the import is one transaction; read until it stays put
            nonlocal last
            now = _rows(home, counts)
            done = bool(now) and now == last and now[0][0] != 0
            last = list(now)
            return done

        _until(settled)
    finally:
        _stop(process)


@pytest.mark.timeout(180)
@pytest.mark.parametrize("example", ["usip", "examples/summit"])
def test_confclerk_imports_every_event_and_every_person(
    built: dict[str, Path], confclerk: Path, example: str
) -> None:
    xml = built[example] / "schedule.xml"
    document = etree.parse(str(xml))
    _import(confclerk, xml)
    events = document.findall("day/room/event")
    people = {p.get("id"): p.text for p in document.iter("person")}
    assert _rows(confclerk, "SELECT count(*) FROM event") == [(len(events),)]
    # Without the person's id attribute ConfClerk imported every event and no speaker.
    imported = dict(_rows(confclerk, "SELECT id, name FROM person"))
    assert {str(k): v for k, v in imported.items()} == people
    links = sum(len(e.findall("persons/person")) for e in events)
    assert _rows(confclerk, "SELECT count(*) FROM event_person") == [(links,)]
    assert links > 0


# -- c3voc's schedule tools ----------------------------------------------------------------------


@pytest.mark.parametrize("example", ["usip", *EXAMPLES[1:]])
def test_the_recording_teams_tools_convert_the_feed_to_valid_xml(
    built: dict[str, Path], tmp_path: Path, example: str
) -> None:
    # voc.schedule, as the recording teams run it, in its own environment (scripts/provision):
    # it pins icalendar 5 and lxml 4, which eventsite's own environment cannot share.
    converted = tmp_path / "voc.xml"
    subprocess.run(
        [str(VOC), "-c", "import sys; from voc.schedule import Schedule; "
         "open(sys.argv[2], 'w').write(Schedule.from_file(sys.argv[1]).xml())",
         str(built[example] / "schedule.json"), str(converted)],
        check=True, capture_output=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    checked = subprocess.run(["xmllint", "--noout", "--schema", str(XSD), str(converted)],
                             capture_output=True, text=True, timeout=60)  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    titles = etree.parse(str(converted)).findall("day/room/event/title")
    ours = etree.parse(str(built[example] / "schedule.xml")).findall("day/room/event/title")
    assert sorted(t.text or "" for t in titles) == sorted(t.text or "" for t in ours)


# -- vobject -------------------------------------------------------------------------------------


def _starts_vobject(data: bytes) -> list[datetime]:
    calendar = vobject.readOne(data.decode())
    return [
        event.dtstart.value.astimezone(UTC)
        for event in calendar.vevent_list
        if isinstance(event.dtstart.value, datetime)
    ]


def _starts_icalendar(data: bytes) -> list[datetime]:
    calendar = icalendar.Calendar.from_ical(data)
    found = [e.decoded("DTSTART") for e in calendar.walk("VEVENT")]
    return [t.astimezone(UTC) for t in found if isinstance(t, datetime)]


def test_vobject_reads_a_calendar_of_several_years_at_the_right_times(tmp_path: Path) -> None:
    # events.ics of the institute built in 2025: its events run into 2027, and a VTIMEZONE
    # with every change on one RDATE line made vobject read six of them an hour late.
    out = tmp_path / "site"
    moment = datetime(2025, 1, 10, 9, tzinfo=NOW.tzinfo)
    build(REPO / "examples" / "institute", out, now=moment, base_url=BASE, cache=False)
    data = (out / "events.ics").read_bytes()
    ours = _starts_icalendar(data)
    assert len({t.year for t in ours}) >= 2
    assert _starts_vobject(data) == ours
    assert b"RRULE:FREQ=YEARLY" in data


@pytest.mark.parametrize("example", ["usip", "examples/summit", "examples/seoul-workshop"])
def test_vobject_reads_every_calendar_file_at_the_right_times(
    built: dict[str, Path], example: str
) -> None:
    files = sorted(built[example].rglob("*.ics"))
    assert files
    for path in files:
        data = path.read_bytes()
        assert _starts_vobject(data) == _starts_icalendar(data), path
