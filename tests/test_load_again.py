"""The dev server's load, which takes what its last load kept (records, the agenda as judged),
gives after any edit what a load from nothing gives: the same records, and the same problems
at the same lines and columns."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from eventsite.errors import ContentError, Problem
from eventsite.load import checks
from eventsite.load.event import load_alone
from eventsite.load.reuse import Reuse
from eventsite.load.yamlfile import Document, Entry
from eventsite.model import Site
from tests.conftest import Project
from tests.test_checks import event

AGENDA, SPEAKERS, EVENT = "content/agenda.yaml", "content/speakers.yaml", "content/event.yaml"
LUNCH = "  end: 12:15 PM\n  gap_before: true\n"
"""The lunch slot's intended gap: without it, a warning at the slot's start."""
NOBODY = "\n- id: nobody-named\n  name: Nobody Named\n"
"""A person on no slot: a warning at the person's id."""


def _load(project: Path, reuse: Reuse | None) -> Site | list[Problem]:
    """The project's site, or every problem that stops its load."""
    try:
        return load_alone(project, reuse=reuse)[0]
    except ContentError as exc:
        return exc.problems


def _edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {name} once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _same_as_from_nothing(project: Path, reuse: Reuse) -> Site | list[Problem]:
    """The dev server's load and a load from nothing give the same site and the same places of
    every field (or the same problems)."""
    nothing = Reuse()
    again, fresh = _load(project, reuse), _load(project, nothing)
    assert again == fresh
    if isinstance(fresh, Site):
        assert reuse.loaded is not None
        assert nothing.loaded is not None
        assert reuse.loaded[1] == nothing.loaded[1]
    return fresh


EDITS = [
    (AGENDA, LUNCH, "  end: 12:15 PM\n"),  # a gap, warned of
    (SPEAKERS, "  organization: World Bank\n", "  organization: World Bank\n" + NOBODY),
    # a line added above the gap's slot, and above the person on no slot
    (
        AGENDA,
        "  title: Group Discussion\n\n- start: 11:30 AM",
        "  title: Group Discussion\n  note: a line more\n\n- start: 11:30 AM",
    ),
    (SPEAKERS, "- id: john-park\n", "- id: john-park\n  url: https://example.org/john-park\n"),
    (SPEAKERS, "  name: John Park\n", "  name: John Parker\n"),  # a person's line
    (AGENDA, "  end: 11:15 AM\n", "  end: 11:45 AM\n"),  # overlaps the lunch: an error
    (AGENDA, "  end: 11:45 AM\n", "  end: 11:15 AM\n"),  # and fixed
    (SPEAKERS, "  position: Chairman\n", "  position: Chairman: of the board\n"),  # YAML
    (SPEAKERS, "  position: Chairman: of the board\n", "  position: Chairman\n"),
    (SPEAKERS, "- id: john-park\n", "- id: jon-park\n"),  # removed, still named
    (SPEAKERS, "- id: jon-park\n", "- id: john-park\n"),
    (AGENDA, "  note: a line more\n", ""),  # a line removed above the gap
    (AGENDA, "- start: 3:00 PM\n", "- start: 3:00 PM\n  date: 2011-07-20\n"),  # not a day
    (EVENT, "date: 2011-07-19\n", "date: 2011-07-19\nend_date: 2011-07-20\n"),  # it is now
    # a slot removed above, as many lines added to another: the slots below keep their lines,
    # but not their paths
    (
        AGENDA,
        "- start: 8:30 AM\n  end: 9:00 AM\n  kind: registration\n  title: Registration & "
        "Coffee\n\n- start: 9:00 AM\n",
        "- start: 9:00 AM\n  note: one\n  abstract: two\n  id: three\n  access_note: four\n"
        "  online_note: five\n",
    ),
]


def test_after_each_edit_the_dev_server_loads_what_a_load_from_nothing_does(
    project: Project,
) -> None:
    reuse = Reuse()
    found = _same_as_from_nothing(project.root, reuse)
    assert isinstance(found, Site)
    assert found.warnings == ()
    lines = []
    for name, old, new in EDITS:
        _edit(project.root, name, old, new)
        found = _same_as_from_nothing(project.root, reuse)
        problems = found.warnings if isinstance(found, Site) else found
        lines.append([f"{p.file}:{p.line}:{p.column} {p.message[:12]}" for p in problems])
    # The edits did what they say: the problems moved with the lines added and removed.
    gap, nobody = "15 minutes w", '"nobody-name'
    assert lines[1] == [f"content/agenda.yaml:31:10 {gap}", f"content/speakers.yaml:40:7 {nobody}"]
    assert lines[2][0] == f"content/agenda.yaml:32:10 {gap}"
    assert lines[3][1] == f"content/speakers.yaml:41:7 {nobody}"
    assert lines[5][0] == "content/agenda.yaml:32:10 overlaps age"
    assert lines[7] == ["content/speakers.yaml:20:21 YAML syntax "]
    assert lines[9] == ["content/agenda.yaml:16:16 unknown spea"]
    assert lines[11] == [f"content/agenda.yaml:31:10 {gap}", f"content/speakers.yaml:41:7 {nobody}"]
    assert "content/agenda.yaml:58:9 2011-07-20 i" in lines[12]
    assert lines[13] == lines[11]
    assert lines[14] == [f"content/agenda.yaml:31:10 {gap}", f"content/speakers.yaml:41:7 {nobody}"]


