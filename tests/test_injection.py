"""Script injection: hostile text in every field of the schema never runs in a visitor's browser.

The content is generated from the model itself: every text, Markdown, link and id field of
every record gets the payload, so a field added to the model is covered without touching this
file. Every file the build writes is then parsed as its kind (HTML as browsers parse it, JSON,
iCalendar, XML) and compared with a build of harmless text: no script, no event handler, no
unsafe address, no new structure, and template syntax shows as the text it is.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from zoneinfo import ZoneInfo

import html5lib
import pytest
import yaml

from eventsite import model
from eventsite.build import build
from eventsite.errors import ContentError
from eventsite.load import markdown
from eventsite.load.shapes import field_hints, optional_inner, split_annotated
from tests.conftest import NOW, REPO

PAYLOADS = (
    # script elements, in several spellings
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<svg><script>alert(1)</script></svg>",
    "<![CDATA[<script>alert(1)</script>]]>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    '"><img src=x onerror=alert(1)>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    # javascript: in several spellings and encodings
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "&#x6A;avascript&colon;alert(1)",
    "%6A%61%76%61%73%63%72%69%70%74:alert(1)",
    "javascript\\u003aalert(1)",
    "vbscript:msgbox(1)",
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="&#14;javascript:alert(1)">x</a>',
    # data: URLs and other embedding
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:text/html,<script>alert(1)</script>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="//evil.example/">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    # breaking out of the element or the string the text lands in
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    '\\"}</script><script>alert(1)</script>',
    '"; alert(1); //',
    "]]><evil/><![CDATA[",
    '<?xml-stylesheet href="javascript:alert(1)"?>',
    "Title\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\nURL:javascript:alert(1)",
    # template syntax
    "{{7*7}}",
    "{{ self.__init__.__globals__ }}",
    "{% print 7*7 %}",
    "${7*7} #{7*7}",
)

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "data", "cite", "background", "ping",
    "manifest", "xlink:href", "codebase", "longdesc", "usemap", "srcset",
}  # fmt: skip
URL_KEYS = {"url", "@id", "sameas", "image", "logo", "contenturl", "href", "link", "uri", "loc"}
ICS_URL_PROPERTIES = {"URL", "ATTACH", "TZURL", "SOURCE", "IMAGE", "CONFERENCE", "ORGANIZER"}
HARMLESS = "Plain words"
# RFC 5545 3.1: name *(";" param) ":" value, where a quoted parameter value may hold ":".
ICS_LINE = re.compile(
    r'([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)'
)


# -- content made from the model ----------------------------------------------------------------

FILES: dict[str, Any] = {
    "event.yaml": model.Event,
    "speakers.yaml": tuple[model.Speaker, ...],
    "panels.yaml": tuple[model.Panel, ...],
    "agenda.yaml": tuple[model.Session, ...],
    "publications.yaml": tuple[model.Publication, ...],
    "courses.yaml": tuple[model.Course, ...],
}
"""Each content file and the model type it holds."""

ONE_OF: dict[type, tuple[str, str]] = {model.Session: ("panel", "title")}
"""Fields a record may not have together (a cross-field check): one record is made with each."""

PATTERNED: dict[tuple[type, str], str] = {
    (model.Registration, "price"): "25.00",
    (model.Registration, "currency"): "USD",
    (model.Event, "language"): "en",
    (model.Event, "translations"): [],
    (model.SiteInfo, "language"): "en",
    (model.Speaker, "photo_focus"): "50% 30%",
    (model.Event, "image_focus"): "50% 40%",
    (model.Session, "recording_start"): "1:02:30",
    (model.Speaker, "language"): "en",
    (model.Session, "language"): "en",
    # Fields whose other values hide things or must come with others: show everything.
    (model.Event, "status"): "rescheduled",  # with previous_date, another day than date
    (model.Event, "previous_date"): "2011-06-21",
    (model.Event, "attendance"): "hybrid",
    (model.Event, "offline"): True,
    (model.Event, "venue_published"): True,  # with the venue, which it would refuse
    (model.Session, "attendance"): "hybrid",
    (model.Session, "recorded"): True,  # with its recording
    (model.Group, "attendance"): "hybrid",
    (model.Group, "recorded"): True,
    (model.Group, "more_to_come"): True,  # the page says more sessions are to come
}
"""Text fields the loader checks against a pattern (no markup can pass): a valid value each;
and fields that must have a given value for the others to be shown."""


@dataclasses.dataclass(frozen=True)
class Fill:
    """What to put in each kind of field."""

    text: str
    url: str
    ident: str

    def markdown(self) -> str:
        """The text as prose, as a link, an autolink, an image and a reference link."""
        p = self.text
        return f"{p}\n\n[a link]({p}) <{p}> ![an image]({p}) [ref]\n\n[ref]: {p}\n"


def content(fill: Fill) -> dict[str, Any]:
    """Every content file, with every field of every record filled."""
    files = {name: _value(tp, fill, "") for name, tp in FILES.items()}
    # Sessions name the other venue by the one id; the main venue may not have it too.
    del files["event.yaml"]["venue"]["id"]
    return files


def _value(tp: Any, fill: Fill, name: str, owner: type | None = None) -> Any:
    if (owner, name) in PATTERNED:
        return PATTERNED[owner, name]  # type: ignore[index]
    base, meta = split_annotated(tp)
    base = optional_inner(base) or base
    if any(isinstance(m, model.Ref) for m in meta):
        return [fill.ident] if get_origin(base) is tuple else fill.ident
    if any(isinstance(m, model.Clock) for m in meta):
        return "10:00" if name == "end" else "9:00"
    if get_origin(base) is tuple:
        item = get_args(base)[0]
        if dataclasses.is_dataclass(item) and item in ONE_OF:
            records = [_record(item, fill, without) for without in ONE_OF[item]]
            return [_apart(record, n, item) for n, record in enumerate(records)]
        return [_value(item, fill, name)]
    if dataclasses.is_dataclass(base):
        return _record(base, fill, None)  # type: ignore[arg-type]
    if base is str:
        return fill.ident if name == "id" else fill.text
    known: dict[Any, Any] = {
        model.Html: fill.markdown(),
        model.Url: fill.url,
        date: "2011-07-19",
        ZoneInfo: "America/New_York",
        bool: False,  # true hides things (private speakers, noindex): show everything
    }
    if base in known:
        return known[base]
    if get_origin(base) is Literal:
        return get_args(base)[0]
    raise AssertionError(f"no test value for {tp!r} of field {name}: teach _value about it")


SITE_OF_EVENTS = {(model.Event, "series"), (model.Event, "publications")}
"""Fields that name records of a site of events, which one event has not (test_catalog.py)."""


def _record(cls: type, fill: Fill, without: str | None) -> dict[str, Any]:
    return {
        name: _value(tp, fill, name, cls)
        for name, tp in field_hints(cls).items()
        if name != without and (cls, name) not in SITE_OF_EVENTS
    }


def _apart(record: dict[str, Any], n: int, cls: type) -> dict[str, Any]:
    """The nth record of a list, an hour later and with its own id: records may not collide."""
    moved = dict(record)
    for name, tp in field_hints(cls).items():
        if name in moved and any(isinstance(m, model.Clock) for m in split_annotated(tp)[1]):
            hour, minute = moved[name].split(":")
            moved[name] = f"{int(hour) + n}:{minute}"
    if "segments" in moved:  # within the slot's new times
        moved["segments"] = [_apart(s, n, model.Segment) for s in moved["segments"]]
    if n and isinstance(moved.get("id"), str):
        moved["id"] = f"{moved['id']}-{n + 1}"
    return moved


def make_project(root: Path, fill: Fill) -> Path:
    """A project whose content is `fill` everywhere, with the example's templates and CSS."""
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "content").mkdir(parents=True)
    for name, data in content(fill).items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
        (root / "content" / name).write_text(text, encoding="utf-8")
    (root / "content" / "about.md").write_text(fill.markdown(), encoding="utf-8")
    return root


