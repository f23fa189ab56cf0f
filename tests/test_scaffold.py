"""`eventsite new`: a project that builds at once and shows every field."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from eventsite.errors import SiteError
from eventsite.records import field_hints
from eventsite.scaffold import ask_zone
from eventsite.schema import FILES, records
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


def test_new_project_shows_every_field(new: Path) -> None:
    for name in FILES:
        text = (new / "content" / f"{name}.yaml").read_text()
        assert text.startswith(f"# yaml-language-server: $schema=../schema/{name}.schema.json\n")
        assert (new / "schema" / f"{name}.schema.json").is_file()
        assert schema_accepts(name, text)
        written = set(re.findall(r"^[#\s-]*([a-z_]+):", text, re.MULTILINE))
        for cls in records(name):
            missing = set(field_hints(cls)) - written
            assert not missing, f"{name}.yaml shows no example of {sorted(missing)}"


def test_every_commented_example_is_valid(new: Path) -> None:
    """Uncommenting the examples gives content that loads: the examples are not stale."""
    example = re.compile(r"^(\s*)# (?=\s|- |[a-z_]+:)", re.MULTILINE)
    for path in (new / "content").glob("*.yaml"):
        text = path.read_text().replace("\n[]\n", "\n")
        path.write_text(example.sub(r"\1", text))
    agenda = new / "content/agenda.yaml"
    agenda.write_text(agenda.read_text().replace("end_date: 2030-05-02", "# end_date"))
    (new / "static/photos").mkdir(parents=True)
    (new / "static/photos/jane-doe.jpg").write_bytes(b"\xff\xd8\xff")
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
