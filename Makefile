# Set up and run Betal on a fresh machine: `make run` (the TUI on the demo account) and
# `make test` (the whole test suite); `make site` builds the help site, `make serve`
# previews it. Each creates and fills the virtualenv on first use.

VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: run test lint site serve messages rules-doc race bench lock upgrade-check fuzz-tui clean

# Every dependency comes from requirements.lock, pinned with hashes: a fresh machine a year
# from now installs the same versions. `make lock` writes it again from pyproject.toml.
$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q engine kb tui  # what pip does for a package it copies
	touch $@

# Pin the newest versions pyproject.toml allows into requirements.lock (pip-tools runs in a
# throwaway virtualenv; nothing of it is a dependency of Betal).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools
	.venv-lock/bin/pip-compile --quiet --extra test --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml
	rm -rf .venv-lock

# The suite on the newest versions pyproject.toml allows, not the lock's: a release that
# breaks Betal shows here before a user meets it (run it on a schedule).
upgrade-check:
	rm -rf .venv-upgrade && $(PYTHON) -m venv .venv-upgrade
	.venv-upgrade/bin/pip install --quiet --upgrade pip
	.venv-upgrade/bin/pip install --quiet --upgrade -e '.[test]'
	.venv-upgrade/bin/ruff check .
	.venv-upgrade/bin/lint-imports
	.venv-upgrade/bin/pytest -n 2

run: $(BIN)/.installed
	$(BIN)/betal

test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2

# The TUI under random input for longer than the test suite does (seeded: BETAL_RANDOM_SEED
# replays a run).
fuzz-tui: $(BIN)/.installed
	BETAL_RANDOM_KEYS=$${BETAL_RANDOM_KEYS:-60000} $(BIN)/pytest -q -s -n 2 tests/tui/test_random_input.py

# The help site (mkdocs.yml): build into site/, or preview on http://127.0.0.1:8000.
site: $(BIN)/.installed
	$(BIN)/mkdocs build

serve: $(BIN)/.installed
	$(BIN)/mkdocs serve

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Extract the user-facing strings, merge them into the catalogs and compile them.
messages: $(BIN)/.installed
	$(BIN)/pybabel extract --no-location --sort-output -k N_ -k _ -o engine/locale/engine.pot engine tui/cli.py
	$(BIN)/pybabel update --no-fuzzy-matching -D engine -i engine/locale/engine.pot -d engine/locale
	$(BIN)/pybabel compile --statistics -D engine -d engine/locale
	$(BIN)/pybabel extract --no-location --sort-output -k N_ -k _ --ignore-dirs='.* ._ mkdocs_plugin' \
		-o kb/locale/kb.pot kb
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -D kb -i kb/locale/kb.pot -d kb/locale
	$(BIN)/pybabel compile --statistics -D kb -d kb/locale
	$(BIN)/pybabel extract --no-location --sort-output -k N_ -o kb/mkdocs_plugin/locale/site.pot \
		kb/mkdocs_plugin
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -D site \
		-i kb/mkdocs_plugin/locale/site.pot -d kb/mkdocs_plugin/locale
	$(BIN)/pybabel compile --statistics -D site -d kb/mkdocs_plugin/locale
	$(BIN)/pybabel extract --no-location --sort-output -k N_ -k _ -k ngettext:1,2 \
		-o tui/locale/tui.pot $$(find tui -name '*.py' ! -name cli.py | sort)
	$(BIN)/pybabel update --no-fuzzy-matching -D tui -i tui/locale/tui.pot -d tui/locale
	$(BIN)/pybabel compile --statistics -D tui -d tui/locale

# docs/rules.md: the seed sentences, the rules and the tests that hold the engine to them.
rules-doc: $(BIN)/.installed
	$(BIN)/python -m tests.seeds.rules_doc

# The shared-account races of tests/engine/test_races.py, five rounds each (CI runs one).
race: $(BIN)/.installed
	BETAL_RACE_ROUNDS=5 $(BIN)/pytest -q tests/engine/test_races.py

bench: $(BIN)/.installed
	$(BIN)/python bench/engine_cycle.py
	$(BIN)/python bench/kb_check.py
	$(BIN)/python bench/site_build.py
	$(BIN)/python bench/tui_startup.py
	$(BIN)/python bench/tui_invoices.py
	$(BIN)/python bench/tui_article.py
	$(BIN)/python bench/tui_paste.py
	$(BIN)/python bench/worker_throughput.py

clean:
	rm -rf $(VENV) .venv-upgrade .venv-lock build *.egg-info site