def url_fields() -> set[str]:
    """The names of every address field in the model."""
    found: set[str] = set()
    classes = [tp for tp in vars(model).values() if dataclasses.is_dataclass(tp)]
    for cls in classes:
        for name, tp in field_hints(cls).items():
            base = split_annotated(tp)[0]
            if (optional_inner(base) or base) is model.Url:
                found.add(name)
    return found


def unfilled(value: Any, path: str) -> Iterator[str]:
    """Every field of the loaded site that the generated content left empty."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for spec in dataclasses.fields(value):
            yield from unfilled(getattr(value, spec.name), f"{path}.{spec.name}")
    elif isinstance(value, tuple):
        if not value:
            yield path
        for n, item in enumerate(value):
            yield from unfilled(item, f"{path}[{n}]")
    elif value is None:
        yield path


def test_generated_content_fills_every_field(tmp_path: Path) -> None:
    from eventsite.load.event import load_site

    site = load_site(make_project(tmp_path, Fill(HARMLESS, "https://example.org/", "plain-id")))
    # A panel session has no title and a titled one no panel, and no warnings are expected;
    # the event is in one language (test_languages.py fills every field in two); nothing else
    # may stay empty; the agenda is a list of sessions, so no group says more are to come.
    skipped = (
        r"\.(title|panel|warnings|event\.series|event\.publications|event\.translations)$"
        r"|^site\.event\.venue\.id$|^site\.(translations|original|to_come)$"
    )
    empty = [p for p in unfilled(site, "site") if not re.search(skipped, p)]  # see SITE_OF_EVENTS
    assert empty == [], "add the file that holds these to FILES"


# -- what each kind of output may contain -------------------------------------------------------


def safe_url(value: str) -> bool:
    """Whether a browser would read the address as http(s), mailto, tel or a relative path."""
    seen = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", seen)
    return scheme is None or scheme.group(1) in SAFE_SCHEMES


@dataclasses.dataclass
class Found:
    """What a build's output holds that an injection would change."""

    problems: list[str] = dataclasses.field(default_factory=list)
    tags: Counter[str] = dataclasses.field(default_factory=Counter)
    styles: set[str] = dataclasses.field(default_factory=set)
    text: str = ""


