"""Pictures cost nothing once made: each is a step of the engine, kept in the build's cache and
the dev server's memory, made again only when its bytes, its cuts or the encoders change, and
made on every core when several must be (issue 23, item 3)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from bench.faces import face, phone_jpeg

from eventsite.build import build
from eventsite.load import inputs
from eventsite.outputs import images
from eventsite.serve.server import Preview
from tests.conftest import NOW, Project
from tests.test_images import save, with_people

PEOPLE = ("ada", "bao", "chen")


class Renders:
    """Counts the pictures made (images.render), by source."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.made: list[str] = []
        real = images.render

        def counted(data: bytes, source: Any, cuts: Sequence[Any], avif: bool = False) -> Any:
            self.made.append(source.name)
            return real(data, source, cuts, avif)

        monkeypatch.setattr(images, "render", counted)

    def take(self) -> list[str]:
        """The pictures made since the last call, in name order."""
        made, self.made = sorted(self.made), []
        return made


@pytest.fixture
def three(project: Project) -> Project:
    """The example with three speakers, each with a phone's photo."""
    for name in PEOPLE:
        save(project, f"photos/{name}.jpg", phone_jpeg(face(name), quality=80))
    with_people(project, *(f"- id: {n}\n  name: {n.title()} Example\n  photo: static/photos/"
                           f"{n}.jpg\n" for n in PEOPLE))  # fmt: skip
    return project


def retitle(project: Project, title: str) -> None:
    """Change the event's title: every page is made again, but no picture has changed."""
    event = project.root / "content/event.yaml"
    text = event.read_text()
    start = text.index("title: ")
    event.write_text(text[:start] + f"title: {title}" + text[text.index("\n", start) :])


def test_a_build_makes_an_unchanged_picture_never_again(
    three: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders = Renders(monkeypatch)
    out = tmp_path / "out"
    build(three.root, out, now=NOW)
    assert renders.take() == [f"static/photos/{n}.jpg" for n in PEOPLE]
    made = {p.name: p.stat().st_ino for p in (out / "static/photos").iterdir()}
    retitle(three, "Another Title")
    report = build(three.root, out, now=NOW)
    assert renders.take() == [], "every picture kept from the cache"
    assert report.kept >= len(PEOPLE)
    save(three, "photos/bao.jpg", phone_jpeg(face("bao, again"), quality=80))
    build(three.root, out, now=NOW)
    assert renders.take() == ["static/photos/bao.jpg"], "the changed one alone"
    now = {p.name: p.stat().st_ino for p in (out / "static/photos").iterdir()}
    others = {name: ino for name, ino in made.items() if not name.startswith("bao")}
    assert {name: now[name] for name in others} == others, "the others' files left as written"
    assert not [name for name in now if name.startswith("bao") and name in made]


def test_a_picture_is_made_again_when_its_cut_or_the_encoders_change(
    three: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders = Renders(monkeypatch)
    build(three.root, tmp_path / "out", now=NOW)
    renders.take()
    speakers = three.root / "content/speakers.yaml"
    speakers.write_text(speakers.read_text().replace(
        "photo: static/photos/ada.jpg\n", "photo: static/photos/ada.jpg\n  photo_focus: 50% 20%\n"
    ))  # fmt: skip
    build(three.root, tmp_path / "out", now=NOW)
    assert renders.take() == ["static/photos/ada.jpg"]
    images.versions.cache_clear()
    monkeypatch.setattr(images.PIL, "__version__", "99.0.0")
    retitle(three, "A build with something to do")
    build(three.root, tmp_path / "out", now=NOW)
    images.versions.cache_clear()
    assert renders.take() == [f"static/photos/{n}.jpg" for n in PEOPLE]


def test_the_dev_server_makes_an_unchanged_picture_never_again(
    three: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders = Renders(monkeypatch)
    preview = Preview(three.root, tmp_path / "preview", now=NOW)
    assert preview.rebuild(), preview.errors
    preview.finish()
    assert renders.take() == [f"static/photos/{n}.jpg" for n in PEOPLE]
    shown = sorted(p.name for p in (tmp_path / "preview/static/photos").iterdir())
    assert not set(shown) & {f"{n}.jpg" for n in PEOPLE}, "the phone's files are not served"
    for title in ("One", "Two"):
        retitle(three, title)
        assert preview.rebuild(), preview.errors
        preview.finish()
        assert renders.take() == []
    save(three, "photos/chen.jpg", phone_jpeg(face("chen, again"), quality=80))
    assert preview.rebuild(), preview.errors
    assert renders.take() == ["static/photos/chen.jpg"]


def test_pictures_are_made_on_every_core(
    three: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each picture waits until another is being made beside it: made one after another, the
    # first would wait in vain.
    together = threading.Barrier(2, timeout=60)
    real = images.render

    def side_by_side(data: bytes, source: Any, cuts: Sequence[Any], avif: bool = False) -> Any:
        together.wait()
        return real(data, source, cuts, avif)

    monkeypatch.setattr(images, "CORES", 2)
    monkeypatch.setattr(images, "render", side_by_side)
    (three.root / "static/photos/chen.jpg").unlink()
    speakers = three.root / "content/speakers.yaml"
    speakers.write_text(speakers.read_text().replace("  photo: static/photos/chen.jpg\n", ""))
    build(three.root, tmp_path / "out", now=NOW)
    assert len(list((tmp_path / "out/static/photos").iterdir())) == 2 * 8


def test_an_unchanged_photo_is_not_even_read_again(
    three: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    real = inputs.fingerprint

    def counted(path: Path) -> str:
        if "static" in path.parts:
            read.append(path.name)
        return real(path)

    monkeypatch.setattr(inputs, "fingerprint", counted)
    renders = Renders(monkeypatch)
    # A file written just before a listing is read again by the next one (it may change
    # again within its clock's tick, unseen): the project's files, written by the fixture a
    # moment ago, are trusted from a listing at least RACY_NS after them.
    time.sleep(inputs.RACY_NS / 1e9)
    build(three.root, tmp_path / "out", now=NOW)
    assert {f"{n}.jpg" for n in PEOPLE} <= set(read)
    read.clear()
    retitle(three, "Another Title")
    build(three.root, tmp_path / "out", now=NOW)
    assert read == [], "every static file as the last build found it"
    # The same size and modification time, other bytes: the change time tells.
    photo = three.root / "static/photos/ada.jpg"
    stat = photo.stat()
    other = phone_jpeg(face("ada, again"), quality=50)
    assert len(other) < stat.st_size
    photo.write_bytes(other.ljust(stat.st_size, b"\0"))  # what follows a JPEG's end is not read
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    renders.take()
    retitle(three, "A Third Title")
    build(three.root, tmp_path / "out", now=NOW)
    assert read == ["ada.jpg"]
    assert renders.take() == ["static/photos/ada.jpg"]
