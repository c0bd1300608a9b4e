# StackAdvisor — two commands for a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
BOOTSTRAP_VERSION := 5.3.9
SWAGGER_UI_VERSION := 5.35.0

.PHONY: run test lint check-migrations check-deploy suite venv-app venv-test lock vendor clean bench-scoring bench browser-tools audit slow-clients

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "StackAdvisor needs Python 3.11 or newer (found %s)." % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Installs only when the pinned files change (the stamp remembers the last install).
$(VENV)/.app-installed: requirements/app.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements/app.txt
	@touch $@

$(VENV)/.test-installed: requirements/app.txt requirements/test.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements/test.txt
	@touch $@ $(VENV)/.app-installed

venv-app: $(VENV)/.app-installed
venv-test: $(VENV)/.test-installed

.env:
	@$(PY) -c 'import secrets; print("# Local development settings written by make run (git-ignored).\nDJANGO_DEBUG=true\nDJANGO_SECRET_KEY=" + secrets.token_urlsafe(50) + "\nDJANGO_ALLOWED_HOSTS=127.0.0.1,localhost")' > .env
	@echo "Wrote .env for local development (DEBUG on, random secret key)."

## make run: set up everything on first use, then serve http://$(HOST):$(PORT)
run: venv-app .env
	@mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_starting_content
	$(PY) manage.py ensure_local_admin --site-url http://$(HOST):$(PORT)/
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: lint (Python and the Dockerfile), migration and deployment checks, then the suite
test: venv-test lint check-migrations check-deploy suite

# Python files (migrations aside) stay under 400 lines: a module does one job.
SIZED_FILES = find comparisons questionnaire stackadvisor tests -name '*.py' -not -path '*/migrations/*'
MAX_FILE_LINES := 400

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	@$(SIZED_FILES) -exec awk -v max=$(MAX_FILE_LINES) 'FNR > max { print FILENAME " has more than " max " lines"; bad = 1; nextfile } END { exit bad }' {} + \
		|| { echo "Split the files above: a module does one job."; exit 1; }
	$(VENV)/bin/hadolint Dockerfile

check-migrations:
	@mkdir -p var  # the SQLite file's folder: makemigrations checks the history against it
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py check --fail-level WARNING

# Django's deployment checklist, on the real settings configured as production is (behind a
# TLS proxy, HTTPS only, HSTS): any warning fails.
check-deploy:
	DJANGO_SETTINGS_MODULE=stackadvisor.settings DJANGO_ENV_FILE= DJANGO_DEBUG=false \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=stackadvisor.example.com \
	DJANGO_CSRF_TRUSTED_ORIGINS=https://stackadvisor.example.com \
	DJANGO_BEHIND_TLS_PROXY=true DJANGO_SECURE_SSL_REDIRECT=true DJANGO_SECURE_COOKIES=true \
	DJANGO_HSTS_SECONDS=31536000 DJANGO_HSTS_INCLUDE_SUBDOMAINS=true DJANGO_HSTS_PRELOAD=true \
	$(PY) manage.py check --deploy --fail-level WARNING

suite:
	$(PY) -m pytest $(PYTEST_ARGS)

## make lock: re-resolve the pinned versions from pyproject.toml's ranges
lock: | $(VENV)/bin/python
	rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet --upgrade pip
	var/lock-venv/bin/pip install --quiet $$(var/lock-venv/bin/python -c 'import tomllib; d = tomllib.load(open("pyproject.toml", "rb"))["project"]; print(" ".join(repr(x) for x in d["dependencies"]))' | tr -d "'")
	(echo "# Pinned runtime dependencies; regenerate with make lock."; var/lock-venv/bin/pip freeze --exclude pip) > requirements/app.txt
	var/lock-venv/bin/pip install --quiet $$(var/lock-venv/bin/python -c 'import tomllib; d = tomllib.load(open("pyproject.toml", "rb"))["project"]; print(" ".join(repr(x) for x in d["optional-dependencies"]["test"]))' | tr -d "'")
	(echo "# Pinned test dependencies; regenerate with make lock."; echo "-r app.txt"; var/lock-venv/bin/pip freeze --exclude pip | grep -vxFf requirements/app.txt) > requirements/test.txt
	rm -rf var/lock-venv

