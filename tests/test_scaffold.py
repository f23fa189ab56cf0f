"""`eventsite new`: a project that builds at once and shows every field."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from lxml import html

from eventsite import i18n
from eventsite.errors import SiteError
from eventsite.load.shapes import field_hints
from eventsite.tools.scaffold import ask_zone, new_site
from eventsite.tools.schema import FILES, fields, records
from tests.test_schema import schema_accepts


def eventsite(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventsite", *map(str, args)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture
def new(tmp_path: Path) -> Path:
    path = tmp_path / "my-event"
    run = eventsite("new", path, "--title", 'Markets: A "Day" of Talks', "--date", "2030-05-01",
                    "--timezone", "Europe/Berlin")  # fmt: skip
    assert run.returncode == 0, run.stderr
    return path


def test_new_project_builds_and_checks_at_once(new: Path) -> None:
    built = eventsite("build", "--project", new)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    page = (new / "public/index.html").read_text()
    assert "<h1>Markets: A &#34;Day&#34; of Talks</h1>" in page
    assert "Wednesday, May 1, 2030" in page
    assert "Opening Session" in page
    assert (new / "public/static/site.css").is_file(), "the default theme's stylesheet"
    checked = eventsite("check", "--strict", "--project", new)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[0].endswith("no errors, no warnings")


SITE_ONLY = {"series", "topics", "publications", "updated"}
"""Fields of event.yaml that only an event of a site of events uses (its scaffold shows them)."""


def _plain(text: str) -> str:
    """A file's text without its comment marks and line breaks: its words, to search."""
    return " ".join(" ".join(re.sub(r"^[\s#-]*", "", line).split()) for line in text.splitlines())


def test_new_project_shows_every_field(new: Path) -> None:
    for name in (n for n in FILES if n != "site"):
        text = (new / "content" / f"{name}.yaml").read_text()
        assert text.startswith(f"# yaml-language-server: $schema=../schema/{name}.schema.json\n")
        assert (new / "schema" / f"{name}.schema.json").is_file()
        assert schema_accepts(name, text)
        written = set(re.findall(r"^[#\s-]*([a-z_]+):", text, re.MULTILINE))
        for cls in records(name):
            missing = set(field_hints(cls)) - written - (SITE_ONLY if name == "event" else set())
            assert not missing, f"{name}.yaml shows no example of {sorted(missing)}"
            # Each field with the model's description: the words the schema and the guide show.
            for field in fields(cls):
                if field.name not in SITE_ONLY or name != "event":
                    assert " ".join(field.doc.split()) in _plain(text), (name, field.name)


def _uncomment(folder: Path) -> None:
    """Remove the # before every field and list item of every content file, as an editor would
    to use them all."""
    example = re.compile(r"^(\s*)# (?=\s|- |[a-z_]+:)", re.MULTILINE)
    for path in folder.rglob("*.yaml"):
        text = path.read_text().replace("\n[]\n", "\n")
        path.write_text(example.sub(r"\1", text))


def test_every_commented_example_is_valid(new: Path) -> None:
    """Uncommenting the examples gives content that loads: the examples are not stale, and they
    hold together (every id they name exists, no two sessions overlap)."""
    _uncomment(new / "content")
    run = eventsite("check", "--project", new)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: 3 sessions, 1 speaker, 1 publication; no errors")


