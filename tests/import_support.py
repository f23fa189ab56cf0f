"""What the import tests share: running `eventsite import`, filling in what the source cannot
say, and the facts of a schedule feed to compare."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from eventsite.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "imports"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """`eventsite import ...`: its exit status, what it printed and what it printed as errors."""
    status = main(["import", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return status, out, err


def decide(project: Path, organizer: str = "Example Organiser", city: str = "Example City") -> None:
    """Fill in what no source says, as the import asks the editor to."""
    event = project / "content" / "event.yaml"
    text = event.read_text(encoding="utf-8")
    text = text.replace('  name: ""', f"  name: {organizer}", 1)
    placed = f"venue:\n  locality: {city}"
    text = text.replace('venue:\n  locality: ""', placed, 1)  # a venue with other fields
    event.write_text(text.replace("\nvenue_published: false", "\n" + placed, 1), encoding="utf-8")


def facts(schedule: dict[str, Any]) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    """Every event of a schedule.json as (start, end, room, title, people), ids aside."""
    found = []
    for day in schedule["schedule"]["conference"]["days"]:
        for room, events in day["rooms"].items():
            for event in events:
                people = tuple(p["name"] for p in event["persons"])
                # An event's end is its start and duration, as pretalx writes it (no "end").
                hours, minutes = event["duration"].split(":")
                ends = datetime.fromisoformat(event["date"]) + timedelta(
                    hours=int(hours), minutes=int(minutes)
                )
                found.append((event["date"], ends.isoformat(), room, event["title"], people))
    return sorted(found)


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip
