"""The content fields the outputs read: each mistake an editor can make, as one exact line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventsite.errors import ContentError
from eventsite.load.event import load_site
from tests.outputs_support import EXAMPLE, FULL, make_project


def problems(tmp_path: Path, extra: str) -> list[str]:
    """The problems found after adding `extra` to the example's event.yaml.

    In the lines returned, "L+n" stands for the n-th added line's number, so that the tests do not
    depend on the length of the example's event.yaml.
    """
    lines_before = len((EXAMPLE / "event.yaml").read_text(encoding="utf-8").splitlines())
    project = make_project(tmp_path, event_extra=extra)
    with pytest.raises(ContentError) as caught:
        load_site(project)
    first_added = lines_before + 2  # make_project adds a line break, then the stripped text
    return [
        re.sub(r"^(content/event\.yaml):(\d+):",
               lambda m: f"{m[1]}:L+{int(m[2]) - first_added + 1}:", line)
        for line in caught.value.lines()
    ]  # fmt: skip


def test_base_url_must_be_a_full_address(tmp_path: Path) -> None:
    assert problems(tmp_path, "base_url: /markets/") == [
        'content/event.yaml:L+1:11: event.base_url: "/markets/" is not a full web address; '
        "write it with https://, e.g. https://events.example.org/markets/"
    ]


def test_registration_price_and_currency(tmp_path: Path) -> None:
    extra = """
registration:
  url: https://www.example.org/register
  price: 25 dollars
  currency: usd
"""
    assert problems(tmp_path, extra) == [
        'content/event.yaml:L+3:10: event.registration.price: "25 dollars" is not a price; '
        "write a number such as 0, 25 or 25.00, without the currency",
        'content/event.yaml:L+4:13: event.registration.currency: "usd" is not a currency code; '
        "write three capital letters, e.g. USD or EUR",
    ]


def test_a_price_needs_its_currency(tmp_path: Path) -> None:
    extra = """
registration:
  url: https://www.example.org/register
  price: "0"
"""
    assert problems(tmp_path, extra) == [
        "content/event.yaml:L+3:10: event.registration.price: has no currency; "
        "add currency: USD (or the code of the currency you charge in)"
    ]


def test_private_is_true_or_false(tmp_path: Path) -> None:
    project = make_project(tmp_path, FULL)
    speakers = project / "content" / "speakers.yaml"
    speakers.write_text(
        speakers.read_text(encoding="utf-8").replace("private: true", "private: yes"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_site(project)
    assert caught.value.lines() == [
        'content/speakers.yaml:22:12: speakers[4].private: "yes" is not true or false; '
        "write true or false"
    ]


def test_the_full_fixture_loads(tmp_path: Path) -> None:
    site = load_site(make_project(tmp_path, FULL))
    assert [s.id for s in site.speakers if s.private] == ["min-ji-pseudonym"]
    assert site.event.registration is not None
    assert site.event.registration.price == "25.00"
    # A slot's own date is used for its times, also when date comes after start and end.
    assert [f"{s.start:%Y-%m-%d %H:%M %Z}" for s in site.sessions][3] == "2031-03-30 09:00 CEST"
