"""Hostile content files: each gives one clear line, or the value the editor meant.

tests/hostile/ holds malformed files, each named TARGET--WHAT.EXT: it replaces content/TARGET.EXT
in an otherwise good project, and the build must print exactly the line below for it, exit 1,
write nothing and finish quickly. tests/hostile/intended/ holds files that look like traps but
mean something: they must load as the editor meant.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import pytest

from eventsite import model
from eventsite.cli import main
from eventsite.load.files import MAX_FILE_BYTES
from eventsite.load.shapes import field_hints
from eventsite.model import Site
from tests.conftest import Project, cpu_seconds, snapshot

HOSTILE = Path(__file__).parent / "hostile"
SECONDS = 2.0
"""Every hostile file is judged within this time; a hang fails the test at its timeout."""

EXPECTED: dict[str, str] = {
    "about--latin1.md": ("content/about.md:3:8: is not UTF-8 text; save the file as UTF-8"),
    "agenda--bidi-in-quotes.yaml": (
        'content/agenda.yaml:1:35: agenda[1].kind: "other\\u202e" is not allowed; did you '
        'mean "other"?'
    ),
    "agenda--escape-in-quotes.yaml": (
        "content/agenda.yaml:1:35: agenda[1].kind: an invisible character (U+001B control "
        "character) is not allowed; delete it; it often comes with text pasted from elsewhere"
    ),
    "agenda--huge-kind.yaml": (
        "content/agenda.yaml:1:35: agenda[1].kind: "
        '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" is not allowed; write one of: '
        + ", ".join(get_args(model.SessionKind))
    ),
    "agenda--local-tag.yaml": (
        "content/agenda.yaml:1:49: agenda[1].title: the tag !shell is not allowed; remove "
        "it and write a plain value"
    ),
    "agenda--sexagesimal-out-of-range.yaml": (
        'content/agenda.yaml:1:22: agenda[1].end: "190:30" is not a time of day; write e.g. '
        "9:00 AM, 09:00 or 13:15"
    ),
    "event--date-as-number.yaml": (
        'content/event.yaml:2:7: event.date: "20110719" is not a date; write it as '
        "YYYY-MM-DD, e.g. 2011-07-19"
    ),
    "event--duplicate-nested-key.yaml": (
        "content/event.yaml:6:3: event.organizer.name: is given twice (first on line 5); "
        "keep one of them"
    ),
    "event--duplicate-top-key.yaml": (
        "content/event.yaml:8:1: event.title: is given twice (first on line 1); keep one of them"
    ),
    "event--empty.yaml": ("content/event.yaml: file is empty; see docs/editing.md for its fields"),
    "event--only-comments.yaml": (
        "content/event.yaml: file is empty; see docs/editing.md for its fields"
    ),
    "event--only-document-marker.yaml": (
        "content/event.yaml: file is empty; see docs/editing.md for its fields"
    ),
    "event--tag-on-root.yaml": (
        "content/event.yaml:1:1: event: the tag "
        "tag:yaml.org,2002:python/object:eventsite.model.Event is not allowed; remove it "
        "and write a plain value"
    ),
    "event--top-level-list.yaml": (
        "content/event.yaml:1:1: event: should be a set of fields (name: value); write "
        "fields such as title, date, timezone"
    ),
    "event--top-level-scalar.yaml": (
        "content/event.yaml:1:1: event: should be a set of fields (name: value); write "
        "fields such as title, date, timezone"
    ),
    "event--unclosed-mapping.yaml": (
        'content/event.yaml:1:1: YAML syntax error: "{" is not closed; add the closing "}", '
        "or put the whole value in double quotes"
    ),
    "panels--python-object.yaml": (
        "content/panels.yaml:2:10: panels[1].title: the tag "
        "tag:yaml.org,2002:python/object/apply:os.system is not allowed; remove it and "
        "write a plain value"
    ),
    "panels--set-tag.yaml": (
        "content/panels.yaml:3:14: panels[1].panelists: the tag tag:yaml.org,2002:set is "
        "not allowed; remove it and write a plain value"
    ),
    "panels--tab-indent.yaml": (
        "content/panels.yaml:2:1: YAML syntax error: a tab character is not allowed here; "
        "indent with spaces, not tabs"
    ),
    "panels--unclosed-quote.yaml": (
        "content/panels.yaml:2:10: YAML syntax error: a quoted value is not closed; add the "
        "closing quote"
    ),
    "speakers--alias-bomb.yaml": (
        "content/speakers.yaml:4:18: YAML aliases (*name) are not supported; write the "
        "value out in full"
    ),
    "speakers--alias-undefined.yaml": (
        "content/speakers.yaml:2:9: YAML aliases (*name) are not supported; write the value "
        "out in full"
    ),
    "speakers--bad-indent.yaml": (
        "content/speakers.yaml:2:9: YAML syntax error: a colon (:) followed by a space "
        "starts a new key here; if the colon is part of the text, put the whole value in "
        "double quotes; otherwise check this line's indentation"
    ),
    "speakers--bad-unicode-escape.yaml": (
        "content/speakers.yaml:2:12: YAML syntax error: invalid Unicode character escape "
        "code in a double-quoted value; write \\\\ for a backslash, or put the value in "
        "single quotes"
    ),
    "speakers--bell.yaml": (
        "content/speakers.yaml:2:12: an invisible character (U+0007 control character) is "
        "not allowed; delete it; it often comes with text pasted from elsewhere"
    ),
    "speakers--binary-tag.yaml": (
        "content/speakers.yaml:2:9: speakers[1].name: the tag tag:yaml.org,2002:binary is "
        "not allowed; remove it and write a plain value"
    ),
    "speakers--bom-before-key.yaml": (
        "content/speakers.yaml:2:3: an invisible character (U+FEFF ZERO WIDTH NO-BREAK "
        "SPACE) is not allowed; delete it; it often comes with text pasted from elsewhere"
    ),
    "speakers--bom-inside.yaml": (
        "content/speakers.yaml:2:1: an invisible character (U+FEFF ZERO WIDTH NO-BREAK "
        "SPACE) is not allowed; delete it; it often comes with text pasted from elsewhere"
    ),
    "speakers--c1-control.yaml": (
        "content/speakers.yaml:2:12: an invisible character (U+009B control character) is "
        "not allowed; delete it; it often comes with text pasted from elsewhere"
    ),
    "speakers--colon-without-space.yaml": (
        'content/speakers.yaml:2:3: YAML syntax error: this line is not "name: value"; '
        "write a space after the colon, or check the indentation"
    ),
    "speakers--deep-block.yaml": (
        "content/speakers.yaml:3:1999: YAML syntax error: lists or fields are nested too "
        "deeply; flatten the structure"
    ),
    "speakers--deep-flow.yaml": (
        "content/speakers.yaml:2:1007: YAML syntax error: lists or fields are nested too "
        "deeply; flatten the structure"
    ),
    "speakers--deep-mapping.yaml": (
        "content/speakers.yaml:2:4001: YAML syntax error: lists or fields are nested too "
        "deeply; flatten the structure"
    ),
    "speakers--document-end-then-more.yaml": (
        "content/speakers.yaml:4:1: YAML syntax error: text after the end of the document "
        "(...); remove the ... line"
    ),
    "speakers--duplicate-key.yaml": (
        "content/speakers.yaml:3:3: speakers[1].name: is given twice (first on line 2); "
        "keep one of them"
    ),
    "speakers--escape-sequence.yaml": (
        "content/speakers.yaml:2:9: an invisible character (U+001B control character) is "
        "not allowed; delete it; it often comes with text pasted from elsewhere"
    ),
    "speakers--key-is-empty.yaml": (
        "content/speakers.yaml:3:3: YAML syntax error: a colon (:) with no field name "
        "before it; write name: value"
    ),
    "speakers--key-is-list.yaml": (
        "content/speakers.yaml:3:3: speakers[1]: a field name must be a single word; write "
        "name: value"
    ),
    "speakers--key-is-mapping.yaml": (
        "content/speakers.yaml:3:5: speakers[1]: a field name must be a single word; write "
        "name: value"
    ),
    "speakers--key-is-null.yaml": (
        'content/speakers.yaml:3:3: speakers[1].~: unknown field "~"; write one of: '
        + ", ".join(field_hints(model.Speaker))
    ),
    "speakers--latin1.yaml": (
        "content/speakers.yaml:2:12: is not UTF-8 text; save the file as UTF-8"
    ),
    "speakers--line-separator.yaml": (
        "content/speakers.yaml:2:12: an invisible character (U+2028 LINE SEPARATOR) is not "
        "allowed; delete it; it often comes with text pasted from elsewhere"
    ),
    "speakers--list-of-lists.yaml": (
        "content/speakers.yaml:1:3: speakers[1]: should be a set of fields (name: value); "
        "write fields such as id, name, honorific"
    ),
    "speakers--merge-key-alias.yaml": (
        "content/speakers.yaml:4:7: YAML aliases (*name) are not supported; write the value "
        "out in full"
    ),
    "speakers--merge-key.yaml": (
        "content/speakers.yaml:3:3: speakers[1].<<: YAML merge keys (<<) are not supported; "
        "write the fields out in full"
    ),
    "speakers--next-line.yaml": (
        "content/speakers.yaml:2:12: an invisible character (U+0085 NEXT LINE) is not "
        "allowed; delete it; it often comes with text pasted from elsewhere"
    ),
    "speakers--nul.yaml": (
        "content/speakers.yaml:2:12: an invisible character (U+0000 control character) is "
        "not allowed; delete it; it often comes with text pasted from elsewhere"
    ),
    "speakers--null-name.yaml": (
        "content/speakers.yaml:2:9: speakers[1].name: is empty; write a value or remove the line"
    ),
    "speakers--overlong-utf8.yaml": (
        "content/speakers.yaml:2:10: is not UTF-8 text; save the file as UTF-8"
    ),
    "speakers--python-name.yaml": (
        "content/speakers.yaml:2:9: speakers[1].name: the tag "
        "tag:yaml.org,2002:python/name:os.system is not allowed; remove it and write a "
        "plain value"
    ),
    "speakers--reserved-at.yaml": (
        'content/speakers.yaml:2:9: YAML syntax error: a value cannot start with "@"; put '
        "the whole value in double quotes"
    ),
    "speakers--reserved-backtick.yaml": (
        'content/speakers.yaml:2:9: YAML syntax error: a value cannot start with "`"; put '
        "the whole value in double quotes"
    ),
    "speakers--surrogate-utf8.yaml": (
        "content/speakers.yaml:2:10: is not UTF-8 text; save the file as UTF-8"
    ),
    "speakers--tab-before-item.yaml": (
        "content/speakers.yaml:1:2: YAML syntax error: a tab character is not allowed here; "
        "indent with spaces, not tabs"
    ),
    "speakers--tag-directive.yaml": (
        "content/speakers.yaml:4:9: speakers[1].name: the tag "
        "tag:yaml.org,2002:python/object:os.system is not allowed; remove it and write a "
        "plain value"
    ),
    "speakers--tilde-id.yaml": (
        "content/speakers.yaml:1:7: speakers[1].id: is empty; write a value or remove the line"
    ),
    "speakers--top-level-mapping.yaml": (
        "content/speakers.yaml:1:1: speakers: should be a list; write one item per line, "
        'each starting with "- "'
    ),
    "speakers--top-level-scalar.yaml": (
        "content/speakers.yaml:1:1: speakers: should be a list; write one item per line, "
        'each starting with "- "'
    ),
    "speakers--trailing-after-flow.yaml": (
        "content/speakers.yaml:1:20: YAML syntax error: did not find expected '-' "
        "indicator; while parsing a block collection; check indentation and quotes"
    ),
    "speakers--truncated-utf8.yaml": (
        "content/speakers.yaml:2:12: is not UTF-8 text; save the file as UTF-8"
    ),
    "speakers--two-documents.yaml": (
        "content/speakers.yaml:3:1: YAML syntax error: a second YAML document starts here; "
        "a content file holds one document: remove this --- line"
    ),
    "speakers--unclosed-flow.yaml": (
        'content/speakers.yaml:1:17: YAML syntax error: "[" is not closed; add the closing '
        '"]", or put the whole value in double quotes'
    ),
    "speakers--unknown-directive.yaml": (
        "content/speakers.yaml:1:5: YAML syntax error: found unknown directive name; remove "
        "the line starting with % at the top of the file"
    ),
    "speakers--unknown-escape.yaml": (
        "content/speakers.yaml:2:12: YAML syntax error: unknown escape character in a "
        "double-quoted value; write \\\\ for a backslash, or put the value in single quotes"
    ),
    "speakers--utf16.yaml": (
        "content/speakers.yaml: is UTF-16 text, not UTF-8; save the file as UTF-8"
    ),
    "speakers--yaml-2-directive.yaml": (
        "content/speakers.yaml:1:1: YAML syntax error: found incompatible YAML document; "
        "remove the line starting with % at the top of the file"
    ),
}


def bare(project: Project) -> Project:
    """The example's event with a one-slot agenda and no one in it."""
    project.write("content/agenda.yaml", "- {start: 9:00, end: 10:00, kind: other, title: Slot}")
    for name in ("speakers", "panels", "publications", "courses"):
        project.write(f"content/{name}.yaml", "[]")
    return project


