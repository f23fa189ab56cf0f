"""The user-facing error family: every mistake an editor can make, as one readable line.

Every message eventsite prints for a person is formatted here, by `line`:
`where: field: what is wrong; what to write instead`, where `where` is a file with its line and
column, or `error` when no file is to blame.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventsite.text import printable

MAX_PART = 300
"""The most characters of one part of a message: a message quotes a value, never all of it."""


def line(where: str, what: str, hint: str = "", field: str = "", warning: bool = False) -> str:
    """One message: "content/agenda.yaml:14:12: agenda[3].start: ...; ... (warning)"."""
    # Parts may quote what an editor wrote or a file's name: one short line, free of terminal
    # escapes and invisible characters, whatever they hold.
    where, what, hint, field = (short(printable(short(p))) for p in (where, what, hint, field))
    text = f"{where}: {field}: {what}" if field else f"{where}: {what}"
    if hint:
        text += f"; {hint}"
    return f"{text} (warning)" if warning else text


def short(text: str, limit: int = MAX_PART) -> str:
    """The text, or its start and end around an ellipsis if it is longer than `limit`."""
    if len(text) <= limit:
        return text
    return f"{text[: limit * 2 // 3]}…{text[-(limit // 3) + 1 :]}"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, located where the editor can find it."""

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    warning: bool = False

    def with_warning(self) -> Problem:
        """The same problem as a warning: worth fixing, but not stopping a build."""
        return Problem(self.file, self.line, self.column, self.field, self.message, self.hint,
                       True)  # fmt: skip

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return line(where, self.message, self.hint, self.field, self.warning)


class SiteError(Exception):
    """A mistake the user can fix; the CLI prints it without a traceback and exits non-zero."""

    exit_code = 1

    def __init__(self, what: str, hint: str = "", where: str = "error") -> None:
        super().__init__(line(where, what, hint))

    def lines(self) -> list[str]:
        """The message, one line per problem."""
        return [str(self)]


class ContentError(SiteError):
    """Every problem found in the content in one run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        Exception.__init__(self, "\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """One line per problem, in file and line order."""
        return [str(p) for p in self.problems]


class OutputError(SiteError):
    """The output folder cannot be used safely."""

    exit_code = 2
