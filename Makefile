# Two commands on a fresh machine with only Python:
#   make site   set everything up, validate and build the example knowledge base
#   make test   set everything up and run the whole test suite (what CI runs)
# and, for the edit loop:
#   make quick  unit and in-process tests only (no browser, no full builds), well under a minute
#   make thorough  the whole suite with the slow property tests at full strength (10,000 cases)
#   make lock   refresh requirements/lock.txt from pyproject.toml's ranges (then run make test)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
UV_VERSION := 0.13.9

.PHONY: site test quick thorough lint typecheck lock test-latest clean

# Every dependency, runtime and test, comes from the lock with its hashes: a fresh machine
# gets exactly what was tested. kbgen itself is installed without build isolation, so its
# build backend (setuptools) comes from the lock too.
$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/kbgen validate
	$(BIN)/kbgen build --strict
	@echo "Built site/public (customers) and site/internal (agents). To open them, run"
	@echo "  $(BIN)/python -m http.server -d site 8000"
	@echo "then visit http://127.0.0.1:8000/public/ and http://127.0.0.1:8000/internal/"

lint: $(STAMP)
	$(BIN)/ruff check kbgen tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# axe-core, the Nu HTML Checker and Lighthouse for the browser tests, from the npm lock file;
# without npm those tests are skipped with the reason (under CI=true they fail instead).
BROWSER_TOOLS := tests/browser/node_modules/.package-lock.json
$(BROWSER_TOOLS): tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund; \
	else echo "npm not found: the browser tests that need axe-core, vnu or Lighthouse are skipped"; fi

test: lint typecheck $(BROWSER_TOOLS)
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

thorough: lint typecheck $(BROWSER_TOOLS)
	KBGEN_THOROUGH=1 $(BIN)/python -m pytest -q -n auto --dist loadgroup

quick: $(STAMP)
	$(BIN)/python -m pytest -q -n auto -m "not slow and not browser and not build" -p no:cacheprovider

# Refresh the lock: the newest releases that pyproject.toml's ranges allow, for every platform,
# with hashes. uv resolves (fast, and for all platforms at once); plain pip installs.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet uv==$(UV_VERSION)
	.venv-lock/bin/uv pip compile pyproject.toml requirements/build.in --extra test \
		--generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock" \
		--quiet -o $(LOCK)

# What the weekly drift workflow runs: the newest releases, unlocked, in a venv of their own.
test-latest:
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade -e '.[test]'
	.venv-latest/bin/ruff check kbgen tests benchmarks scripts
	.venv-latest/bin/mypy
	KBGEN_UNLOCKED=1 .venv-latest/bin/python -m pytest -q -n auto --dist loadgroup

clean:
	rm -rf $(VENV) .venv-lock .venv-latest site .pytest_cache .mypy_cache .ruff_cache
