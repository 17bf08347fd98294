# The two commands of the README: `make run` and `make test`. Each creates .venv in the
# checkout and installs what it needs from the project's own files.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: run test lint datadict bench quality clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/qikan run seeds/ --output output/

# pytest exits 5 when it collected no test: that is a failure of the suite, not a pass.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

datadict: $(VENV)/.installed-run
	$(BIN)/python -m schemas.datadict --write

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/throughput.py

# scores against the real material in ../shared/corpus (each script skips what is absent)
quality: $(VENV)/.installed-bench
	$(BIN)/python bench/repair_quality.py
	$(BIN)/python bench/pdf_quality.py
	$(BIN)/python bench/structure_quality.py
	$(BIN)/python bench/text_quality.py
	$(BIN)/python bench/segmentation.py

clean:
	rm -rf $(VENV) output/*/
