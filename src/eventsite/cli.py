"""Command-line interface: parse arguments, run a command, turn SiteError into a message."""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from eventsite import __version__
from eventsite.errors import Problem, SiteError
from eventsite.model import Catalog
from eventsite.text import count

if TYPE_CHECKING:
    from eventsite.engine.steps import Counts
    from eventsite.model import Site


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventsite",
        description="Build an event microsite from YAML and Markdown.",
    )
    parser.add_argument("--version", action="version", version=f"eventsite {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        _project(sub, "the project folder, holding content/ (default: this folder)")
        sub.add_argument(
            "--now",
            type=_moment,
            metavar="WHEN",
            help="build as if it were this date or time, e.g. 2011-07-19 or "
            "2011-07-19T10:00 (venue time) or 2011-07-19T14:00Z; default: "
            "SOURCE_DATE_EPOCH if set, else the clock",
        )
        return sub

    strict = "treat warnings (a gap in the agenda, an unused speaker ...) as errors"
    build = command("build", "Check the content and write the site.")
    build.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="where to write the site (default: public/ in the project)",
    )
    build.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="the address the site is published at, for full addresses in calendars, the "
        "sitemap and link previews (default: base_url in event.yaml, else none)",
    )
    build.add_argument("--strict", action="store_true", help=strict)
    build.add_argument(
        "--event",
        metavar="SLUG",
        help="in a site of events: build this event alone, for a quick look (default out: "
        "public-SLUG/ in the project)",
    )
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="make every file again, ignoring what earlier builds kept (the cache lives in "
        "your user cache folder, never in the project)",
    )
    avif = "also publish pictures as AVIF: smaller than WebP, many times slower to make"
    build.add_argument("--avif", action="store_true", help=avif)
    check = command("check", "Check the content and report every problem; write nothing.")
    check.add_argument("--strict", action="store_true", help=strict)
    command("schema", "Write the JSON Schema of every content file into schema/.")
    command("clean", "Remove what builds of this project keep in your cache folder.")
    new = commands.add_parser(
        "new",
        help="Start a new project, a site of events, or an event of a site.",
        description="Start a new project with content that shows every field: "
        "`eventsite new PATH --title ... --date ...` (one event), "
        '`eventsite new site PATH --name "Organisation"` (a site of many events), or '
        "`eventsite new event SLUG --title ... --date ...` (an event of the site in --project).",
    )
    new.add_argument("what", type=str, metavar="PATH | site PATH | event SLUG")
    new.add_argument("name", nargs="?", help=argparse.SUPPRESS)
    new.add_argument("--title", help="the event's title")
    new.add_argument("--date", help="the event's day, as YYYY-MM-DD")
    new.add_argument("--name", dest="organisation", help="new site: the organisation's name")
    new.add_argument(
        "--timezone",
        help="the venue's IANA time zone, e.g. America/New_York (asked for when not given)",
    )
    new.add_argument(
        "--language",
        help="the pages' language: en (the default), fr, es, de, ko or ar, with a region if "
        "wanted (fr-CA, ar-JO)",
    )
    _project(new, "new event: the site of events to add it to (default: this folder)")
    imports = commands.add_parser(
        "import",
        help="Import a programme from pretalx, frab, Sessionize, Indico or a spreadsheet.",
        description="Import a programme into a project (made if it does not exist): a "
        'schedule.json or schedule.xml (frab, pretalx, c3voc, Pentabarf), a Sessionize "All" '
        "JSON, an Indico JSON export or a CSV, as a file or an https:// address. Importing "
        "again updates what the source says and keeps what you changed.",
    )
    imports.add_argument(
        "source", metavar="SOURCE", help="the exported file, or its https:// address"
    )
    imports.add_argument(
        "--from",
        dest="format",
        metavar="FORMAT",
        help="the source's format, if not told apart by itself: schedule (frab, pretalx, "
        "c3voc, pentabarf), sessionize, indico or csv",
    )
    imports.add_argument(
        "--timezone",
        metavar="ZONE",
        help="the venue's time zone (Area/City), for a source that names none (Sessionize, "
        "CSV) or names the wrong one",
    )
    imports.add_argument(
        "--date",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the event's first day, for a spreadsheet that names days by weekday alone (Fri)",
    )
    _project(
        imports, "the project to import into; made if it does not exist (default: this folder)"
    )
    serve = command("serve", "Preview the site, rebuilding and reloading on every save.")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this computer only)",
    )
    serve.add_argument("--avif", action="store_true", help=avif)
    return parser


