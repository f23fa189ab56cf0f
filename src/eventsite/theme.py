"""Where a project's templates and static files come from: its own folders, then the default theme.

A project may hold only content/: the default theme (the repository's templates/ and static/,
packaged inside the wheel as eventsite/theme/) fills in the rest. A project's own template
replaces the theme's template of the same name, and its static files are copied over the theme's.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def default_theme() -> Path:
    """The folder holding the default templates/ and static/."""
    checkout = _PACKAGE.parents[1]  # src/eventsite/ -> the repository
    if (checkout / "pyproject.toml").is_file() and (checkout / "templates").is_dir():
        # A source checkout, installed editable or not: its own templates, never a copy of them.
        return checkout
    return _PACKAGE / "theme"  # an installed wheel carries a copy


def template_folders(project: Path) -> list[Path]:
    """Folders to look for templates in, the project's own first."""
    return _layers(project, "templates")[::-1]


def static_folders(project: Path) -> list[Path]:
    """Folders whose files are copied to static/, in order: later files replace earlier ones."""
    return _layers(project, "static")


def _layers(project: Path, name: str) -> list[Path]:
    theme, own = default_theme() / name, project / name
    layers = [theme] if theme.is_dir() else []
    # A project folder that is a symlink is refused by the loader (sources.py); it is never
    # a layer, so that nothing is copied through it even while the error is shown.
    if own.is_dir() and not own.is_symlink() and own.resolve() not in {p.resolve() for p in layers}:
        layers.append(own)
    return layers
