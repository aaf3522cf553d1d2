#!/usr/bin/env bash
# Extract the messages, merge them into the Chinese catalogue, and compile it.
# Fill the new msgstr entries in core/translations/zh_Hans_CN/LC_MESSAGES/messages.po.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o core/translations/messages.pot .
.venv/bin/pybabel update -i core/translations/messages.pot -d core/translations --width 100
.venv/bin/pybabel compile -d core/translations
