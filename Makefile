# Two entry points: `make run` (set up + extract facts) and `make test` (set up + tests).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt

.PHONY: setup run test bench clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

setup: $(BIN)/.installed

run: setup
	$(BIN)/zh-indicators run

test: setup
	$(BIN)/python -m pytest -q -m "not slow" tests

bench: setup
	$(BIN)/zh-indicators bench

clean:
	rm -rf $(VENV) build *.egg-info
