"""Pictures as visitors and machines get them: a phone's photo published small, upright, in
sRGB and without its metadata; cut around the face; logos kept sharp and transparent; the
event's picture in link previews and search data; never a private person's. Every output is read
back with Pillow."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from bench.faces import display_p3, face, logo_png, logo_svg, phone_jpeg
from lxml import html
from PIL import Image, ImageCms

from eventsite.build import build
from tests.conftest import NOW, Project

BASE = "https://events.example.org/markets/"
RED_P3 = (180, 60, 60)
"""A colour a P3 photo holds; shown as if it were sRGB, it looks washed out."""


def with_people(project: Project, *people: str) -> None:
    """Add people to the example's speakers (YAML entries), each on the first slot."""
    speakers = project.root / "content/speakers.yaml"
    speakers.write_text(speakers.read_text() + "".join(people))
    ids = re.findall(r"- id: (\S+)", "".join(people))
    agenda = project.root / "content/agenda.yaml"
    people_yaml = ", ".join(f"{{speaker: {i}}}" for i in ids)
    agenda.write_text(agenda.read_text() + f"  speakers: [{people_yaml}]\n")


def save(project: Project, name: str, data: bytes) -> Path:
    """A file of the project's static/ folder."""
    path = project.root / "static" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def marked() -> Image.Image:
    """A portrait whose top is blue and the rest P3 red: which way up it is shows."""
    image = Image.new("RGB", (600, 800), RED_P3)
    image.paste((20, 40, 230), (0, 0, 600, 90))
    return image


def files_of(out: Path, stem: str) -> dict[str, Image.Image]:
    """Every picture file made of the source named `stem`, read back, by name."""
    found = {}
    for path in sorted((out / "static").rglob(f"{stem}-*")):
        image = Image.open(path)
        image.load()
        found[path.name] = image
    return found


@pytest.fixture
def phone_photo(project: Project) -> Path:
    """The example with a speaker whose photo is as a phone took it (sideways in the file,
    the orientation in EXIF, Display P3, a GPS position), with the face near the top."""
    save(project, "photos/jane-doe.jpg", phone_jpeg(marked(), orientation=6))
    with_people(project, "- id: jane-doe\n  name: Jane Doe\n  photo: static/photos/jane-doe.jpg\n"
                "  photo_focus: 50% 0%\n")  # fmt: skip
    return project.root / "static/photos/jane-doe.jpg"