def test_two_slots_swapped_are_judged_again(project: Project) -> None:
    """The same records at each other's paths: the second now starts before the first."""
    reuse = Reuse()
    _same_as_from_nothing(project.root, reuse)
    first = "- start: 1:15 PM\n  end: 1:45 PM\n  kind: discussion\n  title: Group Discussion\n"
    second = "- start: 1:45 PM\n  end: 2:45 PM\n  kind: panel\n  panel: panel-3\n"
    _edit(project.root, AGENDA, f"{first}\n{second}", f"{second}\n{first}")
    found = _same_as_from_nothing(project.root, reuse)
    assert isinstance(found, list)
    assert [(p.field, p.message[:22]) for p in found] == [
        ("agenda[8].start", "starts at 1:15 PM on 2")
    ]


def test_an_edit_to_a_person_does_not_judge_the_agenda_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    reuse = Reuse()
    _edit(project.root, AGENDA, LUNCH, "  end: 12:15 PM\n")
    _same_as_from_nothing(project.root, reuse)
    judged: list[object] = []
    schedule = checks._schedule
    monkeypatch.setattr(checks, "_schedule", lambda *a: judged.append(a) or schedule(*a))
    _edit(project.root, SPEAKERS, "  name: John Park\n", "  name: John Parker\n")
    assert isinstance(_load(project.root, reuse), Site)
    assert judged == []
    _edit(project.root, AGENDA, "  end: 11:15 AM\n", "  end: 11:10 AM\n")  # a slot's time
    assert _load(project.root, reuse) == _load(project.root, None)
    assert len(judged) == 2  # the dev server's load, and the load from nothing


def test_a_time_written_another_way_is_quoted_as_written(project: Project) -> None:
    """The same moment, so the same slots to judge, but a message in the editor's words."""
    event(project, "2030-05-01", "2030-05-02")
    late = "- {start: 8:00 PM, end: 1:00 AM, end_date: 2030-05-02, kind: other, title: Late}\n"
    after = "- {date: 2030-05-02, start: 12:30 AM, end: 2:00 AM, kind: other, title: After}\n"
    project.write(AGENDA, late + after)
    reuse = Reuse()
    _same_as_from_nothing(project.root, reuse)
    _edit(project.root, AGENDA, "end: 1:00 AM", "end: 01:00")
    found = _same_as_from_nothing(project.root, reuse)
    assert isinstance(found, list)
    assert [p.message[:16] for p in found] == ["ends at 01:00 on"]


def test_a_file_saved_in_another_encoding_is_read_again(project: Project) -> None:
    reuse = Reuse()
    _same_as_from_nothing(project.root, reuse)
    path = project.root / SPEAKERS
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("Dr.", "Dr\u00e9.", 1).encode("latin-1"))
    found = _same_as_from_nothing(project.root, reuse)
    assert isinstance(found, list)
    assert [p.message for p in found] == ["is not UTF-8 text"]
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())  # UTF-8 with a byte-order mark: the same
    assert _load(project.root, reuse) == _load(project.root, None)


# -- a file's entries composed again only where they changed ------------------------------------

HEADS = [
    "",
    "# yaml-language-server: $schema=x.json\n# people\n\n",
    "\n",
    "---\n",
    "%YAML 1.1\n---\n",
]
CERTAIN = [
    "- id: a\n  name: A\n",
    "- id: b\n  name: B\n\n",
    "- id: c\n  bio: |\n    One.\n\n    Two, **bold**, *it*, R&D & co.\n\n",
    "- id: d\n  bio: |+\n    kept\n\n\n",
    "- id: e\n  title: >-\n    folded\n    text\n# a comment between entries\n",
    '- id: f\n  title: "a quoted\n  line"\n',
    "- {x: 1}\n",
    "-  id: h\n",
    "- id: j\n  name: J\r\n",
    "- sessions:\n    - title: x\n    - title: y\n  track: t\n",
    "- plain\n  continued\n",
    "- id: p\n  x: 1\n  x: 2\n",
    "- ? complex\n  : value\n",
    "- id: q\n  note: a: b\n",  # a mistake in one entry
]
UNSURE = [
    '- "open\n- quote"\n',
    "- [a,\n- b]\n",
    "- &anchor x\n",
    "- *anchor\n",
    "- ref: &r {a: 1}\n  again: *r\n",
    "-\n  id: g\n",
    "- id: i\n\tname: tab\n",
    "- id: k\nkey: beside\n",
    "- id: l\n...\n",
    "- id: m\n---\n- id: n\n",
    "- id: o\n  name: [unclosed\n",
    "- id: r\r  name: R\n",
    "- \n  id: s\n",
    '- id: t\n  name: "a\u2028\n    b"\n',  # a line break to YAML, not to str.count
    '- id: u\n  name: "a\x85\n    b"\n',
]
TAILS = ["", "# the end", "\n\n# the end\n\n", "- id: z"]
"""Entries of a top-level list: those that compose alone as within their file, and those that
may not (or may not be split from the others for certain), where the whole file is composed."""


