"""What templates read, as views that record each read in the plan's table: the site's lists
(`Seq`), maps by key (`Map`), the calendar links of the slots a page shows, and values made on
first read (`Lazy`), each fingerprinted by the values it is made of."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from eventsite.engine.steps import Table, digest
from eventsite.model import Event, Organizer, Partner, Session, Site, Speaker
from eventsite.model.pictures import REMOTE, focus
from eventsite.outputs import images, links
from eventsite.outputs.common import Settings, Slot, event_uid
from eventsite.outputs.images import Picture


def made_of(table: Table, make: Callable[..., Any], *inputs: Any) -> str:
    """The fingerprint of what `make` makes of `inputs`: a value of theirs changes with them."""
    return digest("made", make.__qualname__, *(table.of(value) for value in inputs))


class Lazy:
    """A value made only when a template first reads it (JSON-LD, the head tags, the days of
    the agenda), fingerprinted by what it is made of."""

    def __init__(self, table: Table, make: Callable[..., Any], *inputs: Any) -> None:
        self._table, self._make, self._inputs = table, make, inputs
        self._value, self._made = None, False

    @cached_property
    def fingerprint(self) -> str:
        """What it is made of, fingerprinted when first asked: when a page that has it is made."""
        return made_of(self._table, self._make, *self._inputs)

    def get(self) -> Any:
        """The value, made once."""
        if not self._made:
            self._value, self._made = self._make(*self._inputs), True
        return self._value


class Deferred(Lazy):
    """A short value made only when a page first reads it or is judged (a page's own full
    address), fingerprinted as the value itself: the very print it had if made at once."""

    @cached_property
    def fingerprint(self) -> str:
        """The value's own."""
        return self._table.of(self.get())


class Seq:
    """A list of records as templates see it: its length is one read, its items another."""

    def __init__(self, table: Table, name: str, items: tuple[Any, ...]) -> None:
        self._table, self._name, self._items = table, name, items
        table.fingerprints[name] = table.of(items)
        table.fingerprints[f"{name}#len"] = str(len(items))

    def __iter__(self) -> Iterator[Any]:
        self._table.read(self._name)
        return iter(self._items)

    def __getitem__(self, index: Any) -> Any:
        self._table.read(self._name)
        return self._items[index]

    def __len__(self) -> int:
        self._table.read(f"{self._name}#len")
        return len(self._items)


class Made(Mapping[Any, Any]):
    """A value for each of `keys`, made by `make` of the key when first looked up (what each
    session offers online and afterwards: a page shows a few sessions' of a thousand)."""

    def __init__(self, keys: Mapping[Any, int], make: Callable[[Any], Any]) -> None:
        self._keys, self._make = keys, make  # each key with its place: shared, hashed once
        self._made: dict[int, Any] = {}

    def __getitem__(self, key: Any) -> Any:
        at = self._keys[key]
        if at not in self._made:
            self._made[at] = self._make(key)
        return self._made[at]

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[Any]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def as_text(table: Table, key: Any) -> str:
    """A key's name in the table: its text (a speaker's id)."""
    return str(key)


class Map:
    """A mapping as templates see it: each key looked up is a read of its own (`name[key]`),
    and the whole map (`name`) another; each fingerprinted when a step first asks. `key`
    names a key in the table."""

    def __init__(
        self,
        table: Table,
        name: str,
        data: Mapping[Any, Any],
        key: Callable[[Table, Any], str] = as_text,
    ) -> None:
        self._table, self._name, self._data, self._key = table, name, data, key
        table.later(name, _Keyed(name, data, key))

    def _read(self, key: Any) -> None:
        self._table.read(f"{self._name}[{self._key(self._table, key)}]")

    def get(self, key: Any, default: Any = None) -> Any:
        """The value for `key`, or `default`."""
        self._read(key)
        return self._data.get(key, default)

    def __getitem__(self, key: Any) -> Any:
        self._read(key)
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        self._read(key)
        return key in self._data

    def __iter__(self) -> Iterator[Any]:
        self._table.read(self._name)
        return iter(self._data)

    def __len__(self) -> int:
        self._table.read(self._name)
        return len(self._data)


class _Keyed:
    """The fingerprints of a map's keys and of the whole map: each key with its value's."""

    def __init__(self, name: str, data: Mapping[Any, Any], key: Callable[[Table, Any], str]):
        self._name, self._data, self._key = name, data, key
        self._keys: dict[str, Any] | None = None  # each key by its name in the table

    def names(self, table: Table) -> Iterator[str]:
        """The map's name, and each key's."""
        yield self._name
        yield from (f"{self._name}[{key}]" for key in self._by_name(table))

    def work_out(self, table: Table, name: str) -> str | None:
        """The fingerprint of one key's value, or of the whole map."""
        if name == self._name:
            value = table.fingerprint
            names = (self._key(table, k) for k in self._data)
            return digest(*(f"{k}={value(f'{name}[{k}]')}" for k in names))
        keys = self._by_name(table)
        key = name[len(self._name) + 1 : -1]  # name is "name[key]"
        return table.of(self._data[keys[key]]) if key in keys else None

    def _by_name(self, table: Table) -> dict[str, Any]:
        if self._keys is None:  # of two keys of one name, the last (a dict's update)
            self._keys = {self._key(table, k): k for k in self._data}
        return self._keys


