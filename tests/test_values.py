"""Decoded values: escaped control characters, direction controls, look-alike ids, non-ASCII
digits and lengths, each refused with one line; and odd but accepted text that every output
still parses."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import icalendar
import ics
import pytest
from lxml import etree

from eventsite.build import build
from eventsite.cli import main
from eventsite.load.values import LIMITS
from tests.conftest import NOW, Project, cpu_seconds
from tests.test_hostile import bare, build_fails_with
from tests.test_injection import Fill, make_project

INVISIBLE = "an invisible character ({}) is not allowed; delete it; it often comes with text "
INVISIBLE += "pasted from elsewhere"


def _speaker(project: Project, name: str, ident: str = "a") -> None:
    project.write("content/speakers.yaml", f"- id: {ident}\n  name: {name}\n")


@pytest.mark.parametrize(
    ("escape", "char"),
    [
        (r"\0", "U+0000 control character"),
        (r"\x01", "U+0001 control character"),
        (r"\a", "U+0007 control character"),
        (r"\x0b", "U+000B control character"),
        (r"\e", "U+001B control character"),
        (r"\x7f", "U+007F control character"),
        (r"\N", "U+0085 NEXT LINE"),
        (r"\L", "U+2028 LINE SEPARATOR"),
        (r"\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        (r"\ufffe", "U+FFFE non-character"),
    ],
)
def test_a_control_character_written_as_an_escape_is_refused(
    project: Project, capsys: pytest.CaptureFixture[str], escape: str, char: str
) -> None:
    _speaker(bare(project), f'"John{escape}Park"')
    assert build_fails_with(project, capsys) == [
        f"content/speakers.yaml:2:9: speakers[1].name: {INVISIBLE.format(char)}"
    ]


def test_an_escape_in_a_title_is_refused_where_it_is(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    bare(project).write(
        "content/agenda.yaml", '- {start: 9:00, end: 10:00, kind: other, title: "Reg\\x01"}'
    )
    assert build_fails_with(project, capsys) == [
        "content/agenda.yaml:1:49: agenda[1].title: " + INVISIBLE.format("U+0001 control character")
    ]


@pytest.mark.parametrize("field", ["name", "id"])
@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_direction_controls_are_refused_in_names_and_ids(
    project: Project, capsys: pytest.CaptureFixture[str], field: str, char: str
) -> None:
    value = f"John{char} Park"
    _speaker(
        bare(project), value if field == "name" else "John Park", value if field == "id" else "a"
    )
    (line,) = build_fails_with(project, capsys)
    assert line.startswith(f"content/speakers.yaml:{2 if field == 'name' else 1}:")
    assert f"speakers[1].{field}: a direction control (U+{ord(char):04X} " in line
    assert line.endswith("is not allowed in an id, a name or a title; delete it: the page "
                         "shows each name in its own direction by itself")  # fmt: skip


@pytest.mark.parametrize(
    ("char", "name"),
    [("\u200b", "ZERO WIDTH SPACE"), ("\u2060", "WORD JOINER"), ("\u00ad", "SOFT HYPHEN"),
     ("\u200d", "ZERO WIDTH JOINER")],
)  # fmt: skip
def test_invisible_characters_are_refused_in_ids(
    project: Project, capsys: pytest.CaptureFixture[str], char: str, name: str
) -> None:
    # "john\u200b-park" beside "john-park": two people whose ids look the same.
    bare(project).write(
        "content/speakers.yaml",
        f"- id: john-park\n  name: John Park\n- id: john{char}-park\n  name: John Park\n",
    )
    project.write(
        "content/agenda.yaml",
        "- {start: 9:00, end: 10:00, kind: other, title: T, speakers: [{speaker: john-park}]}",
    )
    code = f"U+{ord(char):04X}"
    assert build_fails_with(project, capsys) == [
        f"content/speakers.yaml:3:7: speakers[2].id: an invisible character ({code} {name}) is "
        "not allowed in an id; delete it; it often comes with text pasted from elsewhere; an id "
        "is plain letters, digits and hyphens"
    ]


def test_direction_isolates_in_prose_fields_are_kept(project: Project) -> None:
    text = "Room \u2067\u0642\u0627\u0639\u0629\u2069 B"
    bare(project).write(
        "content/agenda.yaml", f"- {{start: 9:00, end: 10:00, kind: other, title: T, room: {text}}}"
    )
    assert project.load().sessions[0].room == text


def test_an_id_mixing_alphabets_is_refused(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    bare(project).write(
        "content/speakers.yaml",
        "- id: john-park\n  name: John Park\n- id: j\u043ehn-park\n  name: John Park\n",
    )
    project.write(
        "content/agenda.yaml",
        "- {start: 9:00, end: 10:00, kind: other, title: T, speakers: [{speaker: j\u043ehn-park}]}",
    )
    assert build_fails_with(project, capsys) == [
        "content/agenda.yaml:1:73: agenda[1].speakers[1].speaker: mixes Latin and Cyrillic "
        'letters ("\u043e" is Cyrillic); write the id in one alphabet, so that it cannot pass '
        "for another id",
        'content/speakers.yaml:3:7: speakers[2].id: mixes Latin and Cyrillic letters ("\u043e" '
        "is Cyrillic); write the id in one alphabet, so that it cannot pass for another id",
    ]


@pytest.mark.parametrize("time_", ["٨:٣٠ AM", "８:３０", "۸:۳۰", "8:٣٠"])
def test_times_with_other_digits_are_refused(
    project: Project, capsys: pytest.CaptureFixture[str], time_: str
) -> None:
    bare(project).write(
        "content/agenda.yaml", f'- {{start: "{time_}", end: 10:00, kind: other, title: T}}'
    )
    assert build_fails_with(project, capsys) == [
        f'content/agenda.yaml:1:11: agenda[1].start: "{time_}" is not a time of day; write '
        "e.g. 9:00 AM, 09:00 or 13:15"
    ]


def test_a_price_with_other_digits_is_refused(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    event = (bare(project).root / "content/event.yaml").read_text()
    project.write(
        "content/event.yaml",
        event + 'registration:\n  url: https://e.org\n  price: "２٥"\n  currency: USD\n',
    )
    (line,) = build_fails_with(project, capsys)
    assert line.endswith(
        'event.registration.price: "２٥" is not a price; write a number such as 0, 25 or '
        "25.00, without the currency"
    )


@pytest.mark.parametrize(
    ("field", "kind"), [("name", "name"), ("id", "id"), ("position", "text"), ("bio", "markdown")]
)
def test_every_field_has_a_length_limit(
    project: Project, capsys: pytest.CaptureFixture[str], field: str, kind: str
) -> None:
    record = {"id": "a", "name": "Ann Lee", field: "x" * (LIMITS[kind] + 1)}  # type: ignore[index]
    bare(project).write("content/speakers.yaml", json.dumps([record]))
    (line,) = build_fails_with(project, capsys)
    assert f"speakers[1].{field}: is {LIMITS[kind] + 1:,} characters long, more than the " in line  # type: ignore[index]
    assert line.endswith("allowed; shorten it") or "allowed for" in line


@pytest.mark.timeout(120)  # a hang guard, not a speed bound
def test_a_ten_megabyte_title_is_refused_quickly_in_one_short_line(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    bare(project).write(
        "content/agenda.yaml", f"- {{start: 9:00, end: 10:00, kind: other, title: {'x' * 10**7}}}"
    )
    started = cpu_seconds()
    (line,) = build_fails_with(project, capsys)
    assert cpu_seconds() - started < 5
    assert len(line) < 400
    assert "agenda[1].title: is 10,000,000 characters long" in line


def test_long_titles_and_ids_make_short_file_names(project: Project, tmp_path: Path) -> None:
    words = "Word " * 57  # 285 characters
    bare(project).write(
        "content/agenda.yaml",
        f"- {{start: 9:00, end: 10:00, kind: other, title: {words}, abstract: A}}\n"
        f"- {{start: 10:00, end: 11:00, kind: other, title: {words}, abstract: A}}\n"
        f"- {{start: 11:00, end: 12:00, kind: other, title: T, id: {'i' * 100}, abstract: A}}\n",
    )
    build(project.root, tmp_path / "out", now=NOW)
    names = [p for p in (tmp_path / "out").rglob("*")]
    assert len({p.name for p in names if p.suffix == ".ics"}) == 4  # event.ics and three
    assert max(len(p.name.encode()) for p in names) <= 100


# -- odd text that is accepted: every output must still parse as its kind --------------------

ODD = (
    "Tab\there, ]]> & <b> \"quotes\" 'single' \\ back, e\u0301 combining, 👩\u200d👩\u200d👧, "
    "\u05e2\u05d1\u05e8\u05d9\u05ea, 中文, \u00a0nbsp, ;,: ics-special, "
    + "Unbrokenwordthatgoesonandonandonforsixtycharacterswithoutbreaks"
)


@pytest.mark.timeout(60)
def test_every_output_of_odd_but_accepted_text_parses(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site", Fill(ODD, "https://example.org/ä?a=1&b=2", "odd-id"))
    build(project, tmp_path / "out", now=NOW)
    out = tmp_path / "out"
    parsed = 0
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        assert not [b for b in data if b < 32 and b not in (9, 10, 13)], path
        if path.suffix == ".xml":
            etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        elif path.suffix == ".ics":
            icalendar.Calendar.from_ical(data)
            ics.Calendar(data.decode())
        elif path.suffix == ".json" or path.name == MARKER:
            json.loads(data)
        elif path.suffix == ".html":
            html5lib.HTMLParser(strict=False).parse(data)
        else:
            continue
        parsed += 1
    assert parsed >= 10


def test_check_reports_escapes_too(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    _speaker(bare(project), '"Ann\\x01"')
    assert main(["check", "--project", str(project.root)]) == 1
    assert "U+0001" in capsys.readouterr().err


MARKER = ".eventsite-output"
