"""The dev server makes the pages open in a browser first: the reload shows them while the
other pages, calendars and feeds are made, and a request for one of those waits for it."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from tornado.httpclient import AsyncHTTPClient
from tornado.web import Application

from eventsite.serve.server import Preview, SourceWatcher, WholeFile
from tests.conftest import NOW, REPO, copy_project
from tests.test_engine import _apply
from tests.test_serve_reuse import _served_is_clean

INSTITUTE = REPO / "examples" / "institute"
OPEN = "korea-forum-2026-spring/index.html"
OTHER = "korea-forum-2026-autumn/index.html"
"""Two events' pages that both name Hana Seo, with her position."""
PERSON = ("content/speakers.yaml", "Senior Fellow, Korea Program", "Senior Fellow, Korea Desk")


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    root = copy_project(INSTITUTE, tmp_path / "project").root
    shutil.copytree(REPO / "templates", root / "templates")
    shown = Preview(root, tmp_path / "preview", now=NOW)
    assert shown.rebuild(), shown.errors
    shown.finish()
    return shown


def _page(preview: Preview, name: str) -> str:
    return (preview.out / name).read_text(encoding="utf-8")


def _files(preview: Preview) -> set[str]:
    return {str(p.relative_to(preview.out)) for p in preview.out.rglob("*") if p.is_file()}


def test_the_open_page_is_made_first_and_every_other_file_follows(
    preview: Preview, tmp_path: Path
) -> None:
    files = _files(preview)
    preview.viewing(OPEN)
    _apply(preview.project, *PERSON)
    assert preview.rebuild(), preview.errors
    # What the reload shows is the new page; the others are the last build's until made again.
    assert "Korea Desk" in _page(preview, OPEN)
    assert "Korea Desk" not in _page(preview, OTHER)
    assert _files(preview) == files, "no file of the last build is taken away meanwhile"
    assert preview.pending(OTHER)
    assert preview.pending("people/index.html")
    assert preview.pending("korea-forum-2026-spring/event.ics")
    assert not preview.pending(OPEN)
    assert not preview.pending("static/site.css"), "the page's own stylesheet is served at once"
    preview.finish()
    assert "Korea Desk" in _page(preview, OTHER)
    assert not preview.pending(OTHER)
    _served_is_clean(preview, preview.project, tmp_path / "clean")


def test_with_no_page_open_every_page_is_made_before_the_reload(preview: Preview) -> None:
    preview.viewing("a-page-the-site-does-not-have.html")
    _apply(preview.project, *PERSON)
    assert preview.rebuild(), preview.errors
    assert "Korea Desk" in _page(preview, OPEN)
    assert "Korea Desk" in _page(preview, OTHER)
    assert not preview.pending(OTHER)


def test_a_broken_save_leaves_nothing_waiting(preview: Preview) -> None:
    preview.viewing(OPEN)
    _apply(preview.project, *PERSON)
    assert preview.rebuild()
    assert preview.pending(OTHER)
    _apply(preview.project, "content/speakers.yaml", "Korea Desk", "Korea Desk\n  - [")
    assert not preview.rebuild()
    assert not preview.pending(OTHER), "the last good files are all there is to serve"


def test_a_request_for_a_file_being_made_again_waits_for_it(preview: Preview) -> None:
    """Served by the dev server's own handler: a page asked for is noted as open (not one the
    site does not have), and a page still to be made after a save is served once it is made,
    not as it was."""
    watcher = SourceWatcher(preview.project, preview)
    handler = type("PreviewFile", (WholeFile,), {"preview": preview, "settled": watcher.settled})

    async def scenario() -> None:
        app = Application([(r"/(.*)", handler, {"path": str(preview.out),
                                                "default_filename": "index.html"})])  # fmt: skip
        server = app.listen(0, "127.0.0.1")
        port = next(iter(server._sockets.values())).getsockname()[1]
        client = AsyncHTTPClient(force_instance=True)

        async def get(path: str) -> str:  # one connection per request, closed by both ends
            url, close = f"http://127.0.0.1:{port}/{path}", {"Connection": "close"}
            return (await client.fetch(url, headers=close, raise_error=False)).body.decode()

        try:
            await get(OPEN.removesuffix("index.html"))  # the browser opens the event's page
            assert preview.viewed[0] == OPEN
            await get("no-such-page.html")  # a mistyped address: a 404, not a page to make first
            assert preview.viewed == (OPEN,)
            _apply(preview.project, *PERSON)
            assert preview.rebuild(), preview.errors
            assert "Korea Desk" in await get(OPEN), "the open page is served at once"
            other = asyncio.ensure_future(get(OTHER))
            await asyncio.sleep(0.5)
            assert not other.done(), "a page still being made is not served as it was"
            preview.finish()
            watcher.settled.notify_all()
            assert "Korea Desk" in await asyncio.wait_for(other, 60)
        finally:
            server.stop()
            await server.close_all_connections()
            client.close()
            await asyncio.sleep(0.1)  # the streams' own closing callbacks

    asyncio.run(scenario())
