"""Typed errors raised by business rules and turned into messages by each interface.

Every error carries a machine code, a message (translatable: it is rendered in the
caller's language when shown) and, for invalid input, the offending fields.
"""


class ComplaintError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message, fields=None):
        super().__init__(str(message))
        self.message = message
        self.fields = fields or {}


class InvalidInput(ComplaintError):
    """The request itself is wrong: a missing, malformed or unknown value."""

    status = 422
    code = "invalid"


class Forbidden(ComplaintError):
    """The actor may not do this (role, authority, subject of the complaint)."""

    status = 403
    code = "forbidden"


class NotAllowedNow(ComplaintError):
    """The action does not apply to the case in its current state."""

    status = 409
    code = "not_allowed_now"


class Conflict(ComplaintError):
    """Someone else changed the case first (stale version) or a name is taken."""

    status = 409
    code = "conflict"


class NotFound(ComplaintError):
    status = 404
    code = "not_found"