## make vendor: refresh the third-party front-end files in static/vendor from the npm registry
vendor:
	rm -rf var/vendor && mkdir -p var/vendor static/vendor/bootstrap
	cd var/vendor && npm pack --silent bootstrap@$(BOOTSTRAP_VERSION) >/dev/null && tar xzf bootstrap-$(BOOTSTRAP_VERSION).tgz
	# The source map comes along: the manifest storage follows sourceMappingURL comments.
	cp var/vendor/package/dist/css/bootstrap.min.css var/vendor/package/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
	cp var/vendor/package/LICENSE static/vendor/bootstrap/LICENSE
	echo "Bootstrap $(BOOTSTRAP_VERSION) (CSS only), MIT licence, from the npm package bootstrap@$(BOOTSTRAP_VERSION). Refreshed by make vendor; do not edit by hand." > static/vendor/bootstrap/VERSION
	# Swagger UI draws the API's documentation page (/api/v1/docs) from its OpenAPI document.
	rm -rf var/vendor/package static/vendor/swagger-ui && mkdir -p static/vendor/swagger-ui
	cd var/vendor && npm pack --silent swagger-ui-dist@$(SWAGGER_UI_VERSION) >/dev/null && tar xzf swagger-ui-dist-$(SWAGGER_UI_VERSION).tgz
	cp var/vendor/package/swagger-ui-bundle.js var/vendor/package/swagger-ui-bundle.js.LICENSE.txt var/vendor/package/swagger-ui.css var/vendor/package/swagger-ui.css.map var/vendor/package/LICENSE var/vendor/package/NOTICE static/vendor/swagger-ui/
	echo "Swagger UI $(SWAGGER_UI_VERSION) (the bundle and its CSS), Apache License 2.0, from the npm package swagger-ui-dist@$(SWAGGER_UI_VERSION). Refreshed by make vendor; do not edit by hand." > static/vendor/swagger-ui/VERSION
	rm -rf var/vendor

clean:
	rm -rf $(VENV) var .tools .pytest_cache .ruff_cache .hypothesis

## make bench-scoring: time the scorer on 200 frameworks x 40 criteria x 30 questions
bench-scoring: venv-app
	$(PY) -m tests.bench.scoring

## make bench: load-test the site under gunicorn beside bare Django, with wrk on 127.0.0.1, with
## the starting content and a 200-framework catalogue, on PostgreSQL (127.0.0.1:5432) and Redis;
## BASE=<commit> measures that commit too, in the same run. Results in var/bench/
bench: venv-app
	@command -v wrk >/dev/null && command -v redis-server >/dev/null || (apt-get update && apt-get install -y wrk redis-server)
	$(PY) -m tests.bench.run $(if $(BASE),--base $(BASE)) $(BENCH_ARGS)

## make browser-tools: the npm tools of the browser tests and the audit (axe-core, the Nu Html
## Checker, Lighthouse; pinned in tests/e2e/package.json) into .tools/. The tests also need
## Chromium (apt-get install -y chromium) and Java (apt-get install -y default-jre-headless).
TOOLS := .tools
browser-tools: venv-test $(TOOLS)/.installed

# --ignore-scripts: vnu-jar's install script would try to download a Java runtime.
$(TOOLS)/.installed: tests/e2e/package.json tests/e2e/package-lock.json
	@command -v npm >/dev/null || { echo "make browser-tools needs Node.js 18.20 or newer, with npm." >&2; exit 1; }
	mkdir -p $(TOOLS)
	cp tests/e2e/package.json tests/e2e/package-lock.json $(TOOLS)/
	npm ci --prefix $(TOOLS) --ignore-scripts --no-audit --no-fund
	@touch $@

## make audit: Lighthouse's four scores for each public page, served by gunicorn with
## production settings (AUDIT_ARGS="--preset desktop", "--fail-under 95", page names)
audit: browser-tools
	$(PY) -m tests.e2e.audit $(AUDIT_ARGS)

## make slow-clients: normal requests while 0, 5 and 20 connections send their requests a byte
## every 2 s, against gunicorn with the earlier and the current settings and behind nginx with
## docs/nginx.conf, all on 127.0.0.1 (about 10 minutes; SLOW_CLIENTS_ARGS="--help" for more)
slow-clients: venv-app
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || apt-get install -y nginx || (apt-get update && apt-get install -y nginx)
	$(PY) -m tests.slow_clients $(SLOW_CLIENTS_ARGS)
