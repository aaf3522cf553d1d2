"""Turning marshmallow's messages into the caller's language."""
import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

# marshmallow's default messages, listed so that extraction puts them in the catalogues.
_DEFAULT_MESSAGES = (
    _l("Missing data for required field."),
    _l("Unknown field."),
    _l("Not a valid string."),
    _l("Not a valid boolean."),
    _l("Not a valid integer."),
    _l("Not a valid number."),
    _l("Not a valid datetime."),
    _l("Not a valid email address."),
    _l("Not a valid mapping type."),
    _l("Field may not be null."),
    _l("Invalid input type."),
    _l("Not a valid aware datetime."),
    _l("Invalid value."),
)


# marshmallow's messages that carry values: (pattern, translatable template).
_FORMATTED = (
    (re.compile(r"^Length must be between (?P<min>\d+) and (?P<max>\d+)\.$"),
     _l("Length must be between %(min)s and %(max)s.")),
    (re.compile(r"^Shorter than minimum length (?P<min>\d+)\.$"),
     _l("Shorter than minimum length %(min)s.")),
    (re.compile(r"^Longer than maximum length (?P<max>\d+)\.$"),
     _l("Longer than maximum length %(max)s.")),
    (re.compile(r"^Must be one of: (?P<choices>.*)\.$"), _l("Must be one of: %(choices)s.")),
    (re.compile(r"^Must be greater than or equal to (?P<min>\S+) and less than or equal to (?P<max>\S+)\.$"),
     _l("Must be between %(min)s and %(max)s.")),
    (re.compile(r"^Must be greater than or equal to (?P<min>\S+)\.$"), _l("Must be at least %(min)s.")),
    (re.compile(r"^Must be less than or equal to (?P<max>\S+)\.$"), _l("Must be at most %(max)s.")),
)
_PLAIN = (_l("String does not match expected pattern."), _l("Not a valid date."),
          _l("Not a valid decimal."), _l("Special numeric values (nan or infinity) are not permitted."))


def translate_message(message: str) -> str:
    for pattern, template in _FORMATTED:
        match = pattern.match(message)
        if match:
            return str(template) % match.groupdict()
    return gettext(message)


def translate_messages(messages):
    """Translate every message in a (nested) marshmallow error structure."""
    if isinstance(messages, dict):
        return {key: translate_messages(value) for key, value in messages.items()}
    if isinstance(messages, (list, tuple)):
        return [translate_messages(m) for m in messages]
    if isinstance(messages, str):
        return translate_message(messages)
    return str(messages)


def refuse_nul(payload, field="body"):
    """Refuse text holding NUL characters: PostgreSQL cannot store them, and no complaint
    needs one. Raises InvalidInput naming the field."""
    from core.errors import InvalidInput

    def walk(value, path):
        if isinstance(value, str):
            if "\x00" in value:
                raise InvalidInput(_l("Check the marked fields."),
                                   {path: [_l("Contains a character that is not allowed.")]})
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key, path)
                walk(item, key if path == field else f"{path}.{key}")
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item, path)
    walk(payload, field)
