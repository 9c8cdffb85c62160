# Masthead: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint lock clean-var

## Install, create var/masthead.sqlite3, load the demo when empty, print the editor login, serve.
# Every step names the address served at PORT (unless MASTHEAD_BASE_URL says otherwise),
# so the demo, the editor login and the Site record all print the port really used.
run: export MASTHEAD_BASE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.base-installed
	$(BIN)/masthead setup
	$(BIN)/masthead demo --if-empty
	$(BIN)/masthead warm-pages
	$(BIN)/masthead create-editor
	$(BIN)/masthead run --port $(PORT)

## The whole test suite, on SQLite and on PostgreSQL, browser tests included.
test: $(VENV)/.dev-installed
	scripts/test.sh

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Recompile the hashed lock files after changing pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --universal -o requirements/base.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --universal -o requirements/dev.lock

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Masthead needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base-installed: requirements/base.lock pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.base-installed
