"""The offline copy of an event: sw.js, the service worker the event's pages register, made of
the list of files to keep (with their fingerprints) and the theme's worker code.

The list is the build's: its version is a fingerprint of every file in it, so the worker
changes, and browsers fetch the new copy, exactly when one of those files changed. The code
that keeps and answers them is a static file (static/offline-worker.js), imported by sw.js,
which must itself sit at the event's top: a worker looks after the pages below its own folder.
An event whose offline copy is turned off gets a worker that removes itself and its copy, so
that a browser that kept one from an earlier build lets it go.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

PATH = "sw.js"
CODE = "static/offline-worker.js"
"""The worker's code, among the static files."""
BUDGET = 10 * 1024 * 1024
"""The most a copy may hold, in bytes: what a phone fetches after the first visit. Pages and
files beyond it are kept only once visited."""
SMALL = 100 * 1024
"""A static file up to this size (a stylesheet, a script, an icon) is kept before the pages."""


def worker(top: str, files: Sequence[tuple[str, str]]) -> bytes:
    """sw.js of an event: its `files` (path from the event's top, fingerprint), and the code
    imported from `top` (the path from the event's top to the site's)."""
    version = hashlib.blake2b(digest_size=8)
    for name, fingerprint in files:
        version.update(f"{name}\0{fingerprint}\n".encode())
    listed = {"version": version.hexdigest(), "files": [name for name, _ in files]}
    return (
        "// The offline copy of this event, made by eventsite at each build: the files to keep,\n"
        "// and their version, which changes whenever one of them does.\n"
        f"self.OFFLINE = {json.dumps(listed, separators=(',', ':'))};\n"
        f"importScripts({json.dumps(top + CODE)});\n"
    ).encode()


OFF = b"""// The offline copy of this event is turned off (offline: false in event.yaml): a browser
// that kept one lets it go, and this worker removes itself.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  const mine = "eventsite:" + self.registration.scope + ":";
  for (const name of await caches.keys()) if (name.startsWith(mine)) await caches.delete(name);
  await self.registration.unregister();
})()));
"""
"""sw.js of an event whose offline copy is turned off, and of the dev server's preview."""


def chosen(candidates: Sequence[tuple[str, int, int]], budget: int = BUDGET) -> list[str]:
    """The files a copy keeps, from (path, priority, size) in the order given: by priority,
    each that still fits in the budget."""
    kept, used = [], 0
    for name, _, size in sorted(candidates, key=lambda c: c[1]):  # stable: order within one
        if used + size <= budget:
            kept.append(name)
            used += size
    return kept
