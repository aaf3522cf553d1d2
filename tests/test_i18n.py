"""Every user-facing message has a Chinese translation with the same placeholders."""
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "core/translations/zh_Hans_CN/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _key(value):
    """Plural entries are tuples of forms: compare their first form."""
    return value[0] if isinstance(value, (tuple, list)) else value


def test_every_message_is_translated(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract",
                    "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
                    "-o", str(pot), "."],
                   check=True, cwd=ROOT, capture_output=True)
    with open(pot, "rb") as fh:
        wanted = {_key(m.id) for m in read_po(fh) if m.id}
    assert len(wanted) > 100 and "Wrong e-mail or password." in wanted  # extraction worked
    with open(PO, "rb") as fh:
        catalog = read_po(fh)
    translated = {}
    for m in catalog:
        forms = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
        if m.id and not m.fuzzy and forms and all(forms):
            translated[_key(m.id)] = forms[0]
    missing = sorted(wanted - set(translated))
    assert not missing, f"untranslated (run scripts/i18n.sh and fill {PO.name}): {missing}"
    for msgid, text in translated.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid
