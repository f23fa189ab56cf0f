"""Checks that need the whole site at once: the schedule, people and panels left off it.

The loader has already read every record and resolved every id; these checks judge the records
together. Each problem points at the line the editor should change, using the positions the
loader recorded by field path (`agenda[3].start`). Times are compared in UTC, never by their
wall clocks, so a slot across midnight or a daylight-saving change is judged by real time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from pathlib import Path

import yaml
from babel import Locale

from eventsite import i18n
from eventsite.errors import Problem
from eventsite.load.yamlfile import Document, Position
from eventsite.load.yamlfile import problem as located
from eventsite.model import Session, Site, ToCome, Venue
from eventsite.model.forms import LANGUAGE
from eventsite.text import clock, duration


def check_site(
    site: Site,
    where: Mapping[str, Position],
    origins: Sequence[tuple[str, int]] | None = None,
    texts: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Every problem found across records, errors and warnings, in file and line order.

    `origins` gives, for each of `site.sessions`, its path and which list (a file, a group) it
    is written in; without it, the sessions are one list: agenda[1], agenda[2] ... `texts`
    gives times of day as the editor wrote them, by path, for hints in the same words.
    """
    report = Report(where)
    if origins is None:
        origins = [(f"agenda[{n}]", 0) for n in range(1, len(site.sessions) + 1)]
    placed = zip(site.sessions, origins, strict=True)
    slots = [
        _Slot(s, path, where.get(path, ("", 0, 0)), written_in, s.venue or site.event.venue)
        for s, (path, written_in) in placed
    ]
    _clock_changes(report, slots)
    _days(report, site, slots)
    possible = _impossible(report, slots, texts or {})
    _segments(report, possible)
    _order(report, possible, several_days=len(site.event.days) > 1)
    by_time = sorted(possible, key=lambda slot: (slot.start, slot.place))
    _overlaps(report, by_time)
    _gaps(report, by_time)
    _session_ids(report, slots)
    _unused(report, site)
    return sorted(report.problems)


@dataclass(frozen=True)
class _Slot:
    """A session with where it is written, the list it is written in, and its times in UTC."""

    session: Session
    path: str
    place: Position
    written_in: int
    """Which list (a file, or a group) the session is written in."""
    venue: Venue | None

    @cached_property  # asked for many times while sorting and comparing
    def start(self) -> datetime:
        return self.session.start.astimezone(UTC)

    @cached_property
    def end(self) -> datetime:
        """Its end; its start for a session with no published end, which claims no time."""
        return (self.session.end or self.session.start).astimezone(UTC)

    @property
    def day(self) -> date:
        return self.session.start.date()

    def times(self) -> str:
        if self.session.end is None:
            return clock(self.session.start)
        return f"{clock(self.session.start)} - {clock(self.session.end)}"


def at(
    where: Mapping[str, Position], path: str, message: str, hint: str, warning: bool = False
) -> Problem:
    """A problem at the field `path`, placed where it was read (`where`, by path); a field that
    was not written (a slot without date:) at its record."""
    place = path
    while place not in where and "." in place:
        place = place.rsplit(".", 1)[0]
    file, line, column = where.get(place, ("content", 0, 0))
    return Problem(file, line, column, path, message, hint, warning)


class Report:
    """The problems found, each at the line of the field it names (or of its record)."""

    def __init__(self, where: Mapping[str, Position]) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, hint: str, warning: bool = False) -> None:
        self.problems.append(at(self.where, path, message, hint, warning))


