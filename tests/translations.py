"""`make translations`: extract the interface words from the templates and the package into
src/eventsite/locales/messages.pot, and bring every language's catalog up to date with it.

New words come into each catalog untranslated; words no template says any more are dropped.
tests/test_i18n.py fails until every catalog translates every word.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from eventsite import i18n
from tests.conftest import REPO

JINJA = {
    "extensions": "jinja2.ext.i18n",
    "trimmed": "true",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",
}
"""The extractor's Jinja: as render.make_env configures it, so it reads the same words."""
FIXED = datetime(2026, 1, 1)
"""The catalogs' dates, fixed: a run that finds nothing new changes no byte."""


def extract(templates: Path = REPO / "templates") -> Catalog:
    """Every word to translate: the templates' and the package's own (marked with N_)."""
    template = Catalog(project="eventsite", creation_date=FIXED, fuzzy=False)
    sources = [
        (templates, [("**.html", "jinja2.ext:babel_extract")], {"**.html": JINJA}),
        (REPO / "src" / "eventsite", [("**.py", "python")], {}),
    ]
    for folder, methods, options in sources:
        found = extract_from_dir(str(folder), methods, options_map=options, strip_comment_tags=True)
        for name, line, message, comments, context in found:
            shown = folder.name if folder == templates else "src/eventsite"
            where = (f"{shown}/{name}", line)
            template.add(message, None, [where], auto_comments=comments, context=context)
    return template


def update(template: Catalog) -> list[str]:
    """Write messages.pot and bring each catalog up to date; the files written."""
    written = []
    i18n.CATALOGS.mkdir(exist_ok=True)
    written.append(_write(i18n.CATALOGS / "messages.pot", template))
    for code in i18n.SHIPPED:
        path = i18n.catalog_path(code)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=code)
        else:
            catalog = Catalog(locale=Locale.parse(code), project="eventsite", creation_date=FIXED)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()  # words no template says any more
        catalog.revision_date = FIXED
        written.append(_write(path, catalog))
    return written


def _write(path: Path, catalog: Catalog) -> str:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, omit_header=False)
    path.write_bytes(buffer.getvalue())
    return str(path.relative_to(REPO))


if __name__ == "__main__":
    for written in update(extract()):
        print(f"updated {written}")
