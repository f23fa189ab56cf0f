"""The real dev server on 127.0.0.1: reload on save, error overlay, recovery, confinement."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from tests.conftest import Project

OVERLAY = 'id="eventsite-build-error"'


class DevServer:
    """`eventsite serve` running in a child process."""

    def __init__(self, project: Path, log: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = log
        self._log_file = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eventsite", "serve", "--project", str(project),
             "--port", str(self.port)],
            stdout=self._log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def get(self, path: str = "/") -> tuple[int, str]:
        """Status and body of one request."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def wait_for(self, test: Callable[[str], bool], what: str, seconds: float = 10) -> str:
        """Poll the front page until `test` accepts it."""
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
        """Stop the server and wait for it."""
        self.process.terminate()
        self.process.wait(timeout=10)
        self._log_file.close()


@pytest.fixture
def server(project: Project, tmp_path: Path) -> Iterator[DevServer]:
    running = DevServer(project.root, tmp_path / "serve.log")
    running.wait_for(lambda body: "<h1>" in body, "the first build")
    yield running
    running.stop()


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
    deadline = time.monotonic() + 10
    while server.log.read_text().count("build failed") == failures:
        assert time.monotonic() < deadline, "no rebuild after the save"
        time.sleep(0.1)
    body = server.get()[1]
    assert OVERLAY in body
    assert "Still Broken" not in body

    agenda.write_text(good)
    body = server.wait_for(lambda b: OVERLAY not in b, "the overlay to clear")
    assert "<h1>Still Broken Elsewhere</h1>" in body


def test_survives_many_broken_saves(server: DevServer, project: Project) -> None:
    speakers = project.root / "content/speakers.yaml"
    good = speakers.read_text()
    for n in range(5):
        speakers.write_text(f"- id: x{n}\n  name: [unclosed\n")
        server.wait_for(lambda b: OVERLAY in b and "YAML syntax error" in b, "the overlay")
        speakers.unlink()  # delete and recreate, as some editors save
        speakers.write_text(good)
        server.wait_for(lambda b: OVERLAY not in b, "recovery")
    assert server.process.poll() is None


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
                socket_.close()
                return message

    assert asyncio.run(next_reload())["command"] == "reload"
    assert "<h1>Reloaded</h1>" in server.get()[1]


@pytest.mark.parametrize(
    "path",
    ["/../content/event.yaml", "/%2e%2e/content/event.yaml", "/static/..%2f..%2fcontent/event.yaml",
     "//etc/passwd", "/..%5c..%5ccontent/event.yaml"],
)  # fmt: skip
def test_serves_nothing_outside_the_site(server: DevServer, path: str) -> None:
    status, body = server.get(path)
    assert status in (400, 403, 404)
    assert "timezone:" not in body
    assert "root:" not in body
