"""What the preview server lets in: requests for its own address, from its own pages.

The preview listens on this computer, but every web page the editor opens runs on this computer
too. Without these guards any page could open the live-reload socket and print into the
editor's terminal, call /forcereload, or read the preview through a name it points at
127.0.0.1 (DNS rebinding). Written against livereload 2.7.1 on tornado 6: `install` adjusts
their handlers in this process, which serves nothing else. The preview folder is removed on
every signal that can be caught, and those of dead servers are removed at the next start.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import tempfile
import urllib.parse
from pathlib import Path
from types import FrameType
from typing import Any

from livereload.handlers import ForceReloadHandler, LiveReloadHandler
from tornado.web import HTTPError, RequestHandler

from eventsite.text import printable

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = {"0.0.0.0", "::", ""}  # noqa: S104 - named to recognise them, not to bind
PREFIX = "eventsite-preview-"
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_LOGGERS = ("livereload", "tornado.access", "tornado.application", "tornado.general")


def stop_on_signals() -> None:
    """Stop the preview as Ctrl+C does on SIGINT, SIGTERM and SIGHUP: call first, before the
    first build. SIGINT is set explicitly too: a server started as a background job of a script
    (`make serve &`, nohup, some process managers) inherits it ignored, and would never stop."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _stop)


def install(host: str, port: int) -> None:
    """Guard the preview server about to listen on host:port (call before it starts)."""
    allowed = allowed_hosts(host, port)
    origins = allowed_origins(host, port)

    def prepare(handler: RequestHandler) -> None:
        request = handler.request
        if allowed is not None and (request.host or "").lower() not in allowed:
            # A page whose name was pointed at 127.0.0.1 (DNS rebinding) ends here.
            raise HTTPError(403, reason="Forbidden: not this server's address")
        try:
            path = urllib.parse.unquote(request.path or "", errors="strict")
        except UnicodeDecodeError:
            raise HTTPError(400) from None
        if _CONTROL.search(path):
            raise HTTPError(400)  # a NUL in a path made the file handler fail with a 500

    def check_origin(handler: LiveReloadHandler, origin: str) -> bool:
        return origins is None or _origin_host(origin) in origins

    RequestHandler.prepare = prepare  # type: ignore[method-assign,assignment]
    LiveReloadHandler.check_origin = check_origin
    LiveReloadHandler.on_message = _quiet(LiveReloadHandler.on_message)
    ForceReloadHandler.get = _not_found
    for name in _LOGGERS:
        logging.getLogger(name).addFilter(_printable)


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The Host headers the preview answers; None (all) when it listens on every address."""
    if host in WILDCARDS:
        return None  # the editor asked for the network, and was warned
    names = {f"[{host}]" if ":" in host else host, *LOOPBACK}
    return frozenset(name.lower() for base in names for name in (base, f"{base}:{port}"))


def allowed_origins(host: str, port: int) -> frozenset[str] | None:
    """The origins whose pages may open the reload socket: the preview's own, port included
    (a page of another web server on this computer, on port 80 say, is another origin)."""
    if host in WILDCARDS:
        return None
    names = {f"[{host}]" if ":" in host else host, *LOOPBACK}
    # A browser leaves the default port out of an origin: then the bare name is this server.
    return frozenset(n.lower() if port == 80 else f"{n}:{port}".lower() for n in names)


def _origin_host(origin: str) -> str:
    parsed = urllib.parse.urlsplit(origin)
    return parsed.netloc.lower() if parsed.scheme == "http" else ""


def _quiet(on_message: Any) -> Any:
    def handle(handler: LiveReloadHandler, message: str | bytes) -> None:
        try:
            on_message(handler, message)
        except (ValueError, AttributeError, TypeError):  # not livereload's protocol: hang up
            handler.close()

    return handle


def _not_found(handler: RequestHandler) -> None:
    # eventsite tells the browser itself when to reload; no page may ask for it.
    raise HTTPError(404)


def _printable(record: logging.LogRecord) -> bool:
    """Log lines may quote what a client sent (a URL, a path): never raw escape sequences."""
    record.msg, record.args = printable(record.getMessage()), None
    return True


def _stop(number: int, frame: FrameType | None) -> None:
    # Handled as Ctrl+C is: the server stops its loop and removes the preview folder.
    raise KeyboardInterrupt


def preview_folder() -> Path:
    """A new preview folder, after removing those of preview servers no longer running."""
    base = Path(tempfile.gettempdir())
    for folder in base.glob(f"{PREFIX}*-*"):
        pid = folder.name.removeprefix(PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)) and _mine(folder):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _mine(folder: Path) -> bool:
    with contextlib.suppress(OSError):
        return folder.is_dir() and not folder.is_symlink() and folder.stat().st_uid == os.getuid()
    return False
