"""The pictures the content names, judged before anything is made: each a file of static/ that
eventsite can read safely, or an https:// address (linked, never fetched).

A picture file is opened without following a link and read only as far as its header (its
format, its size, its colours, its frames), so a check costs little; what only decoding finds
(a file cut short) is found when the picture is made (outputs/images.py), with the same kind
of line. Each problem names the field and the file. The checks are the same for every field;
a private person's photo is never published, so it is not read at all.
"""

from __future__ import annotations

import os
import posixpath
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from PIL import Image, ImageFile, UnidentifiedImageError

from eventsite.errors import Problem
from eventsite.load import svg
from eventsite.load.checks import at as _at
from eventsite.load.files import open_regular
from eventsite.model.pictures import Reference, Source

Position = tuple[str, int, int]
Named = tuple[str, int, int, str]
"""Where a field names a picture: file, line, column and the field's path."""

MAX_BYTES = 40_000_000
"""A picture file's limit, in bytes: a phone's photo is 2 to 12 MB."""
MAX_PIXELS = 50_000_000
"""A picture's limit, in pixels (a 48-megapixel phone photo passes): decoding a picture takes
its pixels' worth of memory, whatever the file's size, so a 30000 x 30000 PNG of a few
kilobytes (a decompression bomb) is refused from its header, before it is decoded."""
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
"""The formats Pillow may open (JPEG's opener gives an MPO for a phone's JPEG with a depth map
after it); no other of its decoders is ever run on a file, however it is named."""
ORIENTATION = 0x0112
"""The EXIF tag of the camera's orientation; 5 to 8 turn the picture a quarter."""

EXPORT = "export it again as a JPEG or PNG"


class Unusable(ValueError):
    """What makes a picture file unusable, and what to do instead."""

    def __init__(self, message: str, hint: str = EXPORT) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def check(
    references: Iterable[Reference], where: Mapping[str, Position], static: Sequence[Path]
) -> tuple[list[Problem], dict[str, Source]]:
    """The problems of every picture the fields name, and what was learnt of each file, by
    its name in the site (static/...). `static` are the static folders, later ones first
    in precedence, as the build copies them."""
    problems: list[Problem] = []
    found: dict[str, Source] = {}
    judged: dict[str, Unusable | Source] = {}
    for ref in references:
        if ref.private:
            problems.append(_at(where, ref.path, "is never published: the person is private",
                                "remove photo:, or remove private: true if the person may "
                                "be identified", warning=True))  # fmt: skip
            continue
        if ref.remote:
            continue
        wrong = _where_wrong(ref.value)
        if wrong:
            problems.append(_at(where, ref.path, *wrong))
            continue
        if ref.value not in judged:
            judged[ref.value] = _judge(ref, where, static)
        verdict = judged[ref.value]
        if isinstance(verdict, Unusable):
            problems.append(_at(where, ref.path, f'"{ref.value}" {verdict.message}', verdict.hint))
        elif verdict.format == "SVG" and ref.use in ("portrait", "image"):
            # Link previews and search engines take no SVG; a drawing suits a logo.
            problems.append(_at(where, ref.path, f'"{ref.value}" is an SVG drawing; only a '
                                "logo may be one", "export it as a PNG or JPEG"))  # fmt: skip
        else:
            found.setdefault(ref.value, verdict)
    return problems, found


def _where_wrong(value: str) -> tuple[str, str] | None:
    """What is wrong with where a picture is said to be, if anything."""
    where = "put the file in static/ and write its path, e.g. static/photos/jane-doe.jpg"
    if ":" in value.split("/", 1)[0]:
        return (f'"{value}" is neither a file in static/ nor an https:// address',
                f"{where}, or give its https:// address")  # fmt: skip
    path = PurePosixPath(value)
    if path.is_absolute() or posixpath.normpath(value).startswith("../"):
        return f'"{value}" is outside the project', f"copy it into static/: {where}"
    if path.parts[:1] != ("static",) or len(path.parts) < 2 or ".." in path.parts:
        return f'"{value}" is not a file in static/', where
    if path.as_posix() != value:  # static/./a.jpg is a.jpg: the file is named one way
        return f'"{value}" is not written as the file\'s path', f"write {path.as_posix()}"
    return None


