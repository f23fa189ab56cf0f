"""What templates read, as views that record each read: the site's lists (`Seq`), maps by key
(`Map`), the calendar links of the slots a page shows, and values made on first read (`Lazy`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Any

from eventsite.engine import steps as engine
from eventsite.engine.steps import Table, digest
from eventsite.model import Session, Site
from eventsite.outputs import links
from eventsite.outputs.common import Settings, event_uid, slots


class Seq:
    """A list of records as templates see it: its length is one read, its items another."""

    def __init__(self, table: Table, name: str, items: tuple[Any, ...]) -> None:
        self._name, self._items = name, items
        table.fingerprints[name] = table.of(items)
        table.fingerprints[f"{name}#len"] = str(len(items))

    def __iter__(self) -> Iterator[Any]:
        engine.read(self._name)
        return iter(self._items)

    def __getitem__(self, index: Any) -> Any:
        engine.read(self._name)
        return self._items[index]

    def __len__(self) -> int:
        engine.read(f"{self._name}#len")
        return len(self._items)


class Map:
    """A mapping as templates see it: each key looked up is a read of its own."""

    def __init__(
        self, table: Table, name: str, data: Mapping[Any, Any], key: Callable[[Any], str]
    ) -> None:
        self._name, self._data, self._key = name, data, key
        fps = table.fingerprints
        for k, value in data.items():
            fps[f"{name}[{key(k)}]"] = table.of(value)
        fps[name] = digest(*(f"{key(k)}={fps[f'{name}[{key(k)}]']}" for k in data))

    def get(self, key: Any, default: Any = None) -> Any:
        """The value for `key`, or `default`."""
        engine.read(f"{self._name}[{self._key(key)}]")
        return self._data.get(key, default)

    def __getitem__(self, key: Any) -> Any:
        engine.read(f"{self._name}[{self._key(key)}]")
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        engine.read(f"{self._name}[{self._key(key)}]")
        return key in self._data

    def __iter__(self) -> Iterator[Any]:
        engine.read(self._name)
        return iter(self._data)

    def __len__(self) -> int:
        engine.read(self._name)
        return len(self._data)


class SiteView:
    """The site as templates see it: each list of records is a `Seq`."""

    def __init__(self, site: Site, table: Table) -> None:
        self._site = site
        self._lists = {
            name: Seq(table, f"site.{name}", getattr(site, name))
            for name in ("sessions", "speakers", "panels", "publications", "courses")
        }
        for name in ("event", "body", "warnings"):
            table.fingerprints[f"site.{name}"] = table.of(getattr(site, name))

    def __getattr__(self, name: str) -> Any:
        if name in self._lists:
            return self._lists[name]
        engine.read("site.sessions" if name in ("starts", "ends") else f"site.{name}")
        return getattr(self._site, name)


class Calendars:
    """The "Add to calendar" links, made only for the slots a page shows."""

    def __init__(self, site: Site, settings: Settings, table: Table, key: Callable[[Any], str]):
        self._site, self._settings, self._key = site, settings, key
        self._slots = {id(slot.session): slot for slot in slots(site)}
        fps, base = table.fingerprints, settings.base_url or ""
        words = fps["language"]  # the links' words: "Part of ...", the roles
        for slot in self._slots.values():  # a slot's links are made of these
            fps[f"calendar[{key(slot.session)}]"] = digest(
                fps["site.event"], table.of(slot.session), slot.slug, base, words
            )
        fps["calendar.event"] = digest(fps["site"], base, words)
        self._event = Lazy(partial(links.event_links, site, settings))
        self._uid = str(event_uid(site))

    @property
    def uid(self) -> str:
        """The event's calendar id, for the attendee's own calendar made in the browser."""
        engine.read("calendar.event")
        return self._uid

    @property
    def event(self) -> links.CalendarLinks:
        """The links of the whole event."""
        engine.read("calendar.event")
        made: links.CalendarLinks = self._event.get()
        return made

    def slot(self, session: Session) -> links.CalendarLinks:
        """The links of one slot of the agenda."""
        engine.read(f"calendar[{self._key(session)}]")
        return links.slot_links(self._site.event, self._settings, self._slots[id(session)])


class Lazy:
    """A value made only when a template first reads it (JSON-LD, the head tags), with the
    fingerprint of what it is made of."""

    def __init__(self, make: Callable[[], Any], *inputs: str) -> None:
        self._make, self._value, self._made = make, None, False
        self.fingerprint = digest("lazy", *inputs)

    def get(self) -> Any:
        """The value, made once."""
        if not self._made:
            self._value, self._made = self._make(), True
        return self._value


VIEWS = frozenset({"site", "roles", "speaker_pages", "session_pages", "calendar", "fragment"})
"""Names whose values record what is read through them (or, for `people`, are code)."""
