# Two entry points, both self-installing into ./.venv:
#   make run   - build the graph, validate it, write out/network.html to browse
#   make test  - lint, type-check and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/orgkg build
	$(BIN)/orgkg validate
	$(BIN)/orgkg viz network --out out/network.html
	@echo "Open out/network.html in a browser; query with .venv/bin/orgkg query --list"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

clean:
	rm -rf out $(VENV)
