"""`eventsite new`: a project that builds at once and shows every field."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bench.faces import face, logo_svg, phone_jpeg, scene

from eventsite.errors import SiteError
from eventsite.load.records import field_hints
from eventsite.tools.scaffold import ask_zone
from eventsite.tools.schema import FILES, records
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


def test_every_commented_example_is_valid(new: Path) -> None:
    """Uncommenting the examples gives content that loads: the examples are not stale."""
    example = re.compile(r"^(\s*)# (?=\s|- |[a-z_]+:)", re.MULTILINE)
    for path in (new / "content").glob("*.yaml"):
        text = path.read_text().replace("\n[]\n", "\n")
        path.write_text(example.sub(r"\1", text))
    agenda = new / "content/agenda.yaml"
    agenda.write_text(agenda.read_text().replace("end_date: 2030-05-02", "# end_date"))
    for name, drawn in (("photos/jane-doe.jpg", phone_jpeg(face("jane"))),
                        ("event.jpg", phone_jpeg(scene("event"), orientation=1)),
                        ("logo.svg", logo_svg("Your Organization").encode()),
                        ("partners/example-foundation.png", phone_jpeg(face("logo")))):  # fmt: skip
        (new / "static" / name).parent.mkdir(parents=True, exist_ok=True)
        (new / "static" / name).write_bytes(drawn)
    run = eventsite("check", "--project", new)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: 3 sessions, 2 speakers, 1 publications; no errors")


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep")
    run = eventsite("new", tmp_path, "--title", "T", "--date", "2030-05-01", "--timezone", "UTC")
    assert run.returncode == 1
    assert run.stderr == f"error: {tmp_path} already exists and is not empty; choose a new folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--date", "2030-13-01", "--title", "T"], '"2030-13-01" is not a date; write YYYY-MM-DD'),
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
    assert run.returncode != 0
    assert message in run.stderr
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


def test_new_event_refuses_a_name_that_cannot_be_an_address(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert eventsite("new", "site", site, "--name", "X", "--timezone", "UTC").returncode == 0
    run = eventsite("new", "event", "My Forum", "--project", site, "--title", "T", "--date",
                    "2031-01-01")  # fmt: skip
    assert run.returncode == 1
    assert run.stderr == (
        'error: "My Forum" cannot name an event: it becomes its address; use lower-case '
        "letters, digits and hyphens, e.g. korea-forum-2031\n"
    )


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
