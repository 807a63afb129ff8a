# `make serve` installs and runs the API on its embedded SQLite (seeded on first start);
# `make test` installs and runs the test suite. Both create .venv with Python 3.11 on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

.PHONY: install serve test lint format openapi translations
install: $(VENV)/.installed

serve: install
	$(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: install
	$(BIN)/flask --app wsgi openapi write --format yaml openapi.yaml

# After changing a translatable message: refresh the catalogs, translate the new entries in
# api/translations/*/LC_MESSAGES/messages.po, then run this again to compile them.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k N_ --no-location -o api/translations/messages.pot .
	$(BIN)/pybabel update -i api/translations/messages.pot -d api/translations -w 120
	$(BIN)/pybabel compile -d api/translations