def test_a_phone_photo_is_published_small_upright_in_srgb_without_metadata(
    project: Project, phone_photo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(project.root, out, now=NOW)
    made = files_of(out, "jane-doe")
    assert not (out / "static/photos/jane-doe.jpg").exists(), "the phone's file itself"
    widths = sorted({image.width for image in made.values()})
    assert widths == [80, 160, 240, 320]
    assert {image.format for image in made.values()} == {"WEBP", "JPEG"}
    for name, image in made.items():
        data = (out / "static/photos" / name).read_bytes()
        assert image.width == image.height, f"{name} is square"
        assert len(data) < 40_000, f"{name} is small"
        # Upright: the blue top of the picture is at the top, not on a side.
        top, bottom = (
            image.getpixel((image.width // 2, 2)),
            image.getpixel((image.width // 2, image.height - 3)),
        )
        left = image.getpixel((2, image.height * 3 // 4))
        assert isinstance(top, tuple)
        assert isinstance(bottom, tuple)
        assert isinstance(left, tuple)
        assert top[2] > 180, f"{name}: the top is blue"
        assert top[0] < 80, f"{name}: the top is blue"
        assert left[0] > 150, f"{name}: the left side is red, not blue"
        assert left[2] < 100, f"{name}: the left side is red, not blue"
        # In sRGB: the P3 red as sRGB writes it, not the P3 numbers shown raw (washed out).
        expected = ImageCms.profileToProfile(
            Image.new("RGB", (1, 1), RED_P3), ImageCms.ImageCmsProfile(io.BytesIO(display_p3())),
            ImageCms.createProfile("sRGB"),
        ).getpixel((0, 0))  # fmt: skip
        assert isinstance(expected, tuple)
        assert max(abs(a - b) for a, b in zip(bottom, expected, strict=True)) <= 6, name
        assert max(abs(a - b) for a, b in zip(bottom, RED_P3, strict=True)) > 10, name
        # Nothing of the camera's: no EXIF (orientation, model, GPS), profile or comment.
        assert not image.getexif(), f"{name} keeps EXIF"
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info), name
        assert b"Example Phone" not in data
        assert b"GPS" not in data


def test_avif_only_when_asked_for(project: Project, phone_photo: Path, tmp_path: Path) -> None:
    build(project.root, tmp_path / "plain", now=NOW)
    assert {i.format for i in files_of(tmp_path / "plain", "jane-doe").values()} == {"WEBP", "JPEG"}
    assert "image/avif" not in (tmp_path / "plain/speakers/jane-doe.html").read_text()
    build(project.root, tmp_path / "avif", now=NOW, avif=True)
    made = files_of(tmp_path / "avif", "jane-doe")
    assert sorted(i.width for i in made.values() if i.format == "AVIF") == [80, 160, 240, 320]
    page = html.parse(tmp_path / "avif/speakers/jane-doe.html").getroot()
    [picture] = page.xpath("//picture[.//img[@alt='Jane Doe']]")
    # AVIF first: the browser takes the first format it can show. (.//: libxml2's HTML parser
    # nests each <source> in the one before it.)
    assert [s.get("type") for s in picture.xpath(".//source")] == ["image/avif", "image/webp"]


def test_the_face_is_kept_in_frame_where_the_editor_says(
    project: Project, phone_photo: Path, tmp_path: Path
) -> None:
    speakers = project.root / "content/speakers.yaml"
    build(project.root, tmp_path / "top", now=NOW)
    speakers.write_text(
        speakers.read_text().replace("photo_focus: 50% 0%", "photo_focus: 50% 100%")
    )
    build(project.root, tmp_path / "bottom", now=NOW)
    speakers.write_text(speakers.read_text().replace("  photo_focus: 50% 100%\n", ""))
    build(project.root, tmp_path / "middle", now=NOW)

    def top_is_blue(folder: str) -> bool:
        [image] = [i for i in files_of(tmp_path / folder, "jane-doe").values()
                   if i.width == 320 and i.format == "JPEG"]  # fmt: skip
        pixel = image.getpixel((160, 2))
        assert isinstance(pixel, tuple)
        return pixel[2] > 180

    assert top_is_blue("top")
    assert not top_is_blue("bottom")
    assert not top_is_blue("middle"), "centred: the 800 px tall photo loses 100 px above"


def test_a_small_photo_is_never_blown_up(project: Project, tmp_path: Path) -> None:
    small = io.BytesIO()
    face("small", (120, 150)).save(small, "JPEG")
    save(project, "photos/small.jpg", small.getvalue())
    with_people(project, "- id: sam\n  name: Sam Small\n  photo: static/photos/small.jpg\n")
    build(project.root, tmp_path / "out", now=NOW)
    made = files_of(tmp_path / "out", "small")
    assert {(i.width, i.height) for i in made.values()} == {(80, 80), (120, 120)}


def test_logos_stay_sharp_and_transparent(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    png = io.BytesIO()
    logo_png("partner").save(png, "PNG")
    save(project, "partners/wide.png", png.getvalue())
    drawing = logo_svg("Example Institute").replace(
        "<title>", "<!-- drawn in an editor --><metadata>author: someone</metadata><title>"
    )
    save(project, "logo.svg", drawing.encode())
    event = project.root / "content/event.yaml"
    event.write_text(event.read_text().replace(
        "  abbreviation: USIP\n", "  abbreviation: USIP\n  logo: static/logo.svg\n"
    ) + "partners:\n  - name: Wide Partner\n    logo: static/partners/wide.png\n"
        "    url: https://partner.example.org/\n")  # fmt: skip
    build(project.root, out, now=NOW)
    made = files_of(out, "wide")
    assert {(i.format, i.size) for i in made.values()} == {
        ("WEBP", (160, 64)), ("PNG", (160, 64)), ("WEBP", (320, 128)), ("PNG", (320, 128))
    }  # fmt: skip
    for image in made.values():
        assert image.mode == "RGBA"
        corner = image.getpixel((0, 0))
        assert isinstance(corner, tuple)
        assert corner[3] == 0, "a transparent corner"
    [svg] = (out / "static").glob("logo.*.svg")
    text = svg.read_text()
    assert "<title>Example Institute</title>" in text
    assert "<circle" in text
    assert "metadata" not in text
    assert "drawn in an editor" not in text
    assert not (out / "static/logo.svg").exists()
    assert not (out / "static/partners/wide.png").exists()


def test_link_previews_and_search_engines_get_the_events_picture(
    project: Project, tmp_path: Path
) -> None:
    picture = io.BytesIO()
    from bench.faces import scene

    scene("markets", (2400, 1500)).save(picture, "JPEG", quality=90)
    save(project, "event.jpg", picture.getvalue())
    event = project.root / "content/event.yaml"
    event.write_text(event.read_text() + "image: static/event.jpg\nimage_focus: 50% 40%\n")
    out = tmp_path / "out"
    build(project.root, out, now=NOW, base_url=BASE)
    page = html.fromstring((out / "index.html").read_bytes())
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.iter("meta")}
    assert meta["og:image"] == meta["twitter:image"]
    assert meta["twitter:card"] == "summary_large_image"
    with Image.open(out / meta["og:image"].removeprefix(BASE)) as preview:
        assert (preview.format, preview.size) == ("JPEG", (1200, 630))
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == "Informal Markets and Peacebuilding in North Korea"
    data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    [event_data] = [item for item in data["@graph"] if item["@type"] == "Event"]
    shapes = []
    for url in event_data["image"]:
        with Image.open(out / url.removeprefix(BASE)) as image:
            assert image.width * image.height >= 50_000, "Google asks for 50,000 pixels at least"
            shapes.append(round(image.width / image.height, 2))
    assert shapes == [round(16 / 9, 2), round(4 / 3, 2), 1.0]


def test_a_private_persons_photo_is_never_published(project: Project, tmp_path: Path) -> None:
    save(project, "photos/defector.jpg", phone_jpeg(face("defector")))
    with_people(project, "- id: defector\n  name: Kim (a pseudonym)\n  private: true\n"
                "  photo: static/photos/defector.jpg\n")  # fmt: skip
    warned = [line for line in project.warnings() if "speakers[7].photo" in line]
    assert warned == ["content/speakers.yaml:42:10: speakers[7].photo: is never published: the "
                      "person is private; remove photo:, or remove private: true if the "
                      "person may be identified (warning)"]  # fmt: skip
    out = tmp_path / "out"
    build(project.root, out, now=NOW, base_url=BASE)
    names = [p.relative_to(out).as_posix() for p in out.rglob("*")]
    assert not [n for n in names if "defector" in n], "no picture, and no page for a photo"
    assert not [p for p in out.rglob("*.html") if b"photos/defector" in p.read_bytes()]


def test_the_schedule_feed_gives_each_portrait_as_an_avatar(
    project: Project, phone_photo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(project.root, out, now=NOW, base_url=BASE)
    data = json.loads((out / "schedule.json").read_text())
    avatars = {person["name"]: person.get("avatar")
               for day in data["schedule"]["conference"]["days"]
               for room in day["rooms"].values() for event in room
               for person in event["persons"]}  # fmt: skip
    avatar = avatars["Jane Doe"]
    assert avatar is not None
    assert re.fullmatch(re.escape(BASE) + r"static/photos/jane-doe-320x320\.[0-9a-f]{10}\.jpg",
                        avatar)  # fmt: skip
    assert (out / avatar.removeprefix(BASE)).is_file(), "a file the site publishes"
    assert {name for name, given in avatars.items() if given} == {"Jane Doe"}


def test_a_page_made_for_a_portrait_alone_says_who_it_is_for(
    project: Project, phone_photo: Path, tmp_path: Path
) -> None:
    """Jane Doe has a photo and no biography: her page still describes itself to search
    engines (Lighthouse's SEO audit wants a description)."""
    build(project.root, tmp_path / "out", now=NOW)
    page = html.parse(tmp_path / "out/speakers/jane-doe.html").getroot()
    [said] = page.xpath("//meta[@name='description']/@content")
    title = page.xpath("//title")[0].text_content().split(" · ")[-1]
    assert said == f"Jane Doe · {title}"
