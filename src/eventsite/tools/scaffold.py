"""`eventsite new`: a project that builds at once, with every field of the model shown.

The starter files are written from the model, as the JSON Schema and the guide's tables are
(schema.py): each field with its description, those a new project needs set, every other one
commented out with an example of its type, so that no starter file can fall behind the loader.
The project holds content/ and schema/ only; templates and static files come from the default
theme until the project adds its own.
"""

from __future__ import annotations

import dataclasses
import json
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from zoneinfo import ZoneInfo

from eventsite import i18n, model
from eventsite.errors import ContentError, SiteError
from eventsite.i18n import N_
from eventsite.load import markdown, values
from eventsite.load.records import Reader
from eventsite.load.shapes import optional_inner
from eventsite.load.site import bad_slug
from eventsite.load.yamlfile import read_document
from eventsite.model import forms
from eventsite.model import site as site_rules
from eventsite.tools import schema
from eventsite.tools.schema import SITE_EVENT, Field, fields

ZONE_QUESTION = "The venue's time zone (Area/City, e.g. America/New_York): "
WIDTH = 100  # the widest line: a description too long to follow its field goes above it
SITE_ONLY = "In a site of events"  # how the model describes a field only a site's event has
NOT_IN_A_SITE = tuple(site_rules.SITE_ONLY)  # what the loader refuses in a site's event

# What a new project's files say until its editor writes the event's own words: the page shows
# them, so they are in the event's language (the catalogs translate them, as the page's words).
ORGANIZER, CITY, OPENING = N_("Your Organization"), N_("Your City"), N_("Opening Session")
FIRST_EVENT = N_("Our First Event")
ABOUT = N_(
    "Describe the event here, in Markdown: who it is for, what it will cover, and why it "
    "matters. Blank lines separate paragraphs."
)
NOTES = {
    "event": "Remove the # before a field to use it; docs/editing.md explains each one.",
    "list": "The list is empty ([]): to add an entry, remove [] and the # before its lines.",
    "site-event": "One event of the site: its folder's name is its address, to keep once the "
    "event is announced. timezone, organizer and venue come from site.yaml unless given here.",
    "speakers": "People who speak at several events, once each: any event's agenda names "
    "them by id.",
    "own-speakers": "People of this event only; those of several events belong in "
    "content/speakers.yaml.",
    "publications": "Publications events discuss, each with an id: an event lists those it "
    "shows (publications: [...]).",
}
"""What a file says besides its schema's description (in a site of events, instead of it)."""


def check_language(language: str) -> None:
    """Refuse a language eventsite's pages cannot speak, in the loader's words."""
    if not forms.LANGUAGE.matches(language) or i18n.parse(language) is None:
        raise SiteError(f'"{language}" is not {forms.LANGUAGE.noun}; {forms.LANGUAGE.hint}')


def check_day(text: str) -> date:
    """The day `--date` names, in the loader's words if it names none."""
    if not forms.DATE.matches(text):
        raise SiteError(f'"{text}" is not {forms.DATE.noun}', forms.DATE.hint)
    return date.fromisoformat(text)


def _check_zone(timezone: str) -> None:
    if timezone not in forms.zones():
        raise SiteError(f'"{timezone}" is not a time zone; {forms.zone_hint(timezone)}')


def _check_name(option: str, text: str, example: str) -> None:
    """A title or name from the command line: what the loader refuses, and a line break."""
    wrong = values.problem(text, "name")
    if not text.strip():
        wrong = "is empty", f'write e.g. {option} "{example}"'
    elif wrong is None and re.search("[\n\r]", text):
        wrong = "has a line break", f'write it on one line, e.g. {option} "{example}"'
    if wrong is not None:
        raise SiteError(f"{option}: {wrong[0]}", wrong[1])


def _check_folder(path: Path) -> None:
    try:
        if path.is_symlink():
            raise SiteError(f"{path} is a symbolic link; choose a new folder")
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise SiteError(f"{path} already exists and is not empty; choose a new folder")
    except OSError as exc:  # a name too long, a folder that cannot be read
        raise _cannot(path, exc) from None


def _cannot(path: Path, exc: OSError) -> SiteError:
    reason = (exc.strerror or str(exc)).lower()
    return SiteError(f"cannot create {path}: {reason}; choose a folder you can write to")