def check_to_come(
    site: Site, where: Mapping[str, Position], found: Sequence[tuple[str, ToCome]]
) -> list[Problem]:
    """Each group saying more sessions are to come (more_to_come) on a day the event does
    not have, or on no day that can be told."""
    report = Report(where)
    days = site.event.days
    span = f"{days[0]}" if len(days) == 1 else f"{days[0]} to {days[-1]}"
    announced = {s.start.date() for s in site.sessions}  # a session's own line says its day
    for path, more in found:
        if more.date is None and len(days) > 1:
            report.add(f"{path}.more_to_come", "the group has neither sessions nor a date, so "
                       "it names no day on which more are to come",
                       f"add date: with one of the event's days ({span})")  # fmt: skip
        elif more.date is not None and more.date not in days and more.date not in announced:
            report.add(f"{path}.date", f"{more.date} is not a day of the event ({span})",
                       "correct the date, or change date or end_date in event.yaml")  # fmt: skip
    return report.problems


def _clock_changes(report: Report, slots: list[_Slot]) -> None:
    for slot in slots:
        for name, moment in (("start", slot.session.start), ("end", slot.session.end)):
            if moment is None:
                continue
            zone = moment.tzinfo
            real = moment.astimezone(UTC).astimezone(zone)
            if real.replace(tzinfo=None) != moment.replace(tzinfo=None):
                report.add(f"{slot.path}.{name}", f"{clock(moment)} does not exist on "
                           f"{moment.date()} in {zone}: the clocks skip that hour",
                           "choose a time outside the skipped hour")  # fmt: skip
            elif moment.replace(fold=1).utcoffset() != moment.utcoffset():
                report.add(f"{slot.path}.{name}", f"{clock(moment)} happens twice on "
                           f"{moment.date()} in {zone} (the clocks go back); it is read as the "
                           f"first time, {moment.tzname()}", "choose a time outside the repeated "
                           "hour to avoid confusion", warning=True)  # fmt: skip


def _days(report: Report, site: Site, slots: list[_Slot]) -> None:
    days = site.event.days
    span = f"{days[0]}" if len(days) == 1 else f"{days[0]} to {days[-1]}"
    for slot in slots:
        if slot.day not in days:
            report.add(f"{slot.path}.date", f"{slot.day} is not a day of the event ({span})",
                       "correct the date, or change date or end_date in event.yaml")  # fmt: skip
        end_day = (slot.session.end or slot.session.start).date()
        if end_day > slot.day + timedelta(days=1):
            report.add(f"{slot.path}.end_date", f"the slot would run from {slot.day} to "
                       f"{end_day}; a slot can run past midnight into the next day, no longer",
                       "split it into one slot per day")  # fmt: skip


def _impossible(report: Report, slots: list[_Slot], texts: Mapping[str, str]) -> list[_Slot]:
    """Report each slot that runs into the next day's agenda, on its own line; return the others.

    (A slot that ends before it starts or runs longer than twelve hours is already refused as
    the file is read.) Such a slot is a typo more often than not, an end_date too many; it is
    left out of the checks that compare slots, which would otherwise blame the slots after it.
    """
    by_day: dict[date, list[_Slot]] = {}
    for slot in sorted(slots, key=lambda s: s.start):
        by_day.setdefault(slot.day, []).append(slot)
    possible = []
    for slot in slots:
        following = None
        if slot.end.astimezone(slot.session.start.tzinfo).date() > slot.day:  # past midnight
            for other in by_day.get(slot.day + timedelta(days=1), []):
                if other.start >= slot.end:
                    break  # the next day's slots are in time order
                if not _parallel(slot, other)[0]:
                    following = other
                    break
        if following is None:
            possible.append(slot)
            continue
        ends = slot.end.astimezone(slot.session.start.tzinfo)
        written_end = texts.get(f"{slot.path}.end", clock(ends))
        report.add(f"{slot.path}.end", f"ends at {written_end} on {ends.date()}, "
                   f"after the next day's agenda begins ({following.path} at "
                   f"{clock(following.session.start)})",
                   "end it before then, or check end_date")  # fmt: skip
    return possible


