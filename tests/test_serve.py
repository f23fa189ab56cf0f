"""The real dev server on 127.0.0.1: reload on save, error overlay, recovery, confinement."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from bench.run import REBUILT_PARTS
from tornado.websocket import websocket_connect

from tests.conftest import Project

OVERLAY = 'id="eventsite-build-error"'


class DevServer:
    """`eventsite serve` running in a child process."""

    def __init__(
        self, project: Path, log: Path, host: str = "127.0.0.1", sigint: str = "inherited"
    ) -> None:
        with socket.socket() as probe:
            probe.bind((host, 0))
            self.port = probe.getsockname()[1]
        self.host, self.log = host, log
        self._log_file = log.open("w")
        # The preview folder is made below the test's own temporary folder, to find it.
        self.tmp = log.parent / "server-tmp"
        self.tmp.mkdir(exist_ok=True)
        extra = [] if host == "127.0.0.1" else ["--host", host]
        # SIGINT as the server receives it: as this suite has it, or set explicitly (a job in
        # the background of a script starts with it ignored); exec keeps an ignored signal.
        start = {
            "inherited": [],
            "ignored": _EXEC_WITH["SIG_IGN"],
            "default": _EXEC_WITH["SIG_DFL"],
        }
        self.process = subprocess.Popen(
            [*start[sigint], sys.executable, "-m", "eventsite", "serve", "--project", str(project),
             "--port", str(self.port), *extra],
            stdout=self._log_file, stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(self.tmp)},
        )  # fmt: skip

    @property
    def site(self) -> Path:
        """The folder the server serves."""
        (found,) = self.tmp.glob("eventsite-preview-*/site")
        return found

    def raw(self, target: str) -> tuple[int, bytes]:
        """Status and body of a request sent byte for byte as given, with no client cleanup."""
        with socket.create_connection((self.host, self.port), timeout=5) as conn:
            conn.sendall(
                f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
            )
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split()[1]), body

    def builds(self) -> int:
        """How many builds the server has logged, good and failed."""
        log = self.log.read_text()
        return log.count("rebuilt in ") + log.count("build failed")

    def get(self, path: str = "/") -> tuple[int, str]:
        """Status and body of one request."""
        try:
            with urllib.request.urlopen(f"http://{self.host}:{self.port}{path}", timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            exc.close()  # its response holds the socket: left to the collector, it warns in
            return exc.code, ""  # whichever test runs then, and warnings fail tests

    def wait_for(self, test: Callable[[str], bool], what: str, seconds: float = 120) -> str:
        """Poll the front page until `test` accepts it; `seconds` guards against a hang, it is
        no speed bound (a machine busy with other work may take long)."""
        deadline = time.monotonic() + seconds
        body = ""
        while time.monotonic() < deadline:
            try:
                status, body = self.get()
            except OSError:
                status = 0
            if status == 200 and test(body):
                return body
            time.sleep(0.1)
        pytest.fail(f"timed out waiting for {what}; server log:\n{self.log.read_text()}")

    def stop(self) -> None:
        """Stop the server and wait for it; kill it if it does not stop, so that nothing of
        this test (a process, a port, a folder) is left to fail another."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            self._log_file.close()
            shutil.rmtree(self.tmp, ignore_errors=True)


_EXEC_WITH = {
    name: [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGINT, "
           f"signal.{name}); os.execv(sys.argv[1], sys.argv[1:])"]
    for name in ("SIG_IGN", "SIG_DFL")
}  # fmt: skip


def _event(project: Project, title: str) -> None:
    text = (project.root / "content/event.yaml").read_text()
    current = next(line for line in text.splitlines() if line.startswith("title:"))
    project.write("content/event.yaml", text.replace(current, f"title: {title}"))


def test_serves_on_loopback_with_livereload(server: DevServer) -> None:
    status, body = server.get()
    assert status == 200
    assert "Informal Markets and Peacebuilding in North Korea" in body
    assert "livereload.js" in body
    assert server.get("/static/site.css")[0] == 200
    assert "Serving on http://127.0.0.1:" in server.log.read_text()


