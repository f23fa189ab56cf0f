"""Write a synthetic conference of a given size, seeded, for eventsite and for Hugo.

The same event is written twice: in eventsite's own content format (content/*.yaml, about.md,
plus a copy of the repository's templates and static files), and as a Hugo site (one content
file per speaker and per session, a home page, and the configuration and templates in
bench/hugo/). Every speaker has a two-paragraph Markdown bio and every session a Markdown
abstract, so both generators have the same pages to make: one per speaker, one per session and
the event page with the schedule. Hugo's site also makes what eventsite makes besides the pages
(calendars, schedule feeds, JSON-LD, calendar links); `--config hugo.toml,pages-only.toml`
builds it with the pages alone.

All text is made up from the word lists below; the same seed writes the same bytes.

    python -m bench.generate L .bench/L
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
HUGO_SITE = Path(__file__).resolve().parent / "hugo"
SEED = 20110719


@dataclass(frozen=True)
class Size:
    """How big a generated event is."""

    name: str
    speakers: int
    sessions: int
    days: int
    rooms: int


SIZES = {
    "S": Size("S", speakers=50, sessions=100, days=2, rooms=3),
    "L": Size("L", speakers=500, sessions=1_000, days=3, rooms=10),
    "XL": Size("XL", speakers=5_000, sessions=10_000, days=5, rooms=40),
}

FIRST_DAY = date(2027, 5, 10)
ZONE = "America/New_York"
# A published site has an address: with it, both tools write full addresses into calendars,
# feeds and the sitemap. bench/hugo/hugo.toml's baseURL is the same.
BASE_URL = "https://bench.example.org/"
DAY_STARTS, DAY_MINUTES = time(8, 0), 12 * 60


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Amara Ana Andrea Arjun Aya Bilal Camila Chen Daniel Dara Elena Emeka Fatima Felix Grace "
    "Hana Hugo Ines Isaac Jamal Jin Julia Kofi Lars Layla Leila Lucas Maya Mei Mateo Nadia "
    "Nikolai Noor Omar Paula Priya Rafael Ravi Rosa Samuel Sara Sofia Tariq Tomas Uma Victor "
    "Wei Yara Yusuf Zainab Zoe Anders Beatriz Carmen Dmitri Esther Farid Gabriel Hye-jin Ivan"
)
LAST_NAMES = _words(
    "Abebe Adeyemi Alvarez Andersen Bakker Banerjee Bianchi Castro Chowdhury Costa Dahl "
    "Diallo Dubois Eriksson Fischer Garcia Haddad Hansen Hoang Ibrahim Ito Jensen Kamau Kim "
    "Kowalski Kuznetsov Lee Lindqvist Lopez Mendes Moreau Mwangi Nakamura Ng Novak Okafor "
    "Oliveira Park Petrov Quispe Rahman Rossi Sato Schmidt Silva Singh Suzuki Tanaka Torres "
    "Umarov Vargas Wang Weber Yamamoto Yilmaz Zhang Zimmermann Ahmadi Boateng Carvalho Demir "
    "Eze Fontaine"
)
HONORIFICS = ("Dr.", "Dr.", "Prof.", "Ms.", "Mr.", "Amb.", None, None, None)
POSITIONS = (
    "Senior Fellow",
    "Research Director",
    "Professor of Economics",
    "Associate Professor of Public Policy",
    "Program Officer",
    "Chief Economist",
    "Policy Analyst",
    "Country Director",
    "Head of Research",
    "Visiting Scholar",
    "Lecturer in Development Studies",
    "Executive Director",
)
ORG_KINDS = ("Institute for", "Center for", "Foundation for", "Council on", "Observatory of")
FIELDS = (
    "Trade Policy",
    "Urban Studies",
    "Development Economics",
    "Regional Security",
    "Migration Research",
    "Public Finance",
    "Food Systems",
    "Digital Economies",
    "Energy Transitions",
    "Water Governance",
    "Labour Markets",
    "Peace and Conflict",
)
TOPICS = (
    "informal markets",
    "cross-border trade",
    "remittance flows",
    "mobile payments",
    "food prices",
    "small business credit",
    "labour migration",
    "land tenure",
    "urban housing",
    "public health financing",
    "climate adaptation",
    "water rights",
    "energy access",
    "local elections",
    "customs reform",
    "supply chains",
    "agricultural cooperatives",
    "digital identity",
    "microfinance",
    "transport corridors",
    "conflict mediation",
    "disaster recovery",
    "youth employment",
    "tax collection",
)
PLACES = (
    "coastal cities",
    "border provinces",
    "rural districts",
    "river basins",
    "mountain regions",
    "port towns",
    "island states",
    "capital regions",
    "mining towns",
    "refugee settlements",
)
METHODS = (
    "household surveys",
    "satellite imagery",
    "market price data",
    "long interviews",
    "archival records",
    "network analysis",
    "randomised evaluations",
    "comparative case studies",
    "mobile phone records",
    "tax registries",
)
VERBS = (
    "studies",
    "leads work on",
    "writes about",
    "advises governments on",
    "teaches graduate courses on",
    "coordinates research on",
    "has published widely on",
    "directs a programme on",
)
PAST = (
    "was a researcher",
    "served as an adviser",
    "led a field team",
    "worked as an economist",
    "taught",
    "managed a regional office",
)
ADJECTIVES = ("Hidden", "Changing", "Resilient", "Fragile", "Emerging", "Shadow", "Local", "New")
DEGREES = ("a doctorate", "a master's degree", "a law degree", "a doctorate and a master's degree")
UNIVERSITIES = (
    "the University of Lagos",
    "Seoul National University",
    "the University of Toronto",
    "Universidad de Chile",
    "the University of Nairobi",
    "Uppsala University",
    "the University of Melbourne",
    "Sciences Po",
    "the University of Cape Town",
    "Keio University",
)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    honorific: str | None
    position: str
    organization: str
    url: str | None
    bio: str

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}" if self.honorific else self.name


@dataclass(frozen=True)
class Panel:
    id: str
    label: str
    title: str
    moderator: str
    panelists: tuple[str, ...]


@dataclass(frozen=True)
class Slot:
    id: str
    day: date
    start: time
    end: time
    room: str
    kind: str
    title: str | None
    panel: Panel | None
    speakers: tuple[tuple[str, str], ...]
    abstract: str

    @property
    def heading(self) -> str:
        if self.panel is not None:
            return f"{self.panel.label}: {self.panel.title}"
        return self.title or ""

    @property
    def people(self) -> tuple[tuple[str, str], ...]:
        """Everyone in the slot with their role, as eventsite's render.people lists them."""
        if self.panel is None:
            return self.speakers
        chair = ((self.panel.moderator, "Moderator"),)
        return chair + tuple((p, "Panelist") for p in self.panel.panelists) + self.speakers