class Pictures:
    """The pictures as templates see them: a person's portrait, the event's picture, a logo,
    each as the files of the theme's cut of it (images.Shown), or as its address on the web.
    A private person has none, whatever a template asks. Each picture read is a name of the
    table (`picture[static/...]`), fingerprinted by its bytes and the files made of it."""

    def __init__(self, table: Table, known: Mapping[str, Picture], avif: bool) -> None:
        self._table, self._known, self._avif = table, known, avif
        for name, picture in known.items():
            table.fingerprints[self.name(name)] = digest(
                picture.fingerprint, repr(picture.source), str(avif), images.versions()
            )

    @staticmethod
    def name(value: str) -> str:
        """The name in the table of a picture file."""
        return f"picture[{value}]"

    def portrait(self, speaker: Speaker) -> images.Shown | None:
        """A person's portrait, unless they are private or have none."""
        if speaker.private or not speaker.photo:
            return None
        return self._shown(speaker.photo, images.PORTRAIT, speaker.photo_focus)

    def image(self, event: Event) -> images.Shown | None:
        """The event's own picture, for its page and lists of events."""
        return self._shown(event.image, images.BANNER, event.image_focus) if event.image else None

    def logo(self, holder: Organizer | Partner) -> images.Shown | None:
        """An organiser's logo (images.LOGO) or a partner's (images.PARTNER)."""
        cut = images.PARTNER if isinstance(holder, Partner) else images.LOGO
        return self._shown(holder.logo, cut) if holder.logo else None

    def _shown(self, value: str, cut: images.Cut, point: str | None = None) -> images.Shown | None:
        if not value.lower().startswith(REMOTE):
            self._table.read(self.name(value))
        return shown(self._known, self._avif, value, cut, point)


def shown(
    known: Mapping[str, Picture], avif: bool, value: str, cut: images.Cut, point: str | None
) -> images.Shown | None:
    """A picture a field names (`value`) in one cut, around the point the field gives."""
    if value.lower().startswith(REMOTE):
        return images.Shown((), remote=value, box=cut.box, ratio=cut.ratio)
    picture = known.get(value)
    if picture is None:
        return None
    return picture.shown(replace(cut, focus=focus(point)) if cut.ratio else cut, avif)


LISTS = ("sessions", "speakers", "panels", "publications", "courses")

VIEWS = frozenset({"site", "roles", "speaker_pages", "session_pages", "calendar", "pictures",
                   "online", "afterwards", "fragment"})  # fmt: skip
"""Names whose values record what is read through them (or, for `fragment`, are code)."""


class SiteView:
    """The site as templates see it: each list of records is a `Seq`, every other field a
    name of its own in the table."""

    def __init__(self, site: Site, table: Table) -> None:
        self._site, self._table = site, table
        self._lists = {name: Seq(table, f"site.{name}", getattr(site, name)) for name in LISTS}
        for field in fields(site):  # not the same event in other languages: not compared
            if field.compare and field.name not in LISTS:
                table.fingerprints[f"site.{field.name}"] = table.of(getattr(site, field.name))

    def __getattr__(self, name: str) -> Any:
        if name in self._lists:
            return self._lists[name]
        self._table.read("site.sessions" if name in ("starts", "ends") else f"site.{name}")
        return getattr(self._site, name)


class Fields:
    """A record as templates see it when each of its fields is a name of the table."""

    def __init__(self, table: Table, name: str, record: Any) -> None:
        self._table, self._name, self._record = table, name, record

    def __getattr__(self, field: str) -> Any:
        self._table.read(f"{self._name}.{field}")
        return getattr(self._record, field)


class Calendars:
    """The "Add to calendar" links, made only for the slots a page shows; each slot's links
    are a name of the table, fingerprinted by what they are made of."""

    def __init__(
        self,
        site: Site,
        settings: Settings,
        table: Table,
        slots: tuple[Slot, ...],
        span: tuple[datetime, datetime] | None = None,
    ) -> None:
        self._site, self._settings, self._table = site, settings, table
        # By the session itself, not an equal one: the slots hold their sessions.
        self._slots = {id(slot.session): slot for slot in slots}
        table.later("calendar", _SlotLinks(site.event, settings, slots))
        # Each field of the event's links is a name of its own: every slot compares its place
        # with the event's, and must not be made again by an edit that leaves that place be.
        self._event = links.event_links(site, settings, span)  # the plan's, walked once
        for one in fields(self._event):
            table.fingerprints[f"calendar.event.{one.name}"] = table.of(
                getattr(self._event, one.name)
            )
        self._uid = str(event_uid(site))
        table.fingerprints["calendar.uid"] = table.of(self._uid)

    @property
    def uid(self) -> str:
        """The event's calendar id, for the attendee's own calendar made in the browser."""
        self._table.read("calendar.uid")
        return self._uid

    @property
    def event(self) -> Fields:
        """The links of the whole event, each field read on its own."""
        return Fields(self._table, "calendar.event", self._event)

    def slot(self, session: Session) -> links.CalendarLinks:
        """The links of one slot of the agenda."""
        slot = self._slots[id(session)]
        self._table.read(_SlotLinks.name(slot))
        return links.slot_links(self._site.event, self._settings, slot)


class _SlotLinks:
    """The fingerprint of each slot's links: what they are made of."""

    def __init__(self, event: Event, settings: Settings, slots: tuple[Slot, ...]) -> None:
        self._event, self._settings, self._every = event, settings, slots
        self._named: dict[str, Slot] | None = None  # each slot by its name in the table

    @staticmethod
    def name(slot: Slot) -> str:
        """The name in the table of one slot's links."""
        return f"calendar[{slot.slug}]"

    def names(self, table: Table) -> Iterator[str]:
        """The name of each slot's links."""
        return map(self.name, self._every)

    def work_out(self, table: Table, name: str) -> str | None:
        """The fingerprint of one slot's links."""
        if self._named is None:
            self._named = {self.name(slot): slot for slot in self._every}
        slot = self._named.get(name)
        if slot is None:
            return None
        return made_of(table, links.slot_links, self._event, self._settings, slot)
