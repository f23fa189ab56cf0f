"""The agenda laid out for reading at a glance: each day as a list, or as a timetable grid.

A day whose sessions run in parallel (in different rooms, tracks or venues) becomes a grid:
one column per room, time running down. The day is cut into blocks: a block is either one
session that has the time to itself (a plenary, a break, a reception elsewhere), which spans
every column, or a run of sessions that overlap one another, in their columns. The blocks are
what the page's HTML is made of, in time order, so the page reads the same without its grid:
a plenary, then "parallel sessions", room by room, then the next plenary.

Everything here is pure arithmetic on the loaded site: the grid's rows and the place of each
session in them. Rows run between the moments at which some session starts or ends, each at
least as tall as its length (`SCALE`), so that a block's height follows its length; a longer
text simply makes its rows taller, and every column's rows grow with them, so times stay level
across the columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from eventsite.model import Session, Site, Venue, known_end

SCALE = 0.1
"""The least height of a minute in the grid, in rem: an hour is at least 6rem."""

GAP = 1.0
"""The height of the time between two blocks with nothing on, in rem, however long it is."""

OPEN = timedelta(minutes=15)
"""How long a session with no published end is drawn, unless the next session starts sooner:
the height of a short slot, enough for its title, which claims no length."""

ALONE = timedelta(hours=2)
"""A session that has the time to itself is drawn at most this long: nothing beside it needs
its length to compare with, and a day's dinner would otherwise fill the screen."""


@dataclass(frozen=True)
class Column:
    """One room (or track) of a day's grid."""

    name: str
    number: int
    """Its place in the grid, from 1."""


@dataclass(frozen=True)
class Cell:
    """One session in a room's column: the grid lines it covers, within its block."""

    session: Session
    row: int
    rows: int

    @property
    def style(self) -> str:
        """Where the session sits, as a CSS declaration."""
        return f"grid-row:{self.row}/span {self.rows}" if self.rows > 1 else f"grid-row:{self.row}"


@dataclass(frozen=True)
class Room:
    """The sessions of one column within a block of parallel sessions."""

    column: Column
    cells: tuple[Cell, ...]

    @property
    def track(self) -> str | None:
        """The track every session of the room has, if they share one: said once, above."""
        tracks = {c.session.track for c in self.cells}
        return tracks.pop() if len(tracks) == 1 else None

    @property
    def style(self) -> str:
        """Which column the room's list fills."""
        return f"grid-column:{self.column.number}"


@dataclass(frozen=True)
class Block:
    """A part of a day: one session for everyone, or sessions in parallel, room by room."""

    start: datetime
    end: datetime | None
    """None when the block's end is not published."""
    row: int
    rows: int
    session: Session | None = None
    """The one session of a block that spans every column."""
    rooms: tuple[Room, ...] = ()
    """The rooms of a block of parallel sessions, in column order."""

    sizes: str = ""
    """The block's own row sizes, for a grid of its own (on paper, a block is not split)."""

    @property
    def style(self) -> str:
        """Which grid lines of the day the block covers (and, for a block of parallel sessions,
        its own rows as --rows)."""
        place = f"grid-row:{self.row}/span {self.rows}" if self.rows > 1 else f"grid-row:{self.row}"
        return f"{place};--rows:{self.sizes}" if self.rooms else place

    @property
    def sessions(self) -> tuple[Session, ...]:
        """The sessions of the block, room by room."""
        if self.session is not None:
            return (self.session,)
        return tuple(c.session for r in self.rooms for c in r.cells)


@dataclass(frozen=True)
class Day:
    """One day of the agenda, as a list (no parallel sessions) or as a grid."""

    date: date
    sessions: tuple[Session, ...]
    columns: tuple[Column, ...] = ()
    blocks: tuple[Block, ...] = ()
    rows: str = ""
    """The grid's row sizes, as the CSS grid-template-rows value."""

    @property
    def grid(self) -> bool:
        """Whether the day is shown as a grid: it has sessions in parallel."""
        return bool(self.columns)

    @property
    def style(self) -> str:
        """The grid's columns and rows, as CSS declarations."""
        return f"--columns:{len(self.columns)};grid-template-rows:{self.rows}"

    @property
    def starts(self) -> datetime | None:
        """When the day's first session starts."""
        return min((s.start for s in self.sessions), default=None)

    @property
    def ends(self) -> datetime | None:
        """When the day's last session ends; None when that is not published."""
        return known_end(self.sessions)

    @property
    def draft(self) -> bool:
        """Whether every session of the day is a draft, subject to change."""
        return bool(self.sessions) and all(s.status == "draft" for s in self.sessions)


