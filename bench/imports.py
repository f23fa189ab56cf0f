"""Time `eventsite import` of a large volunteer conference's schedule.json (1,000 sessions in 60
rooms over three days, as pretalx exports it), then build what it wrote."""

from __future__ import annotations

import json
import random
import resource
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SESSIONS, ROOMS, DAYS = 1000, 60, 3
ZONE = ZoneInfo("Europe/Berlin")
_WORDS = ("harbour", "tide", "sensor", "budget", "city", "river", "data", "policy", "flood",
          "market", "energy", "code", "open", "community", "network", "public", "climate",
          "water", "transport", "housing", "school")  # fmt: skip


def schedule(seed: int = 12) -> dict[str, Any]:
    """A pretalx schedule.json of SESSIONS sessions in ROOMS rooms over DAYS days."""
    pick = random.Random(seed)
    first = date(2031, 8, 14)
    rooms = [f"Room {n:02d}" for n in range(1, ROOMS + 1)]
    people = [
        {"code": f"P{n:05d}", "name": f"{pick.choice(_FIRST)} {pick.choice(_LAST)}",
         "biography": " ".join(pick.choices(_WORDS, k=60)).capitalize() + ".", "avatar": None}
        for n in range(SESSIONS * 4 // 5)
    ]  # fmt: skip
    days: list[dict[str, Any]] = []
    number = 0
    for index in range(DAYS):
        day = first + timedelta(days=index)
        by_room: dict[str, list[dict[str, Any]]] = {room: [] for room in rooms}
        per_day = SESSIONS // DAYS + (1 if index < SESSIONS % DAYS else 0)
        for n in range(per_day):
            room = rooms[n % ROOMS]
            start = datetime(day.year, day.month, day.day, 9, tzinfo=ZONE) + timedelta(
                hours=n // ROOMS
            )
            number += 1
            title = " ".join(pick.choices(_WORDS, k=5)).title()
            by_room[room].append({
                "guid": str(uuid.UUID(int=pick.getrandbits(128), version=4)),
                "code": f"S{number:05d}", "id": number, "date": start.isoformat(),
                "start": f"{start:%H:%M}", "duration": "00:45", "room": room,
                "slug": f"bigcon-{number}", "url": f"https://pretalx.example.org/talk/{number}/",
                "title": title, "subtitle": "", "track": pick.choice(("Civic", "Tech", "Climate")),
                "type": pick.choice(("Talk", "Workshop", "Lightning Talk")), "language": "en",
                "abstract": " ".join(pick.choices(_WORDS, k=40)).capitalize() + ".",
                "description": "- " + "\n- ".join(pick.choices(_WORDS, k=4)),
                "persons": pick.sample(people, k=pick.choice((1, 1, 2))), "links": [],
                "attachments": [],
            })  # fmt: skip
        end = day + timedelta(days=1)
        days.append({"index": index + 1, "date": day.isoformat(), "rooms": by_room,
                     "day_start": f"{day}T04:00:00+02:00",
                     "day_end": f"{end}T03:59:00+02:00"})  # fmt: skip
    last = first + timedelta(days=DAYS - 1)
    conference = {"acronym": "bigcon2031", "title": "BigCon 2031", "start": first.isoformat(),
                  "end": last.isoformat(), "daysCount": DAYS, "timeslot_duration": "00:15",
                  "time_zone_name": str(ZONE), "days": days}  # fmt: skip
    return {
        "generator": {"name": "pretalx"},
        "schedule": {"version": "1", "conference": conference},
    }


_FIRST = ("Ada", "Björn", "Chidi", "Dana", "Émile", "Fatima", "Grace", "Hiro", "Ines", "Jonas",
          "Kemal", "Lea", "Mateo", "Noor", "Olga", "Priya", "Quinn", "Rosa", "Sven",
          "Tariq")  # fmt: skip
_LAST = ("Achebe", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Hoang", "Ivanova",
         "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist",
         "Rossi", "Schmidt", "Tanaka", "Ünal", "Varga", "Weber", "Yilmaz", "Zhou")  # fmt: skip


@dataclass(frozen=True)
class ImportFigures:
    """The import's wall times, and the time to build what it wrote."""

    seconds: list[float]
    cpu: list[float]
    """User and system time of each import: what the machine's other work does not change."""
    build: float
    sessions: int
    rooms: int


def import_runs(runs: int, work: Path, binary: Path, env: dict[str, str]) -> ImportFigures:
    """Import the generated schedule into a new project `runs` times; build the last one."""
    source = work / "bigcon-schedule.json"
    source.write_text(json.dumps(schedule(), ensure_ascii=False), encoding="utf-8")
    seconds, cpu = [], []
    for run in range(runs):
        project = work / f"imported-{run}"
        shutil.rmtree(project, ignore_errors=True)
        began, used = time.perf_counter(), _children()
        subprocess.run([binary, "import", source, "--project", project], check=True, env=env,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        seconds.append(time.perf_counter() - began)
        cpu.append(_children() - used)
    event = project / "content" / "event.yaml"
    text = event.read_text(encoding="utf-8").replace('name: ""', "name: BigCon e.V.")
    event.write_text(text.replace('locality: ""', "locality: Berlin"), encoding="utf-8")
    began = time.perf_counter()
    subprocess.run([binary, "build", "--project", project, "--no-cache"], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return ImportFigures(seconds, cpu, time.perf_counter() - began, SESSIONS, ROOMS)


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
