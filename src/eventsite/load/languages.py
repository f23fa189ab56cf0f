"""An event's languages, and a text given once per language: its keys judged, one text chosen.

event.yaml's `language:` and `translations:` are read before any record (`of_event`), since any
text may be given once per language ({ko: ..., en: ...}). An event in several languages is read
once per language: each reading takes the text of its own language, else the first language's;
what a language lacks is a warning (`check_languages`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.languages import get_official_languages

from eventsite import i18n
from eventsite.errors import Problem
from eventsite.load import values
from eventsite.load.shapes import Shape
from eventsite.load.yamlfile import Document
from eventsite.load.yamlfile import problem as located
from eventsite.model import forms
from eventsite.model.forms import LANGUAGE

_TEXTS = ("text", "name", "markdown")
"""The kinds of values an editor may give once per language (not ids, addresses, words)."""


@dataclass(frozen=True)
class Languages:
    """An event's languages, its first one first, as one reading of its files sees them."""

    tags: tuple[str, ...] = ("en",)
    language: str = "en"
    """The language being read: of a text given per language, this one's is taken."""
    sure: bool = True
    """Whether event.yaml states its languages soundly; if not, its own line says so and a
    text's keys are not judged against them."""

    def tag(self, written: str) -> tuple[str, tuple[str, str] | None]:
        """The language a text's key names, or the key and why it names none of the event's."""
        tag = i18n.matching(written, self.tags)
        if tag is not None or not self.sure:  # not sure: event.yaml's own line says what is wrong
            return tag or written, None
        known = ", ".join(self.tags)
        hint = _suggest(written, self.tags) or (
            f"write one of: {known}, or add the language to translations in event.yaml"
            if len(self.tags) > 1
            else f"this event is in {known} only: write the text alone, or add "
            "translations: to event.yaml"
        )
        return written, (f'"{written}" is not a language of this event', hint)

    def pick(self, found: Mapping[str, Any]) -> Any:
        """Of a text's versions by language, the one of the language being read, else the
        event's first language's (a language left out is a warning of checks.py's)."""
        for tag in (self.language, self.tags[0]):
            if tag in found:
                return found[tag]
        return next(iter(found.values()))


def translatable(shape: Shape, path: str) -> bool:
    """Whether a value may be given once per language: text, not a price or a language."""
    return values.kind(shape, path) in _TEXTS and shape.form is None


def _suggest(written: str, languages: tuple[str, ...]) -> str:
    """`did you mean "ko"?` for a close spelling, or for a country's code (`kr`, `jp`) whose
    language the event has."""
    for tag in languages:  # another spelling of the tag: "EN", "Ko-kr", "en-x"
        if written.lower() == tag.lower() or i18n.base(written) == i18n.base(tag):
            return f'did you mean "{tag}"?'
    spoken = get_official_languages(written.upper()) if written.isalpha() else ()
    for tag in languages:
        if i18n.base(tag) in spoken:
            return f'did you mean "{tag}"?'
    return values.did_you_mean(written, languages)


def of_event(doc: Document, first: str | None) -> tuple[tuple[str, ...], bool]:
    """The event's languages, its first one first, as event.yaml gives them (`first`: a site of
    events' language, for an event that names none); and whether they are sure: not when
    `language:` or `translations:` is malformed or misspelt, whose own line then says what is
    wrong, and the texts' languages cannot be judged."""
    others: list[str] = []
    sure, stated = True, False
    root = doc.root
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            if name == "language" and isinstance(value, yaml.ScalarNode):
                stated = sure = sure and _spoken(value.value)
                first = value.value.strip() if sure else first
            elif name == "translations" and isinstance(value, yaml.SequenceNode):
                written = [v.value for v in value.value if isinstance(v, yaml.ScalarNode)]
                sure = sure and len(written) == len(value.value) and all(map(_spoken, written))
                others = [t.strip() for t in written if _spoken(t)]
            elif name in ("language", "translations") or difflib.get_close_matches(
                name, ("language", "translations"), cutoff=0.8
            ):  # fmt: skip
                sure = False
    if not stated and first is None and "en" in map(i18n.base, others):
        sure = False  # an English event translated into English: rules.py says so
    first = first or "en"
    return (first, *dict.fromkeys(t for t in others if t != first)), sure


def _spoken(tag: str) -> bool:
    """A language tag eventsite can write pages in."""
    return forms.LANGUAGE.matches(tag) and i18n.parse(tag.strip()) is not None


def check_languages(
    docs: Mapping[str, Document], languages: Sequence[str], folder: Path, shown: str
) -> list[Problem]:
    """Texts an event in several languages lacks in one of them, as warnings: a text given per
    language without one of the event's, and an about.md without its about.<language>.md. The
    page in that language shows the first language's text meanwhile."""
    if len(languages) < 2:
        return []
    found: list[Problem] = []
    for doc in docs.values():
        if doc.root is not None:
            root = doc.shown.removeprefix(f"{shown}/").removesuffix(".yaml")
            for path, node, keys in _texts(doc.root, root):
                given = {i18n.matching(key, languages) for key in keys}
                for tag in languages:
                    if tag not in given:
                        found.append(located(doc.shown, node, path, f"has no text in {tag}",
                                             f"add {tag}: with the {_name(tag)} text; until "
                                             f"then the {tag} page shows the "
                                             f"{languages[0]} one").with_warning())  # fmt: skip
    about = folder / "about.md"
    if about.is_file() and about.stat().st_size:
        for tag in languages[1:]:
            if not (folder / f"about.{tag}.md").is_file():
                found.append(Problem(f"{shown}/about.{tag}.md", 0, 0, "", "is missing: the "
                                     f"{tag} page shows about.md", f"add it, with the "
                                     f"{_name(tag)} text of about.md", True))  # fmt: skip
    return found


def _texts(node: yaml.Node, path: str) -> Iterator[tuple[str, yaml.Node, set[str]]]:
    """Each text given per language below a node, with its path and the languages it has: a
    set of fields whose names are all languages (en:, ko:) and whose values are texts."""
    if isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value, 1):
            yield from _texts(item, f"{path}[{number}]")
    elif isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        scalars = all(isinstance(v, yaml.ScalarNode) for _, v in node.value)
        if keys and scalars and all(LANGUAGE.matches(k) for k in keys):
            yield path, node, set(keys)
            return
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _texts(value, f"{path}.{key.value}" if path else str(key.value))


def _name(tag: str) -> str:
    """A language's name in English, for a message: "Korean"."""
    return Locale.parse(tag, sep="-").get_display_name("en") or tag
