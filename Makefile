# Yunying: `make demo` runs the demo company, `make test` runs every check and test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
ASSETS_STAMP  := yunying/static/vendor/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo serve test test-only lint format typecheck messages bench clauses clean install

demo: $(RUNTIME_STAMP) $(ASSETS_STAMP)
	$(BIN)/yunying demo
	$(BIN)/yunying serve

serve: $(RUNTIME_STAMP) $(ASSETS_STAMP)
	$(BIN)/yunying serve

install: $(DEV_STAMP) $(ASSETS_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(DEV_STAMP): pyproject.toml constraints.txt $(RUNTIME_STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

$(ASSETS_STAMP): package-lock.json tools/fetch_assets.py | $(VENV)/bin/python
	$(BIN)/python tools/fetch_assets.py
	touch $@

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy yunying tools bench

# The whole suite on DATABASE_URL (SQLite when unset). When that is SQLite and a PostgreSQL
# server answers, the PostgreSQL-only tests (races) run there too; otherwise they are skipped
# with the reason printed.
test: $(DEV_STAMP) $(ASSETS_STAMP)
	@$(BIN)/python tools/ensure_chromium.py
	$(MAKE) --no-print-directory lint typecheck
	$(BIN)/yunying makemigrations --check --dry-run
	$(BIN)/yunying spectacular --validate --fail-on-warn --file $(VENV)/openapi.yaml
	$(BIN)/python tools/check_translations.py
	$(MAKE) --no-print-directory test-only

test-only: $(DEV_STAMP) $(ASSETS_STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)
	@if [ -z "$$DATABASE_URL" ]; then \
	  if url=$$($(BIN)/python tools/postgres_url.py); then \
	    echo "== PostgreSQL-only tests on $$url"; \
	    DATABASE_URL=$$url $(BIN)/pytest -m postgres $(PYTEST_ARGS); \
	  else \
	    echo "== PostgreSQL-only tests skipped: no PostgreSQL server answers at 127.0.0.1:5432"; \
	  fi; \
	fi

# Extract the strings to translate and compile the catalogue (needs GNU gettext).
messages: $(DEV_STAMP)
	$(BIN)/yunying makemessages -l zh_Hans --no-obsolete --ignore='.venv/*' --ignore='tests/*' \
	  --ignore='bench/*' --ignore='tools/*' --ignore='var/*'
	$(BIN)/yunying compilemessages -l zh_Hans --ignore='.venv/*'

bench: $(DEV_STAMP) $(ASSETS_STAMP)
	$(BIN)/python -m bench

clauses: $(DEV_STAMP) $(ASSETS_STAMP)
	$(BIN)/python tools/clauses.py

clean:
	rm -rf $(VENV) var yunying/static/vendor .pytest_cache .mypy_cache .ruff_cache
