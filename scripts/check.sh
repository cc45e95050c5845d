#!/usr/bin/env bash
# The whole check: lint, format, types, and the test suite with coverage.
# Creates .venv with the dev extra on first use, so it works on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${VIRTUAL_ENV:-}" ]; then
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[dev]'
  fi
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi

paths=$(for d in src tests examples benchmarks; do [ -d "$d" ] && echo "$d"; done)
echo "== ruff check";   ruff check $paths
echo "== ruff format";  ruff format --check $paths
echo "== mypy --strict"; mypy
echo "== pytest (with coverage)"
coverage run -m pytest "$@"
coverage report --fail-under=85
