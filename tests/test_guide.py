"""The editors' guide: its field tables are current and every example in it is valid."""

from __future__ import annotations

import re

import pytest

from eventsite.tools.schema import FILES, update_guide
from tests.conftest import REPO
from tests.guide import GUIDE
from tests.test_schema import schema_accepts

EXAMPLES = re.findall(r"```yaml\n# content/(\w+)\.yaml\n(.*?)```", GUIDE.read_text(), re.DOTALL)


def test_field_tables_are_current() -> None:
    text = GUIDE.read_text()
    assert update_guide(text) == text, "run `make guide` and commit docs/editing.md"
    assert text.count("<!-- fields: ") == len(FILES)


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_every_example_matches_the_schema(name: str, example: str) -> None:
    assert schema_accepts(name, example)


def test_examples_cover_every_file() -> None:
    assert {name for name, _ in EXAMPLES} == set(FILES)


def test_readme_links_the_guide() -> None:
    assert "(docs/editing.md)" in (REPO / "README.md").read_text()
