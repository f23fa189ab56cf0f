"""Command-line interface: parse arguments, run a command, turn SiteError into a message."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from eventsite import __version__
from eventsite.errors import Problem, SiteError

if TYPE_CHECKING:
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
        sub.add_argument(
            "--project",
            type=Path,
            default=Path("."),
            metavar="DIR",
            help="the project folder, holding content/ (default: this folder)",
        )
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
    check = command("check", "Check the content and report every problem; write nothing.")
    check.add_argument("--strict", action="store_true", help=strict)
    command("schema", "Write the JSON Schema of every content file into schema/.")
    new = commands.add_parser(
        "new",
        help="Start a new project with example content.",
        description="Start a new project: content with commented examples of every field.",
    )
    new.add_argument("path", type=Path, metavar="PATH", help="the folder to create")
    new.add_argument("--title", required=True, help="the event's title")
    new.add_argument("--date", required=True, type=_day, help="the event's day, as YYYY-MM-DD")
    new.add_argument(
        "--timezone",
        help="the venue's IANA time zone, e.g. America/New_York (asked for when not given)",
    )
    serve = command("serve", "Preview the site, rebuilding and reloading on every save.")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this computer only)",
    )
    return parser


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
    count = len(warnings)
    return f"{count} warning{'s' * (count != 1)}" if count else "no warnings"


def _run(args: argparse.Namespace) -> int:
    if args.command == "new":
        from eventsite.scaffold import ask_zone, new_project

        zone = args.timezone
        if zone is None:
            if not sys.stdin.isatty():
                raise SiteError(
                    "the venue's time zone is needed; pass --timezone, e.g. "
                    "--timezone America/New_York"
                )
            zone = ask_zone(input, lambda line: print(line, file=sys.stderr))
        new_project(args.path, args.title, args.date, zone)
        print(f"created {args.path}; preview it with: eventsite serve --project {args.path}")
        return 0
    project: Path = args.project
    if args.command == "schema":
        from eventsite.schema import write_schemas

        written = write_schemas(project / "schema")
        print(f"wrote {len(written)} schema files into {project / 'schema'}")
        return 0
    if not (project / "content").is_dir():
        raise SiteError(
            f"{project}/content/ not found; run eventsite in a project folder or pass --project DIR"
        )
    if args.command == "check":
        from eventsite.load import load_site

        site = load_site(project, strict=args.strict)
        warned = _warn(site.warnings)
        print(
            f"ok: {len(site.sessions)} sessions, {len(site.speakers)} speakers, "
            f"{len(site.publications)} publications; no errors, {warned}"
        )
        print(_stage(site, args.now))
        return 0
    if args.command == "build":
        from eventsite.build import build

        out = args.out or project / "public"
        report = build(project, out, now=args.now, base_url=args.base_url, strict=args.strict)
        _warn(report.warnings)
        print(report.summary())
        return 0
    from eventsite.serve import serve

    serve(project, host=args.host, port=args.port, now=args.now)
    return 0


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
    from eventsite.lifecycle import localize, phase

    moment = localize(now or build_time(), site).astimezone(site.event.timezone)
    words = {"upcoming": "upcoming", "ongoing": "under way", "past": "over (the page says held)"}
    status = "" if site.event.status == "scheduled" else f"; status: {site.event.status}"
    return f"as of {moment:%Y-%m-%d %H:%M %Z}: the event is {words[phase(site, moment)]}{status}"
