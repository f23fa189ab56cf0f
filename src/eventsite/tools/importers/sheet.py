"""A spreadsheet saved as CSV as a programme: whatever its columns, as far as they say it.

Real sheets have a title row above the header, section rows between sessions, headers in
German or with a trailing space, no-break spaces inside times, `2:00 p.m.`, `tbd` for an end,
durations that disagree with start and end, days written `fri` with no date, rows with no time
at all, and junk rows at the end. Each is read for what it says; what cannot be placed is told.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from eventsite.text import slug
from eventsite.tools.importers.markup import description
from eventsite.tools.importers.programme import (
    Person,
    Problems,
    Programme,
    Talk,
    check_rooms,
    event_zone,
)

COLUMNS = {
    "id": ("id", "code", "session id", "nr", "no", "nummer"),
    "date": ("date", "day", "datum", "tag", "wochentag"),
    "start": ("start", "start time", "starts", "from", "begin", "time", "beginn", "von", "uhrzeit",
              "zeit", "startzeit"),
    "end": ("end", "end time", "ends", "to", "until", "ende", "bis", "endzeit"),
    "duration": ("duration", "length", "minutes", "mins", "dauer", "länge", "minuten"),
    "title": ("title", "session", "session title", "talk", "titel", "thema", "programmpunkt",
              "veranstaltung", "what"),
    "room": ("room", "location", "venue", "stage", "raum", "ort", "saal", "where"),
    "track": ("track", "stream", "theme", "bereich"),
    "type": ("type", "kind", "format", "art", "typ", "session type"),
    "speakers": ("speaker", "speakers", "presenter", "presenters", "speaker(s)", "referent",
                 "referentin", "referent*in", "referent:innen", "sprecher", "vortragende",
                 "redner", "who", "people"),
    "moderator": ("moderator", "moderation", "chair", "host", "moderiert von"),
    "abstract": ("description", "abstract", "summary", "beschreibung", "inhalt", "details"),
    "status": ("status",),
}  # fmt: skip
_HEADERS = {name: column for column, names in COLUMNS.items() for name in names}
_WEEKDAYS = {
    **{d: n for n, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{d: n for n, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                   "saturday", "sunday"))},
    **{d: n for n, d in enumerate(("mo", "di", "mi", "do", "fr", "sa", "so"))},
    **{d: n for n, d in enumerate(("montag", "dienstag", "mittwoch", "donnerstag", "freitag",
                                   "samstag", "sonntag"))},
    "tues": 1, "thur": 3, "thurs": 3,
}  # fmt: skip
_CLOCK = re.compile(
    r"(\d{1,2})(?:[:.h](\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?(?:\s*uhr)?", re.IGNORECASE
)
_RANGE = re.compile(r"\s*[-–—]\s*|\s+(?:to|bis)\s+", re.IGNORECASE)
_UNKNOWN = {"tbd", "tba", "tbc", "?", "n/a", "-", "offen", "open"}
_CANCELLED = {"cancelled", "canceled", "abgesagt", "entfällt", "withdrawn"}


def read(
    text: str,
    problems: Problems,
    timezone: str | None,
    known: str | None,
    first: date | None = None,
) -> Programme:
    """The programme in a CSV text; `first` is the event's first day (--date), for a sheet that
    names days by weekday alone."""
    rows = _rows(text)
    header, at = _header(rows)
    if header is None:
        problems.add(
            "1",
            "has no header row eventsite recognises (a column for the start and one for the title)",
            "name the columns e.g. Date, Start, End, Title, Room, Speakers",
        )
        problems.stop()
    assert header is not None  # noqa: S101 - stop() raised otherwise
    zone = event_zone(timezone or known, problems, "--timezone", "1",
                      "a spreadsheet gives times without a time zone")  # fmt: skip
    titles = [c for row in rows[:at] for c in row if c]
    reader = _Sheet(problems, zone, first, header)
    for number, row in enumerate(rows[at + 1 :], at + 2):
        reader.row(number, row)
    problems.stop()
    programme = Programme(
        "CSV",
        titles[0] if len(titles) == 1 else None,
        str(zone),
        reader.talks,
        reader.people,
        ids=reader.ids,
    )
    programme.notes.extend(reader.notes)
    unknown = [name for name, column in header.items() if column is None and name]
    if unknown:
        programme.notes.append("columns kept as comments on each session: " + ", ".join(unknown))
    check_rooms(programme, problems)
    problems.stop()
    return programme


def _rows(text: str) -> list[list[str]]:
    # The separator the first lines use most: a comma, or a semicolon (spreadsheets in German
    # and French write CSV so), or a tab.
    sample = "\n".join(text.splitlines()[:20])
    delimiter = max(",;\t", key=sample.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [[" ".join(c.replace("\u00a0", " ").split()) for c in row] for row in rows]


def _header(rows: list[list[str]]) -> tuple[dict[str, str | None] | None, int]:
    """The header (each heading and the column it is) and its row, among the first ten rows."""
    for at, row in enumerate(rows[:10]):
        columns = {cell: _HEADERS.get(cell.casefold().rstrip(":")) for cell in row}
        found = set(columns.values())
        if "title" in found and ("start" in found or "date" in found):
            return {
                cell or f"column {n + 1}": _HEADERS.get(cell.casefold().rstrip(":"))
                for n, cell in enumerate(row)
            }, at
    return None, 0


class _Sheet:
    def __init__(
        self, problems: Problems, zone: ZoneInfo, first: date | None, header: dict[str, str | None]
    ) -> None:
        self.problems, self.zone, self.first = problems, zone, first
        self.names = list(header)
        self.header = header
        self.day: date | None = None
        self.talks: list[Talk] = []
        self.people: dict[str, Person] = {}
        self.notes: list[str] = []
        self.headings: list[str] = []
        self.timeless: list[str] = []
        self.taken: set[str] = set()
        self.weekdays = False
        self.ids = "its id column" if "id" in header.values() else "day, time and room"

    def row(self, number: int, row: list[str]) -> None:
        cells = {column: "" for column in COLUMNS}
        extra: list[str] = []
        for name, value in zip(self.names, row, strict=False):
            column = self.header[name]
            if column is not None and value:
                cells[column] = cells[column] or value
            elif value:
                extra.append(f"{name}: {value}")
        filled = [c for c in row if c]
        if not filled:
            return
        where = str(number)
        if len(filled) == 1 and not cells["start"]:  # a section row, a day's heading or junk
            day = self._day(filled[0], where, quiet=True)
            self.day = day or self.day
            if day is None:
                self.headings.append(f"{number} ({filled[0]!r})")
                self.notes[:] = [n for n in self.notes if not n.startswith("rows read as")]
                self.notes.append(
                    "rows read as headings or notes, not sessions: " + ", ".join(self.headings)
                )
            return
        if cells["date"]:
            self.day = self._day(cells["date"], where)
            if self.day is None:
                return  # its line is told
        title = cells["title"]
        if not title:
            self.problems.add(where, "a row with times but no title", "give it a title")
            return
        start_text, end_text = cells["start"], cells["end"]
        if (
            start_text
            and not end_text
            and _RANGE.search(start_text)
            and _clock(_RANGE.split(start_text)[0])
        ):
            start_text, end_text = _RANGE.split(start_text, maxsplit=1)
        if not start_text:
            self.timeless.append(f"{number} ({title!r})")
            self.notes[:] = [n for n in self.notes if not n.startswith("rows with no time")]
            self.notes.append(
                "rows with no time were left out (give them a time in the sheet, or "
                "add them by hand, e.g. as segments): " + ", ".join(self.timeless)
            )
            return
        if self.day is None:
            self.problems.add(
                where,
                f'"{title}" has no day',
                "add a Date column, or a row naming the day above the sessions",
            )
            return
        start = self._time(start_text, where)
        if start is None:
            return
        end = self._end(end_text, cells["duration"], start, where, title)
        self._talk(number, cells, title, start, end, extra)

    def _talk(
        self,
        number: int,
        cells: dict[str, str],
        title: str,
        start: datetime,
        end: datetime | None,
        extra: list[str],
    ) -> None:
        room = cells["room"] or None
        key = cells["id"] or f"{start:%Y-%m-%d-%H%M}-{slug(room or '', 40) or 'session'}"
        base, n = key, 1
        while key in self.taken:
            n += 1
            key = f"{base}-{n}"
        self.taken.add(key)
        talk = Talk(
            key=key,
            where=str(number),
            title=title,
            start=start,
            end=end,
            room=room,
            track=cells["track"] or None,
            type=cells["type"] or None,
            abstract=description(cells["abstract"] or None),
            cancelled=cells["status"].casefold() in _CANCELLED,
            unplaced=extra,
        )
        for role, column in (("Moderator", "moderator"), (None, "speakers")):
            for name in _names(cells[column]):
                person, organisation = _affiliated(name)
                key = f"name:{person}"
                self.people.setdefault(key, Person(key=key, name=person, organization=organisation))
                talk.people.append((key, role))
        self.talks.append(talk)

    def _day(self, text: str, where: str, quiet: bool = False) -> date | None:
        folded = text.casefold().strip(" .,:")
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", folded)
        german = re.fullmatch(r"(?:\w+,?\s+)?(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?", folded)
        try:
            if iso:
                return date(int(iso[1]), int(iso[2]), int(iso[3]))
            if german:
                year = int(german[3]) if german[3] else (self.first.year if self.first else 0)
                return date(year + 2000 if year < 100 else year, int(german[2]), int(german[1]))
        except ValueError:
            self.problems.add(where, f'"{text}" is not a day that exists', "check the date")
            return None
        slashed = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", folded)
        if slashed:
            self.problems.add(
                where,
                f'"{text}" could be day/month or month/day',
                "write dates as 2030-05-03 in the sheet",
            )
            return None
        word = folded.split()[0].rstrip(".,") if folded else ""
        if word in _WEEKDAYS:
            if self.first is None:
                if not self.weekdays:  # told once: one --date answers every row
                    self.problems.add(
                        where,
                        f'"{text}" names a weekday without a date',
                        "pass --date with the event's first day, e.g. --date 2030-05-03",
                    )
                self.weekdays = True
                return None
            ahead = (_WEEKDAYS[word] - self.first.weekday()) % 7
            return self.first + timedelta(days=ahead)
        if not quiet:
            self.problems.add(where, f'"{text}" is not a day', "write e.g. 2030-05-03 or Fri")
        return None

    def _time(self, text: str, where: str) -> datetime | None:
        written = text.strip()
        stamp = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T](.+)", written)
        day = self.day
        if stamp:
            day = self._day(stamp[1], where)
            written = stamp[2]
        found = _clock(written)
        if found is None or day is None:
            hint = (
                "write 00:00 of the next day, or 23:59"
                if written.startswith("24")
                else "write e.g. 9:30, 14:00 or 2:00 p.m."
            )
            self.problems.add(where, f'"{text}" is not a time of day', hint)
            return None
        return datetime.combine(day, found, tzinfo=self.zone)

    def _end(
        self, text: str, minutes: str, start: datetime, where: str, title: str
    ) -> datetime | None:
        length = None
        if minutes and re.fullmatch(r"\d+(?:\s*min\w*)?", minutes.casefold()):
            length = timedelta(minutes=int(re.match(r"\d+", minutes)[0]))  # type: ignore[index]
        if not text or text.casefold() in _UNKNOWN:
            if length is None:
                return None  # no end given: the editor decides (records.py says so)
            return start + length
        end = self._time(text, where)
        if end is not None and end <= start:
            end += timedelta(days=1)  # past midnight
        if end is not None and length is not None and end - start != length:
            self.notes.append(
                f"row {where}: the duration ({minutes}) disagrees with the times "
                f"of {title!r}; the times were kept"
            )
        return end


def _clock(text: str) -> time | None:
    found = _CLOCK.fullmatch(text.strip())
    if found is None:
        return None
    hours, minutes = int(found[1]), int(found[2] or 0)
    if found[3]:
        if hours > 12:
            return None
        hours = hours % 12 + (12 if found[3].casefold() == "p" else 0)  # 0:00 a.m. is midnight
    elif found[2] is None:
        return None  # "9" alone: which half of the day?
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def _names(cell: str) -> list[str]:
    """The people in a cell: separated by ; or line breaks, or by commas between full names
    ("Jane Doe, John Park"); a name itself is never split ("Doe, Jane" stays whole)."""
    parts = [p.strip() for p in re.split(r";|\n|\s/\s", cell) if p.strip()]
    found: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in re.sub(r"\([^)]*\)", "", part).split(",")]
        if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
            found.extend(p.strip() for p in _split_outside(part))
        else:
            found.append(part)
    return found


def _split_outside(text: str) -> list[str]:
    """Text split at the commas outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [p for p in (*parts, current) if p.strip()]


def _affiliated(name: str) -> tuple[str, str | None]:
    """ "Jane Doe (Example Institute)": the name, and the organisation in parentheses."""
    found = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
    return (found[1], found[2].strip()) if found else (name, None)
