#!/usr/bin/env bash
# Everything CI runs, from nothing but Debian, apt and Python >= 3.11: the system packages the tests need
# (Chromium, its driver and Redis, with python3-venv if venv is missing), then a virtual environment (.venv)
# holding only what pyproject.toml declares (the package, editable, with its "serve" and "dev" extras), and
# inside it ruff (lint and format), hadolint on the Dockerfile and pytest: the engine, the algorithms, the
# figures, the callbacks, the app over HTTP, gunicorn, Redis and Celery, the notebook, and the browser tests.
# An undeclared dependency fails here. Arguments go to pytest (e.g. -m "not browser" for the fast path).
# The environment is built again whenever pyproject.toml or setup.py change; FRESH=1 rebuilds it anyway.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
PYTHON="${PYTHON:-python3}"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
"$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)  # Debian splits venv out
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

stamp="$(cat pyproject.toml setup.py | sha256sum | cut -d' ' -f1)"
if [ "${FRESH:-0}" = 1 ] || [ ! -x .venv/bin/python ] || [ "$(cat .venv/.declared 2>/dev/null)" != "$stamp" ]; then
  echo "Building .venv from pyproject.toml"
  rm -rf .venv
  "$PYTHON" -m venv .venv
  # --no-compile: bytecode is written as modules are imported, not for all of plotly and dash up front
  .venv/bin/python -m pip install --disable-pip-version-check --quiet --no-compile -e ".[serve,dev]"
  echo "$stamp" >.venv/.declared
  echo ".venv built (${SECONDS} s since the start)"
fi
export PATH="$PWD/.venv/bin:$PATH" VIRTUAL_ENV="$PWD/.venv"

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/hadolint Dockerfile
.venv/bin/python -m pytest "$@"
