"""The benchmark's generator writes events that eventsite reads cleanly, the same every time."""

from __future__ import annotations

from pathlib import Path

from bench.generate import SIZES, generate

from eventsite.load import load_site
from tests.golden_site import tree


def test_generated_event_loads_with_every_bio_and_abstract(tmp_path: Path) -> None:
    generate(SIZES["S"], tmp_path / "S")
    site = load_site(tmp_path / "S" / "eventsite", strict=True)
    assert site.warnings == ()
    assert len(site.speakers) == 50
    assert len(site.sessions) == 100
    assert all(s.bio and "<p>" in s.bio for s in site.speakers)
    assert all(s.abstract and "<li>" in s.abstract for s in site.sessions)
    assert len({s.bio for s in site.speakers}) == 50, "every bio is different"
    assert sum(s.kind == "panel" for s in site.sessions) > 5
    assert len(site.event.days) == 2
    hugo = tmp_path / "S" / "hugo" / "content"
    assert len(list((hugo / "speakers").glob("*.md"))) == 50
    assert len(list((hugo / "sessions").glob("*.md"))) == 100


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate(SIZES["S"], tmp_path / "a")
    generate(SIZES["S"], tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
