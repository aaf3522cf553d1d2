"""Fill msgstr values of the Chinese catalogue from a JSON file {msgid: msgstr} and clear
their fuzzy flags (used after scripts/i18n.sh extracts new messages).

    .venv/bin/python scripts/po_fill.py translations.json
"""
import json
import sys

from babel.messages.pofile import read_po, write_po

PO = "core/translations/zh_Hans_CN/LC_MESSAGES/messages.po"


def main(path):
    with open(path, encoding="utf-8") as fh:
        table = json.load(fh)
    with open(PO, "rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if message.id in table:
            message.string = table[message.id]
            message.flags.discard("fuzzy")
    with open(PO, "wb") as fh:
        write_po(fh, catalog, width=100)


if __name__ == "__main__":
    main(sys.argv[1])
