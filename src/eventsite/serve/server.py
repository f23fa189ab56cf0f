"""The dev server: watch the sources, rebuild on every save with the build's steps, reload.

The server owns no pipeline: `Preview` runs the build's own steps (make.make) with the
steps kept in memory, so a save makes again only what read what changed. The pages open in a
browser come first (those asked for last), and the browser is told to reload as soon as they
are written; the other pages, calendars and feeds follow on the same worker thread, which drops
them for a newer save, and a request for one of them waits until it is made again. A save
that breaks the build keeps the last good site on screen, with the errors in an overlay and in
the terminal; the next good save clears them. The preview is built into a temporary folder,
never into `public/`.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import gc
import os
import shutil
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from hashlib import sha1
from pathlib import Path
from typing import Any

import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from markupsafe import Markup
from tornado.ioloop import IOLoop
from tornado.locks import Condition
from tornado.web import HTTPError

from eventsite.build import build_time
from eventsite.engine.steps import Memory
from eventsite.errors import SiteError, line
from eventsite.load.inputs import sources, template_folders
from eventsite.load.reuse import Reuse
from eventsite.make import Made, make_project
from eventsite.outputs import card
from eventsite.plan.site import Kept
from eventsite.render.pages import Renderer
from eventsite.serve import guard as devguard
from eventsite.write.site import read_static, update_site

VIEWED = 8
"""The pages asked for last that a save makes first: the tabs an editor has open."""
SETTLE_S = 60
"""The longest a request for a file still being made again waits before it is served as is."""

QUIET_MS = 20
"""A burst of saves (an editor writing several files, an atomic rename) ends after this quiet."""

SWITCH_S = 0.001
"""How long the build thread keeps the interpreter while the server's thread waits for it."""

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
WATCHED = ("content", "templates", "static")


