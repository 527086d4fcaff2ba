# Every chore is one target; CI calls the same ones.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The demo keeps its own store, never the one in your data folder.
DEMO_HOME ?= var/demo
# The PostgreSQL run of the store tests; CI sets CI=true and then it must not be skipped.
PG_URL ?= postgresql://127.0.0.1:5432/test

.PHONY: setup demo serve test test-sqlite test-postgres lint fmt bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	MEETFIRST_HOME=$(DEMO_HOME) $(BIN)/meetfirst demo
	MEETFIRST_HOME=$(DEMO_HOME) $(BIN)/meetfirst serve --open

test: test-sqlite test-postgres

test-sqlite: setup
	$(BIN)/pytest -q

test-postgres: setup
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		MEETFIRST_DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m store; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL at $(PG_URL) is not reachable, and CI needs it" >&2; exit 1; \
	else \
		echo "skipping the PostgreSQL run: no server at $(PG_URL)"; \
	fi

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: setup
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
