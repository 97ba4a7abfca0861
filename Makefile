# computescope: `make serve` runs the explorer on the embedded default, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium

.PHONY: install serve test test-fast bench lint browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

serve: install
	$(BIN)/computescope serve

# headless Chromium for the browser tests, from Debian's packages (never a downloaded browser build)
browser:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null; }

test: install browser
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser"

bench: install
	$(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check computescope tests bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache test-artifacts
