"""The dev server fingerprints what a page read when that page is made: the pages open in a
browser pay for what they read before the reload, and the other pages for the rest after it;
however late a fingerprint is worked out, a step is judged on the same one."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eventsite.load.site import load_project
from eventsite.model import Session
from eventsite.outputs.common import Settings
from eventsite.plan import event as plan_event
from eventsite.plan.event import Known, Plan
from eventsite.plan.site import Kept, plan_catalog
from eventsite.serve.server import Preview
from tests.conftest import NOW, REPO, copy_project
from tests.test_engine import _apply
from tests.test_engine import project as project  # noqa: F401 - the summit, as a fixture

OPEN = "speakers/nadia-haddad.html"
HER = ("content/speakers.yaml", "  position: Secretary-General", "  position: Chief Executive")
LATER = ("roles", "speaker_pages", "session_pages", "online", "afterwards", "calendar")
"""The names worked out when first asked: each key of the maps, each slot's calendar links."""


def _spy(
    monkeypatch: pytest.MonkeyPatch, owner: object, name: str, noted: Callable[..., Any]
) -> list[Any]:
    """What `noted` takes of each call of `owner.name` from now on (its result: None), in order."""
    seen: list[Any] = []
    real = getattr(owner, name)

    def noting(*args: Any, **kwargs: Any) -> Any:
        made = real(*args, **kwargs)
        seen.append(noted(made, *args, **kwargs))
        return made

    monkeypatch.setattr(owner, name, noting)
    return seen


@pytest.fixture
def plans(monkeypatch: pytest.MonkeyPatch) -> list[Plan]:
    """Every plan of an event made from now on, in order."""
    return _spy(monkeypatch, plan_event, "plan", lambda made, *_, **__: made)


@pytest.fixture
def joined(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path made a full address from now on (a page's own, for its canonical link)."""
    return _spy(monkeypatch, Settings, "absolute", lambda _, __, path="": path)


@pytest.fixture
def offers(monkeypatch: pytest.MonkeyPatch) -> list[Session]:
    """Each session whose ways to take part online were worked out, from now on."""
    return _spy(monkeypatch, plan_event, "of_session", lambda _, __, session: session)


@pytest.fixture
def saved(
    project: Path, tmp_path: Path, plans: list[Plan], joined: list[str], offers: list[Session]
) -> Preview:
    """The dev server just after a save to a speaker's position, her page open in a browser:
    that page made and written, the others still to make."""
    preview = Preview(project, tmp_path / "preview", now=NOW)
    assert preview.rebuild(), preview.errors
    preview.finish()
    joined.clear()
    offers.clear()
    preview.viewing(OPEN)
    _apply(project, *HER)
    assert preview.rebuild(), preview.errors
    return preview


def _worked_out(plan: Plan) -> set[str]:
    return {name for name in plan.table.fingerprints if name.partition("[")[0] in LATER}


def test_the_open_page_pays_only_for_what_it_reads(
    saved: Preview, plans: list[Plan], joined: list[str], offers: list[Session]
) -> None:
    preview = saved
    plan = plans[-1]
    judged = {page.path for page in plan.pages if page.known_local() is not None}
    assert judged == {OPEN}, "no other page's own values are fingerprinted before the reload"
    pages = {page.path for page in plan.pages}
    assert OPEN in joined
    assert pages.intersection(joined) == {OPEN}, "nor any other page's address made whole"
    assert not offers, "nor the ways to follow each session online, which her page leaves out"
    read = set(preview.memo.steps[f"page:{OPEN}"].deps)
    assert "roles[nadia-haddad]" in _worked_out(plan)
    assert _worked_out(plan) <= read, "nothing the page did not read"
    preview.finish()
    assert all(page.known_local() is not None for page in plan.pages), "the others after the reload"
    assert len(_worked_out(plan)) > len(read), "and what they read"
    assert len(offers) == len(plan.slots), "each session's ways once, for the agenda"


def test_each_step_is_kept_with_the_prints_of_what_it_read(
    saved: Preview, plans: list[Plan], tmp_path: Path
) -> None:
    """The pages a save makes first, then the rest, are kept with the fingerprints the names
    they read have, none a placeholder for one not worked out yet; the very ones a preview
    that made the whole site at once keeps."""
    preview = saved
    preview.finish()
    plan, kept = plans[-1], preview.memo.steps
    for page in plan.pages:
        deps = kept[f"page:{page.path}"].deps
        assert deps == {name: page.local.get(name) or plan.table.fingerprint(name)
                        for name in deps}  # fmt: skip
    whole = Preview(preview.project, tmp_path / "whole", now=NOW)
    assert whole.rebuild(), whole.errors
    whole.finish()
    made = whole.memo.steps
    assert kept.keys() <= made.keys()
    assert {key: kept[key].deps for key in kept} == {key: made[key].deps for key in kept}


INSTITUTE = REPO / "examples" / "institute"


def test_a_kept_plan_works_out_what_it_left_with_the_records_it_was_made_of(
    tmp_path: Path,
) -> None:
    """The dev server keeps each unchanged event's plan from one build to the next, with the
    next load's prints: what the plan left for later is worked out as when it was made, never
    from records a later load no longer knows (a miss for every page that read them)."""
    project = copy_project(INSTITUTE, tmp_path / "project").root
    kept = Kept()
    first = load_project(project)
    plan_catalog(first.content, NOW, known=Known(first.prints), kept=kept)  # none worked out
    again = load_project(project)  # the same text read again: other records, other prints
    planned = plan_catalog(again.content, NOW, known=Known(again.prints), kept=kept).events
    fresh = plan_catalog(again.content, NOW, known=Known(again.prints)).events
    for part, new in zip(planned, fresh, strict=True):
        assert part.site is not new.site, "planned from the first load's records, and kept"
        assert [page.local for page in part.plan.pages] == [page.local for page in new.plan.pages]
        new.plan.table.settle()
        names = new.plan.table.fingerprints
        assert {name: part.plan.table.fingerprint(name) for name in names} == names


def test_a_plan_left_behind_is_freed_without_the_collector(
    saved: Preview, plans: list[Plan]
) -> None:
    """The dev server drops its last plan at each save. Nothing of a plan may hold a cycle
    back to its table: the table would stay, with every fingerprint it worked out, until the
    collector's rare full pass (its memory at L rose by 20 MiB over 16 saves)."""
    preview = saved
    preview.finish()
    table = weakref.ref(plans[-1].table)
    assert any(name.startswith("calendar[") for name in plans[-1].table.fingerprints)
    gc.disable()  # as the dev server's rebuilds run
    try:
        gc.collect(1)  # after each save: what lives on, the plan, is old from now on
        plans.clear()
        _apply(preview.project, *HER[:1], HER[2], HER[1])  # and back
        assert preview.rebuild(), preview.errors
        preview.finish()
        gc.collect(1)  # the young objects only, as the dev server after each save
        assert table() is None
    finally:
        gc.enable()
