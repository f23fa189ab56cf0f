"""Where a build's time goes: each step of eventsite's pipeline timed in one process.

    python -m bench.steps PROJECT      prints the CPU seconds of each step as JSON

The steps are the build's own (build.py, make.py), run one after the other with nothing kept from an
earlier build (no cache), so the figures add up to the work of a clean build. YAML is read as a
build reads it: the cycle collector is paused while files are read, as load_site does.
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
import time

started = time.process_time()

from pathlib import Path  # noqa: E402 - timed: the imports are a step of their own

from eventsite.build import build_time  # noqa: E402
from eventsite.engine.cache import Store  # noqa: E402
from eventsite.engine.sink import Held  # noqa: E402
from eventsite.load import event as load  # noqa: E402
from eventsite.load.inputs import sources, template_folders  # noqa: E402
from eventsite.load.yamlfile import read_document  # noqa: E402
from eventsite.make import machine_files, machine_outputs  # noqa: E402
from eventsite.outputs.common import Settings  # noqa: E402
from eventsite.plan.event import EventPlan, Known, plan  # noqa: E402
from eventsite.render.pages import Renderer  # noqa: E402
from eventsite.write.site import write_site  # noqa: E402


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

    found = sources(project)
    gc.disable()
    for name, required in load.FILES.items():
        read_document(project / "content" / name, name, required)
    gc.enable()
    lap("YAML")
    memo = Store()
    site, prints = load.load_alone(project, memo=memo)  # the files again, records, Markdown
    steps["records and Markdown"] = time.process_time() - last - steps["YAML"]
    last = time.process_time()
    settings = Settings.for_site(site, build_time())
    planned = plan(site, settings, Known(prints, found.templates))
    lap("plan")
    renderer = Renderer(template_folders(project), memo)
    made = Held()
    renderer.render(planned, made.put)
    lap("pages")
    part = EventPlan(site, settings, planned, "")
    outputs = machine_outputs([part], None, True, found, memo, renderer.counts)
    machine_files([part], None, True, outputs, made)
    lap("calendars, feeds and the offline copy")
    with tempfile.TemporaryDirectory() as folder:
        write_site(Path(folder) / "site", made.files, found.static)
        lap("write")
    print(json.dumps(steps))


if __name__ == "__main__":
    main()
