"""The dev server: watch the sources, rebuild once per burst of saves, reload the browser.

A save that breaks the build keeps the last good site on screen, with the errors in an overlay
and in the terminal; the next good save clears them. The preview is built into a temporary
folder, never into the published output.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from markupsafe import Markup
from tornado.ioloop import IOLoop, PeriodicCallback

from eventsite import devguard
from eventsite.build import (
    build_time,
    machine_outputs,
    merge,
    page_outputs,
)
from eventsite.errors import SiteError, line
from eventsite.load import load_site
from eventsite.model import Site
from eventsite.outputs.common import Settings
from eventsite.render import Page, plan
from eventsite.theme import static_folders, template_folders
from eventsite.write import static_files, update_site

POLL_MS = 100
QUIET_S = 0.15
"""A burst of saves (an editor writing several files, an atomic rename) ends after this quiet."""

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


class Preview:
    """Builds the site into a folder to serve, keeping the last good build when one fails.

    The pages come first, since they are what the browser shows; the calendars and feeds follow
    in `finish`, once the browser has been told to reload. Only files that changed are written.
    """

    def __init__(self, project: Path, out: Path, now: datetime | None = None) -> None:
        self.project, self.out, self.now = project, out, now
        self.pages: dict[str, bytes] = {}  # of the last good build
        self.machine: dict[str, bytes] = {}  # calendars, feeds, sitemap of the last good build
        self.written: dict[str, bytes] = {}  # what the preview folder holds
        self.errors: list[str] = []
        self.shown: dict[str, tuple[Any, ...]] = {}  # what each page of the last build showed
        self.templates: dict[str, tuple[int, int, int]] = {}  # the templates it was made with
        self._unfinished: tuple[Site, Settings, list[Page]] | None = None

    @property
    def last_good(self) -> dict[str, bytes]:
        """Every file of the last good build."""
        return {**self.machine, **self.pages}

    def rebuild(self) -> bool:
        """Build the pages; on failure, show the errors over the last good pages. True if built."""
        started = time.perf_counter()
        try:
            site = load_site(self.project)
            settings = Settings.for_site(site, self.now or build_time())
            planned = plan(site, settings.now, settings.base_url)
            pages = self._render(planned)
        except SiteError as exc:
            self.errors = exc.lines()
        except Exception:  # a bug in eventsite: report it, keep serving
            self.errors = _internal_error()
        else:
            self.errors = []
            self.pages = pages
            self._unfinished = (site, settings, planned)
        files = self.last_good if not self.errors else with_overlay(self.last_good, self.errors)
        self._write(files)
        if self.errors:
            print("build failed; still serving the last good version:", file=sys.stderr)
            for line in self.errors:
                print(f"  {line}", file=sys.stderr)
            return False
        print(f"rebuilt in {time.perf_counter() - started:.2f} s", flush=True)
        return True

    def _render(self, planned: list[Page]) -> dict[str, bytes]:
        # Only pages whose data changed are rendered again: after a one-line edit to one
        # speaker, that is the event page, their page and their sessions', not all of them.
        # A change to any template renders everything, since it may show anything.
        templates = snapshot(template_folders(self.project))
        if templates != self.templates:
            self.shown, self.templates = {}, templates
        fresh = [p for p in planned if p.shows is None or self.shown.get(p.path) != p.shows]
        made = merge(*(output() for output in page_outputs(self.project, fresh)))
        kept = {p.path: self.pages[p.path] for p in planned if p.path not in made}
        self.shown = {p.path: p.shows for p in planned if p.shows is not None}
        return {p.path: made.get(p.path) or kept[p.path] for p in planned}

    def finish(self) -> None:
        """Make the calendars, feeds and sitemap of the last good build, if still to do."""
        if self._unfinished is None:
            return
        started = time.perf_counter()
        site, settings, planned = self._unfinished
        self._unfinished = None
        try:
            self.machine = merge(*(output() for output in machine_outputs(site, settings, planned)))
        except Exception:  # a bug in eventsite: report it, keep serving
            print("\n  ".join(_internal_error()), file=sys.stderr)
            return
        if not self.errors:
            self._write(self.last_good)
        print(f"calendars and feeds in {time.perf_counter() - started:.2f} s more", flush=True)

    def _write(self, files: dict[str, bytes]) -> None:
        files = {**files, **static_files(static_folders(self.project))}
        try:
            update_site(self.out, files, self.written)
        except (OSError, SiteError) as exc:
            self.errors.append(line("error", f"cannot write the preview: {exc}"))
            self.written = {}  # unknown now: the next build writes every file
        else:
            self.written = files


def _internal_error() -> list[str]:
    return ["internal error in eventsite (please report it):", *traceback.format_exc().splitlines()]


def with_overlay(files: dict[str, bytes], errors: list[str]) -> dict[str, bytes]:
    """The last good pages with the build errors laid over them (or an error page alone)."""
    overlay = _overlay(errors).encode()
    pages = {name: data for name, data in files.items() if name.endswith(".html")}
    if not pages:
        return {
            **files,
            "index.html": b"<!doctype html><html lang=en><head><meta charset=utf-8>"
            b"<title>Build failed</title></head><body>" + overlay + b"</body></html>\n",
        }
    result = dict(files)
    for name, data in pages.items():
        at = data.find(b">", data.find(b"<body")) + 1
        result[name] = data[:at] + overlay + data[at:]
    return result


def _overlay(errors: list[str]) -> Markup:
    items = Markup("").join(Markup("<li>{}</li>").format(line) for line in errors)
    return Markup(
        '<div id="eventsite-build-error" role="alert" style="position:fixed;top:0;left:0;'
        "right:0;z-index:2147483647;max-height:80vh;overflow:auto;background:#fff4f4;"
        "color:#5a0000;border-bottom:4px solid #b3122e;padding:1rem 1.25rem;"
        'font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 4px 16px #0005">'
        '<p style="margin:0 0 .5rem;font:600 17px/1.3 system-ui,sans-serif">The last save broke '
        "the build: this is the last good version of the page.</p>"
        '<ul style="margin:0;padding-left:1.2rem">{}</ul>'
        '<p style="margin:.5rem 0 0;font:14px system-ui,sans-serif">Fix the file and save; this '
        "page reloads by itself.</p></div>"
    ).format(items)


class SourceWatcher(Watcher):  # type: ignore[misc]
    """Polls the source folders and calls back once per burst of changes."""

    def __init__(self, folders: Iterable[Path], on_change: Callable[[], None]) -> None:
        super().__init__()
        self.folders, self.on_change = list(folders), on_change
        self.seen = snapshot(self.folders)
        self.changed_at: float | None = None
        # livereload watches the whole working folder when it has no task of its own.
        self._tasks["eventsite sources"] = {
            "func": None,
            "delay": "forever",
            "ignore": None,
            "mtimes": {},
        }

    def start(self, callback: Callable[[], None]) -> bool:
        """Poll with our own timer; livereload's own polling would drop quick reloads."""
        PeriodicCallback(self.poll, POLL_MS).start()
        return True

    def poll(self) -> None:
        """Note a change; once the sources have been quiet for a moment, call back."""
        now = snapshot(self.folders)
        if now != self.seen:
            self.seen, self.changed_at = now, time.monotonic()
        elif self.changed_at is not None and time.monotonic() - self.changed_at >= QUIET_S:
            self.changed_at = None
            self.on_change()


