"""The editor's schema agrees with eventsite: every case of the schema corpus, opened in the real
YAML language server (VS Code's YAML extension), gets the loader's verdict and its words."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventsite.model import forms
from tests.test_schema import AGREE, BASE, LOADER_ONLY

from .editor import Editor, missing
from .site import PROJECT


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Editor, Path]]:
    problem = missing()
    if problem:
        pytest.fail(problem, pytrace=False)
    root = tmp_path_factory.mktemp("editor")
    (root / "content").mkdir()
    server = Editor(root)
    yield server, root
    server.close()


def lint(editor: tuple[Editor, Path], name: str, text: str) -> list[dict[str, Any]]:
    """What the editor underlines in content/NAME.yaml holding `text`, with its schema."""
    server, root = editor
    schema = (PROJECT / "schema" / f"{name}.schema.json").as_uri()
    body = textwrap.dedent(text).lstrip("\n")
    return server.diagnostics(
        root / "content" / f"{name}.yaml", f"# yaml-language-server: $schema={schema}\n{body}"
    )


EMPTY = ("event", "# nothing yet\n")
"""The one case the editor cannot judge: it does not hold an empty document to its schema, so
only `eventsite check` says "file is empty"."""


@pytest.mark.parametrize(("name", "text", "accepted"), AGREE)
def test_the_editor_gives_eventsites_verdict(
    editor: tuple[Editor, Path], name: str, text: str, accepted: bool
) -> None:
    found = lint(editor, name, text)
    if (name, text) == EMPTY:
        assert found == [], "the editor now judges empty files: move this case back to AGREE"
        return
    assert (not found) is accepted, [d["message"] for d in found]


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [c for c in LOADER_ONLY if "given twice" not in c[2] and "aliases" not in c[2]],
)  # YAML errors (a key twice, aliases) are the editor's YAML parser's to report, not the schema's
def test_what_only_eventsite_sees_passes_in_the_editor(
    editor: tuple[Editor, Path], name: str, text: str, why: str
) -> None:
    assert lint(editor, name, text) == [], why


def messages(editor: tuple[Editor, Path], name: str, text: str) -> list[str]:
    return [d["message"] for d in lint(editor, name, text)]


def test_the_editor_says_what_eventsite_says(editor: tuple[Editor, Path]) -> None:
    agenda = "- {start: %s, end: 10:00, kind: talk, title: A}"
    assert messages(editor, "agenda", agenda % "25:00") == [forms.CLOCK.message]
    assert messages(editor, "agenda", agenda % "8.30") == [forms.CLOCK.message]
    assert forms.CLOCK.message == "Not a time of day: write e.g. 9:00 AM, 09:00 or 13:15."
    event = BASE["event"]
    assert messages(editor, "event", event.replace("2030-05-01", "2011-02-30")) == [
        forms.DATE.message
    ]
    assert messages(editor, "event", event.replace("UTC", "EST")) == [
        f"Not a time zone: {forms.ZONE_HINT}."
    ]
    bad_link = event + "publications_url: javascript:alert(1)"
    assert messages(editor, "event", bad_link) == [forms.URL.message]
    assert messages(editor, "agenda", "- {start: 9:00, end: 10:00, kind: talk}") == [
        'Missing property "title".'
    ]
