"""Link previews, search hints, favicon, sitemap and robots.txt, with and without base_url."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml import etree

from tests.outputs_support import BEFORE, FULL, build_at, make_project, page

BASE = "https://events.example.org/markets/"


def meta(tree: Any, key: str) -> str | None:
    found = tree.xpath(f'//head/meta[@property="{key}" or @name="{key}"]/@content')
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture(scope="module")
def relative(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_at(make_project(tmp_path_factory.mktemp("relative")), BEFORE)


@pytest.fixture(scope="module")
def absolute(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_at(make_project(tmp_path_factory.mktemp("absolute")), BEFORE, base_url=BASE)


def test_previews_without_base_url(relative: Path) -> None:
    tree = page(relative)
    description = meta(tree, "description")
    assert description is not None
    assert description.startswith("On July 19, USIP held a full day conference")
    assert len(description) <= 300
    assert meta(tree, "og:title") == "Informal Markets and Peacebuilding in North Korea"
    assert meta(tree, "og:description") == description
    assert meta(tree, "og:type") == "website"
    assert meta(tree, "og:site_name") == "United States Institute of Peace"
    assert meta(tree, "twitter:card") == "summary"
    assert meta(tree, "twitter:title") == meta(tree, "og:title")
    assert meta(tree, "twitter:description") == description
    # Open Graph and canonical addresses must be full ones; without base_url there are none.
    assert meta(tree, "og:url") is None
    assert meta(tree, "og:image") is None
    assert tree.xpath('//link[@rel="canonical"]') == []
    assert meta(tree, "robots") is None


def test_previews_with_base_url(absolute: Path) -> None:
    tree = page(absolute)
    assert tree.xpath('//link[@rel="canonical"]/@href') == [BASE]
    assert meta(tree, "og:url") == BASE


def test_picture_in_previews(tmp_path: Path) -> None:
    project = make_project(tmp_path, FULL)
    tree = page(build_at(project, BEFORE, base_url="https://events.example.org/ws"))
    # The picture cut to the size link previews ask for, a file of its own.
    assert re.fullmatch(
        r"https://events\.example\.org/ws/static/banner-1200x630\.[0-9a-f]{10}\.jpg",
        meta(tree, "og:image") or "",
    )
    assert meta(tree, "twitter:image") == meta(tree, "og:image")
    assert meta(tree, "twitter:card") == "summary_large_image"


def test_favicon_is_linked_and_is_an_svg(relative: Path) -> None:
    tree = page(relative)
    icons = tree.xpath('//head/link[@rel="icon"]')
    assert [(i.get("href"), i.get("type")) for i in icons] == [
        ("static/favicon.svg", "image/svg+xml")
    ]
    svg = etree.parse(str(relative / "static" / "favicon.svg")).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 32 32"


def test_without_base_url_every_own_link_is_relative(relative: Path) -> None:
    """The site must work from any folder and from file://: no root-relative or own links."""
    tree = page(relative)
    own = []
    for element in tree.xpath("//*[@href or @src]"):
        address = element.get("href") or element.get("src")
        parts = urlsplit(address)
        if parts.scheme or address.startswith("#"):
            continue
        assert not address.startswith("/"), address
        own.append(address.split("#")[0])
    assert "static/site.css" in own
    assert "event.ics" in own
    for address in own:
        assert (relative / address).is_file(), address
    for anchor in tree.xpath("//a[starts-with(@href, '#')]/@href"):
        assert tree.xpath(f'//*[@id="{anchor[1:]}"]'), anchor


def test_sitemap_and_robots_with_base_url(absolute: Path) -> None:
    sitemap = etree.parse(str(absolute / "sitemap.xml")).getroot()
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert sitemap.tag == f"{namespace}urlset"
    assert [loc.text for loc in sitemap.iter(f"{namespace}loc")] == [BASE]
    robots = (absolute / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots == ["User-agent: *", "Allow: /", f"Sitemap: {BASE}sitemap.xml"]


def test_no_sitemap_without_base_url(relative: Path) -> None:
    # The sitemap protocol takes full addresses only.
    assert not (relative / "sitemap.xml").exists()
    robots = (relative / "robots.txt").read_text(encoding="utf-8")
    assert robots == "User-agent: *\nAllow: /\n"


def test_noindex_keeps_the_page_out_of_search(tmp_path: Path) -> None:
    project = make_project(tmp_path, event_extra="noindex: true")
    out = build_at(project, BEFORE, base_url=BASE)
    assert meta(page(out), "robots") == "noindex"
    assert not (out / "sitemap.xml").exists()
    # Crawlers may still fetch the page: one that may not would never see the noindex.
    assert "Disallow" not in (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap" not in (out / "robots.txt").read_text(encoding="utf-8")


def test_base_url_from_event_yaml(tmp_path: Path) -> None:
    project = make_project(tmp_path, event_extra="base_url: https://events.example.org/from-yaml")
    out = build_at(project, BEFORE)
    assert page(out).xpath('//link[@rel="canonical"]/@href') == [
        "https://events.example.org/from-yaml/"
    ]
    override = build_at(project, BEFORE, base_url=BASE, name="override")
    assert page(override).xpath('//link[@rel="canonical"]/@href') == [BASE]
