"""What the preview server lets in, tried with real clients against the real server."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import threading
import time
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from tests.conftest import Project
from tests.test_serve import OVERLAY, DevServer, _listening, _wait_for_build


def _request(server: DevServer, target: str, host: str) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example",
                                  "localhost:1", "192.168.1.1:{port}", ""])  # fmt: skip
def test_a_request_for_another_host_is_refused(server: DevServer, host: str) -> None:
    status, body = _request(server, "/", host.format(port=server.port))
    assert status == 403
    assert b"Informal Markets" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}",
                                  "LOCALHOST:{port}", "127.0.0.1"])  # fmt: skip
def test_a_request_for_this_server_is_answered(server: DevServer, host: str) -> None:
    status, body = _request(server, "/", host.format(port=server.port))
    assert status == 200
    assert b"Informal Markets" in body


async def _socket(server: DevServer, origin: str | None) -> list[str]:
    headers = {"Origin": origin} if origin else {}
    request = HTTPRequest(f"ws://127.0.0.1:{server.port}/livereload", headers=headers)
    conn = await websocket_connect(request)
    conn.write_message(json.dumps({"command": "hello"}))
    reply = await asyncio.wait_for(conn.read_message(), 5)
    await _closed(conn)
    return [str(reply)]


async def _closed(conn: WebSocketClientConnection) -> None:
    """Close the socket and wait until it is closed (the server's answer, or tornado's own
    five-second limit): a socket left to the collector warns in whichever test runs then."""
    conn.close()
    while await asyncio.wait_for(conn.read_message(), 600) is not None:  # a hang guard only
        pass


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1.evil.example",
                                    "http://localhost:1", "null", "http://127.0.0.1",
                                    "http://localhost", "http://[::1]"])  # fmt: skip
def test_the_reload_socket_refuses_other_origins(server: DevServer, origin: str) -> None:
    with pytest.raises(HTTPClientError) as refused:
        asyncio.run(_socket(server, origin.format(port=server.port)))
    assert refused.value.code == 403


@pytest.mark.parametrize("origin", ["http://127.0.0.1:{port}", "http://localhost:{port}", None])
def test_the_reload_socket_accepts_its_own_pages(server: DevServer, origin: str | None) -> None:
    reply = asyncio.run(_socket(server, origin and origin.format(port=server.port)))
    assert '"command": "hello"' in reply[0]


def test_no_page_can_force_a_reload(server: DevServer) -> None:
    assert server.get("/forcereload?path=x")[0] == 404


async def _say(server: DevServer, *messages: str) -> None:
    conn = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
    for message in messages:
        conn.write_message(message)
    await asyncio.sleep(0.5)
    await _closed(conn)


def test_what_a_client_sends_is_never_printed_raw(server: DevServer) -> None:
    evil = "\x1b]0;owned\x07\x1b[2J\x1b[31mEVIL"
    asyncio.run(_say(server, json.dumps({"command": "hello"}),
                     json.dumps({"command": "info", "url": evil})))  # fmt: skip
    asyncio.run(_say(server, "not json", json.dumps(["a"]), json.dumps({"x": 1})))
    _request(server, "/%1b[31mred%07", f"127.0.0.1:{server.port}")
    deadline = time.monotonic() + 600  # a hang guard only: the line comes when it comes
    while "EVIL" not in server.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = server.log.read_text()
    assert "EVIL" in log, "the message is logged, escaped"
    assert not [c for c in log if ord(c) < 32 and c not in "\n\t"], repr(log[-500:])
    assert "Traceback" not in log
    assert server.process.poll() is None


@pytest.mark.parametrize("target", ["/%00", "/%00.html", "/a%00b/c", "/%ff", "/%c0%ae%c0%ae/",
                                    "/static/%00site.css"])  # fmt: skip
def test_a_malformed_path_is_a_client_error_without_a_traceback(
    server: DevServer, target: str
) -> None:
    status, _ = server.raw(target)
    assert status in (400, 404)
    time.sleep(0.2)
    assert "Traceback" not in server.log.read_text()
    assert server.get()[0] == 200


@pytest.mark.timeout(60)
@pytest.mark.parametrize("sigint", ["ignored", "default"])
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stopped_server_leaves_no_process_port_or_folder(
    project: Project, tmp_path: Path, number: int, sigint: str
) -> None:
    # Started with SIGINT ignored, as a background job of a script starts it (`make serve &`,
    # nohup), or with its default: either way the server stops on each signal, whatever the
    # disposition this suite itself was started with.
    running = DevServer(project.root, tmp_path / "serve.log", sigint=sigint)
    try:
        running.wait_for(lambda body: "<h1>" in body, "the first build")
        folder = running.site.parent
        running.process.send_signal(number)
        assert running.process.wait(timeout=10) in (0, 130, -number)
        assert _listening(running.port) == []
        assert not folder.exists(), "the preview folder is removed"
        assert "Traceback" not in running.log.read_text()
        children = [p for p in Path("/proc").iterdir()
                    if p.name.isdigit() and _parent(p) == running.process.pid]  # fmt: skip
        assert children == []
    finally:
        if running.process.poll() is None:
            running.process.kill()
        running.process.wait()
        running._log_file.close()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_the_first_build_stops_the_server(
    project: Project, tmp_path: Path, number: int
) -> None:
    # A first build that takes long (a big about.md) is stopped as well, its folder removed.
    (project.root / "content/about.md").write_text("Words of prose.\n\n" * 40_000)
    running = DevServer(project.root, tmp_path / "serve.log", sigint="ignored")
    try:
        while not list(running.tmp.glob("eventsite-preview-*")):
            assert running.process.poll() is None, running.log.read_text()
            time.sleep(0.01)
        running.process.send_signal(number)
        assert running.process.wait(timeout=20) in (0, 130, -number)
        assert list(running.tmp.glob("eventsite-preview-*")) == []
        assert "Traceback" not in running.log.read_text()
    finally:
        if running.process.poll() is None:
            running.process.kill()
        running.process.wait()
        running._log_file.close()


def _parent(proc: Path) -> int:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


@pytest.mark.timeout(60)
def test_preview_folders_of_dead_servers_are_removed_at_start(
    project: Project, tmp_path: Path
) -> None:
    temporary = tmp_path / "server-tmp"
    dead = temporary / "eventsite-preview-999999999-abcd"  # no process has this id
    alive = temporary / f"eventsite-preview-{os.getpid()}-abcd"
    for folder in (dead, alive):
        (folder / "site").mkdir(parents=True)
        (folder / "site" / "index.html").write_text("old")
    running = DevServer(project.root, tmp_path / "serve.log")
    try:
        running.wait_for(lambda body: "<h1>" in body, "the first build")
        assert not dead.exists()
        assert alive.exists(), "the folder of a running process is kept"
    finally:
        running.stop()


@pytest.mark.timeout(60)
def test_pathological_markdown_keeps_the_last_good_page_served(
    server: DevServer, project: Project
) -> None:
    time.sleep(0.5)
    builds = server.builds()
    (project.root / "content/about.md").write_text("[" * 12_000 + "](" * 6_000)
    answered = 0  # while the costly text renders, the server keeps answering: count them
    deadline = time.monotonic() + 120  # a hang guard, not a speed bound
    while server.builds() == builds or OVERLAY not in server.get()[1]:
        assert time.monotonic() < deadline, server.log.read_text()
        status, _ = server.get("/static/site.css")
        assert status == 200
        answered += server.builds() == builds
        time.sleep(0.1)
    body = server.get()[1]
    assert "Informal Markets" in body
    assert "takes more than 3 s to render" in body
    assert answered >= 5, "requests were answered during the build"


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@pytest.mark.timeout(120)
def test_memory_stays_flat_over_many_saves(server: DevServer, project: Project) -> None:
    # d438568 grew 10.9 MB from the 15th to the 60th save of a 90 KB about.md, this 0.2 MB:
    # 60 saves (about 30 s) show it plainly, where 1,000 would take ten minutes.
    about = project.root / "content/about.md"
    paragraph = "A paragraph of *prose* about the event, with a [link](https://example.org).\n\n"
    time.sleep(0.5)
    builds = server.builds()
    sizes = []
    for n in range(60):
        about.write_text(f"Save {n}.\n\n" + paragraph * 1_150)
        _wait_for_build(server, builds + n + 1)
        if n in (14, 59):
            time.sleep(0.3)  # let the calendars and feeds finish
            sizes.append(_rss_kb(server.process.pid))
    assert sizes[1] - sizes[0] < 4_000, f"grew from {sizes[0]} KB to {sizes[1]} KB"


@pytest.mark.timeout(120)
def test_a_file_replaced_while_it_is_served_is_sent_whole(server: DevServer) -> None:
    # The preview replaces its files while browsers read them: each response is the old file
    # or the new one, whole (tornado's handler took the size of one and the bytes of the next).
    versions = [bytes([65 + n]) * (200_000 * (n + 1)) for n in range(3)]
    target = server.site / "big.txt"
    target.write_bytes(versions[0])
    stop = threading.Event()

    def rewrite() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            fresh = target.with_name(f".big-{n}")
            fresh.write_bytes(versions[n % 3])
            os.replace(fresh, target)

    writer = threading.Thread(target=rewrite)
    writer.start()
    try:
        bodies = [server.raw("/big.txt") for _ in range(300)]
    finally:
        stop.set()
        writer.join()
    cut = [len(body) for status, body in bodies if status != 200 or body not in versions]
    assert cut == []