def inspect(out: Path) -> Found:
    """Parse every file the build wrote, as the kind of file it is."""
    found = Found()
    for path in sorted(out.rglob("*")):
        name = str(path.relative_to(out))
        if path.suffix in (".html", ".htm"):
            _html(path.read_text(encoding="utf-8"), name, found)
        elif path.suffix in (".json", ".jsonld", ".webmanifest"):
            _json(json.loads(path.read_text(encoding="utf-8")), name, found)
        elif path.suffix == ".ics":
            _ics(path.read_text(encoding="utf-8"), name, found)
        elif path.suffix in (".xml", ".rss", ".atom"):
            _xml(path.read_bytes(), name, found)
    return found


def _kind(name: str) -> str:
    # Structure is counted per kind of file, not per file: a page whose address is made from
    # an id has another name when the id changes.
    return name.rsplit(".", 1)[-1] if "." in name else name


def _html(text: str, name: str, found: Found) -> None:
    document = html5lib.parse(text, namespaceHTMLElements=False)
    for element in document.iter():
        tag = str(element.tag)
        found.tags[f"{_kind(name)}: <{tag}>"] += 1
        if tag == "script":
            kind = element.get("type", "")
            body = element.text or ""
            source = element.get("src", "")
            if not body and re.fullmatch(r"(\.\./)*static/(planner|offline)\.js", source):
                continue  # the theme's own scripts, by their address
            if kind != "application/ld+json":
                found.problems.append(f"{name}: a <script> element: {body[:80]!r}")
                continue
            if re.search(r"</script|<!--", body, re.IGNORECASE):
                found.problems.append(f"{name}: JSON-LD can close its script element")
            _json(json.loads(body), f"{name} JSON-LD", found)
        for attribute, value in element.attrib.items():
            attribute = str(attribute).lower()
            if attribute.startswith("on"):
                found.problems.append(f"{name}: <{tag} {attribute}> event handler")
            if attribute in URL_ATTRIBUTES and not all(
                safe_url(part.split()[0] if part.split() else "") for part in value.split(",")
            ):
                found.problems.append(f"{name}: <{tag} {attribute}={value!r}>")
            if attribute == "style":
                found.styles.add(value)
            if attribute == "http-equiv" and value.lower() == "refresh":
                found.problems.append(f"{name}: <meta http-equiv=refresh>")
    found.text += "".join(document.itertext())


def _json(data: Any, name: str, found: Found, key: str = "") -> None:
    if isinstance(data, dict):
        # Keys are not counted: some formats key by data (the schedule's rooms by name), and
        # a string cannot change JSON's structure once it parses.
        for k, v in data.items():
            _json(v, name, found, str(k))
    elif isinstance(data, list):
        for item in data:
            _json(item, name, found, key)
    elif isinstance(data, str):
        lowered = key.lower()
        if (lowered in URL_KEYS or lowered.endswith("url")) and not safe_url(data):
            found.problems.append(f"{name}: {key}: {data!r}")


