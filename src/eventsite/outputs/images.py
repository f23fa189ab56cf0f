"""Pictures made small and safe: each picture file cut and scaled to the sizes the theme shows
it at, in WebP with a JPEG (or, with transparency, PNG) fallback, upright, in sRGB, with no
metadata left in it (no camera, no GPS position).

Which files a picture becomes (`files`) is known from what the loader read of its header, before
any is made, so pages can name them while the pictures are made. Each file's name carries a
fingerprint of the source's bytes, the cut and the encoders' versions: a changed photo gets new
names, and no browser shows a stale copy. `render` makes every file of one picture at once, from
one decoding: the engine keeps its output as one step (`make_pictures`).
"""

from __future__ import annotations

import hashlib
import io
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import PIL
from PIL import Image, ImageCms, ImageOps, features

from eventsite.engine.steps import Counts, Memo, Step, Table, digest
from eventsite.errors import ContentError, Problem
from eventsite.load import svg
from eventsite.load.files import open_regular
from eventsite.load.pictures import EXPORT, FORMATS, MAX_BYTES
from eventsite.model.pictures import Reference, Source, focus

Point = tuple[float, float]


@dataclass(frozen=True)
class Cut:
    """One way the theme shows a picture: cut to a shape (`ratio`, width to height) at each of
    `widths`, or whole, fitted into `box` at 1x and 2x; for the web (WebP and a fallback), or as
    JPEG alone for link previews and search engines (`web` false)."""

    name: str
    ratio: tuple[int, int] | None = None
    widths: tuple[int, ...] = ()
    box: tuple[int, int] | None = None
    web: bool = True
    focus: Point = (0.5, 0.5)


# The theme's sizes, in CSS pixels times the densities phones have (1x to 3x).
PORTRAIT = Cut("portrait", (1, 1), (80, 160, 240, 320))
"""A person's portrait: 5rem in the speakers list (80, 160, 240), 10rem on their page."""
BANNER = Cut("banner", (16, 9), (480, 800, 1200, 1600))
"""The event's picture on its page and in a list of events; JSON-LD's 16:9."""
PREVIEW = Cut("preview", (40, 21), (1200,), web=False)
"""Open Graph and Twitter cards: 1200 x 630, the size Facebook, LinkedIn and X ask for."""
FOUR_THREE = Cut("4x3", (4, 3), (1200,), web=False)
SQUARE = Cut("1x1", (1, 1), (1200,), web=False)
"""With BANNER's 1200: the three shapes Google asks of an event's image (16:9, 4:3, 1:1)."""
LOGO = Cut("logo", box=(200, 40))
"""The organiser's logo in the page's header: 2.5rem high, 12.5rem wide at most."""
PARTNER = Cut("partner", box=(160, 64))
"""A partner's logo in the partners' list."""

CUTS = {"portrait": (PORTRAIT,), "image": (BANNER, PREVIEW, FOUR_THREE, SQUARE),
        "logo": (LOGO,), "partner": (PARTNER,)}  # fmt: skip
"""The cuts each use of a picture needs (model/pictures.py `Use`)."""

QUALITY: dict[str, dict[str, Any]] = {"webp": {"quality": 80, "method": 4},
           "jpeg": {"quality": 82, "optimize": True, "progressive": True},
           "png": {"optimize": True},
           "avif": {"quality": 60, "speed": 6}}  # fmt: skip
"""Encoder settings: what phones show without visible loss at these sizes."""
TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png", "avif": "image/avif",
         "svg": "image/svg+xml"}  # fmt: skip


@cache
def versions() -> str:
    """The versions of everything that makes a picture's bytes: a new one makes them again."""
    parts = [f"Pillow {PIL.__version__}"] + [
        f"{name} {features.version(name)}" for name in ("jpg", "webp", "avif", "littlecms2")
    ]
    return "; ".join(parts) + f"; {sorted(QUALITY.items())}"


@dataclass(frozen=True)
class Picture:
    """A picture file of the project as a build knows it: what the loader read of its header,
    and the fingerprint of its bytes (which names its files and keys its step)."""

    source: Source
    fingerprint: str

    def shown(self, cut: Cut, avif: bool = False) -> Shown:
        """The files of one cut of the picture, grouped by format, the fallback's last."""
        return shown(self.source, self.fingerprint, cut, avif)