class Preview:
    """Builds the site into a folder to serve, keeping the last good build when one fails."""

    def __init__(
        self, project: Path, out: Path, now: datetime | None = None, avif: bool = False
    ) -> None:
        self.project, self.out, self.now, self.avif = project, out, now, avif
        self.memo = Memory()  # every step of the last build, by key, with what it read
        self.reuse = Reuse()  # the files and records of the last load
        self.renderer = Renderer(template_folders(project), self.memo)
        # Fontconfig is asked once a session (card.Finder), each card's fonts found once: a
        # font installed meanwhile is used from the next start.
        self.fonts = functools.cache(card.Finder())
        self.plans = Kept()  # each event's plans in the last build, kept while unchanged
        self.pages: dict[str, bytes] = {}  # of the last good build: made first, with pictures
        self.after: dict[str, bytes] = {}  # made after: other pages, calendars, feeds, sitemap
        self.viewed: tuple[str, ...] = ()  # the pages browsers asked for last, newest first
        self.waiting = False  # whether the files made after are still to be made again
        self.static: dict[str, bytes] = {}
        self.withheld: frozenset[str] = frozenset()  # pictures: published as made, never as given
        self.stats: dict[str, list[Any]] = {}  # each file as the last listing found it
        self.data: dict[str, bytes] = {}  # and the bytes of each content file
        self.written: dict[str, bytes] = {}  # what the preview folder holds
        self.errors: list[str] = []
        self._made: Made | None = None

    @property
    def last_good(self) -> dict[str, bytes]:
        """Every file of the last good build."""
        return {**self.after, **self.static, **self.pages}

    def rebuild(self) -> bool:
        """Build and write the pages; on failure, show the errors over the last good pages."""
        started = time.perf_counter()
        try:
            found = sources(self.project, self.stats, self.data)
            # an unchanged file is not read again
            self.stats, self.data = found.stats, found.data
            # Static files are copied as they are, even while the content is broken; but for
            # the pictures that fields named in the last good build.
            self.static = {name: read_static(path) for name, path in found.static.items()
                           if name not in self.withheld}  # fmt: skip
            now = self.now or build_time()
            # No offline copy in a preview: a copy kept by the browser would outlive it.
            made = make_project(self.project, found, self.renderer, now, reuse=self.reuse,
                                machines=False, avif=self.avif, offline=False,
                                fonts=self.fonts, plans=self.plans, first=self.viewed)  # fmt: skip
        except SiteError as exc:
            self.errors, self.waiting = exc.lines(), False  # the last good files are all there is
        except Exception:  # a bug in eventsite: report it, keep serving
            self.errors, self.waiting = _internal_error(), False
        else:
            if made.ahead:  # the last good build's other files stay until `finish` replaces them
                self.after = {**self.after, **self.pages}
            self.errors, self._made, self.pages = [], made, made.files
            self.waiting = bool(made.ahead)
            self.withheld = made.withheld
            self.static = {k: v for k, v in self.static.items() if k not in made.withheld}
        files = self.last_good if not self.errors else with_overlay(self.last_good, self.errors)
        making = time.perf_counter()
        self._write(files)
        if self.errors:
            print("build failed; still serving the last good version:", file=sys.stderr)
            for text in self.errors:
                print(f"  {text}", file=sys.stderr)
            return False
        done = time.perf_counter()
        # The parts an editor waits for, each said (issue 25): making the pages, writing them.
        pages = "pages" if len(made.ahead) > 1 else "page"
        first = f" for the {pages} open in a browser; the others follow" * self.waiting
        print(f"rebuilt in {done - started:.3f} s (pages made in {making - started:.3f} s, "
              f"written in {done - making:.3f} s){first}", flush=True)  # fmt: skip
        return True

    def finish(self, stale: Callable[[], bool] = lambda: False) -> None:
        """Make the calendars, feeds and sitemap of the last good build, unless `stale` says a
        newer save is waiting (its build will make them)."""
        made, self._made = self._made, None
        if made is None or stale():
            return
        try:
            files = made.machines()
        except Exception:  # a bug in eventsite: report it, keep serving
            print("\n  ".join(_internal_error()), file=sys.stderr)
            self.waiting = False
            return
        self.after = files
        self.memo.keep(self.reuse.steps())  # what the next load may need
        self.memo.prune()  # a whole build has run: forget the steps it did not use
        for _, parts in self.plans.plans.values():  # what each plan left for later, while
            for part in parts:  # the prints it was made with know its records: not at the save
                part.plan.settle()
        if not self.errors:
            self._write(self.last_good)
        self.waiting = False

    def viewing(self, page: str) -> None:
        """Note a page a browser asked for: the next saves make it ahead of the others."""
        self.viewed = (page, *(p for p in self.viewed if p != page))[:VIEWED]

    def pending(self, name: str) -> bool:
        """Whether the file `name` is still to be made again after the last save: a page not
        open in a browser, a calendar, a feed (not a page made first, a picture, a static
        file)."""
        return self.waiting and name not in self.pages and name not in self.static

    def _write(self, files: dict[str, bytes]) -> None:
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
    items = Markup("").join(Markup("<li>{}</li>").format(text) for text in errors)
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
    """Watches the sources with the system's file events and rebuilds on a worker thread.

    One thread waits for file events (watchfiles: inotify on Linux), the other builds: the
    pages of the newest sources, the reload message, then calendars and feeds unless a newer
    save is already waiting. The server's own thread only serves files and messages.
    """

    def __init__(self, project: Path, preview: Preview) -> None:
        super().__init__()
        self.project, self.preview = project, preview
        self.settled = Condition()  # on the server's thread: the files made after are made
        self.changed = threading.Event()
        self.stopping = threading.Event()
        self.loop: IOLoop | None = None
        # livereload watches the whole working folder when it has no task of its own.
        self._tasks["eventsite sources"] = {
            "func": None,
            "delay": "forever",
            "ignore": None,
            "mtimes": {},
        }

    def start(self, callback: Callable[[], None]) -> bool:
        """Start watching and building; livereload's own polling is not used."""
        self.loop = IOLoop.current()
        for work in (self._watch, self._build):
            threading.Thread(target=work, daemon=True).start()
        return True

    def stop(self) -> None:
        """Stop both threads."""
        self.stopping.set()
        self.changed.set()

    def _watch(self) -> None:
        sources = watchfiles.watch(
            self.project, watch_filter=self._wanted, step=QUIET_MS, debounce=1000,
            stop_event=self.stopping, raise_interrupt=False,
        )  # fmt: skip
        for _ in sources:
            self.changed.set()

    def _wanted(self, change: watchfiles.Change, path: str) -> bool:
        inside = Path(path).relative_to(self.project).parts
        return bool(inside) and inside[0] in WATCHED and watchfiles.DefaultFilter()(change, path)

    def _build(self) -> None:
        builds = 0
        while True:
            self.changed.wait()
            if self.stopping.is_set():
                return
            self.changed.clear()
            # The cycle collector would walk the whole site in the middle of a rebuild (a
            # tenth of a second at L); it runs once the pages are out, while the editor reads.
            gc.disable()
            try:
                self.preview.rebuild()
                if self.loop is not None:
                    self.loop.add_callback(LiveReloadHandler.reload_waiters)
                self.preview.finish(stale=self.changed.is_set)
                if self.loop is not None and not self.preview.waiting:
                    self.loop.add_callback(self.settled.notify_all)
            finally:
                gc.enable()
            builds += 1
            gc.collect(2 if builds % 16 == 0 else 1)
            _give_back()


