"""Property-based fuzzing of the loader: any content builds, or fails with our own error, fast.

`make test` runs a few hundred examples, the same ones each time; `make fuzz` runs thousands of
new ones (HYPOTHESIS_PROFILE=fuzz) and keeps the failures it finds in .hypothesis/ to replay.
While a build runs, an audit hook records every file operation, so a write anywhere outside the
example's temporary folder and the build cache (in the user's cache folder, see cache.py) fails
the property.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, get_args, get_origin

import icalendar
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from eventsite import model
from eventsite.build import build
from eventsite.engine.cache import folder
from eventsite.errors import SiteError
from eventsite.load import markdown
from eventsite.load.shapes import field_hints, optional_inner, split_annotated
from tests.conftest import NOW, REPO, cpu_seconds

settings.register_profile(
    "test",
    max_examples=100,
    derandomize=True,  # the same examples on every run: make test never fails by chance
    database=None,
    deadline=None,  # timed below, generously: the machine is shared
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(  # about ten minutes on two cores, six properties
    "fuzz", max_examples=3200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "test"))

SECONDS = 5.0
CONTENT = sorted(p.name for p in (REPO / "content").iterdir())

# -- watching every write -----------------------------------------------------------------------

_WRITE_EVENTS = {
    "os.rename", "os.replace", "os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.symlink",
    "os.link", "os.truncate", "os.utime", "shutil.rmtree", "shutil.copyfile", "shutil.move",
    "sqlite3.connect",
}  # fmt: skip
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_watch: dict[str, Any] = {"roots": (), "outside": []}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    roots = _watch["roots"]
    if not roots:
        return
    if event == "open":
        path, mode, flags = args
        writes = (mode is not None and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        paths = [path] if writes else []
    elif event in _WRITE_EVENTS:
        # A copy or a link writes only its second path; a rename changes both.
        changed = args[1:2] if event in ("shutil.copyfile", "os.symlink", "os.link") else args[:2]
        if event == "sqlite3.connect":  # the cache: a database the build reads and writes
            changed = [str(args[0]).removeprefix("file:").partition("?")[0]]
        paths = [a for a in changed if isinstance(a, str | bytes | os.PathLike)]
        if event.startswith("os.") and any(isinstance(a, int) and a >= 0 for a in args[1:]):
            paths = []  # relative to an open folder (rmtree's inner steps): its top is checked
    else:
        return
    for path in paths:
        if isinstance(path, int):
            continue
        real = os.path.realpath(os.fsdecode(path))
        if not any(real == root or real.startswith(root + os.sep) for root in roots):
            _watch["outside"].append(f"{event} {real}")


sys.addaudithook(_audit)


@contextmanager
def writes_confined_to(*roots: Path) -> Iterator[list[str]]:
    """Record every file operation outside the `roots` while the block runs."""
    _watch["roots"], _watch["outside"] = tuple(os.path.realpath(r) for r in roots), []
    try:
        yield _watch["outside"]
    finally:
        _watch["roots"] = ()


def test_the_watch_sees_a_write_outside(tmp_path: Path) -> None:
    (tmp_path / "inside").mkdir()
    with writes_confined_to(tmp_path / "inside") as outside:
        (tmp_path / "inside" / "ok.txt").write_text("fine")
        (tmp_path / "escaped.txt").write_text("caught")
        os.rename(tmp_path / "escaped.txt", tmp_path / "moved.txt")
    assert outside == [
        f"open {tmp_path.resolve()}/escaped.txt",
        f"os.rename {tmp_path.resolve()}/escaped.txt",
        f"os.rename {tmp_path.resolve()}/moved.txt",
    ]


# -- the property -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a copy of the example project, shared by every example."""
    root = tmp_path_factory.mktemp("fuzz")
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, root / "site" / name)
    return root


def builds_or_fails_cleanly(
    sandbox: Path, name: str, data: bytes, seconds: float = SECONDS
) -> None:
    """Put `data` in content/`name`, build, and check the outcome; restore the file after."""
    path = sandbox / "site" / "content" / name
    original = path.read_bytes()
    path.write_bytes(data)
    out = Path(tempfile.mkdtemp(dir=sandbox)) / "public"
    try:
        started = cpu_seconds()
        failure: SiteError | None = None
        cache = folder().parent  # this run's cache, and the key that seals it beside it
        with writes_confined_to(out.parent, cache) as outside:
            try:
                build(sandbox / "site", out, now=NOW)
            except SiteError as exc:  # anything else is a bug, and fails the property
                failure = exc
        assert cpu_seconds() - started < seconds  # CPU time: a busy machine stretches wall time
        assert outside == [], "the build wrote outside its output folder and its cache"
        if failure is None:
            assert (out / "index.html").is_file()
            outputs_parse(out)
        else:
            lines = failure.lines()
            assert lines, "an error with no message"
            assert all(line.strip() and "\n" not in line for line in lines), lines
            assert not out.exists(), "a failed build wrote its output"
    finally:
        path.write_bytes(original)
        shutil.rmtree(out.parent)


