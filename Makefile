PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := constraints.txt

.PHONY: install lock demo test lint docs bench clean

install: $(STAMP)

# Installs exactly the locked versions (constraints.txt), so a new release of a dependency cannot
# break a fresh clone.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test]'
	touch $(STAMP)

# Re-resolves the newest versions pyproject.toml allows in a scratch venv and writes the lock.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e '.[test]'
	{ echo "# Locked versions: make install uses these as pip constraints. Refresh with 'make lock'."; \
	  echo "# Generated from a fresh venv of pyproject.toml's dependencies and the [test] extra."; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v '^infusionkit'; } > $(LOCK)
	rm -rf .lock-venv
	@echo "wrote $(LOCK); run 'make test' before committing it"

demo: install
	$(BIN)/infusionkit demo --out reports/demo

# Regenerates docs/cli.md (from the command-line app) and docs/rules.md (from the rules).
docs: install
	$(BIN)/python -m infusionkit.cli.docs docs

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto --dist loadfile

bench: install
	for bench in benchmarks/bench_*.py; do $(BIN)/python $$bench || exit 1; done

clean:
	rm -rf $(VENV) reports/demo
