"""A site of many events (examples/institute/): its pages across events, its feeds read back by
their consumers, its checks across events, and an edit to one event that leaves the others'
files as they were."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import ics
import pytest
from bench.generate import SiteSize, write_site_of_events
from lxml import etree, html

from eventsite.build import build
from eventsite.engine.sink import Held
from eventsite.engine.steps import Memory, Step
from eventsite.errors import ContentError, SiteError
from eventsite.load.inputs import sources, template_folders
from eventsite.load.site import load_project
from eventsite.make import machine_files, make_project
from eventsite.model import Catalog, Site
from eventsite.outputs import offline
from eventsite.render.pages import Renderer
from tests.conftest import REPO, copy_project

INSTITUTE = REPO / "examples" / "institute"
NOW = datetime(2026, 10, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))
"""The moment the tests build the institute at: four events to come, one called off."""
BASE = "https://events.calder.example.org/"
RNG = etree.RelaxNG(etree.parse(str(REPO / "tests" / "feed-format" / "atom.rng")))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("institute") / "site"
    build(INSTITUTE, out, now=NOW, base_url=BASE, cache=False)
    return out


def _page(root: Path, path: str) -> html.HtmlElement:
    return html.fromstring((root / path).read_bytes())


def _text(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


# -- layouts ------------------------------------------------------------------------------------


def test_a_project_without_site_yaml_is_one_event_as_before() -> None:
    assert isinstance(load_project(REPO).content, Site)
    assert isinstance(load_project(INSTITUTE).content, Catalog)
    # The byte-for-byte golden comparison of the single event is test_build's.


def test_build_event_refuses_a_single_event_project(tmp_path: Path) -> None:
    with pytest.raises(SiteError) as caught:
        build(REPO, tmp_path / "out", event="anything")
    assert caught.value.lines() == [
        "error: --event anything: this project is one event, not a site of events; leave out "
        "--event, or start a site with content/site.yaml (see docs/editing.md)"
    ]


# -- pages across events ------------------------------------------------------------------------


def test_index_lists_upcoming_soonest_first_and_past_newest_first_by_year(site: Path) -> None:
    page = _page(site, "index.html")
    upcoming = [_text(a) for a in page.cssselect("#upcoming .event-item__title a")]
    assert upcoming == ["Women in Peace Negotiations", "Climate Security Dialogue",
                        "The Korea Forum, Winter 2027", "Annual Conference 2027"]  # fmt: skip
    years = [_text(h) for h in page.cssselect("#past .events__year")]
    assert years == ["2026", "2025"]
    past_2026 = page.cssselect("#past ol.events")[0].cssselect(".event-item__title a")
    assert [_text(a) for a in past_2026][:2] == ["Food Security in North Korea",
                                                  "Elections Without Violence"]  # fmt: skip
    cancelled = page.cssselect(".event-item--cancelled")[0]
    assert "Cancelled" in _text(cancelled)
    assert "Elections Without Violence" in _text(cancelled)
    assert page.cssselect("a[href='korea-forum-2026-spring/index.html']")
    # The filter is links to pages and to each year, no script.
    assert not page.cssselect("script:not([type='application/ld+json'])")
    assert page.cssselect(".browse a[href='topics/mediation.html']")
    assert page.cssselect(".browse a[href='index.html#year-2025']")


def test_the_phase_of_each_event_is_the_build_moment_s(tmp_path: Path) -> None:
    later = datetime(2027, 6, 1, tzinfo=ZoneInfo("America/New_York"))
    build(INSTITUTE, tmp_path / "later", now=later, cache=False)
    page = _page(tmp_path / "later", "index.html")
    assert page.cssselect("#upcoming .event-item") == []
    assert "No events are announced" in _text(page.cssselect("#upcoming")[0])
    assert [_text(h) for h in page.cssselect("#past .events__year")] == ["2027", "2026", "2025"]
    event = _page(tmp_path / "later", "korea-forum-2027-winter/index.html")
    assert _text(event.cssselect(".eyebrow")[0]) == "Past event"


def test_a_shared_speaker_s_page_lists_each_event_with_the_role_there(site: Path) -> None:
    page = _page(site, "people/hana-seo.html")
    assert _text(page.cssselect("h1")[0]) == "Dr. Hana Seo"
    parts = {
        _text(part.cssselect(".event-item__title")[0]): [
            _text(p) for p in part.cssselect(".roles__title")
        ]
        for part in page.cssselect(".part")
    }
    assert parts == {
        "The Korea Forum, Winter 2027": ["Programme to Be Announced, Chair"],
        "Food Security in North Korea": ["Harvests and Markets, Speaker",
                                         "Questions from the Audience, Moderator"],
        "Information Inside North Korea": ["Phones, Drives and Radio, Speaker"],
        "Family Networks Across the Korean Peninsula": ["Welcome, Host",
                                                        "Questions from the Audience, Moderator"],
        "Annual Conference 2025: The Economics of Peace": [
            "Aid and Trade on the Korean Peninsula, Speaker"],
        "Markets at the Border": ["Trade on the Frontier, Speaker",
                                  "Questions from the Audience, Moderator"],
    }  # fmt: skip
    titles = [_text(h) for h in page.cssselect(".part .event-item__title")]
    assert titles[0] == "The Korea Forum, Winter 2027", "the newest event first"
    assert page.cssselect("a[href='../korea-forum-2025-winter/index.html']")


def test_an_event_page_links_its_people_to_their_pages_across_events(site: Path) -> None:
    page = _page(site, "korea-forum-2025-winter/index.html")
    links = {_text(a): a.get("href") for a in page.cssselect(".person__name a")}
    assert links["Dr. Hana Seo"] == "../people/hana-seo.html"
    assert page.cssselect("link[rel=stylesheet]")[0].get("href") == "../static/site.css"
    assert page.cssselect(".masthead__org a")[0].get("href") == "../index.html"
    assert (site / "korea-forum-2025-winter/event.ics").is_file()
    assert (site / "korea-forum-2025-winter/schedule.json").is_file()
    assert not (site / "korea-forum-2025-winter/sitemap.xml").exists(), "one sitemap, the site's"


def test_topic_page_lists_its_events_and_publications_with_where_they_were_discussed(
    site: Path,
) -> None:
    page = _page(site, "topics/mediation.html")
    assert _text(page.cssselect("h1")[0]) == "Mediation"
    assert "Women in Peace Negotiations" in _text(page.cssselect("section")[0])
    cards = {_text(c.cssselect(".card__title")[0]): _text(c) for c in page.cssselect(".card")}
    assert (
        "Discussed at: Annual Conference 2025: The Economics of Peace; Designing"
        in cards["Ceasefires That Hold: Lessons from Twelve Agreements"]
    )
    series = _page(site, "series/korea-forum.html")
    titles = [_text(a) for a in series.cssselect(".event-item__title a")]
    assert titles[0] == "The Korea Forum, Winter 2027"
    assert len(titles) == 5


def test_index_carries_an_item_list_of_its_events(site: Path) -> None:
    page = _page(site, "index.html")
    data = json.loads(page.cssselect("script[type='application/ld+json']")[0].text)
    assert data["@type"] == "ItemList"
    items = data["itemListElement"]
    assert [i["position"] for i in items] == list(range(1, 16))
    assert items[0] == {"@type": "ListItem", "position": 1, "name": "Women in Peace Negotiations",
                        "url": BASE + "women-in-peace-negotiations/"}  # fmt: skip


def test_sitemap_lists_every_page_of_every_event_and_across_events(site: Path) -> None:
    tree = etree.parse(str(site / "sitemap.xml"))
    urls = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert urls == {BASE + p.removesuffix("index.html") for p in pages}
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text()


# -- feeds read back by their consumers ----------------------------------------------------------


def test_atom_feed_is_valid_and_read_back_by_feedparser(site: Path) -> None:
    data = (site / "events.atom").read_bytes()
    assert RNG.validate(etree.fromstring(data).getroottree()), RNG.error_log
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Events"
    assert feed.feed.links[0].href == BASE + "events.atom"
    assert len(feed.entries) == 15
    first = feed.entries[0]
    # The newest change first: an upcoming event marked updated on 2026-09-25.
    assert first.updated == "2026-09-25T04:00:00Z"
    assert first.link.startswith(BASE)
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids)
    event_ics = icalendar.Calendar.from_ical((site / "elections-without-violence/event.ics")
                                             .read_bytes())  # fmt: skip
    cancelled = next(e for e in feed.entries if e.title == "Elections Without Violence")
    assert cancelled.id == f"urn:uuid:{event_ics.walk('VEVENT')[0]['UID']}"
    assert "<strong>Cancelled</strong>" in cancelled.summary


def test_events_ics_holds_every_upcoming_event_for_calendar_apps(site: Path) -> None:
    data = (site / "events.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Events"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in data.decode()
    entries = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in entries] == [
        "Women in Peace Negotiations", "Climate Security Dialogue",
        "The Korea Forum, Winter 2027", "Annual Conference 2027",
    ]  # fmt: skip
    # Each entry is the event's own event.ics entry: same UID, same times.
    for entry in entries:
        slug = str(entry["URL"]).removeprefix(BASE).strip("/")
        own = icalendar.Calendar.from_ical((site / slug / "event.ics").read_bytes())
        (event,) = own.walk("VEVENT")
        assert entry["UID"] == event["UID"]
        assert entry.decoded("DTSTART") == event.decoded("DTSTART")
        assert entry.decoded("DTEND") == event.decoded("DTEND")
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {"America/New_York"}
    strict = ics.Calendar(data.decode())  # the second, stricter parser
    assert len(strict.events) == 4
    women = next(e for e in strict.events if e.name == "Women in Peace Negotiations")
    assert women.begin.to("UTC").isoformat() == "2026-11-05T19:00:00+00:00"


# -- an edit to one event -----------------------------------------------------------------------


def _files(root: Path) -> dict[str, tuple[bytes, int, int]]:
    found = {}
    for path in root.rglob("*"):
        if path.is_file():
            st = path.stat()
            found[path.relative_to(root).as_posix()] = (path.read_bytes(), st.st_ino,
                                                         st.st_mtime_ns)  # fmt: skip
    return found


def test_an_edit_to_one_event_leaves_every_other_event_s_files_untouched(tmp_path: Path) -> None:
    project = copy_project(INSTITUTE, tmp_path / "project").root
    out = tmp_path / "out"
    build(project, out, now=NOW)
    before = _files(out)
    agenda = project / "content/events/korea-forum-2026-spring/agenda.yaml"
    agenda.write_text(agenda.read_text().replace("Phones, Drives and Radio", "Phones and Radio"))
    report = build(project, out, now=NOW)
    after = _files(out)
    changed = sorted(name for name in before.keys() | after.keys()
                     if before.get(name) != after.get(name))  # fmt: skip
    inside = [n for n in changed if n.startswith("korea-forum-2026-spring/")]
    across = [n for n in changed if n not in inside and n != ".eventsite-output"]
    assert inside, "the edited event's own files were made again"
    # Across events, only what shows that slot: the pages of the three people in it.
    assert across == ["people/david-oh.html", "people/hana-seo.html", "people/min-ji-kang.html"]
    for name in before:
        if name not in changed:
            assert after[name][1:] == before[name][1:], f"{name} was written again"
    assert "Phones and Radio" in (out / "people/hana-seo.html").read_text()
    # The engine made again only that event's steps and those pages; it took each other event
    # whole, as one step (tests/test_kept.py), and kept the other pages across events.
    assert 0 < report.made <= 20, report.summary()  # of 141: that event, those pages
    assert report.kept >= 14, report.summary()


SECOND_SLOT = """
- start: 12:00 PM
  end: 12:30 PM
  kind: talk
  title: Phones, Drives and Radio
  abstract: The same question, a year on.
  speakers:
    - speaker: joon-park
      role: Speaker