def _segments(report: Report, slots: list[_Slot]) -> None:
    for slot in slots:
        session = slot.session
        latest = session.start
        for number, segment in enumerate(session.segments, 1):
            path = f"{slot.path}.segments[{number}]"
            for name, moment in (("start", segment.start), ("end", segment.end)):
                if moment is None:
                    continue
                if moment < session.start or session.end is not None and moment > session.end:
                    report.add(f"{path}.{name}", f"{clock(moment)} is outside its session "
                               f"({slot.times()})", "correct the time, or the session's start or "
                               "end")  # fmt: skip
                    continue
                if moment < latest:
                    report.add(f"{path}.{name}", f"{clock(moment)} comes before the part above "
                               f"it ({clock(latest)})", "keep the segments in time "
                               "order")  # fmt: skip
                latest = max(latest, moment)


def _order(report: Report, slots: list[_Slot], several_days: bool) -> None:
    """Each list (a file, a group) is written in time order; lists may interleave."""
    latest: dict[int, _Slot] = {}
    for slot in sorted(slots, key=lambda s: s.place):
        last = latest.get(slot.written_in)
        if last is not None and slot.start < last.start:
            if several_days and slot.session.date is None and last.day > slot.day:
                report.add(f"{slot.path}.date", f"has no date, so it is on the first day "
                           f"({slot.day}), though {last.path} above it is on {last.day}",
                           f"add date: {last.day} (or the slot's own day)")  # fmt: skip
            else:
                report.add(f"{slot.path}.start", f"starts at {clock(slot.session.start)} on "
                           f"{slot.day}, before {last.path} above it ({clock(last.session.start)}"
                           f" on {last.day})", "keep the agenda in time order: move this slot "
                           "up")  # fmt: skip
        if last is None or slot.start >= last.start:
            latest[slot.written_in] = slot


def _parallel(a: _Slot, b: _Slot) -> tuple[bool, str]:
    """Whether two slots may share time, and why not when they may not."""
    if a.venue != b.venue:
        return True, ""
    one, two = a.session, b.session
    if one.room and two.room:
        return one.room != two.room, f'both are in the room "{one.room}"'
    if one.track and two.track:
        return one.track != two.track, f'both are in the track "{one.track}"'
    return False, ""


def _overlaps(report: Report, by_time: list[_Slot]) -> None:
    running: list[_Slot] = []
    for slot in by_time:
        if slot.session.end is None:
            continue  # it claims no time, so it shares none: "check-in opens" during a talk
        running = [other for other in running if other.end > slot.start]
        for other in running:
            parallel, why = _parallel(other, slot)
            if parallel:
                continue
            later, earlier = (slot, other) if slot.place > other.place else (other, slot)
            what = f"overlaps {earlier.path} ({earlier.times()} on {earlier.day})"
            hint = (
                f"move one of them; {why}"
                if why
                else f"start it at {clock(earlier.session.end or earlier.session.start)} or "
                "later, or give both "
                "slots different rooms or tracks"
            )
            report.add(f"{later.path}.start", what, hint)
            break  # one overlap per slot is enough to find it
        running.append(slot)


def _gaps(report: Report, by_time: list[_Slot]) -> None:
    covered: datetime | None = None
    day: date | None = None
    last: _Slot | None = None  # the slot that ends last so far
    for slot in by_time:
        if slot.day != day:
            covered, day = None, slot.day
        # Time before a slot at another venue is time to get there, not a hole in the agenda.
        elsewhere = last is not None and last.venue != slot.venue
        intended = slot.session.gap_before
        if covered is not None and slot.start > covered and not elsewhere and not intended:
            minutes = (slot.start - covered) // timedelta(minutes=1)
            since = clock(covered.astimezone(slot.session.start.tzinfo))
            report.add(f"{slot.path}.start", f"{duration(minutes)} with nothing on the agenda "
                       f"before this slot ({since} - {clock(slot.session.start)})",
                       f"add a slot (a break, say), or start this one at {since}",
                       warning=True)  # fmt: skip
        if slot.session.end is None and (covered is None or slot.start >= covered):
            covered, last = None, slot  # what follows it is not known: no gap can be told
        elif covered is None or slot.end >= covered:
            covered, last = slot.end, slot