def days(site: Site) -> tuple[Day, ...]:
    """Every day of the event, in order, with its sessions laid out; a day may have none."""
    found: dict[date, list[Session]] = {day: [] for day in site.event.days}
    for session in site.sessions:
        found.setdefault(session.start.date(), []).append(session)
    main = site.event.venue
    # The columns keep one order over the whole event: the order rooms first appear in it.
    order = {name: n for n, name in enumerate(dict.fromkeys(place(s, main) for s in site.sessions))}
    return tuple(_day(day, tuple(sessions), main, order) for day, sessions in sorted(found.items()))


def places(site: Site) -> dict[Session, str]:
    """Each session's column (its room or track, with its venue if another), for filters."""
    return {s: place(s, site.event.venue) for s in site.sessions}


def place(session: Session, main: Venue) -> str:
    """The column a session belongs in: its room, else its track, with its venue when that is
    not the main one; the venue's name for a session tied to no room or track."""
    where = session.room or session.track
    venue = session.venue or main
    building = venue.name or venue.place
    if venue is main or venue.id is not None and venue.id == main.id:
        return where or building
    return f"{where}, {building}" if where else building


_MINUTE = timedelta(minutes=1)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _until(sessions: tuple[Session, ...]) -> dict[Session, datetime]:
    """Where each session ends in the grid, in UTC: its end, or for one with no published end,
    OPEN after its start or the next start of the day, whichever comes first."""
    starts = sorted({_utc(s.start) for s in sessions})
    drawn = {}
    for session in sessions:
        start = _utc(session.start)
        later = [moment for moment in starts if moment > start]
        drawn[session] = (
            _utc(session.end) if session.end is not None else min([start + OPEN, *later[:1]])
        )
    return drawn


def _day(day: date, sessions: tuple[Session, ...], main: Venue, order: dict[str, int]) -> Day:
    until = _until(sessions)
    runs = _runs(sessions, until)
    parallel = [run for run in runs if len(run) > 1]
    if not parallel:
        return Day(day, sessions)
    names = sorted({place(s, main) for run in parallel for s in run}, key=order.__getitem__)
    columns = {name: Column(name, number) for number, name in enumerate(names, 1)}
    sizes: list[str] = []
    blocks: list[Block] = []
    latest: datetime | None = None
    for run in runs:
        start, end = _utc(run[0].start), max(until[s] for s in run)
        if latest is not None and start > latest:
            sizes.append(f"{GAP:g}rem")  # nothing on: a short gap, however long it lasts
        latest = end if latest is None else max(latest, end)
        row = len(sizes) + 1
        moments = sorted({start, end, *(t for s in run for t in (_utc(s.start), until[s]))})
        header = 1 if len(run) > 1 else 0  # the names of the rooms, above their columns
        sizes += ["auto"] * header
        sizes += [
            f"minmax({min(b - a, ALONE if len(run) == 1 else b - a) / _MINUTE * SCALE:g}rem,auto)"
            for a, b in zip(moments, moments[1:], strict=False)
        ]
        rows = len(sizes) + 1 - row
        if len(run) == 1:
            blocks.append(Block(run[0].start, run[0].end, row, rows, session=run[0]))
            continue
        line = {moment: n for n, moment in enumerate(moments, 1)}  # within the room's list
        rooms: dict[str, list[Cell]] = {}
        for session in run:
            first, last = line[_utc(session.start)], line[until[session]]
            cell = Cell(session, first, last - first)
            rooms.setdefault(place(session, main), []).append(cell)
        blocks.append(
            Block(
                run[0].start,
                known_end(run),
                row,
                rows,
                sizes=" ".join(sizes[row - 1 :]),
                rooms=tuple(
                    Room(columns[name], tuple(cells))
                    for name, cells in sorted(rooms.items(), key=lambda r: columns[r[0]].number)
                ),
            )
        )
    return Day(day, sessions, tuple(columns.values()), tuple(blocks), " ".join(sizes))


def _runs(sessions: tuple[Session, ...], until: dict[Session, datetime]) -> list[list[Session]]:
    """The sessions cut into runs, in time order: a session that has its time to itself is a
    run of one; sessions that overlap one another in time (directly or through others) are a
    run, and so are such groups that follow each other with no session for everyone between
    them (one talk after another in every room), so that each room keeps one list."""
    groups: list[list[Session]] = []
    latest: datetime | None = None
    for session in sorted(sessions, key=lambda s: _utc(s.start)):
        if groups and latest is not None and _utc(session.start) < latest:
            groups[-1].append(session)
            latest = max(latest, until[session])
        else:
            groups.append([session])
            latest = until[session]
    runs: list[list[Session]] = []
    for group in groups:
        if runs and len(runs[-1]) > 1 and len(group) > 1:
            runs[-1].extend(group)
        else:
            runs.append(group)
    return runs
