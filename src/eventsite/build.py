"""One build, as a table of contents: guard the output, list the sources, nothing to do?, load,
make every file (make.py), write.

Every step (a page, a piece of a page, a calendar file, a feed) is kept with the fingerprints of
what it read (engine/) in the project's cache, so a build makes again only the steps whose reads
changed, and writes nothing at all when no source changed since its last build into the folder.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from eventsite.engine.cache import Store
from eventsite.engine.steps import Counts, Table, digest
from eventsite.errors import Problem
from eventsite.load.inputs import Sources, sources, template_folders
from eventsite.model.lifecycle import Timing
from eventsite.write.guard import MARKER, check_output, read_manifest
from eventsite.write.site import publish, staging

if TYPE_CHECKING:
    from eventsite.make import Made


def build(
    project: Path,
    out: Path,
    now: datetime | None = None,
    base_url: str | None = None,
    strict: bool = False,
    cache: bool = True,
    event: str | None = None,
    avif: bool = False,
    counts: Counts | None = None,
) -> BuildReport:
    """Load, check, render and write the whole site; on any error, write nothing. In a site of
    events, `event` names the one event to build (its own files only, for a quick look); with
    `avif`, pictures are published in AVIF too. `counts` follows the build as it goes (the
    progress line on a terminal)."""
    started = time.perf_counter()
    check_output(project, out)
    store = Store.open(project) if cache else Store()  # --no-cache: one that keeps nothing
    moment = now or build_time()
    name = digest(str(out.resolve()), base_url or "", str(strict), event or "", "avif" * avif)
    last = store.record(name)
    # Every file the build reads, with a fingerprint of each; a static file as the last build
    # found it (a photo of megabytes) is not read again.
    found = sources(project, (last or {}).get("stats") or {})
    if last is not None and up_to_date(last, found, moment, out):
        return _report(out, last, started)
    # Imported here, not above: a build with nothing to do needs neither YAML nor Jinja.
    from eventsite.make import make_project  # noqa: PLC0415
    from eventsite.render.pages import Renderer  # noqa: PLC0415

    renderer = Renderer(template_folders(project), store, counts)
    folder = out.resolve()
    # Each file is written into the staging folder as it is made, and let go: nothing is
    # published until the whole site is there and swapped in, and a failure publishes nothing.
    with staging(out, last and last.get("outputs")) as staged:
        made = make_project(project, found, renderer, moment, base_url, strict, event,
                            avif=avif, last=(last or {}, folder) if cache else None,
                            sink=staged)  # fmt: skip
        # A picture a field names is published as the files made of it, never as it is.
        static = {name: path for name, path in found.static.items() if name not in made.withheld}
        # An event taken whole (kept.py) is published as the last build wrote its files.
        written = publish(staged, static, found.static_fingerprints, made.kept)
    record = _record(made, found, written)
    store.keep_record(name, record)
    store.save()
    return _report(out, record, started, renderer.counts)


def up_to_date(last: Mapping[str, Any], found: Sources, now: datetime, out: Path) -> bool:
    """Whether the last build into `out` made what this one would: the same sources, the same
    moment as far as any page tells it, and every file it wrote still there, unchanged."""
    if last.get("sources") != found.fingerprint:
        return False
    try:
        now = now if now.tzinfo else now.replace(tzinfo=ZoneInfo(last["zone"]))  # --now: local
        moment: dict[str, Any] = {}
        for prefix, data in last["timings"].items():
            timing = Timing.from_json(data)[0]
            moment.update((f"{prefix}{k}", v) for k, v in timing.at(now).items())
            moment[f"{prefix}now"] = now  # if a page showed it
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    kept = last.get("moment") or {}
    if {name: Table().of(moment[name]) for name in kept if name in moment} != kept:
        return False
    outputs: Mapping[str, list[Any]] = last.get("outputs") or {}
    if read_manifest(out) != frozenset({*outputs, MARKER}):
        return False
    for name, (_, size, mtime, inode) in outputs.items():
        try:
            st = os.lstat(out / name)
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns, st.st_ino) != (size, mtime, inode):
            return False
    return True


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the one-line summary."""

    out: Path
    pages: int
    files: int
    size: int
    seconds: float
    warnings: tuple[Problem, ...] = ()
    made: int = 0
    kept: int = 0

    def summary(self) -> str:
        """One line for the terminal."""
        text = (
            f"built {self.pages} page{'s' * (self.pages != 1)} and {self.files} files "
            f"({self.size / 1024:.0f} KB) into {self.out} in {self.seconds:.2f} s"
        )
        if self.kept:
            return f"{text} ({self.made:,} of {self.made + self.kept:,} steps made again)"
        return text if self.made else f"{text} (nothing changed)"


def _record(made: Made, found: Sources, written: Mapping[str, list[Any]]) -> dict[str, Any]:
    """The record of this build, kept in the cache for the next one."""
    return {
        "sources": found.fingerprint,
        "stats": found.stats,
        "timings": made.timings,
        "zone": made.zone,
        "moment": made.moment,
        "outputs": dict(written),
        "pages": made.pages,
        "events": made.events,
        "warnings": [_fields(p) for p in made.warnings],
    }


def _fields(problem: Problem) -> list[Any]:
    return [problem.file, problem.line, problem.column, problem.field, problem.message,
            problem.hint, problem.warning]  # fmt: skip


def _report(
    out: Path, record: Mapping[str, Any], started: float, counts: Counts | None = None
) -> BuildReport:
    outputs: Mapping[str, list[Any]] = record.get("outputs") or {}
    warnings = tuple(Problem(*fields) for fields in record.get("warnings") or ())
    counts = counts or Counts()
    return BuildReport(
        out,
        int(record.get("pages") or 0),
        len(outputs),
        sum(entry[1] for entry in outputs.values()),
        time.perf_counter() - started,
        warnings,
        counts.ran,
        counts.reused,
    )


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)