def _project(command: argparse.ArgumentParser, help: str) -> None:
    command.add_argument("--project", type=Path, default=Path("."), metavar="DIR", help=help)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; write a number from 1 to 65535")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one eventsite command; return the process exit status."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except SiteError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date; write YYYY-MM-DD') from None


def _warn(warnings: Sequence[Problem]) -> str:
    """Print warnings to stderr; return how the summary line counts them."""
    for warning in warnings:
        print(warning, file=sys.stderr)
    return count(len(warnings), "warning") if warnings else "no warnings"


def _run(args: argparse.Namespace) -> int:
    # Each command imports only what it runs, inside its branch: `eventsite clean`, or a build
    # with nothing to do, starts without Jinja, YAML or Markdown.
    if args.command == "new":
        return _new(args)
    if args.command == "import":
        from eventsite.tools.importers.project import run

        with Progress(label=f"importing {args.source}"):
            run(args.source, args.project, args.format, args.timezone, args.date, print)
        return 0
    project: Path = args.project
    if not (project / "content").is_dir():
        # Every command reads or writes a project: schema/ of any other folder is not ours.
        raise SiteError(
            f"{project}/content/ not found; run eventsite in a project folder or pass --project DIR"
        )
    if args.command == "clean":
        from eventsite.engine.cache import location

        where = location(project)
        where.unlink(missing_ok=True)
        print(f"removed the cache of {project.resolve()} ({where})")
        return 0
    if args.command == "schema":
        from eventsite.tools.schema import write_schemas

        folder = project / "schema"
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise SiteError(f"{folder} is not a folder; remove it, then run eventsite schema")
        try:
            written = write_schemas(folder)
        except OSError as exc:
            raise SiteError(
                f"cannot write {folder}: {(exc.strerror or str(exc)).lower()}"
            ) from None
        print(f"wrote {len(written)} schema files into {folder}")
        return 0
    if args.command == "check":
        from eventsite.load.site import load_project

        content = load_project(project, strict=args.strict).content
        warned = _warn(content.warnings)
        if isinstance(content, Catalog):
            print(_summary(content, warned))
            print(_stages(content, args.now))
            return 0
        print(
            f"ok: {count(len(content.sessions), 'session')}, "
            f"{count(len(content.speakers), 'speaker')}, "
            f"{count(len(content.publications), 'publication')}; no errors, {warned}"
        )
        print(_stage(content, args.now))
        return 0
    if args.command == "build":
        from eventsite.build import build
        from eventsite.engine.steps import Counts

        out = args.out or project / ("public" if not args.event else f"public-{args.event}")
        with Progress(counts := Counts(), label="loading the content"):
            report = build(project, out, now=args.now, base_url=args.base_url,
                           strict=args.strict, cache=not args.no_cache, event=args.event,
                           avif=args.avif, counts=counts)  # fmt: skip
        _warn(report.warnings)
        print(report.summary())
        if args.event:
            print(f"built the event {args.event} alone: links to other events, to people's "
                  "pages and to the list of events lead nowhere until a full build")  # fmt: skip
        return 0
    from eventsite.serve.server import serve

    serve(project, host=args.host, port=args.port, now=args.now, avif=args.avif)
    return 0