@dataclass(frozen=True)
class Conference:
    size: Size
    title: str
    summary: str
    about: str
    rooms: tuple[str, ...]
    speakers: tuple[Person, ...]
    panels: tuple[Panel, ...]
    sessions: tuple[Slot, ...]

    @property
    def last_day(self) -> date:
        return FIRST_DAY + timedelta(self.size.days - 1)


def make_conference(size: Size, seed: int = SEED) -> Conference:
    """The whole synthetic event of one size; the same seed gives the same event."""
    rng = random.Random(f"{seed}-{size.name}")
    speakers = tuple(_people(rng, size.speakers))
    rooms = tuple(f"Room {chr(65 + n % 26)}{n // 26 or ''}" for n in range(size.rooms))
    draw = _Drawer(rng, [p.id for p in speakers])
    sessions: list[Slot] = []
    panels: list[Panel] = []
    per_day = math.ceil(size.sessions / (size.days * size.rooms))
    step = max(5, min(60, DAY_MINUTES // per_day // 5 * 5))
    grid = itertools.product(range(size.days), range(per_day), range(size.rooms))
    for number, (day, index, room) in enumerate(itertools.islice(grid, size.sessions), 1):
        begins = datetime.combine(FIRST_DAY, DAY_STARTS) + timedelta(minutes=index * step)
        ends = begins + timedelta(minutes=step)  # back to back: a gap is a schedule warning
        kind = _kind(rng, index, room)
        title = _title(rng)
        panel = None
        speakers_here: tuple[tuple[str, str], ...] = ()
        if kind == "panel":
            moderator, *panelists = draw(4)
            label = f"Panel {len(panels) + 1}"
            panel = Panel(f"panel-{len(panels) + 1}", label, title, moderator, tuple(panelists))
            panels.append(panel)
        elif kind == "keynote":
            speakers_here = tuple((p, "Keynote Speaker") for p in draw(1))
        else:
            count = rng.choice((1, 1, 1, 2))
            speakers_here = tuple(zip(draw(count), ("Speaker", "Respondent"), strict=False))
        sessions.append(
            Slot(
                id=f"s{number:05d}",
                day=FIRST_DAY + timedelta(day),
                start=begins.time(),
                end=ends.time(),
                room=rooms[room],
                kind=kind,
                title=None if panel else title,
                panel=panel,
                speakers=speakers_here,
                abstract=_abstract(rng, kind, title),
            )
        )
    return Conference(
        size=size,
        title=f"Benchmark Conference on Markets and Peace ({size.name})",
        summary=(
            f"A synthetic {size.days}-day conference with {size.speakers:,} speakers and "
            f"{size.sessions:,} sessions in {size.rooms} rooms, generated for eventsite's "
            "benchmark. Every name and every sentence is made up."
        ),
        about=_about(rng, size),
        rooms=rooms,
        speakers=speakers,
        panels=tuple(panels),
        sessions=tuple(sessions),
    )


def _kind(rng: random.Random, index: int, room: int) -> str:
    if index == 0 and room == 0:
        return "keynote"
    return "panel" if rng.random() < 0.15 else "talk"


class _Drawer:
    """Hands out speakers in shuffled rounds, so everyone appears and nobody twice in a slot."""

    def __init__(self, rng: random.Random, ids: list[str]) -> None:
        self.rng, self.ids = rng, ids
        self.queue: list[str] = []

    def __call__(self, count: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < count:
            if not self.queue:
                self.queue = self.ids[:]
                self.rng.shuffle(self.queue)
            candidate = self.queue.pop()
            if candidate in chosen:
                self.queue.insert(0, candidate)
                continue
            chosen.append(candidate)
        return chosen


def _people(rng: random.Random, count: int) -> Iterator[Person]:
    seen: set[str] = set()
    for _ in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {chr(65 + rng.randrange(26))}. {last}"
        ident = _slug(f"{first} {last}")
        suffix = 2
        while ident in seen:
            ident, suffix = f"{_slug(f'{first} {last}')}-{suffix}", suffix + 1
        seen.add(ident)
        organization = f"{rng.choice(ORG_KINDS)} {rng.choice(FIELDS)}"
        url = f"https://example.org/people/{ident}" if rng.random() < 0.4 else None
        yield Person(
            id=ident,
            name=name,
            honorific=rng.choice(HONORIFICS),
            position=rng.choice(POSITIONS),
            organization=organization,
            url=url,
            bio=_bio(rng, first, last, organization),
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _bio(rng: random.Random, first: str, last: str, organization: str) -> str:
    topic, topic2, topic3, topic4 = rng.sample(TOPICS, 4)
    link = f"[{organization}](https://example.org/{_slug(organization)})"
    one = (
        f"{first} {last} {rng.choice(VERBS)} {topic} in {rng.choice(PLACES)} at {link}. "
        f"Before that, {last} {rng.choice(PAST)} at the "
        f"{rng.choice(ORG_KINDS)} {rng.choice(FIELDS)}, working on {topic2} with "
        f"{rng.choice(METHODS)} and {rng.choice(METHODS)} from {rng.randint(3, 40)} countries. "
        f"{last}'s recent book, *{rng.choice(ADJECTIVES)} {topic3.title()}*, "
        f"follows {topic3} through {rng.randint(2, 12)} years of {rng.choice(METHODS)}."
    )
    two = (
        f"{last} holds {rng.choice(DEGREES)} from {rng.choice(UNIVERSITIES)} and has "
        f"advised {rng.randint(2, 9)} governments on {topic4}. {first} is a member of the "
        f"**{rng.choice(FIELDS)} Network** and writes a monthly column on "
        f"{rng.choice(TOPICS)} and {rng.choice(TOPICS)}."
    )
    return f"{one}\n\n{two}\n"


def _title(rng: random.Random) -> str:
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    forms = (
        f"{rng.choice(ADJECTIVES)} {topic.title()} in {place.title()}",
        f"What {rng.choice(METHODS).title()} Tell Us About {topic.title()}",
        f"{topic.title()}: Lessons from {rng.randint(3, 30)} {place.title()}",
        f"Measuring {topic.title()} After {rng.randint(1990, 2026)}",
    )
    return rng.choice(forms)


def _abstract(rng: random.Random, kind: str, title: str) -> str:
    topic, topic2, topic3 = rng.sample(TOPICS, 3)
    what = {"panel": "This panel", "keynote": "This keynote"}.get(kind, "This talk")
    one = (
        f"{what}, *{title}*, asks how {topic} shapes {topic2} in {rng.choice(PLACES)}. "
        f"Drawing on {rng.choice(METHODS)} from {rng.randint(2, 60)} sites and "
        f"{rng.randint(100, 9000):,} respondents, it compares {rng.choice(PLACES)} with "
        f"{rng.choice(PLACES)} and looks at what changed after {rng.randint(1995, 2026)}."
    )
    points = "\n".join(
        f"- how {rng.choice(TOPICS)} relates to {rng.choice(TOPICS)}" for _ in range(3)
    )
    two = (
        f"The discussion turns to {topic3} and to **what policy can learn** from the "
        f"evidence; see the [background notes](https://example.org/notes/{rng.randrange(10**6)})."
    )
    return f"{one}\n\nIt covers:\n\n{points}\n\n{two}\n"


def _about(rng: random.Random, size: Size) -> str:
    topics = ", ".join(rng.sample(TOPICS, 5))
    return (
        f"This event was generated for eventsite's benchmark at size {size.name}. "
        f"Its sessions range over {topics} and more.\n\n"
        "Nothing here describes real people, organisations or publications.\n"
    )


# -- eventsite's content format ---------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: str) -> str:
    """A YAML literal block scalar holding Markdown."""
    lines = "\n".join(f"{indent}{line}" if line else "" for line in text.rstrip("\n").split("\n"))
    return f"|\n{lines}\n"


def write_eventsite(conf: Conference, folder: Path) -> None:
    """Write the event as an eventsite project: content, templates and static files."""
    content = folder / "content"
    content.mkdir(parents=True)
    (content / "event.yaml").write_text(
        f"title: {_q(conf.title)}\n"
        f"date: {FIRST_DAY.isoformat()}\n"
        f"end_date: {conf.last_day.isoformat()}\n"
        f"timezone: {ZONE}\n"
        f"base_url: {BASE_URL}\n"
        # Hugo's side makes no offline copy (it cannot list its output's fingerprints): the
        # comparison is of the same work, so eventsite's is off too.
        "offline: false\n"
        "organizer:\n  name: Example Benchmark Society\n  abbreviation: EBS\n"
        "venue:\n  locality: Washington\n  region: DC\n  country: US\n"
        f"summary: {_q(conf.summary)}\n",
        encoding="utf-8",
    )
    (content / "about.md").write_text(conf.about, encoding="utf-8")
    out: list[str] = []
    for p in conf.speakers:
        out.append(f"- id: {p.id}\n  name: {_q(p.name)}\n")
        if p.honorific:
            out.append(f"  honorific: {p.honorific}\n")
        out.append(f"  position: {_q(p.position)}\n  organization: {_q(p.organization)}\n")
        if p.url:
            out.append(f"  url: {p.url}\n")
        out.append(f"  bio: {_block(p.bio, '    ')}\n")
    (content / "speakers.yaml").write_text("".join(out), encoding="utf-8")
    out = []
    for panel in conf.panels:
        out.append(
            f"- id: {panel.id}\n  label: {panel.label}\n  title: {_q(panel.title)}\n"
            f"  moderator: {panel.moderator}\n  panelists: [{', '.join(panel.panelists)}]\n\n"
        )
    (content / "panels.yaml").write_text("".join(out), encoding="utf-8")
    out = []
    for s in conf.sessions:
        out.append(
            f"- id: {s.id}\n  date: {s.day.isoformat()}\n"
            f"  start: {s.start:%H:%M}\n  end: {s.end:%H:%M}\n"
            f"  room: {s.room}\n  kind: {s.kind}\n"
        )
        out.append(f"  panel: {s.panel.id}\n" if s.panel else f"  title: {_q(s.title or '')}\n")
        if s.speakers:
            out.append("  speakers:\n")
            out.extend(f"    - speaker: {who}\n      role: {role}\n" for who, role in s.speakers)
        out.append(f"  abstract: {_block(s.abstract, '    ')}\n")
    (content / "agenda.yaml").write_text("".join(out), encoding="utf-8")
    (content / "publications.yaml").write_text("[]\n", encoding="utf-8")
    (content / "courses.yaml").write_text("[]\n", encoding="utf-8")
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, folder / name)


# -- Hugo ---------------------------------------------------------------------------------------


def _when(day: date, clock: time) -> str:
    # Quoted local time: the templates read it in the event's zone, as eventsite does, so that
    # the zone prints as EDT rather than as an offset.
    return _q(datetime.combine(day, clock).isoformat())


def write_hugo(conf: Conference, folder: Path) -> None:
    """Write the same event as a Hugo site using the templates in bench/hugo/."""
    shutil.copytree(HUGO_SITE, folder)
    shutil.copytree(REPO / "static", folder / "static" / "static")  # same address as eventsite's
    # The card's ground, which Hugo draws the title on (layouts/_partials/card.html).
    (folder / "assets").mkdir()
    Image.new("RGB", (1200, 630), "#0a2a4a").save(folder / "assets" / "card.png")
    content = folder / "content"
    (content / "speakers").mkdir(parents=True)
    (content / "sessions").mkdir()
    roles: dict[str, list[tuple[str, str]]] = {p.id: [] for p in conf.speakers}
    for s in conf.sessions:
        for who, role in s.people:
            roles[who].append((s.id, role))
    (content / "_index.md").write_text(
        "---\n"
        f"title: {_q(conf.title)}\n"
        f"first_day: {FIRST_DAY.isoformat()}\n"  # not `date`: Hugo skips future-dated pages
        f"last_day: {conf.last_day.isoformat()}\n"
        f"summary: {_q(conf.summary)}\n"
        "---\n" + conf.about,
        encoding="utf-8",
    )
    for weight, p in enumerate(conf.speakers, 1):
        lines = [
            "---",
            f"title: {_q(p.display_name)}",
            f"weight: {weight}",  # the event page lists speakers in speakers.yaml's order
            f"name: {_q(p.name)}",  # without the honorific, for JSON-LD's Person
            f"honorific: {_q(p.honorific or '')}",
            f"position: {_q(p.position)}",
            f"organization: {_q(p.organization)}",
        ]
        if p.url:
            lines.append(f"link: {p.url}")
        lines.append("sessions:")
        lines.extend(f"  - {{id: {sid}, role: {role}}}" for sid, role in roles[p.id])
        lines.append("---")
        (content / "speakers" / f"{p.id}.md").write_text(
            "\n".join(lines) + "\n" + p.bio, encoding="utf-8"
        )
    for weight, s in enumerate(conf.sessions, 1):
        lines = [
            "---",
            f"title: {_q(s.heading)}",
            f"weight: {weight}",
            f"kind: {s.kind}",
            f"day: {s.day.isoformat()}",
            f"start: {_when(s.day, s.start)}",
            f"end: {_when(s.day, s.end)}",
            f"room: {s.room}",
            "people:",
        ]
        lines.extend(f"  - {{id: {who}, role: {role}}}" for who, role in s.people)
        lines.append("---")
        (content / "sessions" / f"{s.id}.md").write_text(
            "\n".join(lines) + "\n" + s.abstract, encoding="utf-8"
        )


def generate(size: Size, folder: Path, seed: int = SEED) -> Conference:
    """Write both forms of one size's event below `folder`, replacing what was there."""
    conf = make_conference(size, seed)
    if folder.exists():
        shutil.rmtree(folder)
    write_eventsite(conf, folder / "eventsite")
    write_hugo(conf, folder / "hugo")
    return conf


def main() -> None:
    """Generate one size into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    conf = generate(SIZES[args.size], args.folder, args.seed)
    print(
        f"{args.size}: {len(conf.speakers)} speakers, {len(conf.sessions)} sessions, "
        f"{len(conf.panels)} panels into {args.folder}"
    )


if __name__ == "__main__":
    main()


# -- a site of many events (issue 13) -----------------------------------------------------------

SERIES = ("Korea Forum", "Mediation Lab", "Annual Conference", "Climate Dialogue",
          "Market Watch", "Policy Breakfast")  # fmt: skip
SITE_TOPICS = ("Economics", "Mediation", "Climate", "Migration", "Elections", "Technology",
               "Health", "Youth", "Gender", "Trade", "Security", "Governance")  # fmt: skip


@dataclass(frozen=True)
class SiteSize:
    """How big a generated site of events is."""

    name: str
    events: int
    years: int
    sessions_per_event: int
    people: int


SITE = SiteSize("site", events=300, years=10, sessions_per_event=10, people=2_000)
"""An organisation's ten years of events: 300 events, 3,000 sessions, 2,000 people."""


def write_site_of_events(size: SiteSize, folder: Path, seed: int = SEED) -> dict[str, int]:
    """Write a site of events: shared people (most at several events), each event's folder.
    Returns counts: events, sessions, people, appearances."""
    rng = random.Random(f"{seed}-{size.name}")
    if folder.exists():
        shutil.rmtree(folder)
    content = folder / "content"
    (content / "events").mkdir(parents=True)
    people = list(_people(rng, size.people))
    (content / "site.yaml").write_text(
        "organizer:\n  name: Example Benchmark Society\n  abbreviation: EBS\n"
        "  url: https://example.org/\n"
        f"timezone: {ZONE}\nbase_url: {BASE_URL}\n"
        "venue:\n  name: Benchmark Hall\n  locality: Washington\n  region: DC\n  country: US\n"
        "series:\n" + "".join(f"  - id: {_slug(s)}\n    title: {s}\n" for s in SERIES),
        encoding="utf-8",
    )
    out = []
    for n, p in enumerate(people):  # every other person with a one-paragraph bio
        out.append(f"- id: {p.id}\n  name: {_q(p.name)}\n")
        if p.honorific:
            out.append(f"  honorific: {p.honorific}\n")
        out.append(f"  position: {_q(p.position)}\n  organization: {_q(p.organization)}\n")
        if n % 2 == 0:
            out.append(f"  bio: {_block(p.bio.split(chr(10) * 2)[0], '    ')}")
        out.append("\n")
    (content / "speakers.yaml").write_text("".join(out), encoding="utf-8")
    # Every person appears at least once; then people are drawn with a skew, so that most come
    # back at several events.
    weights = [1 / (n + 10) for n in range(len(people))]
    queue = [p.id for p in people]
    rng.shuffle(queue)
    first = date(2026 - size.years + 1, 1, 15)
    spacing = size.years * 365 / size.events
    counts = {"events": size.events, "sessions": 0, "people": len(people), "appearances": 0}
    for number in range(size.events):
        day = first + timedelta(days=int(number * spacing))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        slug = f"{day:%Y-%m}-{_slug(_title(rng))[:40].strip('-')}-{number + 1}"
        folder_e = content / "events" / slug
        folder_e.mkdir()
        series = rng.choice(SERIES) if rng.random() < 0.6 else None
        topics = rng.sample(SITE_TOPICS, rng.randint(1, 3))
        (folder_e / "event.yaml").write_text(
            f"title: {_q(_title(rng))}\ndate: {day.isoformat()}\n"
            + (f"series: {_slug(series)}\n" if series else "")
            + f"topics: [{', '.join(topics)}]\nupdated: {day - timedelta(days=30)}\n"
            f"summary: {_q('A generated event of the benchmark site; every name is made up.')}\n",
            encoding="utf-8",
        )
        (folder_e / "about.md").write_text(_about(rng, SIZES["S"]), encoding="utf-8")
        lines = []
        begins = datetime.combine(day, time(9, 0))
        for slot in range(size.sessions_per_event):
            start, end = (
                begins + timedelta(minutes=45 * slot),
                begins + timedelta(minutes=45 * (slot + 1)),
            )
            title = _title(rng)
            lines.append(
                f"- start: {start:%H:%M}\n  end: {end:%H:%M}\n  kind: talk\n  title: {_q(title)}\n"
            )
            if slot % 3 == 0:
                lines.append(f"  abstract: {_block(_abstract(rng, 'talk', title), '    ')}")
            lines.append("  speakers:\n")
            chosen: list[str] = []
            for _ in range(rng.choice((1, 2, 2))):
                who = queue.pop() if queue else rng.choices(people, weights)[0].id
                if who not in chosen:
                    chosen.append(who)
            for who, role in zip(chosen, ("Speaker", "Discussant"), strict=False):
                lines.append(f"    - speaker: {who}\n      role: {role}\n")
            counts["sessions"] += 1
            counts["appearances"] += len(chosen)
        (folder_e / "agenda.yaml").write_text("".join(lines), encoding="utf-8")
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, folder / name)
    return counts
