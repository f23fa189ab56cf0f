"""The agenda laid out for reading at a glance: each day as a list, or as a timetable.

A day whose sessions run in parallel (in different rooms, tracks or venues) becomes a
timetable. The day is cut into blocks, in time order: a block is either one session that has
the time to itself (a plenary, a break, a reception elsewhere), shown across the page as a row
of the list, or a run of sessions that overlap one another, shown as a grid: one column per
room, time running down beside an axis of the moments at which something starts or ends (and
each full hour). The blocks are what the page's HTML is made of, in time order, so the page
reads the same without its grid: a plenary, then "parallel sessions", room by room, then the
next plenary.

A block has only the columns of its own rooms, so that a plenary beside a long breakfast is
half the width, not a third beside an empty column. A block of many rooms is cut into bands of
at most `MOST` rooms, one under the other, each with its own axis: sixty rooms stay readable
as twelve bands of five, and a visitor narrows them to a track or a room with the filters.

Everything here is pure arithmetic on the loaded site: the grid's rows and the place of each
session in them. Rows run between the moments of a block, each at least as tall as its length
(`--minute` in the stylesheet: 0.1rem on screen, less on paper), so that a box's height follows
its length; a longer text simply makes its rows taller, and every column's rows grow with
them, so times stay level across the columns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from eventsite.model import Session, Site, ToCome, Venue, known_end

MOST = 5
"""The most rooms side by side: at a desktop's width each column is then about 12rem, enough
for a title and a person's affiliation; more rooms are drawn as further bands below."""

OPEN = timedelta(minutes=15)
"""How long a session with no published end is drawn among parallel ones, unless the next
session starts sooner: the height of a short slot, which claims no length."""

_HOUR = timedelta(hours=1)


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
class Mark:
    """A moment on a block's time axis, at the top of its row."""

    moment: datetime
    row: int

    @property
    def style(self) -> str:
        """Which row of the block the mark labels."""
        return f"grid-row:{self.row}"


@dataclass(frozen=True)
class Room:
    """The sessions of one column within a block of parallel sessions."""

    name: str
    cells: tuple[Cell, ...]
    more: bool = False
    """Whether more sessions of the room's track are to be announced, said at its foot."""

    @property
    def track(self) -> str | None:
        """The track every session of the room has, if they share one: said once, above."""
        tracks = {c.session.track for c in self.cells}
        return tracks.pop() if len(tracks) == 1 else None


@dataclass(frozen=True)
class Block:
    """A part of a day: one session for everyone, or sessions in parallel, room by room."""

    start: datetime
    end: datetime | None
    """None when the block's end is not published."""
    session: Session | None = None
    """The one session of a block that has the time to itself."""
    bands: tuple[tuple[Room, ...], ...] = ()
    """The rooms of a block of parallel sessions, in column order, at most `MOST` a band."""
    marks: tuple[Mark, ...] = ()
    """The time axis beside each band."""
    sizes: str = ""
    """The rows of each band: the rooms' names, then one row per stretch between moments."""

    @property
    def style(self) -> str:
        """The block's rows, as the custom property its bands read."""
        return f"--rows:{self.sizes}"

    @property
    def rooms(self) -> tuple[Room, ...]:
        """Every room of the block, band after band."""
        return tuple(room for band in self.bands for room in band)

    @property
    def sessions(self) -> tuple[Session, ...]:
        """The sessions of the block, room by room."""
        if self.session is not None:
            return (self.session,)
        return tuple(c.session for r in self.rooms for c in r.cells)


@dataclass(frozen=True)
class Day:
    """One day of the agenda, as a list (no parallel sessions) or as a timetable."""

    date: date
    sessions: tuple[Session, ...]
    blocks: tuple[Block, ...] = ()
    more: bool = False
    """Whether more sessions of the day are to be announced (more_to_come), said at its end."""
    later: tuple[ToCome, ...] = ()
    """The tracks and rooms with more sessions to come that no column of the day shows: said
    at the day's end, by name (and hidden by a filter for another track or room)."""

    @property
    def grid(self) -> bool:
        """Whether the day is shown as a timetable: it has sessions in parallel."""
        return bool(self.blocks)

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
    return tuple(
        _to_come(_day(day, tuple(sessions), main, order), site.to_come)
        for day, sessions in sorted(found.items())
    )


