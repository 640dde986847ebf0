# Two entry points, both self-installing into ./.venv:
#   make run   - build the graph, validate it, and serve it at http://127.0.0.1:8000/
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
	$(BIN)/orgkg serve

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

clean:
	rm -rf out $(VENV)
