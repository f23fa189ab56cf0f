"""The user-facing error family: every mistake an editor can make, as one readable line."""

from __future__ import annotations

from dataclasses import dataclass


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

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        if self.hint:
            text += f"; {self.hint}"
        return f"{text} (warning)" if self.warning else text


class SiteError(Exception):
    """A mistake the user can fix; the CLI prints it without a traceback and exits non-zero."""

    exit_code = 1

    def lines(self) -> list[str]:
        """The message, one line per problem."""
        return [str(self)]


class ContentError(SiteError):
    """Every problem found in the content in one run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """One line per problem, in file and line order."""
        return [str(p) for p in self.problems]


class OutputError(SiteError):
    """The output folder cannot be used safely."""

    exit_code = 2