"""


def test_a_person_s_page_follows_their_role_and_slot_page_and_no_one_else_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person's page shows their role and the link to each slot's page: an edit to either
    at one event makes again the pages of that event's people only, and changes those that
    show it, in the dev server and a cached build as in a clean one."""
    from tests.test_engine import Watched, _clean, _differences

    project = copy_project(INSTITUTE, tmp_path / "project").root
    agenda = project / "content/events/korea-forum-2026-spring/agenda.yaml"
    agenda.write_text(agenda.read_text() + SECOND_SLOT)
    watched = Watched(project, tmp_path)
    made: list[str] = []
    put = watched.preview.memo.put

    def noting(key: str, step: Step) -> None:
        made.append(key)
        put(key, step)

    monkeypatch.setattr(watched.preview.memo, "put", noting)
    there = {f"people/{name}.html" for name in ("samuel-keller", "hana-seo", "david-oh",
                                                 "min-ji-kang", "joon-park")}  # fmt: skip
    edits = [
        # Min-ji Kang's role in one slot: her page alone changes.
        ("role: Discussant", "role: Respondent", ["people/min-ji-kang.html"]),
        # The first slot of that title gets a page, so the second's is renamed: Joon Park's
        # page links to it anew, though the text of his slot is as it was.
        ("  title: Phones, Drives and Radio\n  speakers:",
         "  title: Phones, Drives and Radio\n  abstract: On phones.\n  speakers:",
         ["people/david-oh.html", "people/hana-seo.html", "people/joon-park.html",
          "people/min-ji-kang.html"]),
    ]  # fmt: skip
    before = _clean(project, tmp_path / "first")
    for old, new, shown in edits:
        made.clear()
        agenda.write_text(agenda.read_text().replace(old, new, 1))
        after = watched.check()  # the same bytes served, cached and clean
        changed = [name for name in _differences(before, after) if name.startswith("people/")]
        assert changed == shown, new
        remade = {key.removeprefix("page:") for key in made if key.startswith("page:people/")}
        assert set(shown) <= remade <= there, "only the pages of that event's people"
        before = after
    page = html.fromstring(before["people/min-ji-kang.html"])
    roles = [_text(p) for p in page.cssselect(".roles__title")]
    assert "Phones, Drives and Radio, Respondent" in roles
    page = html.fromstring(before["people/joon-park.html"])
    links = [a.get("href") for a in page.cssselect(".roles__title a")]
    assert "../korea-forum-2026-spring/sessions/phones-drives-and-radio-2.html" in links