def _judge(
    ref: Reference, where: Mapping[str, Position], static: Sequence[Path]
) -> Unusable | Source:
    inside = PurePosixPath(*PurePosixPath(ref.value).parts[1:])
    missing = Unusable("was not found", f"check the spelling, or add the file to "
                       f"{PurePosixPath(ref.value).parent}/")  # fmt: skip
    try:
        for folder in reversed(static):  # a project's own file replaces the theme's
            path = folder / inside
            if path.is_symlink():
                return Unusable("is a symbolic link", "copy the picture itself into static/")
            if path.exists():
                break
        else:
            return missing
        spelt = _as_named(folder, inside)
    except OSError:  # a name longer than the disk allows
        return missing
    if spelt != inside.as_posix():
        # A disk that ignores case finds Photo.JPG as photo.jpg; the build copies static/
        # under the names the files have, and must know this one to keep it back.
        return Unusable("was not found", f'did you mean "static/{spelt}"?')
    named = _at(where, ref.path, "", "")
    place = (named.file, named.line, named.column, ref.path)
    try:
        with open_regular(path) as stream:
            return inspect(stream, ref.value, place)
    except Unusable as exc:
        return exc
    except OSError as exc:
        return Unusable(f"cannot be read ({(exc.strerror or 'not a regular file').lower()})",
                        "make it a regular file your user can read")  # fmt: skip


def _as_named(folder: Path, inside: PurePosixPath) -> str:
    """A path below `folder` as its files and folders are named on the disk."""
    parts, here = [], folder
    for part in inside.parts:
        names = os.listdir(here)
        actual = part if part in names else next(
            (n for n in names if n.casefold() == part.casefold()), part)  # fmt: skip
        parts.append(actual)
        here = here / actual
    return "/".join(parts)


def inspect(stream: BinaryIO, name: str, where: Named = ("", 0, 0, "")) -> Source:
    """What a picture file is, from its header; Unusable if eventsite cannot publish it."""
    size = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    if size > MAX_BYTES:
        raise Unusable(f"is {size / 1e6:.0f} MB; a picture may be at most {MAX_BYTES // 10**6} MB",
                       "save a smaller copy, e.g. 2000 pixels on its longer side")  # fmt: skip
    head = stream.read(512)
    stream.seek(0)
    if name.lower().endswith(".svg") or head.lstrip().startswith((b"<svg", b"<?xml")):
        try:
            _, width, height = svg.read(stream.read(MAX_BYTES + 1))
        except svg.Refused as exc:
            raise Unusable(exc.message, exc.hint) from None
        return Source(name, "SVG", round(width), round(height), True, where)
    return _raster(stream, name, head, where)


def _raster(stream: BinaryIO, name: str, head: bytes, where: Named) -> Source:
    try:
        with warnings.catch_warnings():
            # Pillow warns of a bomb below twice its own limit and raises above it: both are
            # refused here, by the one limit below, with one line.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(stream, formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        counted = re.search(r"\((\d+) pixels\)", str(exc))  # Pillow: "Image size (N pixels)"
        raise _too_many(int(counted[1]) if counted else None) from None
    except UnidentifiedImageError:
        raise Unusable(f"is not a picture ({_what(head)})", EXPORT) from None
    except (OSError, SyntaxError, ValueError) as exc:  # Pillow's words for a broken header
        raise Unusable(f"cannot be read as a picture ({exc})") from None
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise _too_many(width * height, (width, height))
        if image.mode == "CMYK":
            raise Unusable("is in CMYK colours, for print",
                           "export it in RGB colours (sRGB), as a JPEG or PNG")  # fmt: skip
        if image.mode.startswith(("I", "F")) or ";16" in _rawmode(image):
            raise Unusable("has 16 bits per colour", "export it with 8 bits per colour, as a "
                           "JPEG or PNG")  # fmt: skip
        if getattr(image, "is_animated", False) and image.format != "MPO":
            raise Unusable("is animated", "give a still picture: one frame, as a JPEG or PNG")
        if image.getexif().get(ORIENTATION) in (5, 6, 7, 8):
            width, height = height, width
        alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        return Source(name, str(image.format), width, height, alpha, where)


def _too_many(pixels: int | None, size: tuple[int, int] | None = None) -> Unusable:
    counted = f"{pixels / 1e6:,.0f} million pixels" if pixels else "too many pixels"
    given = f"{counted} ({size[0]:,} x {size[1]:,})" if size else counted
    return Unusable(f"has {given}; a picture may have at most {MAX_PIXELS // 10**6} million",
                    "save a smaller copy, e.g. 2000 pixels on its longer side")  # fmt: skip


def _rawmode(image: ImageFile.ImageFile) -> str:
    """How the pixels are stored in the file (PNG's "RGB;16B" is 16 bits per colour)."""
    args = image.tile[0].args if image.tile else None
    return args if isinstance(args, str) else str(args[0]) if args else ""


def _what(head: bytes) -> str:
    """What a file that is no picture seems to hold, for the message."""
    start = head.lstrip()[:100].lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "it holds a web page, HTML"
    if not head:
        return "it is empty"
    return "eventsite cannot read its format"
