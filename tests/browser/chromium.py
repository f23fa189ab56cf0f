"""The one way the gates start Chromium: Debian's build, headless, offline, no sandbox."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Browser, Playwright

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which
# this machine's closed network refuses; --no-sandbox because CI runs as root.
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

INSTALL = "sudo apt-get update && sudo apt-get install -y chromium"


def missing() -> str | None:
    """Why Chromium cannot start, with the command that fixes it; None when it is there."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return f"Chromium not found at {CHROMIUM}; install it with: {INSTALL}"


def launch(playwright: Playwright) -> Browser:
    """Start the browser the gates use."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(ARGS))
