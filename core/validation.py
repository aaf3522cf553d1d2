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
