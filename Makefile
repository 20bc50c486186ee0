# The portal's two everyday commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000

.PHONY: run setup setup-dev frontend-build test test-api test-pythons test-web test-infra lint bench clean

## run: set up and run the portal on its embedded defaults (SQLite, local storage), printing an admin
run: setup frontend-build
	$(FLASK) db upgrade
	$(FLASK) seed
	@echo "The portal: http://127.0.0.1:$(PORT)/  (API docs: http://127.0.0.1:$(PORT)/api/docs)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt -r requirements-ci.txt
	bash terraform/scripts/install-checkov.sh
	npm ci --prefix tests/tools --no-audit --no-fund
	npm ci --prefix frontend --no-audit --no-fund

frontend-build:
	@if [ ! -d frontend/node_modules ]; then npm ci --prefix frontend --no-audit --no-fund; fi
	npm run --prefix frontend build

## test: every test — API, web (unit + browser), infrastructure
test: setup-dev lint test-api test-pythons test-web test-infra

lint:
	$(BIN)/ruff check portal tests bench

## test-api: the API on real PostgreSQL, Redis and an S3 server that checks signatures
test-api:
	$(BIN)/pytest -m "not infra" -n 2

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
	$(BIN)/python bench/search.py --posts 1000000 --database portal_bench_1m --keep
	$(BIN)/python bench/backup_restore.py --posts 1000000 --database portal_bench_1m
	$(BIN)/python bench/chat_fanout.py

clean:
	rm -rf $(VENV) frontend/node_modules tests/tools/node_modules frontend/dist
