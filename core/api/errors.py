"""API errors, always ``{"error": {"code", "message", "fields"}}`` with the right status.

Web pages keep Flask's own error pages; only paths under ``/api/`` answer in JSON.
"""
from flask import current_app, jsonify, request, session
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from core.db import abandon_transaction
from core.errors import ComplaintError
from core.i18n import LOCALES
from core.extensions import db
from core.validation import translate_messages

API_PREFIX = "/api/"
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
         422: "invalid", 429: "rate_limited"}


def error_response(status, code, message, fields=None, headers=None):
    response = jsonify({"error": {"code": code, "message": str(message),
                                  "fields": translate_messages(fields or {})}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _messages(status):
    return {400: _("The request could not be understood."), 401: _("A valid bearer token is required."),
            403: _("This token may not do that."), 404: _("Not found."),
            405: _("Method not allowed."), 409: _("Conflict."), 413: _("The request is too large."),
            415: _("Send the body as JSON."),
            422: _("Check the marked fields."),
            429: _("Too many requests; slow down and try again shortly.")}.get(status)


def http_error(err: HTTPException):
    if not request.path.startswith(API_PREFIX):
        return err
    status = err.code or 500
    data = getattr(err, "data", None) or {}
    fields = {}
    messages = data.get("messages")  # webargs: {location: {field: [messages]}}
    if isinstance(messages, dict):
        for location_messages in messages.values():
            if isinstance(location_messages, dict):
                fields.update(location_messages)
    headers = dict(err.get_headers()) if status in (401, 405, 429) else {}
    headers.pop("Content-Type", None)
    return error_response(status, CODES.get(status, "error"), _messages(status) or err.description,
                          fields, headers)


def complaint_error(err: ComplaintError):
    db.session.rollback()
    if not request.path.startswith(API_PREFIX):
        raise err
    return error_response(err.status, err.code, err.message, err.fields)


UNAVAILABLE = _l("The database is not available right now; nothing was saved. Try again shortly.")


def _unavailable_message():
    """The message in the request's language. Choosing it may read the user's language, which
    the failed transaction has expired, from the database that is gone: then the language is
    told without the database (chosen in this session, else the browser's)."""
    try:
        return str(UNAVAILABLE)
    except SQLAlchemyError:
        abandon_transaction()
        chosen = session.get("locale")
        with force_locale(chosen if chosen in LOCALES else _browser_locale()):
            return str(UNAVAILABLE)


def _browser_locale():
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"])
    if best is None:
        return current_app.config.get("BABEL_DEFAULT_LOCALE") or "zh_CN"
    return "en" if best.startswith("en") else "zh_CN"


def database_error(err):
    """The database went away in the middle of the request: the transaction is gone, so
    nothing of it was kept. Say so and ask for a retry, on every path."""
    message = _unavailable_message()
    abandon_transaction()
    if request.path.startswith(API_PREFIX):
        return error_response(503, "unavailable", message, headers={"Retry-After": "5"})
    return message, 503, {"Retry-After": "5", "Content-Type": "text/plain; charset=utf-8"}


def init_app(app):
    from sqlalchemy.exc import OperationalError  # connection lost, server shutting down…
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(ComplaintError, complaint_error)
    app.register_error_handler(OperationalError, database_error)
