"""Pages from templates: the one Jinja environment, and each page and piece of a page (a
`fragment()`) made as a step of the engine, again only when something it read changed."""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import partial
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.runtime import Context
from markupsafe import Markup

from eventsite import i18n
from eventsite.engine.steps import Counts, Memo, Step, Table, digest, run
from eventsite.errors import SiteError
from eventsite.plan.event import Page, Plan
from eventsite.plan.views import VIEWS, Lazy
from eventsite.text import iso


class _Environment(jinja2.Environment):
    """Jinja, noting each template a step loads (extends and includes too) in the table of the
    plan being rendered, which the renderer hands it for the length of a render."""

    table: Table

    def get_template(self, name: Any, *args: Any, **kwargs: Any) -> jinja2.Template:
        """Load a template, recording that the running step read it."""
        self.table.read(f"template:{name}")
        return super().get_template(name, *args, **kwargs)


class _Context(Context):
    """Jinja's context, noting each name a template reads and making lazy values on demand."""

    environment: _Environment

    def resolve_or_missing(self, key: str) -> Any:
        """The value of a name, recording that the running step read it."""
        value = super().resolve_or_missing(key)
        if key not in VIEWS:  # a view records what is read through it
            self.environment.table.read(f"ctx.{key}")
        return value.get() if isinstance(value, Lazy) else value


def make_env(templates: Iterable[Path]) -> _Environment:
    """The one Jinja environment: autoescaped, strict about undefined names."""
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in templates]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the renderer forgets compiled templates when their files change
    )
    env.table = Table()  # reads outside a render (none are made) are recorded nowhere
    env.context_class = _Context
    # The words and formats of the page's language are read from the page's context (i18n.py):
    # Jinja's i18n extension compiles {% trans %} into calls of `gettext` and `ngettext`,
    # which are these, never callables bound to one language.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.policies["ext.i18n.trimmed"] = True
    env.globals.update(i18n.GLOBALS)
    env.filters.update(i18n.FILTERS, iso=iso)
    return env


# What the compiler reads of the environment. What a template looks up when it runs instead
# (filters, tests, globals, `undefined`, the gettext functions) is not part of its code.
_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string",
            "variable_end_string", "comment_start_string", "comment_end_string",
            "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
            "newline_sequence", "keep_trailing_newline", "optimized", "autoescape", "finalize",
            "is_async", "newstyle_gettext", "policies")  # fmt: skip


class _Compiled(BytecodeCache):
    """Compiled templates kept in the engine's memo (a build's sealed cache, the dev server's
    memory), never in the project: an entry is code that runs, so it is read only where an
    entry that is planted, stale or another eventsite's (`made_by`) is a miss."""

    def __init__(self, memo: Memo, env: jinja2.Environment) -> None:
        self.memo = memo
        made = [repr(getattr(env, name)) for name in _OPTIONS] + sorted(env.extensions)
        # Python's version and bytecode magic: the marshal format and the code it holds.
        self.made_with = digest(jinja2.__version__, sys.version, MAGIC_NUMBER, *made)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """One entry per template file (its code names the file), replaced when it changes."""
        where = f"{name}\0{filename}".encode("utf-8", "surrogatepass")
        return "compiled:" + hashlib.blake2b(where, digest_size=16).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        """The template's code, if kept for this very text and compiler; never Jinja's own
        format, which unpickles."""
        kept = self.memo.get(bucket.key)
        if kept is None or kept.deps != self._made_of(bucket):
            return
        with suppress(ValueError, EOFError, TypeError):
            code = marshal.loads(kept.output)  # noqa: S302 - sealed: made by this eventsite
            bucket.code = code if isinstance(code, CodeType) else None

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a template just compiled."""
        self.memo.put(bucket.key, Step(self._made_of(bucket), marshal.dumps(bucket.code)))

    def _made_of(self, bucket: Bucket) -> dict[str, str]:
        return {"source": bucket.checksum, "compiler": self.made_with}  # Jinja's hash of the text


class Renderer:
    """Renders the pages of a plan, each page and each fragment again only when it must."""

    def __init__(self, templates: Iterable[Path], memo: Memo, counts: Counts | None = None) -> None:
        self.env = make_env(templates)
        self.env.bytecode_cache = _Compiled(memo, self.env)
        self.memo = memo
        self.counts = counts or Counts()
        self.names: set[str] = set()
        """Every name a page of this renderer's renders read (`ctx.now`: a page shows the
        moment, so that a build at another moment is not one with nothing to do)."""
        self._templates: dict[str, str] = {}

    def render(
        self, plan: Plan, put: Callable[[str, bytes], None], which: Callable[[str], bool] = all
    ) -> None:
        """Make every page of the plan (those whose path `which` picks), each handed to `put`
        with its output path as it is made, so that none is held longer."""
        sources = {k: v for k, v in plan.table.fingerprints.items() if k.startswith("template:")}
        if sources != self._templates:  # a template changed: compile what changed again
            self.env.cache.clear()  # type: ignore[union-attr]
            self._templates = sources
        self.env.table = plan.table
        try:
            with plan.table.recording() as names:  # what any page read, for `names`
                for page in plan.pages:
                    if which(page.path):
                        put(page.path, self._run(plan, page))
            self.names.update(names)
        except jinja2.TemplateSyntaxError as exc:
            where = f"templates/{exc.name or exc.filename}:{exc.lineno}"
            raise SiteError(f"template syntax error: {exc.message}", where=where) from None
        except jinja2.TemplateNotFound as exc:
            raise SiteError(f"template {exc.name} not found in templates/") from None
        except jinja2.UndefinedError as exc:
            where = _template_frame(exc)
            # "'eventsite.model.agenda.Speaker object' has no attribute 'nmae'": in the
            # editor's words, a record and its fields, not the package's modules.
            what = _RECORD.sub(r"\1", exc.message or "")
            raise SiteError(f"unknown name: {what}", "check the spelling", where) from None

    def _run(self, plan: Plan, page: Page) -> bytes:
        self.counts.on = page.path
        made = run(self.memo, plan.table, f"page:{page.path}", partial(self._page, plan, page),
                   page.local, self.counts)  # fmt: skip
        self.counts.files += 1
        return made

    def _page(self, plan: Plan, page: Page) -> bytes:
        fragment = partial(self._fragment, plan, page)
        context = {**plan.shared, **page.bound, "fragment": fragment}
        return self.env.get_template(page.template).render(context).encode()

    def _fragment(self, plan: Plan, page: Page, name: str, **args: Any) -> Markup:
        """A piece of a page, rendered from template `name` with `args` once per change."""
        given = {f"ctx.{k}": plan.table.of(v) for k, v in args.items()}
        local = {**page.local, **given}
        key = digest("fragment", name, *(f"{k}={v}" for k, v in sorted(local.items())))

        def make() -> bytes:
            context = {**plan.shared, **page.bound, **args}
            context["fragment"] = partial(self._fragment, plan, page)
            return self.env.get_template(name).render(context).encode()

        html = run(self.memo, plan.table, key, make, local, self.counts, given)
        return Markup(html.decode())  # noqa: S704 - rendered by an autoescaping template


_RECORD = re.compile(r"'eventsite(?:\.[a-z_]+)*\.([A-Za-z]+) object'")


def _template_frame(exc: BaseException) -> str:
    # Jinja rewrites tracebacks so that template lines appear as frames of their own; the
    # innermost one is where the template went wrong.
    where = "templates"
    tb = exc.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if "templates" in path.parts:
            inside = path.parts[len(path.parts) - path.parts[::-1].index("templates") - 1 :]
            where = f"{'/'.join(inside)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