def _to_come(day: Day, to_come: tuple[ToCome, ...]) -> Day:
    """The day with where more sessions are to be announced: the whole day, or a track at the
    foot of its column in the day's last block that has it (an extra row of the grid), else by
    name at the day's end."""
    mores = [more for more in to_come if more.date == day.date]
    blocks, later = list(day.blocks), []
    for more in (m for m in mores if m.where is not None):
        found = next(
            (
                (n, k)
                for n in reversed(range(len(blocks)))
                for k, room in enumerate(blocks[n].rooms)
                if any(more.names(c.session) for c in room.cells)
            ),
            None,
        )
        if found is None:
            later.append(more)
            continue
        n, k = found
        block = blocks[n]
        rooms = [replace(r, more=True) if i == k else r for i, r in enumerate(block.rooms)]
        cut = [len(band) for band in block.bands]
        bands = tuple(tuple(rooms[sum(cut[:b]) : sum(cut[: b + 1])]) for b in range(len(cut)))
        sizes = block.sizes if any(r.more for r in block.rooms) else block.sizes + " auto"
        blocks[n] = replace(block, bands=bands, sizes=sizes)
    return replace(
        day,
        blocks=tuple(blocks),
        more=any(m.where is None for m in mores),
        later=tuple({more.where: more for more in later}.values()),  # each name once
    )


def place(session: Session, main: Venue | None) -> str:
    """The column a session belongs in: its room, else its track, with its venue when that is
    not the main one; the venue's name for a session tied to no room or track (none for an
    online event's)."""
    where = session.room or session.track
    venue = session.venue or main
    if venue is None:  # an online event's session in no venue
        return where or ""
    if main is None or venue is main or venue.id is not None and venue.id == main.id:
        return where or building(venue)
    return f"{where}, {building(venue)}" if where else building(venue)


def building(venue: Venue) -> str:
    """A venue in a word or two, as the filters and the columns name it: its name, else its
    town."""
    return venue.name or venue.place


def bands(names: list[str]) -> list[list[str]]:
    """Rooms cut into bands of at most `MOST`, as even as can be (twelve rooms are three bands
    of four, not two of five and one of two)."""
    count = -(-len(names) // MOST)
    size, extra = divmod(len(names), count)
    cut, at = [], 0
    for n in range(count):
        step = size + (n < extra)
        cut.append(names[at : at + step])
        at += step
    return cut


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


def _day(
    day: date, sessions: tuple[Session, ...], main: Venue | None, order: dict[str, int]
) -> Day:
    until = _until(sessions)
    runs = _runs(sessions, until)
    if all(len(run) == 1 for run in runs):
        return Day(day, sessions)
    blocks = [
        Block(run[0].start, run[0].end, session=run[0])
        if len(run) == 1
        else _parallel(run, main, order, until)
        for run in runs
    ]
    return Day(day, sessions, tuple(blocks))


def _parallel(
    run: list[Session], main: Venue | None, order: dict[str, int], until: dict[Session, datetime]
) -> Block:
    """A run of sessions in parallel as a grid: the rows between its moments, each room's
    sessions on them, and the axis that labels them."""
    start, end = _utc(run[0].start), max(until[s] for s in run)
    hours = []  # every full hour of the venue's clock within the block, for the axis
    tick = run[0].start.replace(minute=0, second=0, microsecond=0) + _HOUR
    while _utc(tick) < end:
        hours.append(_utc(tick))
        tick = (tick.astimezone(UTC) + _HOUR).astimezone(run[0].start.tzinfo)
    moments = sorted({start, end, *hours, *(t for s in run for t in (_utc(s.start), until[s]))})
    minutes = [(b - a) // timedelta(minutes=1) for a, b in zip(moments, moments[1:], strict=False)]
    sizes = " ".join(["auto", *(f"minmax(calc({m}*var(--minute)),auto)" for m in minutes)])
    line = {moment: n for n, moment in enumerate(moments, 1)}  # within a room's list
    rooms: dict[str, list[Cell]] = {}
    for session in run:
        first, last = line[_utc(session.start)], line[until[session]]
        rooms.setdefault(place(session, main), []).append(Cell(session, first, last - first))
    names = sorted(rooms, key=order.__getitem__)
    zone = run[0].start.tzinfo
    return Block(
        run[0].start,
        known_end(run),
        bands=tuple(tuple(Room(n, tuple(rooms[n])) for n in band) for band in bands(names)),
        marks=tuple(Mark(m.astimezone(zone), n) for n, m in enumerate(moments[:-1], 1)),
        sizes=sizes,
    )


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