def test_every_commented_example_of_a_site_is_valid(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert eventsite("new", "site", site, "--name", "X", "--timezone", "UTC").returncode == 0
    _uncomment(site / "content")
    run = eventsite("check", "--project", site)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: 1 event, 3 sessions, 1 person; no errors")


STARTER_WORDS = ("Your Organization", "Your City", "Opening Session", "Describe the event")
"""What a new English project's page says until the editor writes the event's own words."""


@pytest.mark.parametrize("code", [c for c in i18n.SHIPPED if c != "en"])
def test_new_writes_its_words_in_the_event_language(tmp_path: Path, code: str) -> None:
    made = eventsite("new", tmp_path / "e", "--title", "T", "--date", "2030-05-01",
                     "--timezone", "UTC", "--language", code)  # fmt: skip
    assert made.returncode == 0, made.stderr
    built = eventsite("build", "--project", tmp_path / "e")
    assert built.returncode == 0, built.stderr
    page = html.parse(tmp_path / "e/public/index.html").getroot().text_content()
    assert not [word for word in STARTER_WORDS if word in page]
    opening = i18n.language(code).gettext("Opening Session")
    assert opening != "Opening Session"
    assert opening in page
    if code == "ko":
        assert "개회식" in page


def test_a_new_event_speaks_the_site_language(tmp_path: Path) -> None:
    site = tmp_path / "site"
    made = eventsite("new", "site", site, "--name", "X", "--timezone", "Asia/Seoul",
                     "--language", "ko")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert eventsite("new", "event", "forum", "--project", site, "--title", "포럼", "--date",
                     "2031-03-18").returncode == 0  # fmt: skip
    event = site / "content/events/forum"
    assert 'title: "개회식"' in (event / "agenda.yaml").read_text()
    assert "# timezone: Asia/Seoul" in (event / "event.yaml").read_text()
    assert not [w for w in STARTER_WORDS if w in (event / "about.md").read_text()]


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep")
    run = eventsite("new", tmp_path, "--title", "T", "--date", "2030-05-01", "--timezone", "UTC")
    assert run.returncode == 1
    assert run.stderr == f"error: {tmp_path} already exists and is not empty; choose a new folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--date", "2030-13-01", "--title", "T"],
      'error: "2030-13-01" is not a date; write it as YYYY-MM-DD, e.g. 2011-07-19\n'),
     (["--date", "2030-05-01", "--title", "T", "--timezone", "Mars/Olympus"],
      'error: "Mars/Olympus" is not a time zone; write the venue\'s zone as Area/City, e.g. '
      "America/New_York or Europe/Berlin\n"),
     (["--date", "2030-05-01", "--title", "T", "--timezone", "EST"],
      'error: "EST" is not a time zone; write the venue\'s zone as Area/City, e.g. '
      "America/New_York or Europe/Berlin\n"),
     (["--date", "2030-05-01", "--title", "T", "--timezone", "berlin"],
      'error: "berlin" is not a time zone; did you mean "Europe/Berlin"?\n'),
     (["--date", "2030-05-01", "--title", "T"],
      "error: the venue's time zone is needed; pass --timezone, e.g. --timezone "
      "America/New_York\n")],
)  # fmt: skip
def test_new_explains_bad_arguments(tmp_path: Path, args: list[str], message: str) -> None:
    run = eventsite("new", tmp_path / "x", *args)
    assert (run.returncode, run.stderr) == (1, message)
    assert not (tmp_path / "x").exists()


def test_new_on_a_dangling_symlink_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    run = eventsite("new", tmp_path / "link", "--title", "T", "--date", "2030-05-01",
                    "--timezone", "UTC")  # fmt: skip
    assert (run.returncode, run.stderr) == (
        1, f"error: {tmp_path / 'link'} is a symbolic link; choose a new folder\n")  # fmt: skip
    assert not (tmp_path / "nowhere").exists()


def test_new_in_a_folder_it_cannot_write_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "file").write_text("")
    target = tmp_path / "locked" / "file" / "event"  # inside a file: no one can create it
    run = eventsite("new", target, "--title", "T", "--date", "2030-05-01", "--timezone", "UTC")
    assert (run.returncode, run.stderr) == (
        1, f"error: cannot create {target}: not a directory; choose a folder you can write to\n"
    )  # fmt: skip


def test_new_explains_a_bad_time_zone_once(tmp_path: Path) -> None:
    run = eventsite("new", tmp_path / "x", "--title", "T", "--date", "2030-05-01",
                    "--timezone", "Mars/Olympus")  # fmt: skip
    assert run.stderr == (
        'error: "Mars/Olympus" is not a time zone; write the venue\'s zone as Area/City, e.g. '
        "America/New_York or Europe/Berlin\n"
    )


