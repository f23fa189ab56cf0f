"""Every page names its own address with base_url: one rel=canonical, the same address in the
sitemap, and for an event in several languages hreflang alternates with an x-default."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html

from eventsite.build import build
from tests.conftest import NOW, REPO
from tests.test_catalog import NOW as SITE_NOW

BASE = "https://events.example.org/here/"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(
    scope="module",
    params=["", "examples/summit", "examples/seoul-workshop", "examples/institute"],
)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("addresses") / "site"
    now = SITE_NOW if request.param.endswith("institute") else NOW
    build(REPO / request.param, out, now=now, base_url=BASE, cache=False)
    return out


def _pages(out: Path) -> dict[str, html.HtmlElement]:
    return {str(p.relative_to(out)): html.fromstring(p.read_bytes()) for p in out.rglob("*.html")}


def _address(path: str) -> str:
    return BASE + path.removesuffix("index.html")


def test_every_indexable_page_names_its_own_address_and_the_sitemap_lists_it(built: Path) -> None:
    listed = etree.parse(str(built / "sitemap.xml")).xpath("//s:loc/text()", namespaces=SITEMAP)
    assert not [url for url in listed if url.endswith("index.html")]
    canonical = {}
    for path, page in _pages(built).items():
        links = page.xpath("//head/link[@rel='canonical']/@href")
        hidden = page.xpath("//head/meta[@name='robots'][contains(@content, 'noindex')]")
        assert len(links) == (0 if hidden else 1), path
        if links:
            assert links[0] == _address(path), path
            canonical[path] = links[0]
    assert sorted(listed) == sorted(canonical.values())


def test_each_language_s_page_has_its_alternates_and_an_x_default(built: Path) -> None:
    for path, page in _pages(built).items():
        alternates = dict(
            zip(page.xpath("//head/link[@rel='alternate'][@hreflang]/@hreflang"),
                page.xpath("//head/link[@rel='alternate'][@hreflang]/@href"), strict=True)
        )  # fmt: skip
        if not alternates:
            continue
        first = next(iter(alternates.values()))
        assert alternates["x-default"] == first, path
        assert page.xpath("//head/link[@rel='canonical']/@href")[0] in alternates.values(), path
