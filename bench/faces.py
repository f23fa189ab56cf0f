"""Synthetic pictures: drawn faces, abstract scenes and logos, never photos of anyone.

The examples' portraits, event pictures and logos are drawn with these (bench/examples.py, run
by `make faces`), each from a seed, so the same script draws the same pictures; the benchmark draws
its 300 phone-sized portraits here too, stored sideways with the camera's orientation in EXIF,
a Display P3 colour profile and a GPS position, as a phone writes them.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

REPO = Path(__file__).resolve().parents[1]

SKIN = ["#f1c27d", "#e0ac69", "#c68642", "#8d5524", "#ffdbac", "#a0522d", "#d2a679", "#5c3a21"]
HAIR = ["#2c1b10", "#4a2f1b", "#0f0f0f", "#a56b46", "#d6b370", "#7f7f7f", "#b55239", "#e8e2d6"]
CLOTHES = ["#0a2a4a", "#b3122e", "#2e5e4e", "#5b4b8a", "#3c3c3c", "#c07f00", "#1f6f8b", "#7a2e3a"]
BACKDROPS = [("#dfe7ef", "#9fb3c8"), ("#efe6dc", "#c9b49b"), ("#e3eee4", "#9fbfa5"),
             ("#ece3f0", "#b7a3c7"), ("#f2f2f2", "#bdbdbd")]  # fmt: skip


def face(seed: str, size: tuple[int, int] = (600, 800)) -> Image.Image:
    """A drawn head and shoulders, upright, its colours and features chosen by `seed`; the
    face is in the upper half, a little above the middle, as in a portrait photo."""
    rng = random.Random(seed)
    width, height = size
    image = _gradient(size, *rng.choice(BACKDROPS))
    pen = ImageDraw.Draw(image)
    u = width / 600  # every measure below is for a 600 x 800 picture
    cx, cy = width / 2 + rng.uniform(-30, 30) * u, height * rng.uniform(0.36, 0.42)
    skin, hair, clothes = rng.choice(SKIN), rng.choice(HAIR), rng.choice(CLOTHES)
    head_w, head_h = rng.uniform(150, 185) * u, rng.uniform(200, 235) * u
    pen.ellipse((cx - 290 * u, cy + 230 * u, cx + 290 * u, cy + 700 * u), fill=clothes)
    pen.rectangle((cx - 45 * u, cy + 120 * u, cx + 45 * u, cy + 280 * u), fill=_shade(skin, 0.9))
    style = rng.randrange(4)
    if style in (1, 3):  # long hair falls behind the shoulders
        pen.rounded_rectangle((cx - head_w * 1.05, cy - head_h * 0.8, cx + head_w * 1.05,
                               cy + head_h * 1.35), radius=round(120 * u), fill=hair)  # fmt: skip
    for side in (-1, 1):  # ears
        pen.ellipse((cx + side * head_w - 22 * u, cy - 20 * u, cx + side * head_w + 22 * u,
                     cy + 45 * u), fill=_shade(skin, 0.92))  # fmt: skip
    if style != 2:  # hair around the face; style 2 is bald
        pen.ellipse((cx - head_w * 1.08, cy - head_h * 1.1, cx + head_w * 1.08, cy + head_h * 0.4),
                    fill=hair)  # fmt: skip
    hairline = rng.uniform(0.62, 0.8) if style != 2 else 1.0
    pen.ellipse((cx - head_w * 0.98, cy - head_h * hairline, cx + head_w * 0.98, cy + head_h),
                fill=skin)  # fmt: skip
    if style == 0:  # a side parting
        pen.chord((cx - head_w * 1.02, cy - head_h * 1.06, cx + head_w * 0.7, cy - head_h * 0.2),
                  180, 330, fill=hair)  # fmt: skip
    eye_y, eye_dx = cy + rng.uniform(-10, 10) * u, rng.uniform(55, 70) * u
    for side in (-1, 1):
        ex = cx + side * eye_dx
        pen.ellipse((ex - 22 * u, eye_y - 11 * u, ex + 22 * u, eye_y + 11 * u), fill="#fbfbf8")
        pen.ellipse((ex - 9 * u, eye_y - 9 * u, ex + 9 * u, eye_y + 9 * u), fill="#3b2a1e")
        pen.line((ex - 26 * u, eye_y - 32 * u, ex + 24 * u, eye_y - 36 * u), fill=hair,
                 width=max(1, round(8 * u)))  # fmt: skip
    if rng.random() < 0.3:  # glasses
        for side in (-1, 1):
            ex = cx + side * eye_dx
            pen.ellipse((ex - 38 * u, eye_y - 28 * u, ex + 38 * u, eye_y + 28 * u),
                        outline="#222222", width=max(1, round(6 * u)))  # fmt: skip
    pen.line((cx, eye_y + 15 * u, cx - 12 * u, cy + 80 * u, cx + 6 * u, cy + 86 * u),
             fill=_shade(skin, 0.75), width=max(1, round(6 * u)))  # fmt: skip
    mouth_y = cy + rng.uniform(120, 140) * u
    pen.arc((cx - 50 * u, mouth_y - 30 * u, cx + 50 * u, mouth_y + 20 * u), 20, 160,
            fill="#8c3b3b", width=max(1, round(8 * u)))  # fmt: skip
    image = image.filter(ImageFilter.GaussianBlur(1.2 * u))
    return _grain(image, rng)


def scene(seed: str, size: tuple[int, int] = (1600, 900)) -> Image.Image:
    """An abstract landscape (a sky, a sun, hills or a skyline, water), chosen by `seed`: an
    event's picture."""
    rng = random.Random(seed)
    width, height = size
    top, bottom = rng.choice([("#0a2a4a", "#f4a261"), ("#16324f", "#9ad1d4"),
                              ("#3d1f4f", "#f28482"), ("#103b2f", "#e9c46a")])  # fmt: skip
    image = _gradient(size, top, bottom)
    pen = ImageDraw.Draw(image)
    sun = (rng.uniform(0.2, 0.8) * width, rng.uniform(0.2, 0.45) * height)
    radius = rng.uniform(0.06, 0.1) * width
    pen.ellipse((sun[0] - radius, sun[1] - radius, sun[0] + radius, sun[1] + radius),
                fill="#fff1c1")  # fmt: skip
    horizon = rng.uniform(0.6, 0.7) * height
    x = 0.0
    while x < width:  # a skyline, or hills
        w = rng.uniform(0.03, 0.09) * width
        h = rng.uniform(0.08, 0.3) * height
        pen.rectangle((x, horizon - h, x + w, horizon), fill=_shade(top, 0.6))
        x += w + rng.uniform(0, 0.02) * width
    pen.rectangle((0, horizon, width, height), fill=_shade(top, 0.8))
    for n in range(24):  # light on the water
        y = horizon + (n + 1) * (height - horizon) / 26
        half = rng.uniform(0.02, 0.12) * width
        pen.line((sun[0] - half, y, sun[0] + half, y), fill="#fff1c1", width=max(1, height // 300))
    return _grain(image.filter(ImageFilter.GaussianBlur(1.5)), rng)


def logo_svg(name: str, colour: str = "#0a2a4a", accent: str = "#b3122e") -> str:
    """A plain wordmark logo as SVG: a mark of two shapes and the initials."""
    initials = "".join(word[0] for word in name.split() if word[:1].isalpha())[:3].upper()
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" width="200" '
            f'height="80"><title>{name}</title><rect width="200" height="80" rx="8" '
            f'fill="{colour}"/><circle cx="40" cy="40" r="24" fill="{accent}"/><path d="M28 '
            f'52 L40 22 L52 52 Z" fill="#ffffff"/><text x="76" y="52" font-family="Georgia, '
            f'serif" font-size="34" fill="#ffffff">{initials}</text></svg>\n')  # fmt: skip


def logo_png(seed: str, size: tuple[int, int] = (480, 192)) -> Image.Image:
    """A partner's logo with a transparent background: coloured shapes."""
    rng = random.Random(seed)
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    colour = rng.choice(CLOTHES)
    w, h = size
    pen.rounded_rectangle((0, h * 0.2, h * 0.6, h * 0.8), radius=h // 10, fill=colour)
    for n in range(3):
        x = h * 0.8 + n * (w - h) / 3.2
        pen.rectangle((x, h * (0.35 + 0.1 * n), x + (w - h) / 4, h * 0.65), fill=colour)
    return image


def phone_jpeg(image: Image.Image, orientation: int = 6, quality: int = 90) -> bytes:
    """The picture as a phone stores it: turned as the sensor saw it, with the EXIF
    orientation that turns it back, a Display P3 profile, the camera's model and where it was
    taken (a GPS position, which must never be published)."""
    stored = {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270,
              3: Image.Transpose.ROTATE_180}.get(orientation)  # fmt: skip
    raw = image.transpose(stored) if stored is not None else image
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x0110] = "Example Phone 15"
    exif[0x8825] = {1: "N", 2: (38.0, 53.0, 55.0), 3: "W", 4: (77.0, 2.0, 15.0)}
    out = io.BytesIO()
    raw.convert("RGB").save(out, "JPEG", quality=quality, exif=exif, icc_profile=display_p3())
    return out.getvalue()


def display_p3() -> bytes:
    """An ICC profile of Display P3 (the colours of phones' cameras and screens), written out
    here: a matrix of its primaries adapted to D50, and sRGB's tone curve."""
    tags = [(b"desc", _mluc("Display P3")), (b"cprt", _mluc("No copyright, use freely")),
            (b"wtpt", _xyz(0.964203, 1.0, 0.824905)),
            (b"rXYZ", _xyz(0.515121, 0.241182, -0.001053)),
            (b"gXYZ", _xyz(0.291977, 0.692245, 0.041885)),
            (b"bXYZ", _xyz(0.157104, 0.066574, 0.784073))]  # fmt: skip
    curve = b"para" + bytes(4) + struct.pack(">HH", 3, 0)
    curve += b"".join(_s15(v) for v in (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045))
    tags += [(b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset, table, body = 132 + 12 * len(tags), b"", b""
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = struct.pack(">I4sI4s4s4s", offset + len(body), b"lcms", 0x04300000, b"mntr",
                         b"RGB ", b"XYZ ") + bytes(12) + b"acspAPPL" + bytes(24)  # fmt: skip
    header += _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"lcms" + bytes(44)
    return header + struct.pack(">I", len(tags)) + table + body


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def _mluc(text: str) -> bytes:
    data = text.encode("utf-16-be")
    return b"mluc" + bytes(4) + struct.pack(">II", 1, 12) + b"enUS" + struct.pack(
        ">II", len(data), 28) + data  # fmt: skip


def _gradient(size: tuple[int, int], top: str, bottom: str) -> Image.Image:
    start, end = _shade(top, 1), _shade(bottom, 1)
    column = Image.new("RGB", (1, 256))
    for y in range(256):
        column.putpixel((0, y), tuple(round(a + (b - a) * y / 255)
                                      for a, b in zip(start, end, strict=True)))  # fmt: skip
    return column.resize(size, Image.Resampling.BILINEAR)


def _shade(colour: str, factor: float) -> tuple[int, int, int]:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return round(r * factor), round(g * factor), round(b * factor)


def _grain(image: Image.Image, rng: random.Random) -> Image.Image:
    """A camera's faint noise, so that the picture compresses as a photo does."""
    noise = Image.effect_noise((max(1, image.width // 2), max(1, image.height // 2)), 18)
    noise = noise.resize(image.size).convert("RGB")
    return Image.blend(image, noise, 0.06 + rng.uniform(0, 0.02))


def png_16bit(width: int = 8, height: int = 8) -> bytes:
    """A PNG with 16 bits per colour, written out (Pillow writes 8)."""
    row = b"\0" + b"\x80\x00\x40\x00\x20\x00" * width
    ihdr = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))  # fmt: skip

    pixels = zlib.compress(row * height)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