@dataclass(frozen=True)
class File:
    """One file made of a picture: its path in the site, its size in pixels, its format."""

    path: str
    width: int
    height: int
    format: str

    @property
    def size(self) -> tuple[int, int]:
        """Its width and height."""
        return self.width, self.height

    @property
    def type(self) -> str:
        """Its media type, for <source type>."""
        return TYPES[self.format]


@dataclass(frozen=True)
class Shown:
    """A picture as a page shows it in one cut: the files of each format (the fallback's
    last), each list smallest first; or an address on the web (`remote`), linked as it is."""

    formats: tuple[tuple[File, ...], ...]
    remote: str | None = None
    box: tuple[int, int] | None = None
    """A logo's box (Cut.box), which it is shown fitted into."""
    ratio: tuple[int, int] | None = None
    """The shape it is cut to (Cut.ratio), width to height."""

    @property
    def fallback(self) -> tuple[File, ...]:
        """The files every browser shows (JPEG, PNG or SVG)."""
        return self.formats[-1]

    def src(self, width: int) -> File:
        """The fallback file for a browser that reads no srcset: the smallest at least `width`
        pixels wide, else the largest."""
        return next((f for f in self.fallback if f.width >= width), self.largest)

    @property
    def largest(self) -> File:
        """The largest file of the fallback: for link previews and search engines."""
        return self.fallback[-1]

    def height(self, width: int) -> int:
        """The height shown at `width` CSS pixels (what <img height> says for that width): of
        the cut's shape, which an address on the web is shown cut to as well."""
        across, down = self.ratio or self.largest.size
        return max(1, round(width * down / across))

    @property
    def size(self) -> tuple[int, int]:
        """The size a logo is shown at in CSS pixels: as large as its box allows, its shape
        kept, never larger than its pixels."""
        file, box = self.fallback[0], self.box or self.largest.size
        most = math.inf if file.format == "svg" else 1  # a drawing is sharp at any size
        scale = min(box[0] / file.width, box[1] / file.height, most)
        return max(1, round(file.width * scale)), max(1, round(file.height * scale))


def shown(source: Source, fingerprint: str, cut: Cut, avif: bool = False) -> Shown:
    """The files of one cut of a picture, grouped by format, the fallback's last."""
    found = files(source, fingerprint, (cut,), avif)
    order = list(dict.fromkeys(f.format for f in found))
    formats = tuple(tuple(f for f in found if f.format == kind) for kind in order)
    return Shown(formats, box=cut.box, ratio=cut.ratio)


def files(source: Source, fingerprint: str, cuts: Sequence[Cut], avif: bool = False) -> list[File]:
    """Every file `render` makes of a picture in these cuts, in the order it makes them."""
    stem = PurePosixPath(source.name)
    if source.format == "SVG":  # drawn at any size: one file, cleaned
        key = digest("svg", fingerprint, versions())[:10]
        return [File(f"{stem.parent}/{stem.stem}.{key}.svg", source.width, source.height, "svg")]
    made = []
    for cut in cuts:
        key = digest(fingerprint, repr(cut), versions())[:10]
        for width, height in sizes(source, cut):
            for kind in kinds(source, cut, avif):
                path = f"{stem.parent}/{stem.stem}-{width}x{height}.{key}.{_extension(kind)}"
                made.append(File(path, width, height, kind))
    return made


def kinds(source: Source, cut: Cut, avif: bool) -> tuple[str, ...]:
    """The formats of a cut, the fallback last: AVIF (if asked for), WebP, then JPEG or PNG."""
    fallback = "png" if source.alpha else "jpeg"
    if not cut.web:
        return (fallback,) if source.alpha and cut.box else ("jpeg",)
    return (*(("avif",) if avif else ()), "webp", fallback)


