# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
DEMO_MEMBERS ?= 20000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install system-packages lint bench bench-deps stack-packages stack-up stack-down

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# Debian's Chromium for the browser tests, and CJK fonts so screenshots show Chinese.
system-packages:
	@if ! dpkg -s chromium fonts-noto-cjk >/dev/null 2>&1; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

run: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py seed_demo --members $(DEMO_MEMBERS) --if-empty
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	$(BIN)/python manage.py hotline_sweep --every 300 & sweep=$$!; \
	$(BIN)/python manage.py uplink_send --every 10 & uplink=$$!; \
	$(BIN)/python manage.py audit_seal --every 10 & seal=$$!; \
	trap 'kill $$worker $$sweep $$uplink $$seal 2>/dev/null' EXIT INT TERM; \
	echo "工作台: http://127.0.0.1:8000/   接口文档: http://127.0.0.1:8000/api/v1/docs"; \
	$(BIN)/gunicorn gonghui.wsgi -c gunicorn.conf.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

test: install system-packages lint
	$(BIN)/pytest -q -p no:cacheprovider -n auto --maxprocesses 4

bench: install
	$(BIN)/python bench/members.py

# wrk (Debian) drives bench/load.py.
bench-deps: install
	$(BIN)/pip install -q -e '.[dev,bench]'
	@if ! command -v wrk >/dev/null 2>&1; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; \
	fi

# The production stack's Debian packages (README "Deploying a province"): PostgreSQL 15, Redis,
# nginx, openssl and curl; deploy/local-stack.sh installs the missing ones the same way.
stack-packages:
	deploy/local-stack.sh packages

# The whole stack on this machine (primary + replica, Redis, two app servers, worker, nginx).
stack-up: install
	deploy/local-stack.sh up

stack-down:
	deploy/local-stack.sh down

# Smoke checks, fault drills and browser journeys on the running stack (README "Drills");
# DRILL_SOAK_MINUTES=2 for a shorter soak than the 10 minutes of the record.
drills:
	deploy/local-stack.sh drills
