"""A small client of the YAML language server (the engine of VS Code's YAML extension).

It starts `yaml-language-server --stdio` from node_modules, opens content files the way an
editor does, and returns the diagnostics the server publishes for them: what an editor would
underline, with the message it would show.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path
from queue import Empty, Queue
from typing import Any

from .site import PROJECT

SERVER = PROJECT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def missing() -> str | None:
    """Why the server cannot start, with what fixes it; None when it can."""
    if shutil.which("node") is None or not SERVER.is_file():
        return "yaml-language-server needs node and node_modules; run `make provision`"
    return None


class Editor:
    """One language server, spoken to over JSON-RPC with Content-Length framing."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: Queue[dict[str, Any]] = Queue()
        self.ids = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}
        )
        self.notify("initialized", {})
        # No schema store: nothing is fetched; only the modeline of each file names its schema.
        settings = {"validate": True, "hover": False, "completion": False,
                    "schemaStore": {"enable": False}, "yamlVersion": "1.2"}  # fmt: skip
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})
        self.version = 0

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        """Send a notification."""
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        """Send a request and wait for its answer."""
        self.ids += 1
        self._send({"id": self.ids, "method": method, "params": params})
        while True:
            message = self._next()
            if message.get("id") == self.ids and "method" not in message:
                return message.get("result")

    def _next(self) -> dict[str, Any]:
        try:
            return self.messages.get(timeout=30)
        except Empty:
            raise TimeoutError("yaml-language-server did not answer in 30 s") from None

    def diagnostics(self, path: Path, text: str) -> list[dict[str, Any]]:
        """Open a file with this text (as an editor would) and return what the server reports."""
        # A file of its own for each text: the server clears a closed file's diagnostics later,
        # which must not be taken for the next text's.
        self.version += 1
        uri = path.with_name(f"{path.stem}-{self.version}{path.suffix}").as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": self.version, "text": text}})  # fmt: skip
        while True:
            message = self._next()
            if message.get("method") == "workspace/configuration":
                items = message["params"]["items"]
                self._send({"id": message["id"], "result": [None] * len(items)})
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == uri and params.get("version", self.version) == self.version:
                    self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
                    found: list[dict[str, Any]] = params["diagnostics"]
                    return found
            elif "id" in message and "method" in message:
                self._send({"id": message["id"], "result": None})

    def close(self) -> None:
        """Shut the server down."""
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
