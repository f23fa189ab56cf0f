"""The package's floor plan as the README draws it: every module listed there, each small and
opening with the one job it has."""

from __future__ import annotations

import ast
import re

from tests.conftest import REPO

SRC = REPO / "src" / "eventsite"
LONGEST = 450
"""Lines a module may have: more, and it no longer reads in one sitting."""


def _modules() -> set[str]:
    return {
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*.py")
        if p.name not in {"__init__.py", "__main__.py"}
    }


def _mapped() -> set[str]:
    """The modules README's map names: a file on its own line, or named in its folder's line."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("    src/eventsite/ ") :].split("\n\n", 1)[0].splitlines()[1:]
    found: set[str] = set()
    folders: list[tuple[int, str]] = []  # (indent, path) of the folders above this line
    for line in block:
        entry = re.match(r"( +)(\S+)\s*(?:\d+\s+)?(.*)", line)
        assert entry, f"not a line of the map: {line!r}"
        indent, name, job = len(entry[1]), entry[2], entry[3]
        if indent > 20:  # a job's continuation line: it may name a folder's files
            here = folders[-1][1] if folders else ""
            found |= {here + f for f in re.findall(r"\b\w+\.py\b", line)}
            continue
        while folders and folders[-1][0] >= indent:
            folders.pop()
        here = folders[-1][1] if folders else ""
        if name.endswith("/"):
            folders.append((indent, here + name))
            found |= {here + name + f for f in re.findall(r"\b\w+\.py\b", job)}
        else:
            found.add(here + name)
    return found


def test_the_readme_map_lists_every_module_and_no_other():
    modules, mapped = _modules(), _mapped()
    assert sorted(modules - mapped) == [], "modules the README's map does not list"
    assert sorted(mapped - modules) == [], "the README's map lists modules that do not exist"


def test_each_module_is_short_and_says_its_job_first():
    for path in sorted(SRC.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(SRC).as_posix()
        assert source.count("\n") <= LONGEST, f"{name} is over {LONGEST} lines: split it by job"
        doc = ast.get_docstring(ast.parse(source))
        assert doc, f"{name} does not open with its job"
