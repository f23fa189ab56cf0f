"""Build the example site into a folder and serve it on 127.0.0.1 for the browser gates."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from eventsite.build import build
from eventsite.load.event import load_site

PROJECT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Variant:
    """One build of the example: as people see it before the event, or after it."""

    name: str
    now: datetime


def variants(project: Path = PROJECT) -> tuple[Variant, Variant]:
    """The two states of the site: a month before the event starts, and a day after it ends."""
    site = load_site(project)
    zone = site.event.timezone
    starts = site.starts or datetime.combine(site.event.date, time(0), zone)
    ends = site.ends or datetime.combine(site.event.end_date or site.event.date, time(23), zone)
    return (
        Variant("upcoming", starts - timedelta(days=30)),
        Variant("past", ends + timedelta(days=1)),
    )


def build_into(out: Path, variant: Variant, project: Path = PROJECT) -> Path:
    """Build the project as it looks at the variant's moment; return the output folder."""
    build(project, out, now=variant.now)
    return out


def html_pages(root: Path) -> list[str]:
    """Every HTML page in a built site, as URL paths relative to its root, sorted."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if p.is_file())


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection mid-reply (a page left, a picture no longer
        wanted) is normal; only other errors are printed, as the base class does."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port; yield its base URL, ending in a slash."""
    server = _QuietServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
