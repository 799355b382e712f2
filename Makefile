# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1

.PHONY: run test lint check-python clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "satudata perlu Python 3.11 atau lebih baru; $(PYTHON) adalah $$($(PYTHON) --version)."; \
	    echo "Contoh: make run PYTHON=python3.12"; exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Site and task worker on SQLite (or DATABASE_URL), data under SATUDATA_DATA_DIR (default var/).
# DEBUG is on here because this is the development and demo command; production sets nothing of
# the sort (see docs/operations.md).
run: $(VENV)/.installed
	export SATUDATA_DEBUG=$${SATUDATA_DEBUG:-1}; \
	$(BIN)/satudata migrate --noinput && \
	$(BIN)/satudata load_demo && \
	{ $(BIN)/satudata db_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  echo "satudata: http://$(HOST):$(PORT)/  (Ctrl-C untuk berhenti)"; \
	  $(BIN)/satudata runserver $(HOST):$(PORT); }

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy satudata
	SATUDATA_DATA_DIR=$$(mktemp -d) $(BIN)/satudata makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
