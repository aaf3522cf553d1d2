#!/usr/bin/env bash
# Run the benchmarks (platform against a minimal Flask app) and write bench/results/latest.md.
#   scripts/bench.sh [--sizes 10000,100000,1000000]
# Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (scripts/services.sh starts them).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[bench]"
scripts/services.sh
exec .venv/bin/python bench/run.py "$@"