def test_schema_writes_only_into_a_project(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "event.schema.json").write_text("my own schema")
    run = eventsite("schema", "--project", tmp_path)
    assert run.returncode == 1
    assert run.stderr == (
        f"error: {tmp_path}/content/ not found; run eventsite in a project folder or pass "
        "--project DIR\n"
    )
    assert (tmp_path / "schema" / "event.schema.json").read_text() == "my own schema"


def test_new_site_and_new_event_build_and_check_at_once(tmp_path: Path) -> None:
    site = tmp_path / "my-site"
    made = eventsite("new", "site", site, "--name", "Example Institute", "--timezone",
                     "America/New_York", "--date", "2030-05-01")  # fmt: skip
    assert made.returncode == 0, made.stderr
    added = eventsite("new", "event", "forum-2031", "--project", site, "--title", "The Forum",
                      "--date", "2031-03-18")  # fmt: skip
    assert added.returncode == 0, added.stderr
    text = (site / "content/site.yaml").read_text()
    assert schema_accepts("site", text)
    written = set(re.findall(r"^[#\s-]*([a-z_]+):", text, re.MULTILINE))
    for cls in records("site"):
        assert not set(field_hints(cls)) - written, cls
    event = (site / "content/events/forum-2031/event.yaml").read_text()
    assert schema_accepts("site-event", event)
    assert set(re.findall(r"^[#\s-]*([a-z_]+):", event, re.MULTILINE)) >= SITE_ONLY
    checked = eventsite("check", "--strict", "--project", site, "--now", "2030-01-01")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("ok: 2 events, 2 sessions, 0 people; no errors, no warnings")
    built = eventsite("build", "--project", site, "--now", "2030-01-01")
    assert built.returncode == 0, built.stderr
    index = (site / "public/index.html").read_text()
    assert "The Forum" in index
    assert "Our First Event" in index


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A new site of events, made in this process (as `eventsite new site` makes it)."""
    new_site(tmp_path / "site", "X", "UTC", date(2031, 1, 1))
    return tmp_path / "site"


@pytest.mark.parametrize(
    ("name", "line"),
    [("people", 'content/events/people: "people" cannot name an event: it is its address; '
      "rename the folder: calendar, people, series, static, topics are the site's own folders"),
     ("My Forum", 'content/events/My Forum: "My Forum" cannot name an event: it is its address; '
      "rename the folder with lower-case letters, digits and hyphens, e.g. my-forum"),
     ("a" * 101, f'content/events/{"a" * 101}: "{"a" * 101}" cannot name an event: it is its '
      f"address; rename the folder with at most 100 characters, e.g. {'a' * 100}")],
)  # fmt: skip
def test_new_event_refuses_what_build_refuses_with_the_same_line(
    site: Path, name: str, line: str
) -> None:
    run = eventsite("new", "event", name, "--project", site, "--title", "T", "--date",
                    "2031-01-01")  # fmt: skip
    assert (run.returncode, run.stderr) == (1, line + "\n")
    assert not (site / "content/events" / name).exists()
    # The same folder made by hand: the build refuses it in the same words.
    shutil.copytree(site / "content/events/first-event", site / "content/events" / name)
    built = eventsite("build", "--project", site)
    assert (built.returncode, built.stderr) == (1, line + "\n")


def test_new_event_refuses_a_name_too_long_for_a_folder(site: Path) -> None:
    before = sorted(site.rglob("*"))
    run = eventsite("new", "event", "a" * 300, "--project", site, "--title", "T", "--date",
                    "2031-01-01")  # fmt: skip
    assert run.returncode == 1
    assert run.stderr.startswith(f"content/events/{'a' * 100}")
    assert run.stderr.endswith(
        f"; rename the folder with at most 100 characters, e.g. {'a' * 100}\n"
    )
    assert run.stderr.count("\n") == 1, "one line, no traceback"
    assert sorted(site.rglob("*")) == before


@pytest.mark.parametrize(
    "args",
    [["{folder}", "--title", "T", "--date", "2030-05-01", "--timezone", "UTC"],
     ["site", "{folder}", "--name", "X", "--timezone", "UTC"]],
)  # fmt: skip
def test_new_in_a_folder_whose_name_is_too_long_is_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    folder = str(tmp_path / ("s" * 300))
    run = eventsite("new", *(folder if arg == "{folder}" else arg for arg in args))
    assert run.returncode == 1
    assert run.stderr.startswith(f"error: cannot create {tmp_path}/sss")
    assert run.stderr.endswith("sss: file name too long; choose a folder you can write to\n")
    assert run.stderr.count("\n") == 1, "one line, no traceback"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "line"),
    [(["new", "{new}", "--title", "Markets\nDay", "--date", "2030-05-01", "--timezone", "UTC"],
      'error: --title: has a line break; write it on one line, e.g. --title "The Event\'s Title"'),
     (["new", "{new}", "--title", "Markets\x01", "--date", "2030-05-01", "--timezone", "UTC"],
      "error: --title: an invisible character (U+0001 control character) is not allowed; "
      "delete it; it often comes with text pasted from elsewhere"),
     (["new", "{new}", "--title", "  ", "--date", "2030-05-01", "--timezone", "UTC"],
      'error: --title: is empty; write e.g. --title "The Event\'s Title"'),
     (["new", "{new}", "--title", "T", "--date", "2030-02-30", "--timezone", "UTC"],
      'error: "2030-02-30" is not a date; write it as YYYY-MM-DD, e.g. 2011-07-19'),
     (["new", "{new}", "--title", "T", "--date", "May 1", "--timezone", "UTC"],
      'error: "May 1" is not a date; write it as YYYY-MM-DD, e.g. 2011-07-19'),
     (["new", "{site}", "--title", "T", "--date", "2030-05-01", "--timezone", "UTC"],
      "error: {site} already exists and is not empty; choose a new folder"),
     (["new", "site", "{new}", "--name", "X\r\nY", "--timezone", "UTC"],
      'error: --name: has a line break; write it on one line, e.g. --name "Example Institute"'),
     (["new", "site", "{new}", "--name", "X", "--timezone", "Europe/Berln"],
      'error: "Europe/Berln" is not a time zone; did you mean "Europe/Berlin"?'),
     (["new", "site", "{site}", "--name", "X", "--timezone", "UTC"],
      "error: {site} already exists and is not empty; choose a new folder"),
     (["new", "event", "forum", "--project", "{site}", "--title", "The \u202eForum", "--date",
       "2031-03-18"],
      "error: --title: a direction control (U+202E RIGHT-TO-LEFT OVERRIDE) is not allowed in an "
      "id, a name or a title; delete it: the page shows each name in its own direction by itself"),
     (["new", "event", "forum", "--project", "{site}", "--title", "T", "--date", "2031-02-29"],
      'error: "2031-02-29" is not a date; write it as YYYY-MM-DD, e.g. 2011-07-19'),
     (["new", "event", "first-event", "--project", "{site}", "--title", "T", "--date",
       "2031-03-18"],
      "error: content/events/first-event/ already exists; choose another name")],
)  # fmt: skip
def test_new_refuses_a_bad_name_in_one_line_and_writes_nothing(
    site: Path, args: list[str], line: str
) -> None:
    where = {"{new}": str(site.parent / "new"), "{site}": str(site)}
    before = sorted(site.parent.rglob("*"))
    run = eventsite(*(where.get(arg, arg) for arg in args))
    assert (run.returncode, run.stderr) == (1, line.replace("{site}", str(site)) + "\n")
    assert sorted(site.parent.rglob("*")) == before


def test_new_asks_for_the_zone_until_it_gets_one() -> None:
    answers = iter(["", "Europe/Berln", "Europe/Berlin"])
    said: list[str] = []
    assert ask_zone(lambda _: next(answers), said.append) == "Europe/Berlin"
    assert said == [
        '"" is not a time zone; write the venue\'s zone as Area/City, e.g. America/New_York or '
        "Europe/Berlin",
        '"Europe/Berln" is not a time zone; did you mean "Europe/Berlin"?',
    ]


def test_new_gives_up_at_the_end_of_input() -> None:
    def ask(_: str) -> str:
        raise EOFError

    with pytest.raises(SiteError, match="no time zone given; pass --timezone"):
        ask_zone(ask, print)
