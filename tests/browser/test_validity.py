"""HTML validity: the W3C Nu Html Checker reports no error on any generated page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import Built
from .site import PROJECT

VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BROKEN = "<!doctype html><html lang=en><title>t</title><p><div>unclosed</p>"


@pytest.fixture(scope="module")
def checked(builds: list[Built], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Run vnu.jar once over both builds and a known-bad page; its errors by file."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail(
            f"the Nu Html Checker needs java and {VNU.relative_to(PROJECT)}; "
            "run `make test` (or scripts/provision) to install them",
            pytrace=False,
        )
    canary = tmp_path_factory.mktemp("canary")
    (canary / "broken.html").write_text(BROKEN)
    command = [
        java,
        "-jar",
        str(VNU),
        "--errors-only",
        "--skip-non-html",
        "--format",
        "json",
        "--stdout",
        "--exit-zero-always",
        *(str(b.root) for b in builds),
        str(canary),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stdout)["messages"]:
        where = message.get("url", "?").removeprefix("file:")
        errors.setdefault(where, []).append(
            f"line {message.get('lastLine', '?')}: {message['type']}: {message['message']}"
        )
    return errors


def test_the_checker_reports_an_invalid_page(checked: dict[str, list[str]]) -> None:
    assert any(where.endswith("broken.html") for where in checked), checked


def test_every_generated_page_is_valid_html(
    checked: dict[str, list[str]], builds: list[Built]
) -> None:
    pages = sum(len(b.pages) for b in builds)
    assert pages >= 2, "the builds hold no pages to check"
    found = {where: lines for where, lines in checked.items() if not where.endswith("broken.html")}
    report = "\n".join(f"{Path(w).name}: {line}" for w, lines in found.items() for line in lines)
    assert not found, f"{sum(map(len, found.values()))} errors:\n{report}"
