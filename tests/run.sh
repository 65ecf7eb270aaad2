#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run them all:
# ruff (lint and format), hadolint on the Dockerfile, and pytest (engine, algorithms, figures, callbacks, browser,
# serving: gunicorn, and a Redis server that the tests start on 127.0.0.1 and stop).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 ||
  ! command -v redis-server >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver redis-server
fi
python3 -m pip install --disable-pip-version-check --quiet --root-user-action=ignore -r requirements-dev.txt

python3 -m ruff check .
python3 -m ruff format --check .
hadolint Dockerfile
python3 -m pytest "$@"
