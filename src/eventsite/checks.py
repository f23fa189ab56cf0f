"""Checks that need the whole site at once: the schedule, people and panels left off it, photos.

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
from pathlib import Path, PurePosixPath

from eventsite.errors import Problem
from eventsite.model import Session, Site, Speaker
from eventsite.text import clock

Position = tuple[str, int, int]
"""A file, a line and a column, counted from 1."""


def check_site(
    site: Site, where: Mapping[str, Position], static: Sequence[Path] = ()
) -> list[Problem]:
    """Every problem found across records, errors and warnings, in file and line order."""
    report = _Report(where)
    slots = [_Slot(n, s) for n, s in enumerate(site.sessions, 1)]
    _clock_changes(report, slots)
    _days(report, site, slots)
    _order(report, slots)
    by_time = sorted(slots, key=lambda slot: (slot.start, slot.number))
    _overlaps(report, by_time)
    _gaps(report, by_time)
    _session_ids(report, slots)
    _unused(report, site)
    _photos(report, site, static)
    return sorted(report.problems)


@dataclass(frozen=True)
class _Slot:
    """A session with its place in agenda.yaml and its times in UTC."""

    number: int
    session: Session

    @property
    def path(self) -> str:
        return f"agenda[{self.number}]"

    @cached_property  # asked for many times while sorting and comparing
    def start(self) -> datetime:
        return self.session.start.astimezone(UTC)

    @cached_property
    def end(self) -> datetime:
        return self.session.end.astimezone(UTC)

    @property
    def day(self) -> date:
        return self.session.start.date()

    def times(self) -> str:
        return f"{clock(self.session.start)} - {clock(self.session.end)}"


class _Report:
    def __init__(self, where: Mapping[str, Position]) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, hint: str, warning: bool = False) -> None:
        # A field that was not written (a slot without date:) is reported at its record.
        place = path
        while place not in self.where and "." in place:
            place = place.rsplit(".", 1)[0]
        file, line, column = self.where.get(place, ("content", 0, 0))
        self.problems.append(Problem(file, line, column, path, message, hint, warning))


def _clock_changes(report: _Report, slots: list[_Slot]) -> None:
    for slot in slots:
        for name, moment in (("start", slot.session.start), ("end", slot.session.end)):
            zone = moment.tzinfo
            real = moment.astimezone(UTC).astimezone(zone)
            if real.replace(tzinfo=None) != moment.replace(tzinfo=None):
                report.add(
                    f"{slot.path}.{name}",
                    f"{clock(moment)} does not exist on {moment.date()} in {zone}: "
                    "the clocks skip that hour",
                    "choose a time outside the skipped hour",
                )
            elif moment.replace(fold=1).utcoffset() != moment.utcoffset():
                report.add(
                    f"{slot.path}.{name}",
                    f"{clock(moment)} happens twice on {moment.date()} in {zone} (the clocks "
                    f"go back); it is read as the first time, {moment.tzname()}",
                    "choose a time outside the repeated hour to avoid confusion",
                    warning=True,
                )


def _days(report: _Report, site: Site, slots: list[_Slot]) -> None:
    days = site.event.days
    span = f"{days[0]}" if len(days) == 1 else f"{days[0]} to {days[-1]}"
    for slot in slots:
        if slot.day not in days:
            report.add(
                f"{slot.path}.date",
                f"{slot.day} is not a day of the event ({span})",
                "correct the date, or change date or end_date in event.yaml",
            )
        end_day = slot.session.end.date()
        if end_day > slot.day + timedelta(days=1):
            report.add(
                f"{slot.path}.end_date",
                f"the slot would run from {slot.day} to {end_day}; a slot can run past "
                "midnight into the next day, no longer",
                "split it into one slot per day",
            )


def _order(report: _Report, slots: list[_Slot]) -> None:
    latest: _Slot | None = None
    for slot in slots:
        if latest is not None and slot.start < latest.start:
            report.add(
                f"{slot.path}.start",
                f"starts at {clock(slot.session.start)} on {slot.day}, before "
                f"{latest.path} above it ({clock(latest.session.start)} on {latest.day})",
                "keep the agenda in time order: move this slot up",
            )
        if latest is None or slot.start >= latest.start:
            latest = slot


def _parallel(a: Session, b: Session) -> tuple[bool, str]:
    """Whether two slots may share time, and why not when they may not."""
    if a.room and b.room:
        return a.room != b.room, f'both are in the room "{a.room}"'
    if a.track and b.track:
        return a.track != b.track, f'both are in the track "{a.track}"'
    return False, ""


def _overlaps(report: _Report, by_time: list[_Slot]) -> None:
    running: list[_Slot] = []
    for slot in by_time:
        running = [other for other in running if other.end > slot.start]
        for other in running:
            parallel, why = _parallel(other.session, slot.session)
            if parallel:
                continue
            later, earlier = (slot, other) if slot.number > other.number else (other, slot)
            what = f"overlaps {earlier.path} ({earlier.times()} on {earlier.day})"
            hint = (
                f"move one of them; {why}"
                if why
                else f"start it at {clock(earlier.session.end)} or later, or give both "
                "slots different rooms or tracks"
            )
            report.add(f"{later.path}.start", what, hint)
            break  # one overlap per slot is enough to find it
        running.append(slot)


def _gaps(report: _Report, by_time: list[_Slot]) -> None:
    covered: datetime | None = None
    day: date | None = None
    for slot in by_time:
        if slot.day != day:
            covered, day = None, slot.day
        if covered is not None and slot.start > covered:
            minutes = (slot.start - covered) // timedelta(minutes=1)
            since = clock(covered.astimezone(slot.session.start.tzinfo))
            report.add(
                f"{slot.path}.start",
                f"{_duration(minutes)} with nothing on the agenda before this slot "
                f"({since} - {clock(slot.session.start)})",
                f"add a slot (a break, say), or start this one at {since}",
                warning=True,
            )
        covered = slot.end if covered is None else max(covered, slot.end)


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute{'s' * (rest != 1)}")
    return " ".join(parts)


def _session_ids(report: _Report, slots: list[_Slot]) -> None:
    first: dict[str, _Slot] = {}
    for slot in slots:
        ident = slot.session.id
        if ident is None:
            continue
        if ident in first:
            report.add(
                f"{slot.path}.id",
                f'duplicate id "{ident}", already used by {first[ident].path}',
                "give each slot its own id",
            )
        else:
            first[ident] = slot


def _unused(report: _Report, site: Site) -> None:
    on_agenda = {s.panel.id for s in site.sessions if s.panel is not None}
    people = {a.speaker.id for s in site.sessions for a in s.people}
    for number, panel in enumerate(site.panels, 1):
        if panel.id not in on_agenda:
            report.add(
                f"panels[{number}].id",
                f'panel "{panel.id}" is on no agenda slot, so the page does not show it',
                f"add a slot with panel: {panel.id} to agenda.yaml, or remove the panel",
                warning=True,
            )
        elif panel.moderator is None:
            report.add(
                f"panels[{number}]",
                "has no moderator",
                "add moderator: <speaker id>, if the panel has one",
                warning=True,
            )
    for number, speaker in enumerate(site.speakers, 1):
        if speaker.id not in people:
            report.add(
                f"speakers[{number}].id",
                f'"{speaker.id}" is in no agenda slot and on no panel on the agenda',
                "add them to a slot's speakers or a panel, or remove the entry",
                warning=True,
            )


def check_people(
    speakers: Sequence[Speaker], where: Mapping[str, Position], static: Sequence[Path] = ()
) -> list[Problem]:
    """The problems of a list of people alone: their photos (a site's shared people)."""
    report = _Report(where)
    _photo_files(report, speakers, static)
    return report.problems


def _photos(report: _Report, site: Site, static: Sequence[Path]) -> None:
    _photo_files(report, site.speakers, static)


def _photo_files(report: _Report, speakers: Sequence[Speaker], static: Sequence[Path]) -> None:
    for number, speaker in enumerate(speakers, 1):
        if speaker.photo is None:
            continue
        for problem, hint in _photo_problems(speaker.photo, static):
            report.add(f"speakers[{number}].photo", problem, hint)


def _photo_problems(photo: str, static: Sequence[Path]) -> Iterator[tuple[str, str]]:
    where = "put the file in static/ and write its path, e.g. static/photos/jane-doe.jpg"
    if ":" in photo.split("/", 1)[0]:
        if not photo.lower().startswith("https://"):
            yield "a photo must be a file in static/ or an https:// address", where
        return
    path = PurePosixPath(photo)
    if path.parts[:1] != ("static",) or ".." in path.parts or len(path.parts) < 2:
        yield f'"{photo}" is not a file in static/', where
        return
    inside = PurePosixPath(*path.parts[1:])
    if not any((folder / inside).is_file() for folder in static):
        yield f'"{photo}" was not found', f"check the spelling, or add the file to {path.parent}/"
