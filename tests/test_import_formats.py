"""Every source format, each trap the issue lists, and YAML that reads back exactly."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml
from bench.imports import schedule as bench_schedule

from eventsite.load.event import load_site
from eventsite.load.yamlfile import compose
from eventsite.model import Site
from eventsite.tools.importers.yamltext import agenda_texts, data, emit, scalar
from tests.import_support import FIXTURES, decide, run


def _import(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
            *more: str) -> tuple[Site, str, Path]:  # fmt: skip
    project = tmp_path / "event"
    status, out, err = run(capsys, FIXTURES / name, "--project", project, *more)
    assert status == 0, err
    decide(project)
    return load_site(project), out, project / "content"


def _text(content: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(content.rglob("*.yaml")))


def test_pretalx_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site, out, content = _import(tmp_path, capsys, "pretalx-schedule.json")
    assert "pretalx schedule.json): 5 sessions, 4 speakers, 2 rooms, 2 days" in out
    assert "Podiumsdiskussion -> panel (1)" in out
    assert {s.name for s in site.speakers} == {"Zoë Øster", "김지우", "Aḥmad al-Hāshimī",
                                               "Jens-Peter Ølund"}  # fmt: skip
    zoe = next(s for s in site.speakers if s.name == "Zoë Øster")
    assert (zoe.id, zoe.photo) == ("zoe-oster", "https://pretalx.example.org/media/avatars/zoe.jpg")
    assert "<strong>tides</strong>" in (zoe.bio or "")
    keynote = site.sessions[0]
    assert (keynote.id, keynote.kind, keynote.track) == ("qxr7pm", "keynote", "Klima")
    assert '<a href="https://example.org/tides"' in (keynote.abstract or "")
    assert "<li>sensors</li>" in (keynote.abstract or "")  # abstract and description, both
    # The 24-hour day: 01:30 after day one's evening is the next morning.
    night = next(s for s in site.sessions if s.heading == "Nachtschicht im Hafen")
    assert night.start.isoformat() == "2030-05-04T01:30:00+02:00"
    text = _text(content)
    for kept in ("# subtitle: Warum Häfen Daten brauchen", "# Slides: https://example.org/slides/",
                 "# Handout: https://pretalx.example.org/media/deich.pdf",
                 "# do_not_record: the speakers asked not to be recorded"):  # fmt: skip
        assert kept in text


def test_a_schedule_without_a_zone_takes_the_one_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "schedule.json"
    source.write_text((FIXTURES / "pretalx-schedule.json").read_text(encoding="utf-8").replace(
        '"time_zone_name": "Europe/Berlin",', ""), encoding="utf-8")  # fmt: skip
    status, _, err = run(capsys, source, "--project", tmp_path / "a")
    assert status == 1
    assert "names no time zone (time_zone_name); pass --timezone" in err
    status, out, _ = run(capsys, source, "--project", tmp_path / "b", "--timezone", "Europe/London")
    assert status == 0
    assert "in Europe/London time" in out
    decide(tmp_path / "b")
    first = load_site(tmp_path / "b").sessions[0]
    assert first.start.isoformat() == "2030-05-03T08:00:00+01:00"  # the same moment, in London


def test_frab_xml_with_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site, out, content = _import(tmp_path, capsys, "frab-schedule.xml")
    assert "(frab schedule.xml): 4 sessions, 3 speakers, 2 rooms, 2 days" in out
    opening = site.sessions[0]
    assert opening.heading == "Eröffnung & Begrüßung"
    assert {p.speaker.name for p in opening.people} == {"Čedomir Novák", "Ana María Núñez"}
    text = _text(content)
    assert "Welcome to **Datenspuren**." in text
    assert "Line one\\\n        line two" in text  # <br> as a Markdown line break
    assert "- Café" in text
    assert "alert(1)" not in text  # the script is gone, not turned into text
    assert "Bring your laptop & a USB stick." in text
    night = next(s for s in site.sessions if s.heading == "Lightning Talks bei Nacht")
    assert (night.start.isoformat(), night.kind) == ("2030-09-21T00:30:00+02:00", "talk")


def test_pentabarf_xml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site, out, content = _import(tmp_path, capsys, "fosdem-pentabarf.xml", "--timezone",
                                 "Europe/Brussels")  # fmt: skip
    assert "(Pentabarf schedule.xml): 4 sessions, 3 speakers, 2 rooms, 2 days" in out
    assert "maintrack -> other (1; eventsite has no such kind" in out
    assert site.event.venue.locality == "Brussels"
    assert site.event.venue.name == "ULB (Université Libre de Bruxelles)"
    assert site.sessions[0].start.isoformat() == "2031-02-01T09:30:00+01:00"
    assert "<em>coffee</em>" in (site.sessions[0].abstract or "")
    both = [s for s in site.sessions if s.heading == "The Kernel, Twenty Years On"][0]
    assert [p.speaker.name for p in both.people] == ["Søren Kjærgaard", "Nguyễn Thị Minh Khai"]
    assert "# Video recording (WebM/VP9): https://video.example.org/welcome.webm" in _text(content)


def test_sessionize_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "event"
    status, out, _ = run(capsys, FIXTURES / "sessionize-all.json", "--project", project,
                         "--timezone", "Europe/Lisbon")  # fmt: skip
    assert status == 0
    assert 'left out 1 session with no time yet: "Still Unscheduled"' in out
    assert "Keynote -> keynote (1)" in out
    assert "Panel discussion -> panel (1)" in out
    assert "(meal) -> meal (1)" in out
    event = project / "content" / "event.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("timezone:", "title: Harbour "
                     "Summit\ntimezone:"), encoding="utf-8")  # fmt: skip
    decide(project)
    site = load_site(project)
    keynote = site.sessions[0]
    assert (keynote.id, keynote.kind, keynote.track, keynote.room) == (
        "512001",
        "keynote",
        "Policy",
        "Main Hall",
    )
    assert keynote.start.isoformat() == "2031-06-12T09:00:00+01:00"
    assert "*floating*" in (keynote.abstract or "")
    assert "&lt;b&gt;no&lt;/b&gt;" in (keynote.abstract or "")
    ngozi = keynote.people[0].speaker
    assert (ngozi.name, ngozi.position, ngozi.organization) == (
        "Ngozi Okonjo-Adébáyọ̀",
        "Director, Lagos Water Lab",
        None,
    )
    assert ngozi.photo == "https://sessionize.com/image/aaaa-400o400o2-ngozi.jpg"
    assert "林美 (Mei Lin)" in {s.name for s in site.speakers}  # a full name stays whole
    text = _text(project / "content")
    for kept in ("# Level: Advanced", "# category item 99999 (not among the export's categories)",
                 "# May we record your session?: Yes, record it",
                 "# recordingUrl: https://video.example.org/keynote",
                 "# LinkedIn: https://www.linkedin.com/in/example-ngozi"):  # fmt: skip
        assert kept in text


def test_a_source_naming_no_place_leaves_the_venue_out_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sessionize names no venue: the import must not ask for a city nobody gave (an editor
    would invent one), but say the place is not published; an editor's venue, written
    later, survives the next import, which drops the request for it."""
    project = tmp_path / "event"
    args = (FIXTURES / "sessionize-all.json", "--project", project, "--timezone", "Europe/Lisbon")
    status, out, _ = run(capsys, *args)
    assert status == 0
    event = project / "content" / "event.yaml"
    text = event.read_text(encoding="utf-8")
    assert "\nvenue_published: false\n" in text
    assert "\nvenue:" not in text
    assert "# The source names no place, so venue_published: false leaves it out" in text
    assert "venue" not in out.split("eventsite check says", 1)[1]  # nothing to fill in there
    text = text.replace("timezone:", "title: Harbour Summit\ntimezone:", 1)
    event.write_text(text.replace('  name: ""', "  name: Harbour Board", 1), encoding="utf-8")
    assert load_site(project).event.venue is None  # it checks as it is: the page says TBA
    decide(project, city="Porto")
    assert run(capsys, *args)[0] == 0
    site = load_site(project)
    assert site.event.venue_published
    assert site.event.venue is not None
    assert site.event.venue.locality == "Porto"
    text = event.read_text(encoding="utf-8")  # what the first import asked for is done
    assert "locality: Porto" in text
    assert "names no place" not in text
    assert "does not say who holds the event" not in text
    assert text.startswith("# yaml-language-server")
    assert "# Imported from" in text  # the rest of the comment stays


