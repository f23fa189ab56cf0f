"""Command-line interface: parse arguments, run a command, turn SiteError into a message."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from eventsite import __version__
from eventsite.errors import SiteError


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
        return sub

    build = command("build", "Check the content and write the site.")
    build.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="where to write the site (default: public/ in the project)",
    )
    command("check", "Check the content and report every problem; write nothing.")
    serve = command("serve", "Preview the site, rebuilding and reloading on every save.")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this computer only)",
    )
    return parser


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


def _run(args: argparse.Namespace) -> int:
    project: Path = args.project
    if not (project / "content").is_dir():
        raise SiteError(
            f"error: {project}/content/ not found; run eventsite in a project folder "
            "or pass --project DIR"
        )
    if args.command == "check":
        from eventsite.load import load_site

        site = load_site(project)
        print(
            f"ok: {len(site.sessions)} sessions, {len(site.speakers)} speakers, "
            f"{len(site.publications)} publications; no problems found"
        )
        return 0
    if args.command == "build":
        from eventsite.build import build

        report = build(project, args.out or project / "public")
        print(report.summary())
        return 0
    from eventsite.serve import serve

    serve(project, host=args.host, port=args.port)
    return 0