def test_edit_break_fix_cycle(server: DevServer, project: Project) -> None:
    _event(project, "Edited Title")
    server.wait_for(lambda b: "<h1>Edited Title</h1>" in b, "the edit to show")

    agenda = project.root / "content/agenda.yaml"
    good = agenda.read_text()
    agenda.write_text(good.replace("end: 9:00 AM", "end: 8:00 AM", 1))
    body = server.wait_for(lambda b: OVERLAY in b, "the error overlay")
    assert "<h1>Edited Title</h1>" in body, "the last good page stays on screen"
    assert "content/agenda.yaml:5:8: agenda[1].end: ends at 8:00 AM" in body
    assert "content/agenda.yaml:5:8: agenda[1].end: ends at 8:00 AM" in server.log.read_text()

    failures = server.log.read_text().count("build failed")
    _event(project, "Still Broken Elsewhere")  # a good save to another file keeps the error
    deadline = time.monotonic() + 120  # a hang guard, not a speed bound
    while server.log.read_text().count("build failed") == failures:
        assert time.monotonic() < deadline, "no rebuild after the save"
        time.sleep(0.1)
    body = server.get()[1]
    assert OVERLAY in body
    assert "Still Broken" not in body

    agenda.write_text(good)
    body = server.wait_for(lambda b: OVERLAY not in b, "the overlay to clear")
    assert "<h1>Still Broken Elsewhere</h1>" in body
    # Each good rebuild names its parts, as `make bench` reads them (issue 25).
    lines = [text for text in server.log.read_text().splitlines() if "rebuilt in" in text]
    parts = [REBUILT_PARTS.fullmatch(text) for text in lines]
    assert lines, "no rebuild logged"
    assert all(p and float(p[2]) + float(p[3]) <= float(p[1]) + 0.002 for p in parts), lines


def test_browser_is_told_to_reload(server: DevServer, project: Project) -> None:
    async def next_reload() -> dict[str, object]:
        socket_ = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
        socket_.write_message(json.dumps({"command": "hello", "protocols": []}))
        await socket_.read_message()  # the server's hello
        socket_.write_message(json.dumps({"command": "info", "url": "http://x/"}))
        await asyncio.sleep(0.3)
        _event(project, "Reloaded")
        while True:
            message = json.loads(await asyncio.wait_for(socket_.read_message(), 10))
            if message.get("command") == "reload":
                socket_.close()  # and wait until it is closed both ways, or its socket is left
                await asyncio.wait_for(socket_.read_message(), 10)  # open when the loop ends
                return message

    assert asyncio.run(next_reload())["command"] == "reload"
    assert "<h1>Reloaded</h1>" in server.get()[1]


def _ask(server: DevServer, headers: dict[str, str]) -> tuple[int, str | None, bytes]:
    """Status, ETag and body of a request for the front page with these headers."""
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}/", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("ETag"), response.read()
    except urllib.error.HTTPError as exc:  # urllib reports a 304 as an error
        with exc:
            return exc.code, exc.headers.get("ETag"), exc.read()


def test_a_browser_holding_the_page_is_answered_not_modified_until_it_changes(
    server: DevServer, project: Project
) -> None:
    """A reload sends If-None-Match: the page comes again only when its bytes changed, so a
    browser (or a poll) does not take the whole page from the build's time. Never by date: a
    page made again within the second it was fetched keeps its Last-Modified."""
    status, tag, body = _ask(server, {})
    assert status == 200
    assert tag
    assert b"<h1>" in body
    assert _ask(server, {"If-None-Match": tag}) == (304, tag, b"")
    assert _ask(server, {"If-None-Match": '"another"'})[0] == 200
    assert _ask(server, {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})[0] == 200

    _event(project, "Changed Under The Browser")
    server.wait_for(lambda b: "<h1>Changed Under The Browser</h1>" in b, "the edit to show")
    status, new_tag, body = _ask(server, {"If-None-Match": tag})
    assert status == 200
    assert new_tag != tag
    assert b"<h1>Changed Under The Browser</h1>" in body


PRIVATE = "private words, not for the web"


@pytest.fixture
def private(tmp_path: Path) -> Path:
    """A file and a folder outside the site, holding PRIVATE."""
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.txt").write_text(PRIVATE)
    (tmp_path / "secret.txt").write_text(PRIVATE)
    return tmp_path


