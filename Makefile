# Two commands on a fresh machine with only Python:
#   make site   set everything up, validate and build the example knowledge base
#   make test   set everything up and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/kbgen validate
	$(BIN)/kbgen build --strict
	@echo "Built site/public (customers) and site/internal (agents). To open them, run"
	@echo "  $(BIN)/python -m http.server -d site 8000"
	@echo "then visit http://127.0.0.1:8000/public/ and http://127.0.0.1:8000/internal/"

test: $(STAMP)
	$(BIN)/ruff check kbgen tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