def install(project: Project, case: Path) -> None:
    """Put a corpus file in place of the content file it names."""
    target = case.name.partition("--")[0]
    (project.root / "content" / f"{target}{case.suffix}").write_bytes(case.read_bytes())


def build_fails_with(project: Project, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run `eventsite build`; check it failed fast, wrote nothing; return its error lines."""
    around = project.root.parent
    before = snapshot(around)
    started = cpu_seconds()
    status = main(["build", "--project", str(project.root), "--out", str(around / "public")])
    elapsed = cpu_seconds() - started
    out, err = capsys.readouterr()
    assert (status, out) == (1, ""), err
    assert snapshot(around) == before, "a failed build wrote something"
    assert elapsed < SECONDS, f"took {elapsed:.1f} s of CPU time"
    return err.splitlines()


def test_the_corpus_is_complete() -> None:
    files = sorted(p.name for p in HOSTILE.iterdir() if p.is_file())
    assert files == sorted(EXPECTED), "every corpus file needs its expected line, and back"
    assert len(files) >= 40
    assert sorted(p.name for p in (HOSTILE / "intended").iterdir()) == sorted(INTENDED)


@pytest.mark.timeout(120)  # a hang guard, not a speed bound
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_gives_one_clear_line(
    project: Project, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    install(bare(project), HOSTILE / name)
    assert build_fails_with(project, capsys) == [EXPECTED[name]]


@pytest.mark.timeout(120)  # a hang guard, not a speed bound
@pytest.mark.parametrize(
    ("target", "expected"),
    [("speakers.yaml", "content/speakers.yaml: file is larger than 20 MB; split it or remove "
      "what is not content"),
     ("about.md", "content/about.md: file is larger than 20 MB; split it or remove what is not "
      "content")],
)  # fmt: skip
def test_huge_file_is_refused_unread(
    project: Project, capsys: pytest.CaptureFixture[str], target: str, expected: str
) -> None:
    line = "- id: a\n  name: Ann Lee\n" if target.endswith(".yaml") else "Some prose.\n\n"
    size = MAX_FILE_BYTES + 100_000
    (bare(project).root / "content" / target).write_text(line * (size // len(line)))
    assert build_fails_with(project, capsys) == [expected]


INVISIBLE = [*range(9), 11, 12, *range(14, 32), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFEFF]
"""Every character no editor means to type that a content file may not hold, by code point."""


def test_every_invisible_character_is_refused_where_it_is(project: Project) -> None:
    """Each alone in an otherwise plain file (files.py looks for it only where its bytes may
    start one), and at its place."""
    path = bare(project).root / "content" / "speakers.yaml"
    for point in INVISIBLE:
        path.write_text(f"- id: a\n  name: Jo{chr(point)}hn\n", encoding="utf-8")
        assert project.problems()[0].startswith(
            f"content/speakers.yaml:2:11: an invisible character (U+{point:04X} "
        ), f"U+{point:04X}"


@pytest.mark.timeout(300)  # a hang, not a speed bound: the bound is on the growth of the work
def test_a_large_file_under_the_limit_costs_in_proportion_to_its_size(project: Project) -> None:
    def cost(people: int) -> float:
        records = "".join(
            f"- id: s{n}\n  name: Speaker {n}\n  bio: A *short* bio.\n" for n in range(people)
        )
        assert len(records) < 2_000_000
        bare(project).write("content/speakers.yaml", records)
        started = time.thread_time()  # this thread's work alone: not another test's leftovers
        assert len(project.load().speakers) == people
        return time.thread_time() - started

    # An absolute bound failed on a busy machine (10 s of CPU time measured as 12.2 s): load
    # stretches each step. What a hostile file must not do is make the work grow faster than
    # the file: ten times the records cost about ten times as much, a quadratic step a hundred.
    small, large = cost(3_000), cost(30_000)
    assert large < 25 * small, f"3,000 records: {small:.2f} s of CPU, 30,000: {large:.2f} s"


@pytest.mark.timeout(300)  # a hang, not a speed bound: the bound is on CPU time below
def test_a_file_of_too_many_entries_is_one_line_within_seconds(project: Project) -> None:
    # 420,000 speakers under the 20 MB limit took 91 s and 2.5 GB, or died in a MemoryError
    # traceback under a 2 GB limit.
    records = "".join(f"- id: s{n}\n  name: S {n}\n" for n in range(420_000))
    assert len(records) < MAX_FILE_BYTES
    bare(project)
    (project.root / "content/speakers.yaml").write_text(records)
    started = cpu_seconds()
    assert project.problems() == [
        "content/speakers.yaml: has more than 50,000 entries, more than any event needs; split "
        "the list, or remove entries no page shows"
    ]
    assert cpu_seconds() - started < 5


def _speaker(**fields: str | None) -> Callable[[Site], bool]:
    def check(site: Site) -> bool:
        person = site.speakers[0]
        return all(getattr(person, key) == value for key, value in fields.items())

    return check


INTENDED: dict[str, Callable[[Site], bool]] = {
    "speakers--yaml11-booleans.yaml": _speaker(
        id="no", name="NO", honorific="on", organization="yes", position="Off"
    ),
    "speakers--yaml11-numbers.yaml": _speaker(
        id="1_000", name="0x1F", honorific=".inf", position="012", organization="1e3"
    ),
    "speakers--sexagesimal-text.yaml": _speaker(name="10:30", position="1:20:30"),
    "speakers--date-as-text.yaml": _speaker(name="2011-07-19", position="2011-07-19T10:30:00Z"),
    "event--norway.yaml": lambda site: site.event.venue.country == "NO",
    "event--yaml-1.1-directive.yaml": lambda site: site.event.title == "A Conference",
    "event--json-style.yaml": lambda site: site.event.organizer.name == "USIP",
    "agenda--yaml11-times.yaml": lambda site: (
        f"{site.sessions[0].start:%H:%M}-{site.sessions[0].end:%H:%M} {site.sessions[0].title}"
        == "10:30-11:45 12:00"
    ),
    "speakers--bom-at-start.yaml": _speaker(id="a", name="Ann Lee"),
    "speakers--crlf.yaml": _speaker(id="a", name="Ann Lee"),
    "speakers--cr-only.yaml": _speaker(id="a", name="Ann Lee"),
    "speakers--tabs-in-values.yaml": _speaker(name="Ann Lee", position="Chair\tof the board"),
    "speakers--explicit-str-tag.yaml": _speaker(name="2011"),
    "speakers--anchor-without-alias.yaml": _speaker(name="Ann Lee"),
    "speakers--nulls-in-optional-fields.yaml": _speaker(
        name="Ann Lee", position=None, organization=None, url=None
    ),
    "speakers--quoted-null.yaml": _speaker(name="null", position="~"),
    "speakers--unicode.yaml": _speaker(
        name="박지원", position="مدير", organization="👩\u200d👩\u200d👧 Family\u200d Office"
    ),
    "speakers--empty.yaml": lambda site: site.speakers == (),
    "speakers--escapes-decoded.yaml": _speaker(name="Ann é A \u0301"),
}


@pytest.mark.timeout(120)  # a hang guard, not a speed bound
@pytest.mark.parametrize("name", sorted(INTENDED))
def test_trap_that_means_something_loads_as_meant(project: Project, name: str) -> None:
    install(bare(project), HOSTILE / "intended" / name)
    started = cpu_seconds()
    site = project.load()
    assert cpu_seconds() - started < SECONDS
    assert INTENDED[name](site), site
