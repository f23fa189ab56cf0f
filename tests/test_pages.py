"""Events over several days, parallel rooms, speaker and session pages, and the default theme."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from bench.faces import face, phone_jpeg
from lxml import html
from PIL import Image

from eventsite.build import build
from eventsite.outputs.common import Settings
from eventsite.plan.event import plan
from tests.conftest import NOW, REPO, Project, copy_project
from tests.golden_site import tree

MULTIDAY = REPO / "examples/multiday"


class Links(HTMLParser):
    """Every href and src in a page, and every id."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.targets.append(value)
            if name == "id" and value is not None:
                self.ids.add(value)


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text())
    return links


@pytest.fixture(scope="module")
def multiday(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("multiday") / "site"
    build(MULTIDAY, out, now=NOW)
    return out


def test_multiday_example_checks_clean_with_only_content() -> None:
    # Content and the pictures it names: the theme (templates, stylesheets) is eventsite's.
    assert sorted(p.name for p in MULTIDAY.iterdir()) == ["content", "static"]
    pictures = {p.suffix for p in (MULTIDAY / "static").rglob("*") if p.is_file()}
    assert pictures <= {".jpg", ".svg"}
    run = subprocess.run(
        [sys.executable, "-m", "eventsite", "check", "--strict", "--project", str(MULTIDAY)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert (
        run.stdout.splitlines()[0]
        == "ok: 12 sessions, 4 speakers, 0 publications; no errors, no warnings"
    )


def test_multiday_pages(multiday: Path) -> None:
    assert sorted(name for name in tree(multiday) if name.endswith(".html")) == [
        "index.html",
        "sessions/closing.html", "sessions/credit-circles.html", "sessions/opening.html",
        "sessions/running-a-market.html",
        "speakers/amara-okafor.html", "speakers/jonas-weber.html",
        "speakers/lucia-fernandez.html",
    ]  # fmt: skip
    assert (multiday / "static/site.css").read_bytes() == (REPO / "static/site.css").read_bytes()


def test_agenda_has_a_heading_per_day_and_labels_parallel_slots(multiday: Path) -> None:
    page = (multiday / "index.html").read_text()
    assert re.findall(r'<h3 class="agenda__day"[^>]*>([^<]*)</h3>', page) == [
        "Saturday, October 26, 2030",
        "Sunday, October 27, 2030",
    ]
    # Parallel slots are in their room's column, under the room's name and the track they share
    # (a list named by it, so that every session's heading is at one level, the day's below).
    spoken = '<span class="visually-hidden">, </span>'
    assert f'Main Hall{spoken} <span class="tt-room__track">Research</span></p>' in page
    assert f'Room B{spoken} <span class="tt-room__track">Practice</span></p>' in page
    assert re.findall(r'<ol class="tt-room__slots" aria-labelledby="([^"]+)">', page)
    assert '<h4 class="slot__title"><a href="sessions/credit-circles.html">' in page
    assert not re.search(r"<h[56]", page), "sessions' headings at one level"
    assert (
        "All times are local time in Berlin; the clocks change during the event "
        "(CEST, UTC+02:00, then CET, UTC+01:00)." in page
    )
    hero = page.split('id="agenda"')[0]
    assert "<dt>Time</dt>" not in hero, "no one time for two days"
    assert "<dt>Times</dt>" in hero
    assert "Sat October 26: " in hero
    assert "Sun October 27: " in hero
    # the dinner runs past midnight: it ends at 00:30 on the next day
    assert '<time datetime="2030-10-27T00:30:00+02:00">12:30 AM</time>' in page


def test_people_link_to_their_pages_only_when_they_have_one(multiday: Path) -> None:
    page = (multiday / "index.html").read_text()
    assert '<a href="speakers/amara-okafor.html">Dr. Amara Okafor</a>' in page
    assert '<span class="person__name">Kenji Sato</span>' in page, "no bio, no page"
    speaker = (multiday / "speakers/lucia-fernandez.html").read_text()
    assert "<h1>Prof. Lucía Fernández</h1>" in speaker
    assert "Her current work follows" in speaker
    assert '<a href="../sessions/credit-circles.html">Credit Circles Among Traders</a>' in speaker
    assert "Panel 1: Who Sets the Rules of an Informal Market?, " in speaker
    session = (multiday / "sessions/closing.html").read_text()
    assert "<h1>Closing Remarks</h1>" in session
    assert '11:00 AM</time><span aria-hidden="true">\u00a0- </span>' in session
    assert '11:30 AM</time>&nbsp;<span aria-hidden="true">CET</span>' in session
    assert '<a href="../speakers/amara-okafor.html">Dr. Amara Okafor</a>' in session
    assert '<span class="person__role">Host</span>' in session
    assert '<a href="../index.html#agenda">Back to the agenda</a>' in session


def test_every_link_works_from_any_folder(multiday: Path) -> None:
    """Relative links only, each to a file that exists: the site works from file:// too."""
    for page in sorted(multiday.rglob("*.html")):
        for target in parse(page).targets:
            if target.startswith(("https://", "http://", "mailto:")):
                continue
            assert not target.startswith("/"), f"{page.name}: {target} is absolute"
            path, fragment = urldefrag(target)
            file = (page.parent / path).resolve() if path else page
            assert file.is_file(), f"{page.relative_to(multiday)} links to missing {target}"
            if fragment:
                assert fragment in parse(file).ids, f"{page.name}: no #{fragment} in {path}"


def test_single_day_example_stays_one_page(project: Project) -> None:
    site = project.load()
    assert [p.path for p in plan(site, Settings.for_site(site, NOW)).pages] == ["index.html"]


def test_speaker_photos(project: Project, tmp_path: Path) -> None:
    project.write(
        "content/speakers.yaml",
        (project.root / "content/speakers.yaml").read_text()
        + """
- id: jane-doe
  name: Jane Doe
  honorific: Dr.
  photo: static/photos/jane-doe.jpg
- id: john-doe
  name: John Doe
  photo: https://example.org/john-doe.jpg
""",
    )
    agenda = (project.root / "content/agenda.yaml").read_text()
    project.write(
        "content/agenda.yaml",
        agenda + "  speakers: [{speaker: jane-doe}, {speaker: john-doe}]\n",
    )
    problems = [line for line in project.problems() if not line.endswith("(warning)")]
    assert problems == [
        'content/speakers.yaml:43:10: speakers[7].photo: "static/photos/jane-doe.jpg" was not '
        "found; check the spelling, or add the file to static/photos/"
    ]
    (project.root / "static/photos").mkdir()
    (project.root / "static/photos/jane-doe.jpg").write_bytes(phone_jpeg(face("jane")))
    out = tmp_path / "out"
    build(project.root, out, now=NOW)
    jane = html.fromstring((out / "speakers/jane-doe.html").read_bytes())
    [picture] = jane.xpath("//picture")
    [webp] = picture.xpath("source")
    assert webp.get("type") == "image/webp"
    [img] = picture.xpath(".//img")  # libxml2 does not know <source> is empty
    assert (img.get("alt"), img.get("width"), img.get("height")) == ("Dr. Jane Doe", "160", "160")
    assert img.get("loading") is None, "at the top of the page: not lazy"
    for srcset in (webp.get("srcset"), img.get("srcset")):
        for candidate in srcset.split(", "):
            path, width = candidate.split()
            assert (out / "speakers" / path).is_file(), path
            with Image.open(out / "speakers" / path) as image:
                assert image.width == int(width.removesuffix("w"))
    assert not (out / "static/photos/jane-doe.jpg").exists(), "the photo itself is not published"
    assert (out / "static/site.css").is_file()
    john = (out / "speakers/john-doe.html").read_text()
    assert 'src="https://example.org/john-doe.jpg" alt="John Doe"' in john


@pytest.mark.parametrize(
    ("photo", "message"),
    [("mailto:jane@example.org",
      '"mailto:jane@example.org" is neither a file in static/ nor an https:// address'),
     ("http://example.org/a.jpg",
      '"http://example.org/a.jpg" is neither a file in static/ nor an https:// address'),
     ("photos/jane.jpg", '"photos/jane.jpg" is not a file in static/'),
     ("static/../content/event.yaml", '"static/../content/event.yaml" is not a file in static/')],
)  # fmt: skip
def test_photo_must_be_in_static_or_https(project: Project, photo: str, message: str) -> None:
    project.write(
        "content/speakers.yaml",
        (project.root / "content/speakers.yaml")
        .read_text()
        .replace("  name: John Park\n", f"  name: John Park\n  photo: {photo}\n"),
    )
    [problem] = [line for line in project.problems() if not line.endswith("(warning)")]
    assert problem.startswith("content/speakers.yaml:")
    assert f"speakers[2].photo: {message}; " in problem


def test_pages_get_unique_names(project: Project) -> None:
    agenda = (project.root / "content/agenda.yaml").read_text()
    project.write(
        "content/agenda.yaml",
        agenda.replace(
            "  title: Group Discussion\n", "  title: Group Discussion\n  abstract: Talk.\n"
        ),
    )
    site = project.load()
    paths = [p.path for p in plan(site, Settings.for_site(site, NOW)).pages]
    assert paths == [
        "index.html",
        "sessions/group-discussion.html",
        "sessions/group-discussion-2.html",
        "sessions/group-discussion-3.html",
    ]


def test_a_project_template_replaces_the_themes(tmp_path: Path) -> None:
    own = copy_project(MULTIDAY, tmp_path / "own")
    own.write("templates/session.html", "<p>{{ session.heading }}</p>\n")
    own.write("static/site.css", "body { color: red }\n")
    out = tmp_path / "out"
    build(own.root, out, now=NOW)
    assert (out / "sessions/closing.html").read_text() == "<p>Closing Remarks</p>\n"
    assert "<h1>Dr. Amara Okafor</h1>" in (out / "speakers/amara-okafor.html").read_text()
    assert (out / "static/site.css").read_text() == "body { color: red }\n"
    assert (out / "static/print.css").is_file()


def test_the_wheel_carries_the_default_theme(tmp_path: Path) -> None:
    """Installed from its wheel, eventsite builds a project that has only content/."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    [wheel] = (tmp_path / "dist").glob("eventsite-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "eventsite/theme/templates/index.html" in names
    assert "eventsite/theme/static/site.css" in names
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "installed")
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path / 'installed')!r}); "
        "from pathlib import Path; from eventsite.build import build; "
        "import eventsite.load.inputs as t; print(t.default_theme()); "
        "build(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", code,
         str(MULTIDAY), str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(tmp_path / "installed/eventsite/theme")
    assert (tmp_path / "out/static/site.css").is_file()
    assert (tmp_path / "out/speakers/amara-okafor.html").is_file()