def new_project(path: Path, title: str, day: date, timezone: str, language: str = "en") -> None:
    """Create a project folder with example content for one event, in `language`."""
    _check_folder(path)
    _check_zone(timezone)
    _check_name("--title", title, "The Event's Title")
    check_language(language)
    files = _event(_Starter(day, timezone, language), title, None)
    _create(path, {f"content/{n}": t for n, t in files.items()}, "/public/\n")


def new_site(path: Path, name: str, timezone: str, day: date, language: str = "en") -> str:
    """Create a site of events with one example event on `day`; return the event's folder."""
    _check_folder(path)
    _check_zone(timezone)
    check_language(language)
    _check_name("--name", name, "Example Institute")
    info = {"organizer": {"name": _quoted(name)}, "timezone": timezone, "language": language}
    start = _Starter(day, timezone, language)
    files = {"site.yaml": start.file("site", info)}
    for shared in ("speakers", "publications"):
        files[f"{shared}.yaml"] = start.file(shared, note=NOTES[shared])
    slug, event = "first-event", _event(start, start.say(FIRST_EVENT), (day, None))
    files.update({f"events/{slug}/{n}": t for n, t in event.items()})
    _create(path, {f"content/{n}": t for n, t in files.items()}, "/public/\n/public-*/\n")
    return slug


def new_event(
    project: Path, slug: str, title: str, day: date, today: date, language: str | None = None
) -> Path:
    """Add an event to a site of events: content/events/SLUG/, with example content (in
    `language`, else in the site's)."""
    if not (project / "content" / "site.yaml").is_file():
        raise SiteError(
            f"{project} is not a site of events: it has no content/site.yaml",
            "pass --project with the site's folder, or start one with: eventsite new site PATH",
        )
    if (wrong := bad_slug(slug)) is not None:
        raise ContentError([wrong])  # the line `build` gives for such a folder
    _check_name("--title", title, "The Event's Title")
    if language is not None:
        check_language(language)
    folder = project / "content" / "events" / slug
    if folder.exists() or folder.is_symlink():
        raise SiteError(f"content/events/{slug}/ already exists; choose another name")
    site = Reader(render=markdown.render).document(
        read_document(project / "content" / "site.yaml", "content/site.yaml", True), model.SiteInfo
    )
    zone, spoken = "UTC", "en"
    if isinstance(site, model.SiteInfo):  # else an example in English: `check` says what is wrong
        zone, spoken = str(site.timezone or zone), site.language or spoken
    _create(folder, _event(_Starter(day, zone, language or spoken), title, (today, language)))
    return folder


def _event(start: _Starter, title: str, site: tuple[date, str | None] | None) -> dict[str, str]:
    """The files of one event, by name: alone (`site` None), or of a site of events, added on
    a day (site[0]) in its own language or the site's (site[1] None)."""
    given: dict[str, Any] = {"title": _quoted(title), "date": str(start.day)}
    if site is None:
        given.update(timezone=start.zone, language=start.language,
                     organizer={"name": _quoted(start.say(ORGANIZER))})  # fmt: skip
    else:
        given.update(updated=str(site[0]), **({"language": site[1]} if site[1] else {}))
    given["venue"] = {"locality": _quoted(start.say(CITY))}
    up, note = ("../../..", NOTES["site-event"]) if site else ("..", "")
    files = {"event.yaml": start.file(SITE_EVENT if site else "event", given, up, note)}
    # With an end, as most slots have one (end may be left out: a start alone).
    opening = {"kind": "opening", "end": None, "title": _quoted(start.say(OPENING))}
    files["agenda.yaml"] = start.file("agenda", [opening], up)
    for name in ("speakers", "panels", "publications", "courses"):
        own = NOTES["own-speakers"] if site and name == "speakers" else ""
        files[f"{name}.yaml"] = start.file(name, None, up, own)
    files["about.md"] = "\n".join(textwrap.wrap(start.say(ABOUT), WIDTH)) + "\n"
    return files


def _create(root: Path, files: Mapping[str, str], ignore: str = "") -> None:
    """Write the files under `root`; with `ignore`, a new project: its schemas and .gitignore."""
    try:
        for name, text in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if ignore:
            schema.write_schemas(root / "schema")
            (root / ".gitignore").write_text(ignore)
    except OSError as exc:
        raise _cannot(root, exc) from None


