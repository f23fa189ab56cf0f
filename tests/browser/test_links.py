"""Links: every internal link and #fragment in the output resolves."""

from __future__ import annotations

from pathlib import Path

from .conftest import Built
from .linkcheck import broken_links


def test_every_internal_link_and_fragment_resolves(builds: list[Built]) -> None:
    for built in builds:
        assert built.pages, f"{built.variant}: no pages built"
        broken = broken_links(built.root)
        assert not broken, f"{built.variant}:\n" + "\n".join(map(str, broken))


def test_the_checker_finds_each_kind_of_broken_link(tmp_path: Path) -> None:
    (tmp_path / "talks").mkdir()
    (tmp_path / "talks" / "index.html").write_text('<p id="one">one</p>')
    (tmp_path / "style.css").write_text("")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="style.css"><link rel="stylesheet" href="gone.css">\n'
        '<h2 id="agenda">Agenda</h2>\n'
        '<a href="#agenda">ok</a> <a href="#top">ok</a> <a href="talks/">ok</a>\n'
        '<a href="talks#one">ok</a> <a href="/talks/index.html#one">ok</a>\n'
        '<a href="https://example.org/x">other site</a> <a href="mailto:a@b.c">mail</a>\n'
        '<a href="#agnda">typo</a> <a href="talks/#two">missing id</a>\n'
        '<a href="speakers/">missing page</a> <img src="logo.png" alt="">\n'
        '<a href="../outside.html">above root</a> <a href="">empty</a>\n'
        '<a href="style.css#x">fragment in css</a>\n'
    )
    broken = {b.url: b.reason for b in broken_links(tmp_path)}
    assert set(broken) == {
        "gone.css",
        "#agnda",
        "talks/#two",
        "speakers/",
        "logo.png",
        "../outside.html",
        "",
        "style.css#x",
    }, broken
    assert "index.html has no element with that id" in broken["#agnda"]
    assert "speakers/index.html, which the build did not write" in broken["speakers/"]
