"""Layout in a real browser: no sideways scrolling, zoom, and a clean load."""

from __future__ import annotations

import pytest

from .conftest import PHONE, WIDTHS, Visit


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in found.items())


def test_every_page_loads_without_console_errors_or_failed_requests(visits: list[Visit]) -> None:
    found = {v.where: v.problems for v in visits if v.problems}
    assert not found, report(found)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(visits: list[Visit], width: int) -> None:
    found = {v.where: v.overflow[width] for v in visits if v.overflow[width]}
    assert not found, f"at {width}px:\n" + report(found)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_time_of_day_is_broken_over_two_lines(visits: list[Visit], width: int) -> None:
    found = {v.where: v.broken_times[width] for v in visits if v.broken_times[width]}
    assert not found, f"at {width}px:\n" + report(found)


def test_page_zoomed_to_200_percent_still_fits(visits: list[Visit]) -> None:
    found = {v.where: v.zoomed for v in visits if v.zoomed}
    assert not found, "1280px window at 200% zoom (640 CSS px):\n" + report(found)


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_text_at_200_percent_still_fits(visits: list[Visit], width: int) -> None:
    found = {v.where: v.big_text[width] for v in visits if v.big_text[width]}
    assert not found, f"text at 200% at {width}px:\n" + report(found)
