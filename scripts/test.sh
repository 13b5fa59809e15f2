#!/usr/bin/env bash
# The whole test suite, from a fresh machine: Python packages, Node packages, Debian's
# chromium for the browser tests, ruff (lint and format) and mypy over the Python code (settings in
# pyproject.toml), a rebuild of the frontend (CI fails if the committed bundle differs
# from its sources), then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup_env.sh test

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

echo "== linting and format check (ruff), type checking (mypy) the Python code"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy

echo "== building the frontend"
(cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run --silent check && npm test --silent && npm run --silent build)
if [ "${CI:-}" = "true" ] && ! git diff --quiet -- tensorboard_modelviz/static; then
  echo "The committed frontend bundle differs from a build of frontend/: run 'cd frontend && npm run build' and commit." >&2
  git --no-pager diff --stat -- tensorboard_modelviz/static >&2
  exit 1
fi

echo "== running the tests"
.venv/bin/python -m pytest tests "$@"
