# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# `make run PORT=8001` serves on that port and puts it in every absolute link
# (certificates, QR codes, credentials); DJANGO_BASE_URL set in the environment wins.
PORT ?= 8000
export DJANGO_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test lint install serve setup browser-deps clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_site

run: setup
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint browser-deps
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=cec_site.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cec_site.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)
	# The browser journeys get a process of their own: Playwright's event loop gives the
	# test thread a fresh database connection, which loses pytest-django's serialized
	# rollback data when ordinary database tests ran first in the same process.
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 static

# Browser tests drive Debian's Chromium; install it where we may.
browser-deps:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get install -y -qq chromium >/dev/null; } || \
	  echo "warning: chromium is missing; install it (apt-get install chromium) for the browser tests"

.PHONY: prod-local
# The production stack on this machine (gunicorn, task worker, PostgreSQL, Redis, S3 on
# loopback): see bin/prod-local. PORT= changes the port, APP_NODES=2 runs two app nodes.
prod-local: install
	PY=$(PY) bin/prod-local