# The server's folder is tmp/server-tmp/eventsite-preview-*/site; the project is tmp/site.
UP = "/../../../"
TRAVERSALS = [
    "/../content/event.yaml",
    f"{UP}site/content/event.yaml",
    f"{UP}secret.txt",
    "/%2e%2e/%2e%2e/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/%2E%2E/secret.txt",
    "/..%2f..%2f..%2fsecret.txt",
    "/static/..%2f..%2f..%2f..%2fsecret.txt",
    "/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
    "/%252e%252e/%252e%252e/%252e%252e/secret.txt",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
    "/%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/secret.txt",
    "/..%5c..%5c..%5csecret.txt",
    "/..\\..\\..\\secret.txt",
    "/.%2e/.%2e/.%2e/secret.txt",
    "/..;/..;/..;/secret.txt",
    "/../../../secret.txt%00.html",
    "/static/../../../../secret.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/%2fetc%2fpasswd",
    "/../../../../../../../../etc/passwd",
    "http://127.0.0.1/../../../secret.txt",
    "/%2e%2e/%2e%2e/%2e%2e/private/secret.txt",
]


def test_serves_nothing_outside_the_site(server: DevServer, private: Path) -> None:
    served = [(path, *server.raw(path)) for path in TRAVERSALS]
    leaks = [path for path, _, body in served if PRIVATE.encode() in body or b"root:" in body]
    assert leaks == []
    assert [(path, status) for path, status, _ in served if status not in (400, 403, 404)] == []
    assert "Traceback" not in server.log.read_text()


def test_symlinks_that_leave_the_site_are_refused(server: DevServer, private: Path) -> None:
    # Needs tornado >= 6.5.9 (pinned in pyproject.toml): older releases served these.
    (server.site / "leak.txt").symlink_to(private / "secret.txt")
    (server.site / "leak").symlink_to(private / "private", target_is_directory=True)
    for path in ("/leak.txt", "/leak/secret.txt", "/leak/"):
        status, body = server.raw(path)
        assert PRIVATE.encode() not in body
        assert status in (403, 404), path


def test_symlinks_in_static_are_not_published(project: Project, private: Path) -> None:
    (project.root / "static" / "leak.txt").symlink_to(private / "secret.txt")
    (project.root / "static" / "private").symlink_to(private / "private")
    running = DevServer(project.root, private / "serve.log")
    try:
        running.wait_for(lambda body: "is a symbolic link to a" in body, "the refusal")
        for path in ("/static/leak.txt", "/static/private/secret.txt"):
            status, body = running.raw(path)
            assert (status, PRIVATE.encode() in body) == (404, False)
    finally:
        running.stop()


