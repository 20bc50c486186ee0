# The portal's two everyday commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000

.PHONY: fuzz run port-free setup setup-dev frontend-build test test-api test-faults test-pythons test-web test-infra lint bench clean

## run: set up and run the portal on its embedded defaults (SQLite, local storage), ending with a
## box of the URL and sample logins. Installs and builds only what changed since the last run.
run: port-free setup frontend-build
	@$(FLASK) db upgrade
	@trap 'kill $$server 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT) & server=$$!; \
	for _ in $$(seq 150); do kill -0 $$server 2>/dev/null || exit 1; \
	  $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', $(PORT)), 1).close()" 2>/dev/null && break; \
	  sleep 0.2; done; \
	$(FLASK) seed --url http://127.0.0.1:$(PORT)/; \
	wait $$server

## port-free: fail early, with the way out, when PORT is taken
port-free:
	@$(PYTHON) -c "import socket, sys; sys.exit(socket.socket().connect_ex(('127.0.0.1', $(PORT))) == 0)" || \
	{ echo "make run: port $(PORT) is in use; choose another: make run PORT=5001" >&2; exit 1; }

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps: pip and npm run again only when their requirements or lock files change.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt requirements-ci.txt terraform/requirements-checkov.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt -r requirements-ci.txt
	bash terraform/scripts/install-checkov.sh
	@touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	npm ci --prefix frontend --no-audit --no-fund
	@touch $@

tests/tools/node_modules/.installed: tests/tools/package-lock.json
	npm ci --prefix tests/tools --no-audit --no-fund
	@touch $@

setup: $(VENV)/.runtime

setup-dev: $(VENV)/.dev frontend/node_modules/.installed tests/tools/node_modules/.installed

FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	$(wildcard frontend/index.html frontend/vite.config.ts frontend/tsconfig*.json frontend/package-lock.json)

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	npm run --prefix frontend build

frontend-build: frontend/dist/index.html

## test: every test — API, web (unit + browser), infrastructure
test: setup-dev lint test-api test-faults test-pythons test-web test-infra

lint:
	$(BIN)/ruff check portal tests bench

## test-api: the API on real PostgreSQL, Redis and an S3 server that checks signatures
test-api:
	$(BIN)/pytest -m "not infra and not faults" -n 2

## fuzz: schemathesis with many more examples per operation than CI's run (about an hour)
fuzz:
	PORTAL_FUZZ_EXAMPLES=1000 $(BIN)/pytest -n 2 tests/test_fuzz.py

## test-faults: gunicorn with its own PostgreSQL and Redis; restart, kill -9 and stop them under load
test-faults:
	$(BIN)/pytest -m faults -p no:xdist -s tests/faults

## test-pythons: the core API suites on Python 3.10 and 3.12 too
test-pythons:
	bash .ci/other-pythons.sh

## test-web: generated API types match the server, type check + build (200 KB budget), Vitest,
## and the end-to-end suite in headless Chromium against the real app, PostgreSQL and s3rver
test-web:
	npm run --prefix frontend gen:api -- --check
	npm run --prefix frontend build
	npm run --prefix frontend test
	npm run --prefix frontend e2e:only

## test-infra (slow): Terraform applied against moto; Ansible on a booted systemd host
test-infra:
	$(BIN)/pytest -m infra -p no:xdist tests/infra

## bench: rerun the benchmarks (see bench/README.md); prints Markdown tables of medians and ratios
bench:
	$(BIN)/python bench/ceiling.py
	$(BIN)/python bench/search.py --posts 1000000 --database portal_bench_1m --keep
	$(BIN)/python bench/backup_restore.py --posts 1000000 --database portal_bench_1m
	$(BIN)/python bench/chat_fanout.py
	$(BIN)/python bench/employees/run.py

clean:
	rm -rf $(VENV) frontend/node_modules tests/tools/node_modules frontend/dist
