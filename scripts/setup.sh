#!/usr/bin/env bash
# Set up (or bring up to date) the virtual environment in .venv from requirements.lock,
# install this project into it, and compile the translations. Safe to run repeatedly.
#   scripts/setup.sh          the product
#   scripts/setup.sh test     the product and its test tools
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is needed (found: $("$PYTHON" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extras=""
[ "${1:-}" = "test" ] && extras="[test]"

# The browser tests drive Debian's Chromium (Playwright's own browser download does not
# work on a closed network), with a CJK font so that Chinese renders in screenshots.
if [ "${1:-}" = "test" ] && { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "WenQuanYi\|Noto Sans CJK"; }; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "setup: installing chromium and a CJK font (apt-get)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  else
    echo "setup: the browser tests need /usr/bin/chromium and a CJK font;" \
         "run: sudo apt-get install chromium fonts-wqy-microhei" >&2
    exit 1
  fi
fi

stamp=".venv/.installed${extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c requirements.lock -e ".${extras}"
  touch "$stamp"
fi
.venv/bin/pybabel compile -d core/translations >/dev/null
