"""Round trip: each example's own schedule.json and schedule.xml, imported into an empty
project and built, give back the same schedule (times, rooms, titles, people; ids aside)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventsite.build import build
from tests.conftest import NOW
from tests.import_support import ROOT, decide, facts, read_json, run

EXAMPLES = {
    "usip": ROOT,
    "multiday": ROOT / "examples" / "multiday",
    "summit": ROOT / "examples" / "summit",
    "seoul-workshop": ROOT / "examples" / "seoul-workshop",
    "arabic-forum": ROOT / "examples" / "arabic-forum",
}


def _round_trip(capsys: pytest.CaptureFixture[str], feeds: Path, tmp: Path) -> None:
    original = facts(read_json(feeds / "schedule.json"))
    for name in ("schedule.json", "schedule.xml"):
        project = tmp / f"from-{name}"
        status, out, err = run(capsys, feeds / name, "--project", project)
        assert status == 0, err
        assert "eventsite schedule" in out
        decide(project)
        build(project, tmp / f"out-{name}", now=NOW)
        again = facts(read_json(tmp / f"out-{name}" / "schedule.json"))
        assert again == original, name


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_an_example_comes_back_the_same(
    example: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "public"
    build(EXAMPLES[example], out, now=NOW)
    assert facts(read_json(out / "schedule.json")), "the example's schedule has events"
    _round_trip(capsys, out, tmp_path)


def test_each_event_of_the_institute_comes_back_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "public"
    build(ROOT / "examples" / "institute", out, now=NOW)
    events = sorted(p.parent for p in out.glob("*/schedule.json"))
    assert len(events) == len(list((ROOT / "examples/institute/content/events").iterdir()))
    programmes = [f for f in events if facts(read_json(f / "schedule.json"))]
    assert len(programmes) > 10, "most events of the institute have a programme"
    for feeds in programmes:
        _round_trip(capsys, feeds, tmp_path / feeds.name)
