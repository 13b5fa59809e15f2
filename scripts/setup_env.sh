#!/usr/bin/env bash
# Creates .venv (if missing) and installs the package with the given extras.
# torch is pinned to 2.13.0 first: that release is on these machines' disk, while a
# bare `torch` requirement would pull a multi-gigabyte CUDA build.
# Usage: scripts/setup_env.sh [extras]    e.g. scripts/setup_env.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python3 -m venv .venv 2>/dev/null || python3 -m venv --without-pip .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/pip install -q "torch==2.13.0"
if [ -n "$extras" ]; then
  .venv/bin/pip install -q -e ".[$extras]"
else
  .venv/bin/pip install -q -e .
fi