def outputs_parse(out: Path) -> None:
    """Every machine-readable output parses as its kind, and no output holds a control byte."""
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix in (".html", ".xml", ".ics", ".json", ".txt"):
            assert not CONTROL_BYTES.search(data), f"{path.name}: a control character"
        if path.suffix == ".xml":
            etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        elif path.suffix == ".json":
            json.loads(data)
        elif path.suffix == ".ics":
            icalendar.Calendar.from_ical(data)


CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# What YAML gives special meaning to, and values the loader must judge.
SPECIAL = st.sampled_from(
    ["- ", ": ", ":", "\n", "\n  ", "  ", "\t", "#", "&a ", "*a", "!!", "!!python/object ",
     "[", "]", "{", "}", ",", '"', "'", "|", ">", "---\n", "...\n", "%YAML 1.1\n", "? ", "~",
     "null", "yes", "NO", "on", "10:30", "2011-07-19", "0x1F", "1e3", ".inf", "\\", "\ufeff",
     "\x00", "\x1b", "\u2028", "é", "<script>", "javascript:", "id", "speaker", "panel"]
)  # fmt: skip


@st.composite
def edited_example(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the example's content files with a few random edits: almost right, as typos are."""
    name = draw(st.sampled_from(CONTENT))
    text = (REPO / "content" / name).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 12))
        insert = draw(st.one_of(SPECIAL, st.text(max_size=8)))
        text = text[:at] + insert + text[at + cut :]
    return name, text.encode("utf-8", "surrogatepass")


SCALARS = st.one_of(
    SPECIAL, st.text(max_size=30), st.integers(), st.booleans(), st.none(), st.floats()
)
KEYS = st.one_of(
    st.sampled_from(
        ["id", "name", "title", "date", "timezone", "organizer", "venue", "locality", "start",
         "end", "kind", "panel", "speakers", "speaker", "role", "url", "bio", "summary",
         "authors", "type", "topics", "panelists", "moderator", "status", "end_date"]
    ),
    st.text(max_size=10),
)  # fmt: skip
TREES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=25,
)


@st.composite
def generated_yaml(draw: st.DrawFn) -> tuple[str, bytes]:
    """Well-formed YAML of any shape, with the schema's own field names as keys."""
    name = draw(st.sampled_from([n for n in CONTENT if n.endswith(".yaml")]))
    text = yaml.safe_dump(draw(TREES), allow_unicode=True)
    return name, text.encode("utf-8", "surrogatepass")


RECORDS: dict[str, type] = {
    "event.yaml": model.Event,
    "speakers.yaml": model.Speaker,
    "panels.yaml": model.Panel,
    "agenda.yaml": model.Session,
    "publications.yaml": model.Publication,
    "courses.yaml": model.Course,
}
PLAUSIBLE = st.one_of(
    st.sampled_from(
        ["9:00 AM", "13:15", "10:30", "8:00", "2011-07-19", "2011-07-20", "America/New_York",
         "panel", "keynote", "other", "john-park", "sonia-plaza", "panel-2", "scheduled",
         "https://www.usip.org/", "mailto:a@example.org", "/relative", "Some *text*", "x"]
    ),
    SPECIAL,
)  # fmt: skip


def shaped(tp: Any) -> st.SearchStrategy[Any]:
    """Values in the shape a field expects, or (half the time, at each level) any shape."""
    base, _meta = split_annotated(tp)
    base = optional_inner(base) or base
    if dataclasses.is_dataclass(base):
        hints = field_hints(base)
        fields = {name: st.deferred(lambda t=t: shaped(t)) for name, t in hints.items()}
        loose = st.dictionaries(KEYS, TREES, max_size=3)
        right = st.fixed_dictionaries({}, optional=fields) | loose
    elif get_origin(base) is tuple:
        right = st.lists(st.deferred(lambda: shaped(get_args(base)[0])), max_size=3)
    else:
        right = PLAUSIBLE
    return st.one_of(right, right, TREES)


@st.composite
def schema_shaped(draw: st.DrawFn) -> tuple[str, bytes]:
    """Records with the schema's fields, holding right and wrong shapes of values."""
    name = draw(st.sampled_from(sorted(RECORDS)))
    cls = RECORDS[name]
    data = draw(shaped(cls) if name == "event.yaml" else st.lists(shaped(cls), max_size=4))
    return name, yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass")


@st.composite
def any_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """Anything at all: bytes, text in odd encodings, nothing."""
    name = draw(st.sampled_from(CONTENT))
    data = draw(
        st.one_of(
            st.binary(max_size=400),
            st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
            st.text(max_size=200).map(lambda t: t.encode("utf-16")),
        )
    )
    return name, data


