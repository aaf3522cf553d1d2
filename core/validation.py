"""Turning marshmallow's messages into the caller's language."""
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


def translate_messages(messages):
    """Translate every message in a (nested) marshmallow error structure."""
    if isinstance(messages, dict):
        return {key: translate_messages(value) for key, value in messages.items()}
    if isinstance(messages, (list, tuple)):
        return [translate_messages(m) for m in messages]
    if isinstance(messages, str):
        return gettext(messages)
    return str(messages)
