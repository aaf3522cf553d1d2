#!/usr/bin/env bash
# Set everything up and run the whole test suite: once on PostgreSQL, once on SQLite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k audit).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
scripts/services.sh

export TEST_POSTGRES_URL=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
echo "== PostgreSQL ($TEST_POSTGRES_URL) =="
TEST_DATABASE_URL="$TEST_POSTGRES_URL" .venv/bin/python -m pytest "$@"
echo "== SQLite =="
TEST_DATABASE_URL=sqlite .venv/bin/python -m pytest "$@"
