# make serve: install and start the API on the embedded SQLite default with demo data.
# make test:  install and run lint, types, the import layers and the whole suite (on SQLite, and beside
#             it on PostgreSQL when MYPAGE_TEST_POSTGRES_URL points at a server).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# tests/clients: the npm tools (clients/package-lock.json) and openapi-python-client
CLIENT_TOOLS := clients/node_modules clients/.venv/.installed

.PHONY: serve test lint contract bench clean sso-provider

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(INSTALLED)

clients/node_modules: clients/package-lock.json
	npm ci --prefix clients --no-audit --no-fund
	touch $@

tools/oidc-provider/node_modules: tools/oidc-provider/package-lock.json
	npm ci --prefix tools/oidc-provider --no-audit --no-fund
	touch $@

# The test OpenID Provider (single sign-on, R23) for trying SSO against `make serve`; any
# login and password sign in, the login becomes the subject.
sso-provider: tools/oidc-provider/node_modules
	node tools/oidc-provider/provider.mjs --port 9000 --client-id mypage-api \
		--client-secret mypage-api-demo-secret --redirect-uri http://127.0.0.1:8000/docs/sso-callback

# openapi-python-client caps typer below the version the CLI pins, so it gets a venv of its own.
clients/.venv/.installed: clients/requirements.txt
	$(PYTHON) -m venv clients/.venv
	clients/.venv/bin/pip install --quiet --disable-pip-version-check -r clients/requirements.txt
	touch $@

serve: $(INSTALLED)
	$(BIN)/mypage-api demo-data
	$(BIN)/mypage-api serve

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict src
	$(BIN)/lint-imports --no-cache

# With a PostgreSQL server, the two runs go side by side (one core each): the PostgreSQL
# run's output is kept in a file and shown after the SQLite run's.
test: lint $(CLIENT_TOOLS) tools/oidc-provider/node_modules
	@if [ -n "$$MYPAGE_TEST_POSTGRES_URL" ]; then \
		log=$$(mktemp); \
		echo "== the suite on SQLite, and beside it on PostgreSQL (shown afterwards) =="; \
		MYPAGE_TEST_DATABASE_URL="$$MYPAGE_TEST_POSTGRES_URL" $(BIN)/pytest -p no:cacheprovider >"$$log" 2>&1 & \
		postgres=$$!; \
		MYPAGE_TEST_DATABASE_URL= $(BIN)/pytest; sqlite=$$?; \
		wait $$postgres; postgresql=$$?; \
		echo "== the suite on PostgreSQL =="; cat "$$log"; rm -f "$$log"; \
		test $$sqlite -eq 0 -a $$postgresql -eq 0; \
	else \
		MYPAGE_TEST_DATABASE_URL= $(BIN)/pytest || exit 1; \
		echo "NOTICE: PostgreSQL run skipped: set MYPAGE_TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres) to run the suite on PostgreSQL too."; \
	fi

contract: $(INSTALLED)
	$(BIN)/mypage-api openapi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