class _Counted(Held):
    """The files made so far, counting each time one of the `pages` is looked at."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        super().__init__(dict(pages))
        self.pages, self.reads = pages, 0

    def size(self, name: str) -> int:
        self.reads += name in self.pages
        return super().size(name)

    def fingerprint(self, name: str) -> str:
        self.reads += name in self.pages
        return super().fingerprint(name)


@pytest.mark.parametrize("events", [3, 6])
def test_each_event_s_offline_copy_looks_at_its_own_files_not_every_file(
    tmp_path: Path, events: int
) -> None:
    project = tmp_path / "project"
    write_site_of_events(SiteSize("small", events, 1, 3, 12), project)
    found = sources(project)
    renderer = Renderer(template_folders(project), Memory())
    made = make_project(project, found, renderer, NOW, machines=False)
    rest, events_, across, whole, outputs, pages, _ = made.machines.args  # what make gave
    assert rest is None, "every page was made ahead of the calendars and feeds"
    counted = _Counted(pages)
    machine_files(events_, across, whole, outputs, counted)
    workers = [name for name in counted.files if name.endswith("/" + offline.PATH)]
    assert len(workers) == events, "each event keeps an offline copy"
    # The pages are gathered once for all the events' copies: the work does not grow with the
    # number of events times the number of files (300 events, 8,000 files): each page once.
    assert 0 < counted.reads <= len(pages)


def test_a_change_of_dates_reaches_the_index_and_the_feeds(tmp_path: Path) -> None:
    project = copy_project(INSTITUTE, tmp_path / "project").root
    out = tmp_path / "out"
    build(project, out, now=NOW)
    event = project / "content/events/climate-security-dialogue/event.yaml"
    event.write_text(event.read_text().replace("date: 2026-12-03", "date: 2026-12-10")
                     .replace("updated: 2026-09-20", "updated: 2026-09-28"))  # fmt: skip
    build(project, out, now=NOW)
    assert "Thursday, December 10, 2026" in (out / "index.html").read_text()
    feed = feedparser.parse((out / "events.atom").read_bytes())
    assert feed.entries[0].title == "Climate Security Dialogue"
    assert b"DTSTART;VALUE=DATE:20261210" in (out / "events.ics").read_bytes() or (
        b"20261210T" in (out / "events.ics").read_bytes()
    )


# -- checks across events -----------------------------------------------------------------------


@pytest.fixture
def institute(tmp_path: Path) -> Path:
    return copy_project(INSTITUTE, tmp_path / "site").root


def _problems(project: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_project(project)
    return caught.value.lines()


def _warnings(project: Path) -> list[str]:
    return [str(w) for w in load_project(project).content.warnings]


def _add_own(project: Path, slug: str, text: str) -> None:
    path = project / "content/events" / slug / "speakers.yaml"
    path.write_text(text)
    agenda = project / "content/events" / slug / "agenda.yaml"
    agenda.write_text(agenda.read_text().replace("speaker: elena-vasquez", "speaker: kim-lee", 1))


def test_the_same_person_in_two_events_own_lists_is_a_warning(institute: Path) -> None:
    person = "- id: kim-lee\n  name: Kim Lee\n"
    _add_own(institute, "designing-ceasefires", person)
    _add_own(institute, "local-peace-agreements", person)
    assert _warnings(institute) == [
        'content/events/local-peace-agreements/speakers.yaml:1:7: speakers[1].id: "kim-lee" is '
        "also in content/events/designing-ceasefires/speakers.yaml; if it is the same person, "
        "move them to content/speakers.yaml and remove both entries (warning)"
    ]


def test_two_people_under_one_id_is_an_error(institute: Path) -> None:
    _add_own(institute, "designing-ceasefires", "- id: kim-lee\n  name: Kim Lee\n")
    _add_own(institute, "local-peace-agreements", "- id: kim-lee\n  name: Kim Leeds\n")
    assert _problems(institute) == [
        'content/events/local-peace-agreements/speakers.yaml:1:7: speakers[1].id: "kim-lee" '
        "names Kim Lee in content/events/designing-ceasefires/speakers.yaml; give one of them "
        "another id: an id is one person across the site"
    ]


def test_a_shared_person_on_no_agenda_is_a_warning(institute: Path) -> None:
    speakers = institute / "content/speakers.yaml"
    speakers.write_text(speakers.read_text() + "\n- id: nobody-yet\n  name: Nobody Yet\n")
    assert _warnings(institute) == [
        'content/speakers.yaml:114:7: speakers[15].id: "nobody-yet" is on no event\'s agenda; '
        "name them in an event, or remove the entry (warning)"
    ]


def test_two_events_at_one_venue_at_once_is_a_warning(institute: Path) -> None:
    event = institute / "content/events/local-peace-agreements/event.yaml"
    event.write_text(event.read_text().replace("date: 2026-01-29", "date: 2025-03-20"))
    (warning,) = _warnings(institute)
    assert warning == (
        "content/events/local-peace-agreements/event.yaml:2:1: event.venue: Calder Institute, "
        "Harmon Hall also holds Designing Ceasefires That Hold "
        "(content/events/designing-ceasefires) at that time; check the date and the venue of "
        "both events (warning)"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda p: (p / "content/events/local-peace-agreements").rename(
                p / "content/events/Local Peace"
            ),
            'content/events/Local Peace: "Local Peace" cannot name an event: it is its address; '
            "rename the folder with lower-case letters, digits and hyphens, e.g. local-peace",
        ),
        (
            lambda p: (p / "content/events/local-peace-agreements").rename(
                p / "content/events/people"
            ),
            'content/events/people: "people" cannot name an event: it is its address; rename '
            "the folder: calendar, people, series, static, topics are the site's own folders",
        ),
        (
            lambda p: (p / "content/event.yaml").write_text("title: x\n"),
            "content/event.yaml: a site of events keeps each event in its own folder; move it "
            "into content/events/<name>/ with the event's other files",
        ),
        (
            lambda p: _append(
                p / "content/events/local-peace-agreements/event.yaml",
                "base_url: https://example.org/x/\n",
            ),  # fmt: skip
            "content/events/local-peace-agreements/event.yaml:9:11: event.base_url: an event of "
            "a site takes its address from the site; remove it, and give base_url in "
            "content/site.yaml",
        ),
        (
            lambda p: _append(
                p / "content/publications.yaml",
                "\n- title: T\n  date: 2026-01-01\n  authors: [A]\n  type: Brief\n",
            ),  # fmt: skip
            "content/publications.yaml:73:3: publications[8]: has no id; add id: a-short-name, "
            "by which events name it",
        ),
        (
            lambda p: _replace(
                p / "content/events/local-peace-agreements/event.yaml",
                "series: mediation-lab",
                "series: mediation",
            ),  # fmt: skip
            "content/events/local-peace-agreements/event.yaml:4:9: event.series: unknown series "
            '"mediation"; did you mean "mediation-lab"?',
        ),
        (
            lambda p: shutil.rmtree(p / "content/events"),
            "content/events: the site has no events; add one with: eventsite new event SLUG "
            "--title ... --date ...",
        ),
    ],
)
def test_each_problem_across_the_site_is_one_line(
    institute: Path, change: object, expected: str
) -> None:
    change(institute)  # type: ignore[operator]
    assert expected in _problems(institute)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def _replace(path: Path, old: str, new: str) -> None:
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))


def test_problems_in_several_events_are_reported_in_one_run(institute: Path) -> None:
    _replace(institute / "content/events/local-peace-agreements/agenda.yaml",
             "speaker: amina-diallo", "speaker: amina-dialo")  # fmt: skip
    _replace(institute / "content/events/designing-ceasefires/agenda.yaml",
             "start: 2:10 PM", "start: 2:61 PM")  # fmt: skip
    found = _problems(institute)
    assert len(found) == 2
    assert any("local-peace-agreements/agenda.yaml" in p and 'did you mean "amina-diallo"' in p
               for p in found)  # fmt: skip
    assert any("designing-ceasefires/agenda.yaml" in p and "is not a time of day" in p
               for p in found)  # fmt: skip


def test_an_event_takes_the_site_s_zone_organiser_and_venue(institute: Path) -> None:
    catalog = load_project(institute).content
    assert isinstance(catalog, Catalog)
    event = catalog.events["designing-ceasefires"].event
    assert event.timezone.key == "America/New_York"
    assert event.organizer.name == "Calder Institute for Peace Studies"
    assert event.venue.name == "Calder Institute, Harmon Hall"
    speakers = catalog.events["young-peacebuilders-sahel"].speakers
    assert [s.id for s in speakers][:1] == ["ibrahim-toure"], "its own people first"


def test_build_event_builds_that_event_alone(tmp_path: Path) -> None:
    out = tmp_path / "one"
    build(INSTITUTE, out, now=NOW, event="designing-ceasefires")
    built = sorted({p.relative_to(out).parts[0] for p in out.iterdir()} - {".eventsite-output"})
    assert built == ["designing-ceasefires", "static"]
    with pytest.raises(ContentError) as caught:
        build(INSTITUTE, tmp_path / "two", now=NOW, event="no-such-event")
    assert caught.value.lines()[0].startswith("content/events/no-such-event: no such event; ")


def test_the_same_content_and_moment_build_the_same_bytes(tmp_path: Path, site: Path) -> None:
    build(INSTITUTE, tmp_path / "again", now=NOW, base_url=BASE, cache=False)
    again = {k: v[0] for k, v in _files(tmp_path / "again").items()}
    first = {k: v[0] for k, v in _files(site).items()}
    assert again == first
    assert not [n for n in first if re.search(r"\s", n)], "no spaces in addresses"


CATALOG_EDITS = [
    ("content/site.yaml", "title: Events", "title: Our Events"),
    ("content/speakers.yaml", "Senior Fellow, Korea Program", "Senior Fellow"),
    ("content/publications.yaml", "type: Peace Brief", "type: Brief"),
    ("content/events/designing-ceasefires/agenda.yaml", "title: Discussion", "title: Debate"),
    ("content/events/annual-conference-2027/event.yaml", "Save the date", "Mark the date"),
    ("templates/person.html", "{% block main %}", "{% block main %}<!-- edited -->"),
    ("templates/partials/event-item.html", "<article", "<!-- edited --><article"),
]


def test_every_edit_to_a_site_gives_the_clean_build_served_and_cached(tmp_path: Path) -> None:
    """The dev server and a cached build make the same bytes as a clean build, edit by edit."""
    from tests.test_engine import Watched, _apply, _clean, _differences

    project = copy_project(INSTITUTE, tmp_path / "project").root
    shutil.copytree(REPO / "templates", project / "templates")
    watched = Watched(project, tmp_path)
    before = _clean(project, tmp_path / "first")
    for name, old, new in CATALOG_EDITS:
        _apply(project, name, old, new)
        after = watched.check()
        assert _differences(before, after), f"editing {name} changed no output"
        before = after