def _tree(node: yaml.Node) -> object:
    """What a node is, with the lines and columns of its marks (not their character counts,
    which a file composed entry by entry counts otherwise)."""
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line,
             node.end_mark.column)  # fmt: skip
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.style, marks)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [_tree(n) for n in node.value], node.flow_style, marks)
    assert isinstance(node, yaml.MappingNode)
    return (node.tag, [(_tree(k), _tree(v)) for k, v in node.value], node.flow_style, marks)


def _below(node: yaml.Node) -> list[yaml.Node]:
    """A node and every node inside it."""
    if isinstance(node, yaml.SequenceNode):
        return [node, *(n for item in node.value for n in _below(item))]
    if isinstance(node, yaml.MappingNode):
        return [node, *(n for pair in node.value for part in pair for n in _below(part))]
    return [node]


def _said(doc: Document) -> list[list[str]]:
    """The text of each node of each entry of a file's top-level list."""
    if not isinstance(doc.root, yaml.SequenceNode):
        return []
    return [[doc.said(n, entry) for n in _below(entry)] for entry in doc.root.value]


def _whole(text: str) -> tuple[object, tuple[Problem, ...], list[list[str]]]:
    """A text composed whole, as a build does: its tree, its problems, its nodes' texts."""
    doc = Document("content/speakers.yaml", text)
    return (_tree(doc.root) if doc.root is not None else None), doc.problems, _said(doc)


def _composed_as_whole(head: str, versions: list[list[str]], tail: str) -> None:
    """Each version of a file (its head, entries, tail), composed from the last one's entries,
    has the nodes, lines, columns, problems and entries' texts of the same text composed whole;
    and while it can be split, its entries whose text and line are unchanged are taken again."""
    last: tuple[Entry, ...] = ()
    for entries in versions:
        text = head + "".join(entries) + tail
        doc = Document("content/speakers.yaml", text, before=last)
        root = doc.root
        assert ((_tree(root) if root is not None else None), doc.problems) == _whole(text)[:2]
        assert _said(doc) == _whole(text)[2]
        now = doc.entries()
        if last and now and all(e in CERTAIN for e in entries) and tail != "- id: z":
            before = {(e.text, e.line): e for e in last}
            assert all(e is before.get((e.text, e.line), e) for e in now)
        last = now


@pytest.mark.parametrize("unsure", UNSURE)
def test_an_entry_that_may_not_compose_alone_has_its_file_composed_whole(unsure: str) -> None:
    base = [CERTAIN[0], CERTAIN[1], CERTAIN[0]]
    for at in range(3):
        replaced = [*base[:at], unsure, *base[at + 1 :]]
        inserted = [*base[:at], unsure, *base[at:]]
        _composed_as_whole("", [base, replaced, base, inserted, base], "")
    _composed_as_whole("# a head\n", [base, [unsure, *base], base], "")


entry = st.sampled_from(CERTAIN * 3 + UNSURE)
edit = st.tuples(st.sampled_from(["replace", "insert", "remove"]), st.integers(0, 9), entry)


@settings(max_examples=500, derandomize=True, database=None, deadline=None)
@given(
    st.sampled_from(HEADS),
    st.lists(entry, max_size=8),
    st.sampled_from(TAILS),
    st.lists(edit, min_size=1, max_size=5),
)
def test_a_file_composed_entry_by_entry_is_the_file_composed_whole(
    head: str, entries: list[str], tail: str, edits: list[tuple[str, int, str]]
) -> None:
    versions = [list(entries)]
    for how, where, new in edits:
        at = where % (len(entries) + 1)
        if how == "insert":
            entries.insert(at, new)
        elif entries:
            entries[at % len(entries) : at % len(entries) + 1] = [new] if how == "replace" else []
        versions.append(list(entries))
    _composed_as_whole(head, versions, tail)


@pytest.mark.parametrize("key", ["sessions", '"sessions"', '"\\x73essions"', "'sessions'"])
def test_a_group_is_a_group_however_its_sessions_key_is_written(project: Project, key: str) -> None:
    event(project, "2030-05-01")
    project.write(
        AGENDA,
        f"""
        - track: Research
          {key}:
            - {{start: 10:00, end: 10:30, kind: talk, title: First}}
        """,
    )
    assert [(s.heading, s.track) for s in project.load().sessions] == [("First", "Research")]
