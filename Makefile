# Two commands on a fresh machine: `make run` and `make test`. Each creates .venv and
# installs what it needs; nothing has to be installed by hand first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
PACKAGE_STAMP := $(VENV)/.installed-package
OFFSCREEN := QT_QPA_PLATFORM=offscreen

.PHONY: run test lint typecheck pytest bench screenshots format clean icons package

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	@$(BIN)/python tools/check_qt_libs.py
	$(BIN)/tightrope

test: $(TEST_STAMP) lint typecheck pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

pytest: $(TEST_STAMP)
	$(OFFSCREEN) $(BIN)/pytest

bench: $(TEST_STAMP)
	$(OFFSCREEN) $(BIN)/python -m bench

format: $(TEST_STAMP)
	$(BIN)/ruff format app tests bench
	$(BIN)/ruff check --fix app tests bench

# PNGs of each main screen, light and dark, from a demo data folder (docs/screenshots/).
screenshots: $(RUN_STAMP)
	$(OFFSCREEN) $(BIN)/python -m tools.screenshots docs/screenshots

icons: $(RUN_STAMP)
	$(OFFSCREEN) $(BIN)/python tools/render_icons.py

$(PACKAGE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[package]'
	touch $@ $(RUN_STAMP)

# A one-folder app in dist/tightrope/ (packaging/README.md), then a check that it starts.
package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/tightrope.spec
	dist/tightrope/tightrope --version
	rm -rf build/smoke-data
	$(OFFSCREEN) dist/tightrope/tightrope --data-dir build/smoke-data --smoke-test
	@echo "bundle size: $$(du -sh dist/tightrope | cut -f1) (dist/tightrope)"

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
