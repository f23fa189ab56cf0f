"""`make audit`: Lighthouse against every example, built and served on 127.0.0.1; scores into
docs/audit.md.

Run as `python -m tests.browser.audit [EXAMPLE ...]` (default: every example, every HTML page
of each). Exits 1 when any category of any page scores under 95, or when any audit could not
run (an older Lighthouse skips some with a newer Chromium, and a skipped audit costs nothing).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventsite.build import build

from . import chromium
from .site import PROJECT, html_pages, serve, variants

LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
FLOOR = 95
REPORT = PROJECT / "docs" / "audit.md"
EXAMPLES = {
    "example": PROJECT,
    "multiday": PROJECT / "examples" / "multiday",
    "summit": PROJECT / "examples" / "summit",
    "seoul-workshop": PROJECT / "examples" / "seoul-workshop",
    "arabic-forum": PROJECT / "examples" / "arabic-forum",
}
"""Every example, each built as a month before its event: the state with the most on the page."""


def lighthouse_command(url: str) -> list[str]:
    """The Lighthouse invocation for one page (mobile, Lighthouse's default), JSON on stdout."""
    return [
        str(LIGHTHOUSE.relative_to(PROJECT)),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(chromium.ARGS)}",
    ]


def run(url: str) -> dict[str, Any]:
    """Audit one URL; the Lighthouse result."""
    env = {**os.environ, "CHROME_PATH": str(chromium.CHROMIUM)}
    done = subprocess.run(
        lighthouse_command(url),
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"error: lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def scores(result: dict[str, Any]) -> dict[str, int]:
    """The four category scores, 0 to 100."""
    return {key: round((result["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}


def shift(result: dict[str, Any]) -> float:
    """The page's cumulative layout shift as Lighthouse measured it: 0 when nothing moved as
    the page loaded (pictures with their width and height, fonts that fit)."""
    return float(result["audits"]["cumulative-layout-shift"]["numericValue"])


def shortfalls(result: dict[str, Any]) -> list[str]:
    """The weighted audits that did not score full marks, for the report."""
    found = []
    for key in CATEGORIES:
        for ref in result["categories"][key]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{CATEGORIES[key]}: {audit['title']} ({audit['score']:.2f})")
    return found


def errors(result: dict[str, Any]) -> list[str]:
    """The audits that could not run, with Lighthouse's reason."""
    return [
        f"{audit['title']}: {audit.get('errorMessage', 'error')}"
        for audit in result["audits"].values()
        if audit.get("scoreDisplayMode") == "error"
    ]


def report(rows: list[tuple[str, dict[str, Any]]], command: list[str]) -> str:
    """docs/audit.md: the scores, what cost points, and the command that produced them."""
    first = rows[0][1]
    lines = [
        "# Lighthouse audit",
        "",
        f"Written by `make audit` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with Lighthouse "
        f"{first['lighthouseVersion']} and {first['environment']['hostUserAgent'].split()[-2]} "
        "(Debian's Chromium), mobile emulation with simulated throttling (Lighthouse's "
        "default). Each example (the USIP event, `examples/multiday`, `examples/summit`, "
        "`examples/seoul-workshop` in Korean and English, `examples/arabic-forum` in Arabic) is "
        "built as a month before its event, into a temporary folder, and served on 127.0.0.1 "
        "by a small static server that the target starts and stops; every page is audited.",
        "",
        f"The target is 100 in every category; a score under {FLOOR} fails `make audit`, and "
        "so does an audit that could not run. CLS is the cumulative layout shift Lighthouse "
        "measured as the page loaded (its pictures included): the target is 0.",
        "",
        "| page | " + " | ".join(CATEGORIES.values()) + " | CLS |",
        "| --- | " + " | ".join("---:" for _ in CATEGORIES) + " | ---: |",
    ]
    lines += [
        f"| {page} | "
        + " | ".join(str(v) for v in scores(result).values())
        + f" | {shift(result):.3g} |"
        for page, result in rows
    ]
    lost = [f"- {page}: {item}" for page, result in rows for item in shortfalls(result)]
    lines += ["", "Audits that cost points:" if lost else "No weighted audit lost points.", ""]
    lines += [*lost, *([""] if lost else [])]
    failed = [f"- {page}: {item}" for page, result in rows for item in errors(result)]
    lines += ["Audits that could not run:" if failed else "Every audit ran.", ""]
    lines += [*failed, *([""] if failed else [])]
    lines += [
        "The command, per page (the port is chosen afresh on each run):",
        "",
        "```sh",
        f"CHROME_PATH={chromium.CHROMIUM} {shlex.join(command)}",
        "```",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    """Build, serve, audit every page (or those named), write the report; 1 if any score < 95."""
    problem = chromium.missing()
    if problem or not LIGHTHOUSE.exists():
        print(
            f"error: {problem or 'lighthouse is not installed'}; run `make provision`",
            file=sys.stderr,
        )
        return 1
    rows = []
    chosen = list(argv) or list(EXAMPLES)
    with tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            project = EXAMPLES[name]
            root = Path(tmp) / name
            build(project, root, now=variants(project)[0].now)
            with serve(root) as url:
                for page in html_pages(root):
                    print(f"audit: {name}: {page}", file=sys.stderr)
                    rows.append((f"{name}: {page}", run(url + page)))
                command = lighthouse_command(url + "index.html")
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report(rows, command))
    low = [
        f"{page}: {CATEGORIES[key]} {value}"
        for page, result in rows
        for key, value in scores(result).items()
        if value < FLOOR
    ]
    low += [f"{page}: {item} (did not run)" for page, result in rows for item in errors(result)]
    for page, result in rows:
        print(f"{page}: " + ", ".join(f"{CATEGORIES[k]} {v}" for k, v in scores(result).items()))
    print(f"wrote {REPORT.relative_to(PROJECT)}")
    if low:
        print(f"error: under {FLOOR} or not run: " + "; ".join(low), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
