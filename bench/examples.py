"""Draw the fictional examples' pictures: every picture file their content names, drawn here.

`make faces` runs it. The examples' YAML says which files there are (a speaker's `photo:`, an
event's `image:`, an organiser's or partner's `logo:`); this draws each one that is missing, or
each one with `--again`: a face for a portrait, an abstract scene for an event, a wordmark for a
logo (SVG, or PNG with transparency). Every picture is drawn from its file's name, so the same
names give the same pictures; none is a photo of anyone. The USIP example (content/) is a real
event and has no pictures: none is invented for it.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from bench.faces import REPO, face, logo_png, logo_svg, scene

EXAMPLES = REPO / "examples"


def named(project: Path) -> Iterator[tuple[str, str, str]]:
    """Each picture file a project's content names: (use, file, whose name), use being
    "portrait", "image" or "logo"."""
    content = project / "content"
    for path in sorted(content.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "speakers.yaml" and isinstance(data, list):
            for person in data:
                if isinstance(person, dict) and person.get("photo") and not person.get("private"):
                    yield "portrait", person["photo"], person.get("id", "")
        elif path.name in ("event.yaml", "site.yaml") and isinstance(data, dict):
            yield from _event(data)


def _event(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    if isinstance(data.get("image"), str):
        yield "image", data["image"], _text(data.get("title"))
    organizer = data.get("organizer") or {}
    if isinstance(organizer, dict) and organizer.get("logo"):
        yield "logo", organizer["logo"], _text(organizer.get("name"))
    for partner in data.get("partners") or ():
        if isinstance(partner, dict) and partner.get("logo"):
            yield "logo", partner["logo"], _text(partner.get("name"))


def _text(value: Any) -> str:
    """A text as written, or its first language's where it is given per language."""
    if isinstance(value, dict):
        return str(next(iter(value.values()), ""))
    return str(value or "")


def draw(use: str, name: str, who: str) -> bytes:
    """The picture for one file, drawn from its name."""
    out = io.BytesIO()
    if use == "portrait":
        face(name, (480, 640)).save(out, "JPEG", quality=82, optimize=True)
    elif use == "image":
        scene(name, (1280, 720)).save(out, "JPEG", quality=78, optimize=True)
    elif name.endswith(".svg"):
        return logo_svg(who).encode()
    else:
        logo_png(name).save(out, "PNG", optimize=True)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Draw the examples' missing pictures (every one with --again)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--again", action="store_true", help="draw every picture again")
    args = parser.parse_args(argv)
    drawn = 0
    for project in sorted(p for p in EXAMPLES.iterdir() if (p / "content").is_dir()):
        for use, name, who in named(project):
            if not name.startswith("static/"):
                continue  # an address on the web: linked, not drawn
            path = project / name
            if path.exists() and not args.again:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(draw(use, name, who))
            drawn += 1
    print(f"drew {drawn} pictures into {EXAMPLES.relative_to(REPO)}/*/static/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