def _give_back() -> None:
    """Hand the memory a rebuild freed back to the system. glibc keeps the freed pages of the
    build thread's heap, and each rebuild's garbage lands at other places in it: the dev
    server's memory rose by a fifth over 1,000 edits with no object more (issue 25)."""
    if trim := _glibc("malloc_trim"):
        trim(0)


def _map_large_blocks() -> None:
    """Have glibc map each block of 128 KiB or more (a page, an output) on its own, and unmap
    it when freed. Left to itself, it raises that bound to the largest block freed so far, and
    from then on keeps every page of a rebuild in its heap, where the holes they leave stay."""
    if mallopt := _glibc("mallopt"):
        mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD, from glibc's malloc.h


def _glibc(name: str) -> Any:
    """One of glibc's allocator functions; None under another C library or system."""
    return getattr(ctypes.CDLL(None), name, None) if sys.platform == "linux" else None


def serve(
    project: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    now: datetime | None = None,
    avif: bool = False,
) -> None:
    """Serve a live preview of the project until interrupted."""
    devguard.stop_on_signals()  # before anything that takes time: see its docstring
    # The build thread keeps the interpreter for up to the switch interval each time the
    # server's thread asks for it, and serving one request asks a few dozen times: at Python's
    # 5 ms, the page a browser asked for after the reload message, while the calendars and feeds
    # were made, came 110 ms after the message (issue 25). An idle server's thread asks nothing,
    # so a build alone runs as before.
    sys.setswitchinterval(SWITCH_S)
    _map_large_blocks()
    if host not in LOCAL_HOSTS:
        print(
            f"warning: serving on {host}: other computers on the network can open the preview",
            file=sys.stderr,
        )
    check_address(host, port)
    out = devguard.preview_folder() / "site"
    watcher: SourceWatcher | None = None
    try:  # a signal during the first build removes the folder too
        preview = Preview(project.resolve(), out, now, avif)
        preview.rebuild()
        preview.finish()
        watcher = SourceWatcher(project.resolve(), preview)
        server = Server(watcher=watcher)
        server.SFH = type(
            "PreviewFile", (WholeFile,), {"preview": preview, "settled": watcher.settled}
        )
        print(
            f"serving {project.resolve()} on http://{_url_host(host)}:{port}/ (Ctrl+C to stop)",
            flush=True,
        )
        devguard.install(host, port)  # Host and Origin checks, escaped logs
        server.serve(host=host, port=port, root=str(out), open_url_delay=None)
    finally:
        if watcher is not None:
            watcher.stop()
        shutil.rmtree(out.parent, ignore_errors=True)


class WholeFile(StaticFileHandler):  # type: ignore[misc]
    """Serves a file as it was when it was opened, whole: the preview replaces its files while
    clients read them, and tornado's own handler takes the size from one file and the bytes from
    the next (a response cut short). The file is read once, through one descriptor.

    A page asked for is noted as open in a browser (the next save makes it first); a file the
    preview is still making again after a save is served once it is made."""

    preview: Preview | None = None
    settled: Condition | None = None

    async def get(self, path: str, include_body: bool = True) -> None:
        """Serve the file once it is up to date."""
        preview, name = (
            self.preview,
            path if path and not path.endswith("/") else f"{path}index.html",
        )
        if preview is not None and self.settled is not None:
            deadline = time.monotonic() + SETTLE_S
            while preview.pending(name) and time.monotonic() < deadline:
                await self.settled.wait(timeout=timedelta(seconds=SETTLE_S))
        await super().get(path, include_body)  # a file the site lacks raises a 404 here
        if preview is not None and name.endswith(".html"):
            preview.viewing(name)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        """Check the path as tornado does, then read the file it names once."""
        path: str | None = super().validate_absolute_path(root, absolute_path)
        if path is not None:
            try:
                with open(path, "rb") as stream:
                    self._stat_result = os.fstat(stream.fileno())
                    data = stream.read()
            except OSError:
                raise HTTPError(404) from None
            self._whole = data
            self.get_content = self._content  # this request's bytes, not the path's
        return path

    def compute_etag(self) -> str | None:
        """The bytes' own digest: a file made again with the same bytes keeps its tag."""
        whole = getattr(self, "_whole", None)  # none read: an error, a redirect
        return None if whole is None else f'"{sha1(whole, usedforsecurity=False).hexdigest()}"'

    def should_return_304(self) -> bool:
        """Not modified when the browser holds these very bytes (If-None-Match). Never by date:
        a page made again within the second a browser fetched it has the same Last-Modified."""
        return bool(self.request.headers.get("If-None-Match")) and self.check_etag_header()

    def get_content_size(self) -> int:
        """The size of the bytes read."""
        return len(self._whole)

    def _content(self, abspath: str, start: int | None = None, end: int | None = None) -> bytes:
        return self._whole[start:end]


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
        raise SiteError(f"cannot listen on {host} port {port}: {reason}", hint) from None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
