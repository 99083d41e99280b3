# Two commands do everything on a fresh Debian machine: `make run` and `make test`.
# Each installs what is missing (Debian fonts, the Python environment in .venv/) first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The face detector (mediapipe, numpy<2) lives in its own environment and process: requirements-face.lock.
FACE_VENV  := .venv-face
FACE_STAMP := $(FACE_VENV)/.installed
DEBIAN_PACKAGES := fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-inter fonts-dejavu-core
# Test-only: a real headless browser for the Swagger UI test (Debian's own Chromium and its driver).
TEST_DEBIAN_PACKAGES := chromium chromium-driver
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=

.PHONY: setup run test bench openapi system-deps test-deps lock clean

setup: system-deps $(STAMP) $(FACE_STAMP)

run: setup
	$(VENV)/bin/media-service serve

test: setup test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# The contract as a file: the OpenAPI document (default settings) and what is generated from it.
# Run after changing an endpoint or a request/result model; tests fail while they differ.
openapi: setup
	$(VENV)/bin/media-service openapi -o openapi/openapi.json
	$(PY) sdk/python/generate.py
	@if command -v npm >/dev/null; then cd sdk/typescript && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run generate; \
	else echo "npm not found: sdk/typescript/src not regenerated"; fi

bench: setup
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Debian packages the tests need besides the renderer's. Installed only when missing.
test-deps:
	@missing=""; for p in $(TEST_DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

# Debian packages the renderer needs (fonts for every script). Installed only when missing.
system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q python3-venv; }

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $(STAMP)

$(FACE_STAMP): requirements-face.lock
	$(PYTHON) -m venv $(FACE_VENV)
	$(FACE_VENV)/bin/python -m pip install -q --no-deps -r requirements-face.lock
	touch $(FACE_STAMP)

# Re-resolve the pinned dependency set after editing pyproject.toml (needs uv: pip install uv).
lock:
	$(VENV)/bin/uv pip compile pyproject.toml --extra test -o requirements.lock --python-version 3.11

clean:
	rm -rf $(VENV) $(FACE_VENV) .pytest_cache