@given(case=edited_example())
def test_edited_example_builds_or_fails_cleanly(sandbox: Path, case: tuple[str, bytes]) -> None:
    builds_or_fails_cleanly(sandbox, *case)


@given(case=generated_yaml())
def test_any_yaml_shape_builds_or_fails_cleanly(sandbox: Path, case: tuple[str, bytes]) -> None:
    builds_or_fails_cleanly(sandbox, *case)


@given(case=schema_shaped())
def test_schema_shaped_content_builds_or_fails_cleanly(
    sandbox: Path, case: tuple[str, bytes]
) -> None:
    builds_or_fails_cleanly(sandbox, *case)


@given(case=any_bytes())
def test_any_bytes_build_or_fail_cleanly(sandbox: Path, case: tuple[str, bytes]) -> None:
    builds_or_fails_cleanly(sandbox, *case)


# -- Markdown and escaped control characters ----------------------------------------------------

MARKDOWN_ATOMS = st.sampled_from(
    ["- ", "* ", "+ ", "1. ", "> ", "    ", "\t", "\n", "\n\n", "[", "]", "(", ")", "![", "](",
     "<", ">", "<a", "<http://x", "&amp;", "&#123;", "&", "*", "**", "_", "`", "```", "\\",
     "=", "\n===\n", "\n---\n", "- - -", "|", "|-|", "#", "a", "word ", "é", "<script>",
     "javascript:", "[x]: http://a\n"]
)  # fmt: skip


@st.composite
def markdown_text(draw: st.DrawFn) -> str:
    """Markdown from its special pieces: a short mix, or one piece repeated many times, as the
    texts that once took minutes or ended in a RecursionError were."""
    if draw(st.booleans()):
        return "".join(draw(st.lists(MARKDOWN_ATOMS | st.text(max_size=5), max_size=60)))
    unit = "".join(draw(st.lists(MARKDOWN_ATOMS, min_size=1, max_size=4)))
    return unit * draw(st.integers(1, 30_000 // len(unit)))


@st.composite
def markdown_content(draw: st.DrawFn) -> tuple[str, bytes]:
    """about.md, or a speaker whose bio is the Markdown."""
    text = draw(markdown_text())
    if draw(st.booleans()):
        return "about.md", text.encode("utf-8", "surrogatepass")
    bio = yaml.safe_dump([{"id": "a", "name": "A", "bio": text}], allow_unicode=True)
    return "speakers.yaml", bio.encode("utf-8", "surrogatepass")


ESCAPES = st.one_of(
    st.sampled_from([r"\0", r"\a", r"\b", r"\t", r"\n", r"\v", r"\f", r"\r", r"\e", r"\ ",
                     r"\N", r"\_", r"\L", r"\P", r"\/", r"\\", r'\"']),
    st.integers(0, 0xFF).map(lambda n: f"\\x{n:02x}"),
    st.integers(0, 0xFFFF).filter(lambda n: not 0xD800 <= n <= 0xDFFF).map(lambda n: f"\\u{n:04x}"),
    st.integers(0, 0x10FFFF).filter(lambda n: not 0xD800 <= n <= 0xDFFF).map(
        lambda n: f"\\U{n:08x}"
    ),
)  # fmt: skip
_FIELD = re.compile(r"^(\s*-?\s*[a-z_]+): (?![|>\[{]).+$", re.MULTILINE)


@st.composite
def escaped_values(draw: st.DrawFn) -> tuple[str, bytes]:
    """An example content file with some values rewritten as double-quoted YAML holding
    escapes: control characters that the raw file never shows."""
    name = draw(st.sampled_from([n for n in CONTENT if n.endswith(".yaml")]))
    text = (REPO / "content" / name).read_text(encoding="utf-8")
    fields = list(_FIELD.finditer(text))
    if not fields:
        return name, text.encode()
    for match in sorted(draw(st.lists(st.sampled_from(fields), min_size=1, max_size=3,
                                      unique_by=lambda m: m.start())),
                        key=lambda m: m.start(), reverse=True):  # fmt: skip
        plain = st.text(max_size=6).map(lambda t: t.replace("\\", "\\\\").replace('"', '\\"'))
        value = "".join(draw(st.lists(ESCAPES | plain, min_size=1, max_size=6)))
        text = f'{text[: match.start()]}{match.group(1)}: "{value}"{text[match.end() :]}'
    return name, text.encode("utf-8", "surrogatepass")


@given(case=markdown_content())
def test_any_markdown_builds_or_fails_cleanly(sandbox: Path, case: tuple[str, bytes]) -> None:
    builds_or_fails_cleanly(sandbox, *case, seconds=markdown.TIME_LIMIT + SECONDS)


@given(case=escaped_values())
def test_escaped_control_characters_build_or_fail_cleanly(
    sandbox: Path, case: tuple[str, bytes]
) -> None:
    builds_or_fails_cleanly(sandbox, *case)