def _session_ids(report: Report, slots: list[_Slot]) -> None:
    first: dict[str, _Slot] = {}
    for slot in slots:
        ident = slot.session.id
        if ident is None:
            continue
        if ident in first:
            report.add(f"{slot.path}.id", f'duplicate id "{ident}", already used by '
                       f"{first[ident].path}", "give each slot its own id")  # fmt: skip
        else:
            first[ident] = slot


def _unused(report: Report, site: Site) -> None:
    on_agenda = {s.panel.id for s in site.sessions if s.panel is not None}
    people = {a.speaker.id for s in site.sessions for a in s.people}
    for number, panel in enumerate(site.panels, 1):
        if panel.id not in on_agenda:
            report.add(f"panels[{number}].id", f'panel "{panel.id}" is on no agenda slot, so '
                       "the page does not show it", f"add a slot with panel: {panel.id} to "
                       "agenda.yaml, or remove the panel", warning=True)  # fmt: skip
        elif panel.moderator is None and panel.moderator_published:
            report.add(f"panels[{number}]", "has no moderator", "add moderator: <speaker id>, "
                       "or moderator_published: false if the source names none",
                       warning=True)  # fmt: skip
    for number, speaker in enumerate(site.speakers, 1):
        if speaker.id not in people:
            report.add(f"speakers[{number}].id", f'"{speaker.id}" is in no agenda slot and on no '
                       "panel on the agenda", "add them to a slot's speakers or a panel, or "
                       "remove the entry", warning=True)  # fmt: skip


# -- an event in several languages ------------------------------------------------------------


def check_languages(
    docs: Mapping[str, Document], languages: Sequence[str], folder: Path, shown: str
) -> list[Problem]:
    """Texts an event in several languages lacks in one of them, as warnings: a text given per
    language without one of the event's, and an about.md without its about.<language>.md. The
    page in that language shows the first language's text meanwhile."""
    if len(languages) < 2:
        return []
    found: list[Problem] = []
    for doc in docs.values():
        if doc.root is not None:
            root = doc.shown.removeprefix(f"{shown}/").removesuffix(".yaml")
            for path, node, keys in _texts(doc.root, root):
                given = {i18n.matching(key, languages) for key in keys}
                for tag in languages:
                    if tag not in given:
                        found.append(located(doc.shown, node, path, f"has no text in {tag}",
                                             f"add {tag}: with the {_name(tag)} text; until "
                                             f"then the {tag} page shows the "
                                             f"{languages[0]} one").with_warning())  # fmt: skip
    about = folder / "about.md"
    if about.is_file() and about.stat().st_size:
        for tag in languages[1:]:
            if not (folder / f"about.{tag}.md").is_file():
                found.append(Problem(f"{shown}/about.{tag}.md", 0, 0, "", "is missing: the "
                                     f"{tag} page shows about.md", f"add it, with the "
                                     f"{_name(tag)} text of about.md", True))  # fmt: skip
    return found


def _texts(node: yaml.Node, path: str) -> Iterator[tuple[str, yaml.Node, set[str]]]:
    """Each text given per language below a node, with its path and the languages it has: a
    set of fields whose names are all languages (en:, ko:) and whose values are texts."""
    if isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value, 1):
            yield from _texts(item, f"{path}[{number}]")
    elif isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        scalars = all(isinstance(v, yaml.ScalarNode) for _, v in node.value)
        if keys and scalars and all(LANGUAGE.matches(k) for k in keys):
            yield path, node, set(keys)
            return
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _texts(value, f"{path}.{key.value}" if path else str(key.value))


def _name(tag: str) -> str:
    """A language's name in English, for a message: "Korean"."""
    return Locale.parse(tag, sep="-").get_display_name("en") or tag
