# Two commands for a fresh machine (README.md): `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
APT_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 gettext
BROWSER_PACKAGES := chromium chromium-driver

.PHONY: run test install system-deps browser-deps messages lint migrations-check

# The demo server runs as production does, with DEBUG off (the project's own 404/403/500 pages,
# static files served by WhiteNoise from STATIC_ROOT) and the key generated once on this machine
# (local_secret_key, git-ignored), over plain HTTP on 127.0.0.1: no HTTPS redirect, no secure-only
# cookies, no HSTS. Only migrate and seed_demo (which refuses DEBUG off) run with DEBUG=True.
DEMO_ENV := DEBUG=False ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=False \
	SECURE_COOKIES=False SECURE_HSTS_SECONDS=0 SITE_URL=http://127.0.0.1:$(PORT)

## make run: install, migrate, compile messages, load demo data, serve on 127.0.0.1:$(PORT) (SQLite)
run: install system-deps messages local_secret_key
	DEBUG=True $(PY) manage.py migrate --noinput
	DEBUG=True $(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# A secret key for this machine's demo, written once (settings.py reads it when the environment
# has no SECRET_KEY).
local_secret_key: | $(VENV)/.installed
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

## make test: the whole test suite (on PostgreSQL when DATABASE_URL points there)
test: install system-deps browser-deps messages
	$(VENV)/bin/pytest

# DEBUG is never kept in a file: the targets that need it (run, messages, migrations-check)
# set DEBUG=True on their own command lines, and the tests' settings switch it on themselves.
install: $(VENV)/.installed

# XStatic-Bootstrap ships only an sdist whose setup.py needs pkg_resources, hence setuptools<81
# in the venv and --no-build-isolation.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip "setuptools<81" wheel
	$(VENV)/bin/pip install -q --no-build-isolation -r requirements-dev.txt
	touch $@

# Chinese fonts and fast font subsetting for the PDFs, gettext for the catalogues.
system-deps:
	@missing=""; \
	fc-list 2>/dev/null | grep -q "Noto Serif CJK SC" || missing="$$missing fonts-noto-cjk"; \
	ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0" || missing="$$missing libharfbuzz-subset0"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing. Install them with: sudo apt-get install$$missing"; \
	    echo "(without them PDFs have no Chinese font and the catalogues cannot be compiled)"; \
	  fi; \
	fi

# Debian's Chromium and ChromeDriver for the browser tests (skipped with a reason without them).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing $(BROWSER_PACKAGES)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; \
	  else \
	    echo "Chromium is missing: the browser tests will be skipped. Install: sudo apt-get install $(BROWSER_PACKAGES)"; \
	  fi; \
	fi

messages: install
	DEBUG=True $(PY) manage.py compilemessages --ignore "$(VENV)" -v0

lint: install
	$(VENV)/bin/ruff check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run
