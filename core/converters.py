"""URL converters: ids in URLs are positive 32-bit integers, so an absurd id is simply
not found instead of overflowing the database driver."""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def id_schema(_converter):
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def init_app(app):
    app.url_map.converters["id"] = IdConverter


def as_id(text) -> int | None:
    """``text`` as a row id when it is one (digits within range), else None."""
    text = str(text).strip()
    if text.isdigit() and text.isascii():
        value = int(text)
        if 1 <= value <= MAX_ID:
            return value
    return None