def sizes(source: Source, cut: Cut) -> list[tuple[int, int]]:
    """The sizes in pixels of a cut's files: none wider than the source gives (a small photo is
    never blown up), the widest it gives among them."""
    if cut.box is not None:
        width, height = source.width, source.height
        scale = min(cut.box[0] / width, cut.box[1] / height)
        if scale >= 1:  # a logo smaller than its box: as it is
            return [(width, height)]
        return [
            (max(1, round(width * scale * d)), max(1, round(height * scale * d)))
            for d in (1, 2)
            if scale * d < 1
        ] + ([(width, height)] if scale * 2 >= 1 else [])
    across, down = cut.ratio or (source.width, source.height)
    most = _region(source, cut)[2:]
    widths = [w for w in cut.widths if w <= most[0]]
    if most[0] < max(cut.widths) and most[0] not in widths:  # all it has, for the sharpest
        widths.append(most[0])
    return [(w, max(1, round(w * down / across))) for w in widths]


def _region(source: Source, cut: Cut) -> tuple[int, int, int, int]:
    """The part of the upright source a cut keeps (left, top, width, height): the largest of
    its shape, centred on the focus as far as the picture's edges allow; all of it, uncut,
    for a cut that fits the whole picture into a box."""
    across, down = cut.ratio or (source.width, source.height)
    width = min(source.width, source.height * across // down)
    height = min(source.height, width * down // across)
    fx, fy = cut.focus
    left = min(max(round(fx * source.width - width / 2), 0), source.width - width)
    top = min(max(round(fy * source.height - height / 2), 0), source.height - height)
    return left, top, width, height


def _extension(kind: str) -> str:
    return "jpg" if kind == "jpeg" else kind


@dataclass(frozen=True)
class Job:
    """One picture to make: every cut the fields naming it need, in the order first named."""

    picture: Picture
    cuts: tuple[Cut, ...]
    avif: bool = False

    @property
    def files(self) -> list[File]:
        """The files it makes."""
        return files(self.picture.source, self.picture.fingerprint, self.cuts, self.avif)


def jobs(
    named: Iterable[Reference], pictures: Mapping[str, Picture], avif: bool = False
) -> list[Job]:
    """The pictures to make for these fields: each file once, with the cuts of every field
    that names it (a private person's photo is never made)."""
    cuts: dict[str, dict[Cut, None]] = {}
    for ref in named:
        if ref.private or ref.remote or ref.value not in pictures:
            continue
        wanted = cuts.setdefault(ref.value, {})
        for cut in CUTS[ref.use]:
            wanted[replace(cut, focus=focus(ref.focus)) if cut.ratio else cut] = None
    return [Job(pictures[name], tuple(chosen), avif) for name, chosen in cuts.items()]


# -- making the files --------------------------------------------------------------------------


class Broken(ValueError):
    """A picture that passed the header's checks but cannot be decoded (a file cut short)."""


def render(data: bytes, source: Source, cuts: Sequence[Cut], avif: bool = False) -> list[bytes]:
    """Every file of `files(source, ..., cuts, avif)`, in that order; Broken if the picture
    cannot be decoded."""
    if source.format == "SVG":
        return [svg.clean(data)]
    upright = _decode(data, source, cuts)
    made = []
    for cut in cuts:
        region = _region(source, cut)
        left, top, width, height = (v * upright.width / source.width for v in region)
        box = (left, top, left + width, top + height)
        for size in sizes(source, cut):
            scaled = upright.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
            for kind in kinds(source, cut, avif):
                made.append(_encode(scaled, kind))
    return made


def _decode(data: bytes, source: Source, cuts: Sequence[Cut]) -> Image.Image:
    """The picture decoded (at a fraction of its size where JPEG allows and the largest file
    needs no more), turned upright, in sRGB, as RGB or RGBA."""
    try:
        opened = Image.open(io.BytesIO(data), formats=FORMATS)
        if opened.format in ("JPEG", "MPO"):
            opened.draft("RGB", _needed(opened, source, cuts))
        opened.load()
        profile = opened.info.get("icc_profile")
        image: Image.Image = ImageOps.exif_transpose(opened)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if "truncated" in str(exc):
            raise Broken("is cut short (the file ends before the picture does)") from None
        raise Broken(f"cannot be decoded ({exc})") from None
    mode = "RGBA" if source.alpha else "RGB"
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert(mode)
    if profile:
        image = _to_srgb(image, profile, mode)
    return image if image.mode == mode else image.convert(mode)


def _needed(image: Image.Image, source: Source, cuts: Sequence[Cut]) -> tuple[int, int]:
    """The smallest size (as stored, before turning) that still gives every file its pixels."""
    scale = 0.0
    for cut in cuts:
        region = _region(source, cut)
        for width, _ in sizes(source, cut):
            scale = max(scale, width / region[2])
    return max(1, math.ceil(image.width * scale)), max(1, math.ceil(image.height * scale))


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image, profile: bytes, mode: str) -> Image.Image:
    """The picture's colours in sRGB, the web's own: a Display P3 photo shown as if it were
    sRGB looks washed out. A profile that cannot be read is passed over, as browsers do."""
    try:
        given = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if image.mode == "L":
            return ImageCms.profileToProfile(image, given, _srgb(), outputMode="RGB") or image
        converted = ImageCms.profileToProfile(image, given, _srgb(), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted or image


def _encode(image: Image.Image, kind: str) -> bytes:
    if kind == "jpeg" and image.mode == "RGBA":  # JPEG has no transparency: on white
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image).convert("RGB")
    image.info = {}  # PNG would copy the source's profile, JPEG its comment: nothing goes along
    out = io.BytesIO()
    image.save(out, kind.upper(), **QUALITY[kind])
    return out.getvalue()


def pack(parts: Sequence[bytes]) -> bytes:
    """Files as one value for the build's cache: each one's length, then its bytes."""
    return b"".join(len(part).to_bytes(4, "big") + part for part in parts)


def unpack(data: bytes) -> list[bytes]:
    """The files `pack` put together."""
    parts, at = [], 0
    while at < len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        parts.append(data[at + 4 : at + 4 + size])
        at += 4 + size
    return parts


# -- making them, each picture a step ----------------------------------------------------------


def make_pictures(
    work: Sequence[Job], static: Mapping[str, Path], memo: Memo, counts: Counts
) -> dict[str, bytes]:
    """The files of every picture (its file among the site's `static` ones), each picture a
    step keyed by its bytes' fingerprint, its cuts and the encoders' versions, kept from an
    earlier build when those are unchanged; the pictures to make are made on every core. A
    picture that cannot be decoded is one line naming its field and file, and nothing is
    published."""
    table = Table()
    made: dict[str, bytes] = {}
    todo: list[tuple[Job, str, dict[str, str]]] = []
    for job in work:
        inputs = (job.picture.fingerprint, job.cuts, job.avif, versions())
        given = {f"input[{n}]": table.of(value) for n, value in enumerate(inputs)}
        key = f"out:picture:{job.picture.source.name}"
        kept = memo.get(key)
        if kept is not None and table.valid(kept.deps, given):
            counts.reused += 1
            counts.files += len(job.files)
            made.update(zip((f.path for f in job.files), unpack(kept.output), strict=True))
        else:
            todo.append((job, key, given))
    if not todo:
        return made
    with ThreadPoolExecutor(min(len(todo), CORES)) as pool:  # Pillow lets go of the GIL
        results = list(pool.map(lambda item: _picture(item[0], static[item[0].picture.source.name]),
                                todo))  # fmt: skip
    problems = [result for result in results if isinstance(result, Problem)]
    if problems:
        raise ContentError(problems)
    for (job, key, given), result in zip(todo, results, strict=True):
        assert not isinstance(result, Problem)  # noqa: S101 - raised just above
        memo.put(key, Step(given, pack(result)))
        counts.ran += 1
        counts.files += len(job.files)
        made.update(zip((f.path for f in job.files), result, strict=True))
    return made


CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
"""The cores this process may run on: pictures are made on all of them."""


def _picture(job: Job, path: Path) -> list[bytes] | Problem:
    """The files of one picture, made from its file as the build listed it; or the problem."""
    source = job.picture.source
    file, line, column, field = source.where
    try:
        with open_regular(path) as stream:
            data = stream.read(MAX_BYTES + 1)
        if hashlib.blake2b(data, digest_size=16).hexdigest() != job.picture.fingerprint:
            return Problem(file, line, column, field, f'"{source.name}" changed while the site '
                           "was being built", "build again")  # fmt: skip
        return render(data, source, job.cuts, job.avif)
    except Broken as exc:
        return Problem(file, line, column, field, f'"{source.name}" {exc}', EXPORT)
    except OSError as exc:
        return Problem(file, line, column, field, f'"{source.name}" cannot be read ({exc})',
                       "make it a regular file your user can read")  # fmt: skip
