# Everything runs from a virtual environment under the repository (.venv), created and
# refreshed on demand: `make run` and `make test` are all a newcomer needs.
# The newest supported interpreter found is used (scripts/pick-python; 3.13 runs the
# engine about a third faster than 3.11). Override with `make PY=python3.11 ...`.
PY ?= $(shell scripts/pick-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo test check lint typecheck unit bench selfplay screenshots clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The main job: the game server on the embedded default (SQLite under ./var/, 127.0.0.1:8000).
run: $(STAMP)
	$(BIN)/mantimon serve

demo: $(STAMP)
	$(BIN)/mantimon demo

selfplay: $(STAMP)
	$(BIN)/mantimon selfplay --games 200 --bots greedy random

# `make test` is exactly what CI runs (.ci/run calls it).
test: check unit

check: lint typecheck

lint: $(STAMP)
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# The suite on every core (pytest-xdist; a test module stays on one worker, so its server
# or browser starts once), then the tests marked ``serial`` alone: they judge time or
# latency (the hostile suite's /health bar, kill -9 and a restart's deadlines, the browser's
# turn clock), which another test busy on the other core would skew. Both passes always run.
unit: $(STAMP)
	@status=0; \
	$(BIN)/pytest -q -n auto --dist loadscope -m "not serial" || status=$$?; \
	$(BIN)/pytest -q -m serial || status=$$?; \
	exit $$status

# The README's pictures, refreshed on purpose: the browser tests write their screenshots
# to build/screenshots/ (a plain test run keeps them in a temporary folder), and the ones
# the README shows are copied to docs/screenshots/.
screenshots: $(STAMP)
	rm -rf build/screenshots
	MANTIMON_SCREENSHOTS=build/screenshots $(BIN)/pytest -q -n auto --dist loadscope tests/web
	grep -o 'docs/screenshots/[a-z0-9-]*\.png' README.md | sort -u | \
	  while read -r f; do cp "build/screenshots/$${f##*/}" "$$f"; done

bench: $(STAMP)
	$(BIN)/python bench/engine_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