def _ics(text: str, name: str, found: Found) -> None:
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    for line in unfolded.splitlines():
        match = ICS_LINE.match(line)
        if match is None:
            found.problems.append(f"{name}: not an iCalendar line: {line[:80]!r}")
            continue
        prop, params, value = match.group(1).upper(), match.group(2).upper(), match.group(3)
        found.tags[
            f"{_kind(name)}: {prop}" + (f":{value}" if prop in ("BEGIN", "END") else "")
        ] += 1
        if (prop in ICS_URL_PROPERTIES or "VALUE=URI" in params) and not safe_url(value):
            found.problems.append(f"{name}: {prop}:{value!r}")


def _xml(data: bytes, name: str, found: Found) -> None:
    if re.search(rb"<!DOCTYPE|<!ENTITY", data):
        found.problems.append(f"{name}: a DOCTYPE or an entity declaration")
        return
    # Our own output, and a DOCTYPE (the only way to declare entities) is refused above.
    builder = ET.TreeBuilder(insert_pis=True, insert_comments=False)
    root = ET.fromstring(data, parser=ET.XMLParser(target=builder))  # noqa: S314
    for element in root.iter():
        tag = str(element.tag)
        found.tags[f"{_kind(name)}: <{tag}>"] += 1
        local = tag.rsplit("}", 1)[-1].lower()
        # In the schedule format a <link>'s text is its title; its address is its href.
        titled = name.endswith("schedule.xml") and local == "link"
        if local in URL_KEYS and not titled and not safe_url(element.text or ""):
            found.problems.append(f"{name}: <{local}>{element.text!r}")
        for attribute, value in element.attrib.items():
            if attribute.rsplit("}", 1)[-1].lower() in URL_KEYS | URL_ATTRIBUTES and not safe_url(
                value
            ):
                found.problems.append(f"{name}: <{local} {attribute}={value!r}>")


# -- the tests ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Found:
    """The output of harmless text in every field: what a page is allowed to be made of."""
    root = tmp_path_factory.mktemp("baseline")
    project = make_project(root / "site", Fill(HARMLESS, "https://example.org/", "plain-id"))
    build(project, root / "out", now=NOW)
    found = inspect(root / "out")
    assert found.problems == []
    assert HARMLESS in found.text
    return found


def compare(found: Found, baseline: Found) -> list[str]:
    """Problems, plus any element or calendar line the harmless build did not have."""
    problems = list(found.problems)
    prose = {f"<{tag}>" for tag in markdown._TAGS}
    for key, count in found.tags.items():
        if key.rsplit(": ", 1)[-1] in prose:
            continue  # sanitised Markdown may add these; their attributes were checked
        if count > baseline.tags.get(key, 0):
            problems.append(f"new structure: {key} x{count} (harmless text: {baseline.tags[key]})")
    problems += [f"new style attribute {s!r}" for s in found.styles - baseline.styles]
    return problems


def _build(tmp_path: Path, fill: Fill) -> tuple[Path, ContentError | None]:
    project = make_project(tmp_path / "site", fill)
    try:
        build(project, tmp_path / "out", now=NOW)
    except ContentError as exc:
        assert not (tmp_path / "out").exists()
        return tmp_path / "out", exc
    return tmp_path / "out", None


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def test_corpus_is_large_enough() -> None:
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 30


@pytest.mark.timeout(60)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_text_field_stays_text(
    tmp_path: Path, baseline: Found, payload: str
) -> None:
    out, refused = _build(tmp_path, Fill(payload, "https://example.org/", "plain-id"))
    assert refused is None, f"text fields must accept any text: {refused}"
    found = inspect(out)
    assert compare(found, baseline) == []
    # Shown as the editor wrote it: escaped, not dropped, not evaluated.
    assert _normal(payload) in _normal(found.text)
    assert found.text.count("49") <= baseline.text.count("49"), "template syntax was evaluated"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_as_a_link_is_refused_or_harmless(
    tmp_path: Path, baseline: Found, payload: str
) -> None:
    out, refused = _build(tmp_path, Fill(HARMLESS, payload, "plain-id"))
    if refused is not None:
        # Only address fields may refuse it, each with its own line.
        assert all(p.field.rsplit(".", 1)[-1] in url_fields() for p in refused.problems), refused
        return
    assert compare(inspect(out), baseline) == []


@pytest.mark.timeout(60)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_as_an_id_is_refused_or_harmless(
    tmp_path: Path, baseline: Found, payload: str
) -> None:
    out, refused = _build(tmp_path, Fill(HARMLESS, "https://example.org/", payload))
    if refused is not None:  # a loader that only accepts plain ids is safe too
        assert all(re.search(r"\bid\b|speaker|panel", p.field) for p in refused.problems), refused
        return
    assert compare(inspect(out), baseline) == []
