"""The pictures' part of `make bench`: 300 phone portraits built clean and warm, and the bytes a
phone downloads for the agenda page and a speaker's page, before issue 23 and now.

The portraits are drawn faces (bench/faces.py) stored as a phone stores a photo: 3000 x 4000
pixels, sideways with the EXIF orientation that turns them upright, a Display P3 profile and a
GPS position. They are drawn once into .bench/portraits/ and kept for later runs. Each build is
a new process (`eventsite build`), timed as bench/run.py times builds. "Before" is eventsite as
it was before pictures were made (commit BEFORE), built from `git archive` of that commit with
the same project; a phone is Chromium at 375 x 812 CSS pixels and 3 device pixels per CSS pixel.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from bench.faces import face, phone_jpeg
from bench.generate import REPO, Size, generate
from bench.run import WORK, Sample, bench_env, eventsite_binary, measure

BEFORE = "bc916a0"
"""The last commit of eventsite before issue 23: photos published as they are given."""
DOC = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- pictures: begin (written by make bench) -->", "<!-- pictures: end -->"
PORTRAITS = Size("portraits", speakers=300, sessions=120, days=2, rooms=3)
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 3}


def portraits(count: int) -> list[Path]:
    """`count` phone photos of drawn faces, made once into .bench/portraits/photos/, on every
    core (Pillow lets go of the GIL)."""
    folder = WORK / "portraits" / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"portrait-{number:03d}.jpg" for number in range(count)]
    missing = [(n, p) for n, p in enumerate(paths) if not p.exists()]
    if missing:
        noise = Image.effect_noise((3000, 4000), 40).convert("RGB")
        with ThreadPoolExecutor(os.cpu_count()) as pool:
            list(pool.map(lambda item: _portrait(item[0], item[1], noise), missing))
    return paths


def _portrait(number: int, path: Path, noise: Image.Image) -> None:
    """A drawn face as a phone stores a photo, with sensor noise at full size so that it
    weighs what a phone's does (2 to 3 MB)."""
    upright = face(f"bench {number}", (750, 1000)).resize((3000, 4000))
    grainy = Image.blend(upright, noise, 0.12)
    path.write_bytes(phone_jpeg(grainy, orientation=6, quality=88))


def project(photos: Sequence[Path]) -> tuple[Path, str]:
    """A generated two-day event whose first 300 people each give one of the photos; with the
    default theme (no templates of its own), so that each eventsite builds it its own way."""
    generated = WORK / "portraits" / "project"
    generate(PORTRAITS, generated)
    shutil.rmtree(generated / "hugo")
    folder = generated / "eventsite"
    shutil.rmtree(folder / "templates")
    shutil.rmtree(folder / "static")
    (folder / "static" / "photos").mkdir(parents=True)
    speakers = folder / "content" / "speakers.yaml"
    ids = re.findall(r"^- id: (\S+)$", speakers.read_text(), re.MULTILINE)
    text = speakers.read_text()
    for person, photo in zip(ids, photos, strict=False):
        os.link(photo, folder / "static" / "photos" / f"{person}.jpg")
        text = text.replace(f"- id: {person}\n", f"- id: {person}\n  photo: static/photos/"
                            f"{person}.jpg\n", 1)  # fmt: skip
    speakers.write_text(text)
    return folder, ids[0]


def before() -> Path:
    """eventsite as it was at commit BEFORE, unpacked into .bench/before/ (source, theme)."""
    folder = WORK / "before"
    if not (folder / "src" / "eventsite").is_dir():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        wanted = ["src", "templates", "static", "pyproject.toml"]
        archive = subprocess.run(["git", "archive", BEFORE, *wanted], cwd=REPO,
                                 capture_output=True, check=True)  # fmt: skip
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
    return folder


def builds(folder: Path, out: Path, runs: int, spare: Path) -> dict[str, list[Sample]]:
    """Clean builds, then with the cache warm after an edit to the title (no picture changed),
    with nothing changed, and after one photo changed (to `spare` and back)."""
    env = bench_env()
    shutil.rmtree(Path(env["EVENTSITE_CACHE_DIR"]), ignore_errors=True)
    command: list[str | Path] = [eventsite_binary(), "build", "--project", folder, "--out", out]
    found: dict[str, list[Sample]] = {"clean": [], "edit": [], "none": [], "photo": []}
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        found["clean"].append(measure([*command, "--no-cache"], env))
    measure(command, env)  # fills the cache
    event = folder / "content" / "event.yaml"
    first = folder / "static" / "photos" / sorted(os.listdir(folder / "static" / "photos"))[0]
    original, other = first.read_bytes(), spare.read_bytes()
    for run in range(runs):
        event.write_text(re.sub(r"^title: .*$", f"title: Edit {run}", event.read_text(), count=1,
                                flags=re.MULTILINE))  # fmt: skip
        found["edit"].append(measure(command, env))
        found["none"].append(measure(command, env))
        first.unlink()  # a new file: the original is a hard link to the kept portrait
        first.write_bytes(original if run % 2 else other)
        found["photo"].append(measure(command, env))
    return found


