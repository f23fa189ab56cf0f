"""A source read safely (a file, or an https:// address with a timeout and a size limit) and
its format told apart, or checked against the one `--from` names."""

from __future__ import annotations

import json
import os
import stat
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from eventsite.errors import SiteError
from eventsite.tools.importers import frab, frabxml, indico, sessionize, sheet
from eventsite.tools.importers.programme import Problems, Programme

MAX_BYTES = 20_000_000
"""The largest source read: a congress of 1,000 sessions exports about 3 MB."""
TIMEOUT = 30
"""Seconds to wait for a server that does not answer."""

FORMATS = {
    "schedule": "a frab, pretalx, c3voc or Pentabarf schedule.json or schedule.xml",
    "sessionize": 'a Sessionize "All" JSON export',
    "indico": "an Indico JSON export (/export/event/N.json?detail=contributions)",
    "csv": "a spreadsheet saved as CSV",
}
ALIASES = {
    "frab": "schedule",
    "pretalx": "schedule",
    "c3voc": "schedule",
    "pentabarf": "schedule",
    "json": "schedule",
    "xml": "schedule",
}
_TRY_FROM = f"pass --from with one of: {', '.join(FORMATS)}"


def fetch(source: str) -> tuple[bytes, str]:
    """The bytes of a file or an https:// address, and the name messages call it by."""
    if "://" in source:
        return _download(source), urlsplit(source).path.rsplit("/", 1)[-1] or source
    path = Path(source)
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise SiteError(f"{source}: no such file", "check the name, or give an https:// address"
                        ) from None  # fmt: skip
    except OSError as exc:
        raise SiteError(f"{source}: cannot be read ({(exc.strerror or '').lower()})") from None
    info = os.fstat(handle)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(info.st_mode):
            raise SiteError(f"{source}: is not a file", "give the exported file itself")
        if info.st_size > MAX_BYTES:
            raise _too_big(source, info.st_size)
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_big(source, len(data))
    return data, path.name


def _too_big(shown: str, size: int) -> SiteError:
    return SiteError(
        f"{shown}: is {size / 1e6:,.1f} MB, more than the {MAX_BYTES // 1_000_000} MB "
        "a programme can be",
        "is it the right file? export the schedule alone",
    )


class _HttpsOnly(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another https:// address."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not newurl.lower().startswith("https://"):
            raise SiteError(f"{req.full_url}: redirects to {newurl}, which is not https://")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download(url: str) -> bytes:
    if not url.lower().startswith("https://"):
        raise SiteError(
            f"{url}: only https:// addresses are fetched",
            "download the file and give its name, or use https://",
        )
    opener = urllib.request.build_opener(_HttpsOnly)
    request = urllib.request.Request(url, headers={"User-Agent": "eventsite-import"})  # noqa: S310
    try:
        with opener.open(request, timeout=TIMEOUT) as response:  # noqa: S310 - https only, above
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_BYTES:
                raise _too_big(url, int(declared))
            data: bytes = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise SiteError(
            f"{url}: the server answered {exc.code} {exc.reason}",
            "check the address; a private schedule needs to be exported by hand",
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SiteError(
            f"{url}: cannot be fetched ({reason})",
            f"check the address and the connection (waited {TIMEOUT} s at most)",
        ) from None
    if len(data) > MAX_BYTES:
        raise _too_big(url, len(data))
    return data


def read(
    data: bytes,
    shown: str,
    named: str | None,
    timezone: str | None,
    known: str | None = None,
    first: date | None = None,
) -> Programme:
    """The programme in the source's bytes, in the format `named` (--from) or the one it is;
    `timezone` is --timezone, `known` the project's zone, for a source that names none;
    `first` the event's first day (--date), for a sheet that names weekdays alone."""
    problems = Problems(shown)
    wanted = ALIASES.get(named or "", named)
    if wanted is not None and wanted not in FORMATS:
        raise SiteError(f"--from {named}: no such format", _TRY_FROM)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        problems.add(
            "1",
            "is a web page (HTML), not an exported programme",
            "a login page or an error page? download the export itself",
        )
        problems.stop()
    found = "schedule" if head.startswith(b"<") else None
    parsed: Any = None
    if head.startswith((b"{", b"[")):
        parsed = _json(data, problems)
        found = _json_format(parsed)
    elif found is None and (wanted in (None, "csv")):
        found = "csv"
    if wanted is not None and found != wanted:
        what = FORMATS[found] if found else "no format eventsite reads"
        problems.add(
            "1" if parsed is None else "/",
            f"is not {FORMATS[wanted]}: it looks like {what}",
            "leave out --from to read it as it is, or check the file",
        )
        problems.stop()
    if found is None:
        problems.add(
            "/",
            "is JSON, but not a programme eventsite reads (no schedule, sessions or results)",
            _TRY_FROM,
        )
        problems.stop()
    if found == "schedule" and parsed is None:
        parsed = frabxml.shape(frabxml.parse(data, problems))
    if found == "schedule":
        return frab.read(parsed, problems, timezone, known)
    if found == "sessionize":
        return sessionize.read(parsed, problems, timezone, known)
    if found == "indico":
        return indico.read(parsed, problems, timezone, known)
    return sheet.read(_text(data, problems), problems, timezone, known, first)


def _json(data: bytes, problems: Problems) -> Any:
    text = _text(data, problems)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if not text[exc.pos :].strip() or exc.msg.startswith("Unterminated string"):
            what, hint = "ends too early: the file was cut short", "download or export it again"
        else:
            what, hint = f"is not valid JSON ({exc.msg})", "export it again; was it edited by hand?"
        problems.add(str(exc.lineno), what, hint)
    except RecursionError:
        problems.add("1", "is nested too deeply to be a programme", "check the file")
    problems.stop()
    return None


def _text(data: bytes, problems: Problems) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(
            str(data[: exc.start].count(b"\n") + 1),
            "is not UTF-8 text",
            "save or export it as UTF-8 (in a spreadsheet: CSV UTF-8)",
        )
        problems.stop()
        raise  # not reached


def _json_format(data: Any) -> str | None:
    if isinstance(data, dict):
        if "schedule" in data:
            return "schedule"
        if "sessions" in data and "speakers" in data:
            return "sessionize"
        if data.get("_type") == "HTTPAPIResult" or isinstance(data.get("results"), list):
            return "indico"
    if isinstance(data, list) and data and isinstance(data[0], dict) and "sessions" in data[0]:
        return "sessionize"  # Sessionize's "Sessions" export: groups of sessions
    return None
