"""Where a build's time goes: each step of eventsite's pipeline timed in one process.

    python -m bench.steps PROJECT      prints the CPU seconds of each step as JSON

Everything runs in this one process, so the figures add up to the work a
build does, whatever the number of cores that share it.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time

started = time.process_time()

from pathlib import Path  # noqa: E402 - timed: the imports are a step of their own

from eventsite import load  # noqa: E402
from eventsite.build import build_time, merge  # noqa: E402
from eventsite.outputs import ics, schedule, sitemap  # noqa: E402
from eventsite.outputs.common import Settings  # noqa: E402
from eventsite.render import make_env, plan, render_all  # noqa: E402
from eventsite.theme import static_folders, template_folders  # noqa: E402
from eventsite.write import write_site  # noqa: E402
from eventsite.yamlfile import read_document  # noqa: E402


def main() -> None:
    """Time each step of building one project."""
    project = Path(sys.argv[1])
    steps: dict[str, float] = {"import": time.process_time() - started}
    last = time.process_time()

    def lap(name: str) -> None:
        nonlocal last
        now = time.process_time()
        steps[name] = steps.get(name, 0.0) + now - last
        last = now

    for name, required in load.FILES.items():
        read_document(project / "content" / name, name, required)
    lap("YAML")
    site = load.load_site(project)  # composed and rendered already: reading records, checks
    lap("records and Markdown")
    settings = Settings.for_site(site, build_time())
    pages = plan(site, settings.now, settings.base_url)
    lap("plan")
    files = render_all(make_env(template_folders(project)), pages)
    lap("pages")
    calendars = ics.calendars(site, settings)
    lap("calendars")
    feeds = schedule.feeds(site, settings)
    files = merge(files, calendars, feeds, sitemap.files(site, settings, [p.path for p in pages]))
    lap("feeds")
    with tempfile.TemporaryDirectory() as folder:
        write_site(Path(folder) / "site", files, static_folders(project))
        lap("write")
    print(json.dumps(steps))


if __name__ == "__main__":
    main()
