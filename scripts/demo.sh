#!/usr/bin/env bash
# Set everything up and run the product on its embedded default (SQLite in instance/,
# in-process jobs), with the demo tenants loaded and their logins printed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/complaints demo
echo
echo "Serving on http://${HOST:-127.0.0.1}:${PORT:-5000}  (Ctrl-C to stop)"
exec .venv/bin/complaints serve --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}"