class Progress:
    """One updating line on a terminal while a build or an import runs longer than `after`
    seconds: files made of files to make and the one being made (or what it is doing), cleared
    at the end. When the stream is not a terminal (CI, a pipe) it writes nothing at all."""

    def __init__(
        self,
        counts: Counts | None = None,
        label: str = "",
        stream: TextIO | None = None,
        after: float = 1.0,
        every: float = 0.1,
    ) -> None:
        self.counts, self.label, self.after, self.every = counts, label, after, every
        self.stream = stream or sys.stderr
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False

    def __enter__(self) -> Progress:
        if self.stream.isatty():
            self._thread = threading.Thread(target=self._show, daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:  # the summary or the errors take the line's place
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def line(self) -> str:
        """What the build or import is on now."""
        c = self.counts
        if c is None or not c.total:
            return f"{self.label} ..."
        if c.files >= c.total:
            return f"made {c.total:,} files; writing the site ..."
        return f"making {c.files:,} of {c.total:,} files: {c.on}"

    def _show(self) -> None:
        if self._stop.wait(self.after):
            return
        while True:
            width = shutil.get_terminal_size().columns - 1
            self.stream.write(f"\r\x1b[K{self.line()[:width]}")
            self.stream.flush()
            self._shown = True
            if self._stop.wait(self.every):
                return


def _moment(text: str) -> datetime:
    """--now: an ISO date or date and time; without an offset it is the venue's local time."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a date or time; write e.g. 2011-07-19, 2011-07-19T10:00 or '
            "2011-07-19T14:00Z"
        ) from None


def _base_url(text: str) -> str:
    """--base-url: a full http(s) address."""
    if not re.match(r"https?://[^/?#\s]+\S*$", text, re.IGNORECASE):
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a full web address; write e.g. https://events.example.org/markets/'
        )
    return text


def _stage(site: Site, now: datetime | None) -> str:
    """One line on where the event stands, so an editor sees what the page will say."""
    from eventsite.build import build_time
    from eventsite.model.lifecycle import localize, phase

    moment = localize(now or build_time(), site).astimezone(site.event.timezone)
    words = {"upcoming": "upcoming", "ongoing": "under way", "past": "over (the page says held)"}
    status = "" if site.event.status == "scheduled" else f"; status: {site.event.status}"
    return f"as of {moment:%Y-%m-%d %H:%M %Z}: the event is {words[phase(site, moment)]}{status}"


def _new(args: argparse.Namespace) -> int:
    """eventsite new: one event's project, a site of events, or an event of a site."""
    from datetime import timedelta

    from eventsite.tools.scaffold import check_day, new_event, new_project, new_site

    kind, name = args.what, args.name
    given = check_day(args.date) if args.date is not None else None
    if kind == "site" and name:
        day = given or date.today() + timedelta(days=30)
        slug = new_site(Path(name), args.organisation or "", _zone(args.timezone), day,
                        args.language or "en")  # fmt: skip
        print(f"created the site {name} with one event, content/events/{slug}/; preview it "
              f"with: eventsite serve --project {name}")  # fmt: skip
        return 0
    if kind == "event" and name:
        if not args.title or given is None:
            raise SiteError("a new event needs --title and --date", 'e.g. --title "The Forum" '
                            "--date 2031-03-18")  # fmt: skip
        folder = new_event(args.project, name, args.title, given, date.today(),
                           args.language)  # fmt: skip
        print(f"created {folder}; preview the site with: eventsite serve --project {args.project}")
        return 0
    if name:
        raise SiteError(f'"{kind} {name}": write eventsite new PATH, new site PATH or new event '
                        "SLUG")  # fmt: skip
    if not args.title or given is None:
        raise SiteError("a new project needs --title and --date", 'e.g. --title "The Forum" '
                        "--date 2031-03-18")  # fmt: skip
    new_project(Path(kind), args.title, given, _zone(args.timezone), args.language or "en")
    print(f"created {kind}; preview it with: eventsite serve --project {kind}")
    return 0


def _zone(given: str | None) -> str:
    """The venue's time zone: as given, or asked for; never a silent UTC."""
    from eventsite.tools.scaffold import ask_zone

    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise SiteError(
            "the venue's time zone is needed; pass --timezone, e.g. --timezone America/New_York"
        )
    return ask_zone(input, lambda line: print(line, file=sys.stderr))


def _summary(catalog: Catalog, warned: str) -> str:
    events = catalog.events.values()
    sessions = sum(len(site.sessions) for site in events)
    people = len({s.id for site in events for s in site.speakers})
    return (
        f"ok: {count(len(catalog.events), 'event')}, {count(sessions, 'session')}, "
        f"{count(people, 'person', 'people')}; "
        f"no errors, {warned}"
    )


def _stages(catalog: Catalog, now: datetime | None) -> str:
    """One line on where the site's events stand at the moment of the build."""
    from eventsite.build import build_time
    from eventsite.model.lifecycle import phase

    zone = catalog.info.timezone
    moment = now or build_time()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone) if zone else moment.replace(tzinfo=UTC)
    counts = {"upcoming": 0, "ongoing": 0, "past": 0}
    for site in catalog.events.values():
        counts[phase(site, moment)] += 1
    shown = moment.astimezone(zone) if zone else moment
    return (
        f"as of {shown:%Y-%m-%d %H:%M %Z}: {counts['upcoming']} upcoming, "
        f"{counts['ongoing']} under way, {counts['past']} past"
    )