def ask_zone(ask: Callable[[str], str], say: Callable[[str], None]) -> str:
    """Ask for the venue's time zone until the answer is one; there is no default to fall to.

    `ask` is input() in a terminal; end of input (Ctrl-D) gives up with a message.
    """
    while True:
        try:
            answer = ask(ZONE_QUESTION).strip()
        except EOFError:
            raise SiteError(
                "no time zone given; pass --timezone, e.g. --timezone America/New_York"
            ) from None
        if answer in forms.zones():
            return answer
        say(f'"{answer}" is not a time zone; {forms.zone_hint(answer)}')


def _quoted(text: str) -> str:
    """Text as a YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# -- the starter files, from the model --------------------------------------------------------


@dataclasses.dataclass
class _Starter:
    """Writes content files from the model's records: the values given set, every other field
    commented out with an example, each with its description.

    The examples hold together across a project's files, so that removing every # gives
    content that loads: a record's id is its kind and a number (speaker-1), a reference names
    the first of its kind, and each session has an hour of its own.
    """

    day: date
    zone: str
    language: str
    site: bool = False
    lines: list[str] = dataclasses.field(default_factory=list)
    shown: set[type] = dataclasses.field(default_factory=set)
    ids: Counter[type] = dataclasses.field(default_factory=Counter)
    hour: int = 8

    def say(self, words: str) -> str:
        """The starter's words in the event's language (its catalog)."""
        return i18n.language(self.language).gettext(words)

    def file(self, name: str, given: Any = None, up: str = "..", note: str = "") -> str:
        """The text of content/NAME.yaml; `given`, the values set (a list file's items)."""
        self.lines, self.shown = [schema.modeline(name, f"{up}/schema")], set()
        self.ids, self.hour, self.site = Counter(), 8, name == SITE_EVENT
        tp = model.Event if self.site else schema.FILES[name][0]
        listed = get_origin(tp) is tuple
        note = note or schema.FILES[name][1]
        for text in (note, NOTES["list" if listed and not given else "event"]):
            self.put("", "", text)
        if not listed:
            self.record(tp, given, "")
        else:
            self.lines += [] if given else ["[]"]
            for entry in given or [None]:
                self.record(get_args(tp)[0], entry, "", "- ")
        if name == "agenda":
            self.lines.append("")
            self.put("", "", "Or a group of sessions that share a track, room, venue or day:")
            self.record(model.Group, None, "", "- ")
        return "\n".join(self.lines) + "\n"

    def record(
        self,
        cls: type,
        given: Mapping[str, Any] | None,
        indent: str,
        dash: str = "",
        only: Collection[str] | None = None,
        preset: Mapping[str, str] | None = None,
    ) -> None:
        """A record's fields: its required ones and `only`; `given` None: the whole record as a
        commented-out example."""
        if given is None and "#" not in indent:
            indent += "# "
        full = only is None and cls not in self.shown
        self.shown.add(cls)
        either = {m.other: f for f in fields(cls) for m in f.meta if isinstance(m, model.Either)}
        if only is None:  # a record is shown in full once; later, only what makes it whole
            eithers = {"id", *(f.name for f in either.values()), *_any_of(cls)}
            only = {f.name for f in fields(cls)} - set(either) if full else eithers
        if any(f.required and _clock(f) for f in fields(cls)):
            self.hour += 1  # a session: the hour after the last one's
        above, lead = indent, indent + dash
        for f in (f for f in self.own(cls) if f.required or f.name in only):
            setting = given is not None and (f.name in given or self.required(cls, f))
            value = given.get(f.name) if given else (preset or {}).get(f.name)
            self.field(
                cls, f, value, setting, above, lead + ("" if setting or "#" in indent else "# ")
            )
            above = lead = indent + " " * len(dash)
        for other, f in either.items() if full and dash else ():
            # One or the other: the other way as an item of its own.
            self.lines.append("")
            self.put(indent, "", f"Or a {cls.__name__.lower()} with {other} instead of {f.name}:")
            kinds = {g.name: other for g in fields(cls) if other in get_args(g.base)}
            self.record(cls, None, indent, dash, {"id", other}, kinds)

    def own(self, cls: type) -> list[Field]:
        """The fields of a record this file shows."""
        if cls is not model.Event:
            return fields(cls)
        if self.site:
            return [f for f in fields(cls) if f.name not in NOT_IN_A_SITE]
        return [f for f in fields(cls) if not f.doc.startswith(SITE_ONLY)]

    def required(self, cls: type, f: Field) -> bool:
        """Whether the file must give the field (an event of a site may leave out SITE_GIVES)."""
        return f.required and not (
            self.site and cls is model.Event and f.name in site_rules.SITE_GIVES
        )

    def field(self, cls: type, f: Field, value: Any, setting: bool, above: str, lead: str) -> None:
        """One field: its value, or the record or list of records below it."""
        base = optional_inner(f.base) or f.base
        item = get_args(base)[0] if get_origin(base) is tuple else base
        below = lead.replace("- ", "  ") + "  "
        nested = dataclasses.is_dataclass(item) and not any(
            isinstance(m, model.Ref) for m in f.meta
        )
        if not nested:
            self.put(above, f"{lead}{f.name}: {value or self.example(cls, f)}", _choices(f))
            return
        self.put(above, f"{lead}{f.name}:", _choices(f))
        if item is base:
            self.record(item, (value or {}) if setting else None, below)
            return
        for entry in value or [None]:
            self.record(item, entry, below, "- ")

    def example(self, cls: type, f: Field) -> str:
        """A value of the field's type that holds together with the file's other examples."""
        base = optional_inner(f.base) or f.base
        form = next((m for m in f.meta if isinstance(m, forms.Form)), None)
        if form is forms.LANGUAGE:  # the event's, or another for its translations
            other = "fr" if i18n.base(self.language) == "en" else "en"
            return f"[{other}]" if get_origin(base) is tuple else self.language
        if get_origin(base) is tuple:
            return f"[{self.example(cls, f._replace(base=get_args(base)[0]))}]"
        if any(isinstance(m, model.Ref) for m in f.meta):
            return f"{base.__name__.lower()}-1"
        if f.name == "id":
            self.ids[cls] += 1
            return f"{cls.__name__.lower()}-{self.ids[cls]}"
        if _clock(f):
            hour = self.hour + (f.name == "end")
            return f"{(hour - 1) % 12 + 1}:00 {'AM' if hour < 12 else 'PM'}"
        if form is not None:  # the first example its own hint gives (a word, or two: 50% 30%)
            words = re.findall(r"[^\s,]+", form.hint)
            pairs = [" ".join(pair) for pair in zip(words, words[1:], strict=False)]
            return str(next(w for w in [*words, *pairs] if form.matches(w)))
        if get_origin(base) is Literal:
            return str(f.default or get_args(base)[0])
        unless = [m.other for g in fields(cls) for m in g.meta if isinstance(m, model.Unless)]
        if base is bool and f.name in unless:  # venue_published: false would refuse the venue
            return str(f.default).lower()
        simple = {bool: str(not f.default).lower(), date: str(self.day), ZoneInfo: self.zone}
        return {**simple, model.Url: "https://example.org/"}.get(base, "...")

    def put(self, above: str, line: str = "", doc: str = "") -> None:
        """A line with its description beside it if it fits, else above it (`above` the
        indentation)."""
        if line and (not doc or len(line) + len(doc) + 4 <= WIDTH):
            self.lines.append(f"{line}  # {doc}" if doc else line)
            return
        # No line of description may start with `word:`, which would read as a field.
        glued = re.sub(r" (?=[\w{]+:)", "\xa0", doc)
        for part in textwrap.wrap(glued, WIDTH - len(above) - 2, break_long_words=False,
                                  break_on_hyphens=False):  # fmt: skip
            self.lines.append(f"{above}# {part}".replace("\xa0", " "))
        self.lines += [line] if line else []


def _any_of(cls: type) -> list[str]:
    """The fields of which the record gives one or more: each shown in its example."""
    return [f.name for f in fields(cls) if any(isinstance(m, model.AnyOf) for m in f.meta)]


def _clock(f: Field) -> bool:
    return any(isinstance(m, model.Clock) for m in f.meta)


def _choices(f: Field) -> str:
    """The field's description, with the choices it takes if it does not name them."""
    base = optional_inner(f.base) or f.base
    choices = get_args(base) if get_origin(base) is Literal else ()
    if all(c in f.doc for c in choices):
        return f.doc
    return f"{f.doc} One of: {', '.join(choices)}."
