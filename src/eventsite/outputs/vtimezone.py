"""A time zone as an iCalendar VTIMEZONE (RFC 5545 3.6.5), its changes as yearly rules.

icalendar writes every change of offset of a zone as one value of a single RDATE line; vobject
(under Radicale and other calendar servers) keeps only the first value of such a line, and so
read six events of a multi-year calendar an hour late. Google and Outlook write a yearly RRULE
("the second Sunday of March at 2:00"), which every reader takes: so does this module, for each
run of years a rule holds, and a component of its own for a change that follows no rule.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class _Change:
    """One change of a zone's offset: the local time it happens at (before it), and to what."""

    local: datetime  # naive, in the offset before the change
    before: timedelta
    after: timedelta
    name: str
    dst: bool

    @property
    def rule(self) -> tuple[object, ...]:
        """What a yearly rule must keep for this change to be one of its years."""
        last = self.local.day + 7 > calendar.monthrange(self.local.year, self.local.month)[1]
        week = -1 if last else (self.local.day - 1) // 7 + 1
        return (self.before, self.after, self.name, self.dst, self.local.month,
                self.local.weekday(), week, self.local.time())  # fmt: skip


@functools.lru_cache(maxsize=16)  # the same zone and years in every calendar file of a build
def vtimezone(key: str, last: int, first: int = 1970) -> bytes:
    """The zone `key` as a VTIMEZONE from `first` to the year `last`, serialised. Its rules
    start in 1970 whatever the event's years: readers keep the first definition of a TZID they
    meet (vobject keeps one per process, for every calendar it reads), so each file defines the
    zone alike, and the rules make that a few lines."""
    zone = ZoneInfo(key)
    start = datetime(first, 1, 1, tzinfo=UTC)
    changes = _changes(zone, start, datetime(last + 1, 1, 1, tzinfo=UTC))
    lines = ["BEGIN:VTIMEZONE", f"TZID:{key}"]
    if not changes or changes[0].local != datetime(first, 1, 1):  # in force at the start
        now = start.astimezone(zone)
        offset = now.utcoffset() or timedelta(0)
        lines += _component(bool(now.dst()), now.tzname() or key, offset, offset,
                            datetime(first, 1, 1), None)  # fmt: skip
    runs: list[list[_Change]] = []
    for change in changes:
        same = [r for r in runs if r[-1].rule == change.rule
                and r[-1].local.year + 1 == change.local.year]  # fmt: skip
        if same:
            same[-1].append(change)
        else:
            runs.append([change])
    for run in sorted(runs, key=lambda r: r[0].local):
        one = run[0]
        rule = None
        if len(run) > 1 or one.local.year == last:  # a rule in force at the end: as Google does
            week = one.rule[6]
            rule = f"FREQ=YEARLY;BYMONTH={one.local.month};BYDAY={week}{_DAYS[one.local.weekday()]}"
            if run[-1].local.year < last:  # a rule that stopped: say when
                until = (run[-1].local - run[-1].before).strftime("%Y%m%dT%H%M%SZ")
                rule += f";UNTIL={until}"
        lines += _component(one.dst, one.name, one.before, one.after, one.local, rule)
    lines.append("END:VTIMEZONE")
    return "".join(f"{line}\r\n" for line in lines).encode()


def _component(
    dst: bool, name: str, before: timedelta, after: timedelta, local: datetime, rule: str | None
) -> list[str]:
    kind = "DAYLIGHT" if dst else "STANDARD"
    lines = [f"BEGIN:{kind}", f"DTSTART:{local:%Y%m%dT%H%M%S}"]
    if rule:
        lines.append(f"RRULE:{rule}")
    lines += [f"TZNAME:{name}", f"TZOFFSETFROM:{_offset(before)}", f"TZOFFSETTO:{_offset(after)}"]
    return [*lines, f"END:{kind}"]


def _offset(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign, seconds = ("-" if seconds < 0 else "+"), abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[_Change]:
    """Every change of the zone's offset from `start` to `end` (UTC), found day by day and then
    to the minute (zones change on the minute)."""
    found = []
    day = start
    before = day.astimezone(zone)
    while day < end:
        following = day + timedelta(days=1)
        after = following.astimezone(zone)
        if (after.utcoffset(), after.tzname(), after.dst()) != (
            before.utcoffset(),
            before.tzname(),
            before.dst(),
        ):
            low, high = day, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                seen = middle.astimezone(zone)
                same = (seen.utcoffset(), seen.tzname()) == (before.utcoffset(), before.tzname())
                low, high = (middle, high) if same else (low, middle)
            moment = high.replace(second=0, microsecond=0)
            then = moment.astimezone(zone)
            old = before.utcoffset() or timedelta(0)
            found.append(_Change((moment + old).replace(tzinfo=None), old,
                                 then.utcoffset() or timedelta(0), then.tzname() or "",
                                 bool(then.dst())))  # fmt: skip
        day, before = following, after
    return found
