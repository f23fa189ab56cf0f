"""Re-import: the source changed and the editor changed things too; the editor's work stays."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from eventsite.cli import main
from eventsite.load.event import load_site
from tests.import_support import FIXTURES, decide, run, tree

SOURCE = FIXTURES / "pretalx-schedule.json"


def _imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    source = tmp_path / "schedule.json"
    source.write_bytes(SOURCE.read_bytes())
    project = tmp_path / "event"
    status, _, err = run(capsys, source, "--project", project)
    assert status == 0, err
    decide(project)
    return source, project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _change_source(source: Path, change: object) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    change(data["schedule"]["conference"]["days"])  # type: ignore[operator]
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _move_workshop(days: list[dict[str, object]]) -> None:
    """The workshop moves from Raum Alster on day one to Saal Elbe at 14:00 on day two."""
    first, second = days
    workshop = first["rooms"]["Raum Alster"].pop()  # type: ignore[index]
    workshop.update(date="2030-05-04T14:00:00+02:00", start="14:00", room="Saal Elbe")
    second["rooms"]["Saal Elbe"].insert(0, workshop)  # type: ignore[index]


def test_a_reimport_keeps_the_editors_speaker_while_a_session_moves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, project = _imported(tmp_path, capsys)
    speakers = project / "content" / "speakers.yaml"
    _edit(speakers, "  name: Zoë Øster\n", "  name: Zoë Øster\n  organization: Aarhus Tide Lab\n")
    _edit(
        speakers,
        "photo: https://pretalx.example.org/media/avatars/zoe.jpg",
        "photo: https://example.org/zoe-portrait.jpg",
    )
    _edit(speakers, "  bio: Zoë studies **tides** in Aarhus.", "  bio: Zoë studies tides.")
    _change_source(source, _move_workshop)
    status, out, err = run(capsys, source, "--project", project)
    assert status == 0, err
    assert "1 sessions moved" in out
    assert 'moved: "Workshop: Pegelstände lesen" (2030-05-03, 10:00, Raum Alster -> ' in out
    site = load_site(project)
    zoe = next(s for s in site.speakers if s.name == "Zoë Øster")
    assert zoe.organization == "Aarhus Tide Lab"
    assert zoe.photo == "https://example.org/zoe-portrait.jpg"
    assert "Zoë studies tides." in zoe.bio  # the editor's bio, the source's unchanged
    workshop = next(s for s in site.sessions if s.title == "Workshop: Pegelstände lesen")
    assert (workshop.start.isoformat(), workshop.room) == ("2030-05-04T14:00:00+02:00", "Saal Elbe")


def test_a_reimport_with_nothing_new_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, project = _imported(tmp_path, capsys)
    run(capsys, source, "--project", project)  # takes in the editor's decisions once
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in project.rglob("*")}
    files = tree(project)
    status, out, _ = run(capsys, source, "--project", project)
    assert status == 0
    assert out.startswith("nothing changed")
    assert tree(project) == files
    assert {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in project.rglob("*")} == before


def test_a_session_gone_at_the_source_stays_if_the_editor_touched_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, project = _imported(tmp_path, capsys)
    day = project / "content" / "agenda" / "2030-05-03.yaml"
    _edit(
        day,
        '      title: "Workshop: Pegelstände lesen"\n',
        '      title: "Workshop: Pegelstände lesen"\n      note: 12 places\n',
    )

    def drop(days: list[dict[str, object]]) -> None:
        days[0]["rooms"]["Raum Alster"] = []  # type: ignore[index]
        days[1]["rooms"]["Saal Elbe"] = []  # type: ignore[index]

    _change_source(source, drop)
    status, out, err = run(capsys, source, "--project", project)
    assert status == 0, err
    assert 'kept your work: "Workshop: Pegelstände lesen": no longer in the source, but you ' in out
    assert 'removed (no longer in the source): "Abschluss"' in out
    titles = {s.heading for s in load_site(project).sessions}
    assert "Workshop: Pegelstände lesen" in titles
    assert "Abschluss" not in titles


def test_a_field_changed_on_both_sides_keeps_the_editors_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, project = _imported(tmp_path, capsys)
    day = project / "content" / "agenda" / "2030-05-04.yaml"
    _edit(day, "title: Abschluss", "title: Closing Words")

    def retitle(days: list[dict[str, object]]) -> None:
        days[1]["rooms"]["Saal Elbe"][0]["title"] = "Abschluss und Ausblick"  # type: ignore[index]
        days[0]["rooms"]["Saal Elbe"][1]["title"] = "Wer zahlt für die Deiche?"  # type: ignore[index]

    _change_source(source, retitle)
    status, out, _ = run(capsys, source, "--project", project)
    assert status == 0
    assert re.search(r'title changed at the source to "Abschluss und Ausblick", but you wrote '
                     r'"Closing Words": kept yours', out)  # fmt: skip
    assert 'retitled: "Wer zahlt für den Deich?" -> "Wer zahlt für die Deiche?"' in out
    titles = {s.heading for s in load_site(project).sessions}
    assert {"Closing Words", "Wer zahlt für die Deiche?"} <= titles


def test_the_editors_own_sessions_and_files_are_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, project = _imported(tmp_path, capsys)
    own = project / "content" / "agenda.yaml"
    own.write_text("# our own\n- date: 2030-05-03\n  start: \"12:00\"\n  end: \"13:00\"\n"
                   "  kind: meal\n  title: Lunch\n", encoding="utf-8")  # fmt: skip
    _change_source(source, _move_workshop)
    status, _, err = run(capsys, source, "--project", project)
    assert status == 0, err
    assert own.read_text(encoding="utf-8").startswith("# our own\n")
    assert "Lunch" in {s.heading for s in load_site(project).sessions}


def test_an_import_into_a_new_projects_files_keeps_their_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "event"
    assert main(["new", str(project), "--title", "Placeholder", "--date", "2030-01-01",
                 "--timezone", "Europe/Berlin"]) == 0  # fmt: skip
    status, out, err = run(capsys, SOURCE, "--project", project)
    assert status == 0, err
    event = (project / "content" / "event.yaml").read_text(encoding="utf-8")
    assert 'title: "Hafenkonferenz 2030: Städte am Wasser"\n' in event
    assert "date: 2030-05-03\nend_date: 2030-05-04\n" in event
    assert "# registration:  # How to register; omit when there is no registration." in event
    assert 'name: "Your Organization"  # Full name, e.g. United' in event  # the editor's
    assert 'event.yaml: title "Placeholder" replaced by the source\'s "Hafenkonferenz' in out
    # The example slot of `eventsite new` is the editor's: kept, and now in the way.
    assert 'title: "Opening Session"' in (project / "content" / "agenda.yaml").read_text()
    assert "overlaps agenda[1] (9:00 AM - 10:00 AM on 2030-05-03)" in out