def test_sessionize_without_breaks_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "all.json"
    text = (FIXTURES / "sessionize-all.json").read_text(encoding="utf-8")
    source.write_text(text.replace('"isServiceSession": true', '"isServiceSession": false'))
    status, out, _ = run(capsys, source, "--project", tmp_path / "e", "--timezone", "Europe/Lisbon")
    assert status == 0
    assert "note: the export has no service sessions (breaks, meals)" in out


def test_indico(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site, out, _ = _import(tmp_path, capsys, "indico-event.json")
    assert "(Indico JSON): 3 sessions, 3 speakers, 2 rooms, 2 days, in Europe/Zurich time" in out
    assert 'left out 1 contribution with no time yet: "Not Yet Scheduled"' in out
    assert "Invited talk -> talk (1)" in out
    anna = next(s for s in site.speakers if s.name == "Anna Müller")
    assert anna.organization == "ETH Zürich"
    assert "Guðrún Þórsdóttir" in {s.name for s in site.speakers}  # an author, when no speaker
    assert site.event.title == "Workshop on Glacier Physics 2031"
    assert site.event.venue.name == "Example Research Centre"
    assert site.event.venue.street == "Route Exemple 1 1211 Genève"
    assert site.event.venue.locality is None  # the source names the place, not its city
    assert "<em>borehole</em>" in (site.sessions[0].abstract or "")


def test_a_messy_spreadsheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "event"
    status, err_out, err = run(capsys, FIXTURES / "messy.csv", "--project", project,
                               "--timezone", "Europe/Berlin")  # fmt: skip
    assert status == 1
    assert err.strip() == ('messy.csv:3: "fri" names a weekday without a date; pass --date with '
                           "the event's first day, e.g. --date 2030-05-03")  # fmt: skip
    status, out, _ = run(capsys, FIXTURES / "messy.csv", "--project", project, "--timezone",
                         "Europe/Berlin", "--date", "2031-05-02")  # fmt: skip
    assert status == 0
    assert "messy.csv (CSV): 7 sessions, 6 speakers, 5 rooms, 2 days" in out
    assert "the duration (45) disagrees with the times of 'Keynote: Häfen im Wandel'" in out
    assert "rows with no time were left out" in out
    assert "9 ('Lightning: Kurze Ideen')" in out
    assert "4 ('Vormittag'), 10 ('Nachmittag'), 15 ('Stand: 01.05.2031" in out
    assert "no end" not in out  # a start alone is what the source says, and what is written
    assert "columns kept as comments on each session: Notiz" in out
    workshop = project / "content" / "agenda" / "2031-05-02.yaml"
    assert 'start: "11:00"\n      kind: other' in workshop.read_text(encoding="utf-8")
    decide(project)
    site = load_site(project)
    (open_ended,) = [s for s in site.sessions if s.end is None]
    assert (open_ended.heading, open_ended.start.isoformat()) == (
        "Offene Werkstatt", "2031-05-02T11:00:00+02:00")  # fmt: skip
    assert site.event.title == "Programm Hafentag 2031"  # the title row above the header
    times = {s.heading: (s.start.isoformat(), s.end and s.end.isoformat()) for s in site.sessions}
    assert times["Anmeldung & Kaffee"] == ("2031-05-02T09:00:00+02:00", "2031-05-02T09:30:00+02:00")
    assert times["Führung durch den Containerterminal"][0] == "2031-05-02T14:00:00+02:00"
    assert times["Mitternachtsfähre"][0] == "2031-05-03T00:00:00+02:00"  # 0:00 a.m. on sat
    panel = next(s for s in site.sessions if s.panel is not None)
    assert panel.panel is not None
    assert panel.panel.moderator is not None
    assert panel.panel.moderator.name == "Kofi Mensah"
    assert [p.name for p in panel.panel.panelists] == ["Jean-Luc Dubois", "María José Ortega Ruiz"]
    names = {s.name: s.organization for s in site.speakers}
    assert names["Dr. Ingrid Sæther"] == "Hafen Oslo"
    assert "Doe, Jane" in names  # never split into a first and a last name


@pytest.mark.parametrize(
    "text",
    [
        "10:30",
        "09:00",
        "no",
        "On",
        "yes",
        "null",
        "~",
        "12",
        "1.5",
        "0x1F",
        "1e3",
        "- x",
        "a: b",
        "a #b",
        "#x",
        "'q",
        '"q',
        "x:",
        " lead",
        "trail ",
        "[x]",
        "{x}",
        "*x",
        "&x",
        "!x",
        "%x",
        "@x",
        "`x",
        "|x",
        ">x",
        "?x",
        "Zoë",
        "김지우",
        "Panel 2: The Impact",
        "a\tb",
        "2011-07-19",
    ],
)
def test_a_scalar_reads_back_as_the_same_text(text: str) -> None:
    written = f"key: {scalar(text)}\n"
    assert data(compose(written, "t.yaml", [])) == {"key": text}
    loaded = yaml.safe_load(written)["key"]  # YAML 1.1: no number, boolean or time slips in
    assert loaded == text or str(loaded) == text == "2011-07-19"


def test_texts_of_several_lines_read_back_exactly() -> None:
    texts = ["Para one.\n\nPara two:\n- a\n- b", "Line\\\nbreak", " leading space", "tail\n",
             "x\n\n\n\ny", "tab\tin", "# heading\n\ntext"]  # fmt: skip
    for text in texts:
        written = f"key: {emit(text, '  ')}\n"
        assert data(compose(written, "t.yaml", [])) == {"key": text}, written
        assert yaml.safe_load(written)["key"] == text


def test_the_agenda_written_has_no_aliases_and_reads_back() -> None:
    sessions = [{"id": f"s{n}", "date": "2030-05-03", "start": "09:00", "end": "10:00",
                 "kind": "talk", "title": "Same", "room": f"Room {n % 2}",
                 "speakers": [{"speaker": "a"}]} for n in range(4)]  # fmt: skip
    for text in agenda_texts(sessions, {}, True).values():
        assert "&" not in text
        assert "*" not in text
        assert yaml.safe_load(text)


def test_a_large_volunteer_conference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """1,000 sessions in 60 rooms: imported with a bounded amount of work, and it loads."""
    source = tmp_path / "bigcon.json"
    source.write_text(json.dumps(bench_schedule()), encoding="utf-8")
    began = time.process_time()
    status, out, err = run(capsys, source, "--project", tmp_path / "big")
    spent = time.process_time() - began
    assert status == 0, err
    assert "1000 sessions" in out
    assert "60 rooms, 3 days" in out
    assert spent < 10, f"{spent:.1f} s of CPU time; make bench measures it (under 2 s of wall)"
    decide(tmp_path / "big")
    site = load_site(tmp_path / "big")
    assert len(site.sessions) == 1000
    assert len({s.room for s in site.sessions}) == 60
