"""Checks that need the whole site at once: the schedule, people and panels left off it.

The loader has already read every record and resolved every id; these checks judge the records
together. Each problem points at the line the editor should change, using the positions the
loader recorded by field path (`agenda[3].start`). Times are compared in UTC, never by their
wall clocks, so a slot across midnight or a daylight-saving change is judged by real time.

The schedule's checks read only what `_Slot` holds of each session; the dev server's next load
gives back what they found while every slot is the same (`Judged`), without judging again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cached_property

from eventsite.errors import Problem
from eventsite.load.yamlfile import Position
from eventsite.model import Session, Site, ToCome, Venue
from eventsite.text import clock, duration


def check_site(
    site: Site,
    where: Mapping[str, Position],
    origins: Sequence[tuple[str, int]] | None = None,
    texts: Mapping[str, str] | None = None,
    last: Judged | None = None,
) -> tuple[list[Problem], Judged]:
    """Every problem found across records, errors and warnings, in file and line order; and
    the schedule as judged, for the next load (the dev server's) to give `last`.

    `origins` gives, for each of `site.sessions`, its path and which list (a file, a group) it
    is written in; without it, the sessions are one list: agenda[1], agenda[2] ... `texts`
    gives times of day as the editor wrote them, by path, for hints in the same words. While
    every slot is as `last` judged it, its problems are given again, each placed where its
    field is now: an edit to a person or a title, or a line added above, changes no slot.
    """
    if origins is None:
        origins = [(f"agenda[{n}]", 0) for n in range(1, len(site.sessions) + 1)]
    slots = _slots(site, where, origins, texts or {}, last)
    judged = Judged(slots, site.event.days, site.sessions)
    if last is not None and (last.slots, last.days) == (judged.slots, judged.days):
        judged = last
    else:
        schedule = Report(where)
        _schedule(schedule, slots, site.event.days)
        judged = replace(judged, found=tuple(schedule.said))
    report = Report(where)
    for said in judged.found:  # placed where their fields are now
        report.add(*said)
    _unused(report, site)
    return sorted(report.problems), judged


def _schedule(report: Report, slots: Sequence[_Slot], days: tuple[date, ...]) -> None:
    """The checks of the agenda's slots: they read nothing but what `_Slot` holds."""
    _clock_changes(report, slots)
    _days(report, days, slots)
    possible = _impossible(report, slots)
    _segments(report, possible)
    _order(report, possible, several_days=len(days) > 1)
    by_time = sorted(possible, key=lambda slot: (slot.start, slot.rank))
    _overlaps(report, by_time)
    _gaps(report, by_time)
    _session_ids(report, slots)


@dataclass(frozen=True)
class _Slot:
    """What the checks read of a session: its times, where it takes place, its id; with its
    path, the list it is written in, and its rank among the places slots are written at
    (compared, never shown: lines move when a line is added above)."""

    path: str
    written_in: int
    """Which list (a file, or a group) the session is written in."""
    rank: int
    begins: datetime  # as written, in the event's zone
    ends: datetime | None
    dated: bool  # whether it gives its date
    venue: Venue | None
    room: str | None
    track: str | None
    gap_before: bool
    ident: str | None
    segments: tuple[tuple[datetime | None, datetime | None], ...]
    written_end: str | None  # its end as the editor wrote it
    zones: tuple[tuple[tzinfo | None, int], ...]
    """The zone and fold of each of its times: times in one zone compare by their clocks,
    in two zones by the moment, which two zones' clocks may share."""

    @cached_property  # asked for many times while sorting and comparing
    def start(self) -> datetime:
        return self.begins.astimezone(UTC)

    @cached_property
    def end(self) -> datetime:
        """Its end; its start for a session with no published end, which claims no time."""
        return (self.ends or self.begins).astimezone(UTC)

    @property
    def day(self) -> date:
        return self.begins.date()

    @property
    def placed(self) -> tuple[str, int, int, str | None, Venue | None]:
        """What it holds besides its session's own fields."""
        return self.path, self.written_in, self.rank, self.written_end, self.venue

    def times(self) -> str:
        if self.ends is None:
            return clock(self.begins)
        return f"{clock(self.begins)} - {clock(self.ends)}"


def _slot(
    s: Session, path: str, written_in: int, rank: int, end: str | None, venue: Venue | None
) -> _Slot:
    segments = tuple((part.start, part.end) for part in s.segments)
    times = (s.start, s.end, *(moment for part in segments for moment in part))
    zones = tuple((moment.tzinfo, moment.fold) for moment in times if moment is not None)
    return _Slot(path, written_in, rank, s.start, s.end, s.date is not None, venue, s.room,
                 s.track, s.gap_before, s.id, segments, end, zones)  # fmt: skip


def _slots(
    site: Site,
    where: Mapping[str, Position],
    origins: Sequence[tuple[str, int]],
    texts: Mapping[str, str],
    last: Judged | None,
) -> tuple[_Slot, ...]:
    """What the checks read of each session; as `last` had it, for a session that is the
    record it judged (records are immutable) at the same path and rank."""
    places = [where.get(path, ("", 0, 0)) for path, _ in origins]
    ranks = {place: rank for rank, place in enumerate(sorted(set(places)))}
    before = last if last is not None and len(last.sessions) == len(site.sessions) else None
    slots = []
    for number, (s, (path, written_in)) in enumerate(zip(site.sessions, origins, strict=True)):
        placed = (path, written_in, ranks[places[number]], texts.get(f"{path}.end"),
                  s.venue or site.event.venue)  # fmt: skip
        old = before.slots[number] if before is not None and before.sessions[number] is s else None
        slots.append(old if old is not None and old.placed == placed else _slot(s, *placed))
    return tuple(slots)


@dataclass(frozen=True)
class Judged:
    """The agenda's slots as one load judged them, and what was found, by path."""

    slots: tuple[_Slot, ...] = ()
    days: tuple[date, ...] = ()
    sessions: tuple[Session, ...] = ()  # what the slots were read from, by identity
    found: tuple[tuple[str, str, str, bool], ...] = ()


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
        self.said: list[tuple[str, str, str, bool]] = []  # each problem by its path

    def add(self, path: str, message: str, hint: str, warning: bool = False) -> None:
        self.problems.append(at(self.where, path, message, hint, warning))
        self.said.append((path, message, hint, warning))


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


def _clock_changes(report: Report, slots: Sequence[_Slot]) -> None:
    for slot in slots:
        for name, moment in (("start", slot.begins), ("end", slot.ends)):
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


def _days(report: Report, days: tuple[date, ...], slots: Sequence[_Slot]) -> None:
    span = f"{days[0]}" if len(days) == 1 else f"{days[0]} to {days[-1]}"
    for slot in slots:
        if slot.day not in days:
            report.add(f"{slot.path}.date", f"{slot.day} is not a day of the event ({span})",
                       "correct the date, or change date or end_date in event.yaml")  # fmt: skip
        end_day = (slot.ends or slot.begins).date()
        if end_day > slot.day + timedelta(days=1):
            report.add(f"{slot.path}.end_date", f"the slot would run from {slot.day} to "
                       f"{end_day}; a slot can run past midnight into the next day, no longer",
                       "split it into one slot per day")  # fmt: skip


def _impossible(report: Report, slots: Sequence[_Slot]) -> list[_Slot]:
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
        if slot.end.astimezone(slot.begins.tzinfo).date() > slot.day:  # past midnight
            for other in by_day.get(slot.day + timedelta(days=1), []):
                if other.start >= slot.end:
                    break  # the next day's slots are in time order
                if not _parallel(slot, other)[0]:
                    following = other
                    break
        if following is None:
            possible.append(slot)
            continue
        ends = slot.end.astimezone(slot.begins.tzinfo)
        written_end = slot.written_end or clock(ends)
        report.add(f"{slot.path}.end", f"ends at {written_end} on {ends.date()}, "
                   f"after the next day's agenda begins ({following.path} at "
                   f"{clock(following.begins)})",
                   "end it before then, or check end_date")  # fmt: skip
    return possible


def _segments(report: Report, slots: list[_Slot]) -> None:
    for slot in slots:
        latest = slot.begins
        for number, (start, end) in enumerate(slot.segments, 1):
            path = f"{slot.path}.segments[{number}]"
            for name, moment in (("start", start), ("end", end)):
                if moment is None:
                    continue
                if moment < slot.begins or slot.ends is not None and moment > slot.ends:
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
    for slot in sorted(slots, key=lambda s: s.rank):
        last = latest.get(slot.written_in)
        if last is not None and slot.start < last.start:
            if several_days and not slot.dated and last.day > slot.day:
                report.add(f"{slot.path}.date", f"has no date, so it is on the first day "
                           f"({slot.day}), though {last.path} above it is on {last.day}",
                           f"add date: {last.day} (or the slot's own day)")  # fmt: skip
            else:
                report.add(f"{slot.path}.start", f"starts at {clock(slot.begins)} on "
                           f"{slot.day}, before {last.path} above it ({clock(last.begins)}"
                           f" on {last.day})", "keep the agenda in time order: move this slot "
                           "up")  # fmt: skip
        if last is None or slot.start >= last.start:
            latest[slot.written_in] = slot


def _parallel(a: _Slot, b: _Slot) -> tuple[bool, str]:
    """Whether two slots may share time, and why not when they may not."""
    if a.venue != b.venue:
        return True, ""
    if a.room and b.room:
        return a.room != b.room, f'both are in the room "{a.room}"'
    if a.track and b.track:
        return a.track != b.track, f'both are in the track "{a.track}"'
    return False, ""


def _overlaps(report: Report, by_time: list[_Slot]) -> None:
    running: list[_Slot] = []
    for slot in by_time:
        if slot.ends is None:
            continue  # it claims no time, so it shares none: "check-in opens" during a talk
        running = [other for other in running if other.end > slot.start]
        for other in running:
            parallel, why = _parallel(other, slot)
            if parallel:
                continue
            later, earlier = (slot, other) if slot.rank > other.rank else (other, slot)
            what = f"overlaps {earlier.path} ({earlier.times()} on {earlier.day})"
            hint = (
                f"move one of them; {why}"
                if why
                else f"start it at {clock(earlier.ends or earlier.begins)} or "
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
        intended = slot.gap_before
        if covered is not None and slot.start > covered and not elsewhere and not intended:
            minutes = (slot.start - covered) // timedelta(minutes=1)
            since = clock(covered.astimezone(slot.begins.tzinfo))
            report.add(f"{slot.path}.start", f"{duration(minutes)} with nothing on the agenda "
                       f"before this slot ({since} - {clock(slot.begins)})",
                       f"add a slot (a break, say), or start this one at {since}",
                       warning=True)  # fmt: skip
        if slot.ends is None and (covered is None or slot.start >= covered):
            covered, last = None, slot  # what follows it is not known: no gap can be told
        elif covered is None or slot.end >= covered:
            covered, last = slot.end, slot


def _session_ids(report: Report, slots: Sequence[_Slot]) -> None:
    first: dict[str, _Slot] = {}
    for slot in slots:
        ident = slot.ident
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