def downloads(root: Path, page: str) -> tuple[Counter[str], Counter[str]]:
    """The bytes a phone downloads for a page, by kind: on opening it, and after scrolling to
    its end (pictures below the fold load as they come near)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415
    from tests.browser.chromium import launch  # noqa: PLC0415
    from tests.browser.site import serve  # noqa: PLC0415

    with serve(root) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_context(**PHONE).new_page()  # type: ignore[arg-type]
        got: Counter[str] = Counter()

        def count(request: object) -> None:
            sizes = request.sizes()  # type: ignore[attr-defined]
            kind = request.resource_type  # type: ignore[attr-defined]
            got["pictures" if kind == "image" else "page, styles, scripts"] += (
                sizes["responseBodySize"] + sizes["responseHeadersSize"])  # fmt: skip

        tab.on("requestfinished", count)
        tab.goto(url + page, wait_until="networkidle")
        opened = Counter(got)
        height = tab.evaluate("document.documentElement.scrollHeight")
        for top in range(0, int(height), 600):
            tab.evaluate(f"window.scrollTo(0, {top})")
            tab.wait_for_timeout(30)
        tab.wait_for_load_state("networkidle")
        browser.close()
    return opened, got


def figures(count: int, runs: int) -> list[str]:
    """The section of docs/benchmarks.md on pictures."""
    *photos, spare = portraits(count + 1)
    source = sum(p.stat().st_size for p in photos)
    folder, first = project(photos)
    out = WORK / "portraits" / "out"
    print(f"pictures: {count} portraits ({source / 1e6:.0f} MB), {runs} runs of each build ...",
          flush=True)  # fmt: skip
    timed = builds(folder, out, runs, spare)
    old = WORK / "portraits" / "before"
    shutil.rmtree(old, ignore_errors=True)
    env = {**bench_env(), "PYTHONPATH": str(before() / "src")}
    event = folder / "content" / "event.yaml"
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("offline: false\n", ""), encoding="utf-8")  # unknown then
    try:
        subprocess.run([sys.executable, "-m", "eventsite", "build", "--project", folder, "--out",
                        old, "--no-cache"], env=env, check=True, capture_output=True)  # fmt: skip
    finally:
        event.write_text(text, encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    measure([eventsite_binary(), "build", "--project", folder, "--out", out], bench_env())
    pages = {"agenda page": "index.html", "a speaker's page": f"speakers/{first}.html"}
    lines = [
        "", "## Pictures", "",
        f"{count} portraits drawn as a phone stores a photo (3000 x 4000 JPEG, sideways with "
        f"the EXIF orientation, a Display P3 profile, a GPS position; {source / 1e6:.0f} MB in "
        f"all), given as the photos of the first {count} people of a generated two-day event "
        f"({PORTRAITS.sessions} sessions); median of {runs} builds each, a new process each.",
        "", "| build | wall | CPU |", "| --- | --- | --- |",
    ]  # fmt: skip
    said = {"clean": "clean (`--no-cache`): every portrait made",
            "edit": "cache warm, the event's title edited: no portrait made",
            "none": "nothing changed",
            "photo": "one photo changed: that portrait alone made"}  # fmt: skip
    for key, samples in timed.items():
        wall = statistics.median(s.seconds for s in samples)
        cpu = statistics.median(s.cpu for s in samples)
        lines.append(f"| {said[key]} | {wall:.2f} s | {cpu:.2f} s |")
    lines += ["", "What a phone downloads (Chromium, 375 x 812 CSS pixels, 3 device pixels per "
              "CSS pixel; headers and bodies, uncompressed):", "",
              "| page | eventsite | on opening it | after scrolling to its end |",
              "| --- | --- | --- | --- |"]  # fmt: skip
    for name, page in pages.items():
        for who, root in ((f"before ({BEFORE})", old), ("now", out)):
            opened, scrolled = downloads(root, page)
            lines.append(f"| {name} | {who} | {_kib(opened)} | {_kib(scrolled)} |")
    return lines


def _kib(found: Counter[str]) -> str:
    parts = ", ".join(f"{kind} {size / 1024:,.0f} KiB" for kind, size in sorted(found.items()))
    return f"{sum(found.values()) / 1024:,.0f} KiB ({parts})"


def write_doc(lines: list[str]) -> None:
    """Put the section into docs/benchmarks.md, between its markers (at the end the first
    time)."""
    text = DOC.read_text() if DOC.exists() else ""
    section = "\n".join([BEGIN, *lines, "", END])
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the pictures' figures and write them into docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portraits", type=int, default=300, help="how many (default 300)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind (default 3)")
    parser.add_argument("--no-doc", action="store_true", help="print, do not write the doc")
    args = parser.parse_args(argv)
    lines = figures(args.portraits, args.runs)
    print("\n".join(lines))
    if not args.no_doc:
        write_doc(lines)
        print(f"wrote {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