def snapshot(folders: Iterable[Path]) -> dict[str, tuple[int, int, int]]:
    """Size, modification time and inode of every file below the folders."""
    found: dict[str, tuple[int, int, int]] = {}
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:  # deleted between the listing and the stat: the next poll sees it
                    continue
                found[path] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return found


def serve(
    project: Path, host: str = "127.0.0.1", port: int = 8000, now: datetime | None = None
) -> None:
    """Serve a live preview of the project until interrupted."""
    if host not in LOCAL_HOSTS:
        print(
            f"warning: serving on {host}: other computers on the network can open the preview",
            file=sys.stderr,
        )
    check_address(host, port)
    out = devguard.preview_folder() / "site"
    preview = Preview(project, out, now)
    preview.rebuild()
    preview.finish()

    def rebuild_and_reload() -> None:
        preview.rebuild()
        LiveReloadHandler.reload_waiters()
        IOLoop.current().add_callback(preview.finish)  # once the reload message is on its way

    folders = [project / name for name in ("content", "templates", "static")]
    server = Server(watcher=SourceWatcher(folders, rebuild_and_reload))
    print(
        f"serving {project.resolve()} on http://{_url_host(host)}:{port}/ (Ctrl+C to stop)",
        flush=True,
    )
    devguard.install(host, port)  # Host and Origin checks, escaped logs, cleanup on signals
    try:
        server.serve(host=host, port=port, root=str(out), open_url_delay=None)
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


def check_address(host: str, port: int) -> None:
    """Fail with one line, before any work, if the preview cannot listen at host:port."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado does
            probe.bind((host, port))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = (
            "stop the program that uses it, or pass another --port, e.g. --port 8001"
            if exc.errno == errno.EADDRINUSE
            else "pass --host 127.0.0.1 and a --port from 1024 to 65535"
        )
        raise SiteError(f"cannot listen on {host} port {port}: {reason}; {hint}") from None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
