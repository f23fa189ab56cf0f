"""Hostile and careless picture files: each is one line naming the field and the file, and
nothing is published (issue 23, item 4)."""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from bench.faces import face, logo_svg, phone_jpeg, png_16bit
from PIL import Image

from eventsite.build import build
from eventsite.errors import ContentError
from tests.conftest import NOW, Project
from tests.test_images import save, with_people

HINT_SMALLER = "save a smaller copy, e.g. 2000 pixels on its longer side"
EXPORT = "export it again as a JPEG or PNG"


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width x height pixels, with a few bytes of pixels: a bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 4096)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def cmyk() -> bytes:
    out = io.BytesIO()
    Image.new("CMYK", (64, 64), (0, 60, 100, 0)).save(out, "JPEG")
    return out.getvalue()


def animated() -> bytes:
    frames = [Image.new("RGB", (32, 32), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return out.getvalue()


def write_huge(path: Path) -> None:
    with path.open("wb") as stream:  # 100 MB, sparse: no disk is filled
        stream.truncate(100_000_000)


PHOTOS: list[tuple[str, Callable[[Path], None], str]] = [
    ("bomb.png", lambda p: p.write_bytes(png_header(30_000, 30_000)),
     f"has 900 million pixels; a picture may have at most 50 million; {HINT_SMALLER}"),
    ("page.png", lambda p: p.write_bytes(b"<!DOCTYPE html><html><body>not a photo</body></html>"),
     f"is not a picture (it holds a web page, HTML); {EXPORT}"),
    ("deep.png", lambda p: p.write_bytes(png_16bit()),
     "has 16 bits per colour; export it with 8 bits per colour, as a JPEG or PNG"),
    ("print.jpg", lambda p: p.write_bytes(cmyk()),
     "is in CMYK colours, for print; export it in RGB colours (sRGB), as a JPEG or PNG"),
    ("moving.gif", lambda p: p.write_bytes(animated()),
     "is animated; give a still picture: one frame, as a JPEG or PNG"),
    ("huge.jpg", write_huge,
     f"is 100 MB; a picture may be at most 40 MB; {HINT_SMALLER}"),
    ("empty.jpg", lambda p: p.write_bytes(b""), f"is not a picture (it is empty); {EXPORT}"),
    ("drawing.svg", lambda p: p.write_text(logo_svg("Jane")),
     "is an SVG drawing; only a logo may be one; export it as a PNG or JPEG"),
]  # fmt: skip


def with_logo(project: Project) -> str:
    """The organiser of the example with static/logo.svg as its logo; where messages place that
    field ("content/event.yaml:LINE:9"), as the file is now."""
    event = project.root / "content/event.yaml"
    logo = "  abbreviation: USIP\n  logo: static/logo.svg\n"
    text = event.read_text().replace("  abbreviation: USIP\n", logo)
    event.write_text(text)
    line = text.splitlines().index("  logo: static/logo.svg") + 1
    return f"content/event.yaml:{line}:9"


def published_nothing(project: Project, tmp_path: Path) -> list[str]:
    """The errors a build stops with; fails if it publishes anything."""
    out = tmp_path / "out"
    with pytest.raises(ContentError) as caught:
        build(project.root, out, now=NOW)
    assert not out.exists(), "nothing is published"
    return [line for line in caught.value.lines() if not line.endswith("(warning)")]


@pytest.mark.parametrize(("name", "write", "message"), PHOTOS, ids=[p[0] for p in PHOTOS])
def test_a_photo_eventsite_cannot_publish_is_one_line(
    project: Project, tmp_path: Path, name: str, write: Callable[[Path], None], message: str
) -> None:
    path = project.root / "static/photos" / name
    path.parent.mkdir(parents=True)
    write(path)
    with_people(project, f"- id: jane-doe\n  name: Jane Doe\n  photo: static/photos/{name}\n")
    expected = f'content/speakers.yaml:41:10: speakers[7].photo: "static/photos/{name}" {message}'
    assert [line for line in project.problems() if not line.endswith("(warning)")] == [expected]
    assert published_nothing(project, tmp_path) == [expected]


def test_a_photo_cut_short_is_one_line_when_it_is_made(project: Project, tmp_path: Path) -> None:
    whole = phone_jpeg(face("cut"))
    save(project, "photos/cut.jpg", whole[: len(whole) // 2])
    with_people(project, "- id: jane-doe\n  name: Jane Doe\n  photo: static/photos/cut.jpg\n")
    assert published_nothing(project, tmp_path) == [
        'content/speakers.yaml:41:10: speakers[7].photo: "static/photos/cut.jpg" is cut short '
        f"(the file ends before the picture does); {EXPORT}"
    ]


@pytest.mark.parametrize(
    ("inside", "message"),
    [('<script>alert("hi")</script>',
      "holds a script; remove the <script> element, or give a PNG instead"),
     ('<image href="https://tracker.example/pixel.png" width="1" height="1"/>',
      'refers to "https://tracker.example/pixel.png" outside itself; embed what it shows in '
      "the file, or give a PNG instead"),
     ('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="other.svg#mark"/>',
      'refers to "other.svg#mark" outside itself; embed what it shows in the file, or give a '
      "PNG instead"),
     ('<rect width="5" height="5" onclick="steal()"/>',
      "holds a script in its onclick attribute; remove the attribute"),
     ('<style>@import url("https://fonts.example/x.css");</style>',
      "imports a stylesheet from outside itself; remove the @import rule"),
     ('<style>@imp<g/>ort url("https://fonts.example/x.css");</style>',
      "imports a stylesheet from outside itself; remove the @import rule"),
     ('<rect width="5" height="5" style="fill: \\75 rl(https://tracker.example/p.png)"/>',
      "writes its style with escapes (\\); write the style without backslashes"),
     ('<rect width="5" height="5" fill="URL(https://tracker.example/p.svg#g)"/>',
      'refers to "https://tracker.example/p.svg#g" outside itself in its fill; embed what it '
      "shows in the file, or give a PNG instead"),
     ("<style>rect { fill: image-set('https://tracker.example/p.png' 1x) }</style>",
      "fetches a picture in its style (image-set); remove image-set"),
     ("<foreignObject><p>hi</p></foreignObject>",
      "holds a web page inside it (foreignObject); give a PNG instead"),
     ('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>',
      "changes a link as it plays (<set>); remove the <set> element")],
)  # fmt: skip
def test_a_logo_that_could_run_a_script_or_fetch_anything_is_refused(
    project: Project, tmp_path: Path, inside: str, message: str
) -> None:
    drawing = logo_svg("Example").replace("</svg>", f"{inside}</svg>")
    save(project, "logo.svg", drawing.encode())
    expected = f'{with_logo(project)}: event.organizer.logo: "static/logo.svg" {message}'
    assert published_nothing(project, tmp_path) == [expected]


def test_an_svg_with_entities_is_refused_before_it_is_parsed(
    project: Project, tmp_path: Path
) -> None:
    laughs = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
    save(project, "logo.svg", (laughs + logo_svg("Example")).encode())
    where = with_logo(project)
    assert published_nothing(project, tmp_path) == [
        f'{where}: event.organizer.logo: "static/logo.svg" declares a DOCTYPE or '
        "entities; save it again without them (plain SVG)"
    ]


@pytest.mark.parametrize("photo", ["../outside.jpg", "static/../../outside.jpg", "/etc/passwd"])
def test_a_photo_outside_the_project_is_refused(
    project: Project, tmp_path: Path, photo: str
) -> None:
    (tmp_path / "outside.jpg").write_bytes(phone_jpeg(face("outside")))
    with_people(project, f"- id: jane-doe\n  name: Jane Doe\n  photo: {photo}\n")
    assert published_nothing(project, tmp_path) == [
        f'content/speakers.yaml:41:10: speakers[7].photo: "{photo}" is outside the project; '
        "copy it into static/: put the file in static/ and write its path, e.g. "
        "static/photos/jane-doe.jpg"
    ]


@pytest.mark.parametrize("photo", ["static/./photos/jane.jpg", "static/photos//jane.jpg"])
def test_a_photo_is_named_as_its_file_is(project: Project, tmp_path: Path, photo: str) -> None:
    # Else the file itself, under its own name, would be published beside its copies.
    save(project, "photos/jane.jpg", phone_jpeg(face("jane")))
    with_people(project, f"- id: jane-doe\n  name: Jane Doe\n  photo: {photo}\n")
    assert published_nothing(project, tmp_path) == [
        f'content/speakers.yaml:41:10: speakers[7].photo: "{photo}" is not written as the '
        "file's path; write static/photos/jane.jpg"
    ]


def test_a_photo_whose_name_no_disk_allows_is_not_found(project: Project, tmp_path: Path) -> None:
    photo = f"static/photos/{'a' * 300}.jpg"
    with_people(project, f"- id: jane-doe\n  name: Jane Doe\n  photo: {photo}\n")
    [line] = published_nothing(project, tmp_path)
    assert line.startswith('content/speakers.yaml:41:10: speakers[7].photo: "static/photos/aaa')
    assert line.endswith('" was not found; check the spelling, or add the file to static/photos/')


def test_a_photo_that_is_a_symbolic_link_is_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "home.jpg").write_bytes(phone_jpeg(face("home")))
    (project.root / "static/photos").mkdir()
    os.symlink(tmp_path / "home.jpg", project.root / "static/photos/link.jpg")
    with_people(project, "- id: jane-doe\n  name: Jane Doe\n  photo: static/photos/link.jpg\n")
    assert published_nothing(project, tmp_path) == [
        "static/photos/link.jpg: is a symbolic link to a file outside the project; eventsite "
        "reads only regular files"
    ]