def _listening(port: int) -> list[str]:
    """The local addresses listening on a TCP port, from /proc/net/tcp and tcp6."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.append(address)
    return found


def test_listens_on_loopback_only(server: DevServer) -> None:
    assert _listening(server.port) == ["0100007F"]  # 127.0.0.1, little-endian hex
    assert "warning" not in server.log.read_text()


def test_another_address_needs_the_flag_and_warns(project: Project, tmp_path: Path) -> None:
    # 127.0.0.2 is still this computer, so the test opens nothing to the network.
    running = DevServer(project.root, tmp_path / "serve.log", host="127.0.0.2")
    try:
        running.wait_for(lambda body: "<h1>" in body, "the first build")
        assert _listening(running.port) == ["0200007F"]
        assert (
            "warning: serving on 127.0.0.2: other computers on the network can open the preview"
            in running.log.read_text()
        )
    finally:
        running.stop()


# -- broken saves -------------------------------------------------------------------------------

SAVES = 20


def save(path: Path, data: bytes, how: str) -> None:
    """Write a file the way one of the common editors does."""
    if how == "in place":
        path.write_bytes(data)
    elif how == "atomic rename":  # write a temporary file beside it, then rename over it
        temporary = path.with_name(f".{path.name}.swp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    else:  # delete and recreate
        path.unlink()
        path.write_bytes(data)


HOW = ("in place", "atomic rename", "delete and recreate")
BREAKS: dict[str, tuple[str, Callable[[int], bytes], str]] = {
    "yaml": ("content/speakers.yaml", lambda n: f"- id: x{n}\n  name: [unclosed\n".encode(),
             "content/speakers.yaml:2:9: YAML syntax error"),
    "md": ("content/about.md", lambda n: f"Caf\xe9 number {n}\n".encode("latin-1"),
           "content/about.md:1:4: is not UTF-8 text"),
    "template": ("templates/partials/speaker.html", lambda n: f"{{% if %}}{n}".encode(),
                 "templates/partials/speaker.html:1: template syntax error"),
}  # fmt: skip


STORM = SAVES + 1 + HOW.count("delete and recreate") * -(-SAVES // len(HOW))
"""The most builds the saves may make: one each, or two for a file deleted and then created
again, which a busy machine may let the server see apart. More would be a storm (the build
set off by its own writes, say)."""


def _wait_for_build(server: DevServer, count: int) -> None:
    for _ in range(6_000):  # a hang guard counted in tries, not a clock: load only slows it
        if server.builds() >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"no build after the save:\n{server.log.read_text()}")


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_survives_broken_saves_and_recovers(server: DevServer, project: Project, kind: str) -> None:
    name, broken, error = BREAKS[kind]
    path = project.root / name
    good = path.read_bytes()
    _event(project, "Last Good Title")
    server.wait_for(lambda b: "<h1>Last Good Title</h1>" in b, "the last good version")
    time.sleep(0.5)  # let that burst end
    builds = server.builds()
    for n in range(SAVES):
        save(path, broken(n), HOW[n % len(HOW)])
        _wait_for_build(server, builds + n + 1)
        # The last good page, with this error over it (a build seeing the file deleted and
        # not yet written again says it is missing: the next build says what is wrong in it).
        body = server.wait_for(lambda b: error in b, f"the error of save {n}")
        assert (OVERLAY in body, "<h1>Last Good Title</h1>" in body) == (True, True)

    save(path, good, "atomic rename")
    server.wait_for(lambda b: OVERLAY not in b, "the page without the errors")
    time.sleep(0.5)
    assert builds + SAVES + 1 <= server.builds() <= builds + STORM, "a build per save, no more"
    assert server.process.poll() is None
    assert "Traceback" not in server.log.read_text()


def test_survives_broken_stylesheet_saves(server: DevServer, project: Project) -> None:
    # A stylesheet cannot break the build (eventsite copies it as it is), but a save can catch
    # it missing or half-written; each save is one build, and the page is served throughout.
    path = project.root / "static/site.css"
    good = path.read_bytes()
    builds = server.builds()
    for n in range(SAVES):
        css = f"body {{ color: red /* broken save {n}".encode()
        save(path, css, HOW[n % len(HOW)])
        _wait_for_build(server, builds + n + 1)
        _wait_for_file(server, "/static/site.css", css)
        assert server.get()[0] == 200
    save(path, good, "delete and recreate")
    _wait_for_file(server, "/static/site.css", good)  # the fixed stylesheet is served
    time.sleep(0.5)
    assert builds + SAVES + 1 <= server.builds() <= builds + STORM + 1, "a build per save"


def _wait_for_file(server: DevServer, path: str, data: bytes) -> None:
    for _ in range(6_000):  # a hang guard counted in tries, not a clock: load only slows it
        found = server.raw(path)
        if found == (200, data):
            return
        time.sleep(0.02)
    raise AssertionError(f"{path} is {found[1][:80]!r}, not the one saved")


def test_a_burst_of_saves_builds_once_per_pause_and_shows_the_last(
    server: DevServer, project: Project
) -> None:
    time.sleep(0.5)
    builds = server.builds()
    files = {
        "content/speakers.yaml": "yaml", "content/about.md": "md",
        "templates/partials/speaker.html": "template",
    }  # fmt: skip
    for n in range(6):  # 24 saves of four kinds in every manner, in 6 bursts
        for name, kind in files.items():
            save(project.root / name, BREAKS[kind][1](n), HOW[n % len(HOW)])
        save(project.root / "static/site.css", b"p{}", HOW[n % len(HOW)])
        time.sleep(0.04)
    _wait_for_build(server, builds + 1)
    time.sleep(1.0)
    # A save that comes while a build runs is built once that build ends, with every other
    # save that came meanwhile: never a build per save, and the last save is what shows.
    assert server.builds() - builds <= 7
    assert OVERLAY in server.get()[1]
    assert server.raw("/static/site.css") == (200, b"p{}")


def test_port_in_use_is_one_line_not_a_traceback(project: Project) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "eventsite", "serve", "--project", str(project.root),
             "--port", str(port)],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr == (
        f"error: cannot listen on 127.0.0.1 port {port}: Address already in use; stop the "
        "program that uses it, or pass another --port, e.g. --port 8001\n"
    )


def test_port_out_of_range_is_refused(project: Project) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "eventsite", "serve", "--project", str(project.root),
         "--port", "99999"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == (
        "eventsite serve: error: argument --port: '99999' is not a port; "
        "write a number from 1 to 65535"
    )
