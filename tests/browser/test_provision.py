"""Provisioning: without root, a missing browser stops `make test` with the command to run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .site import PROJECT


def test_without_root_a_missing_browser_stops_with_the_install_command(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_id = bin_dir / "id"  # a user who is not root, whatever runs the tests
    fake_id.write_text("#!/bin/sh\necho 1000\n")
    fake_id.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "CHROMIUM": str(tmp_path / "no-chromium"),
    }
    result = subprocess.run(
        ["bash", str(PROJECT / "scripts" / "provision")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Chromium" in result.stderr
    assert "sudo apt-get update && sudo apt-get install -y chromium" in result.stderr
