"""REST API v1 (first endpoints; the full API with OpenAPI is its own issue).

Bearer tokens carry their tenant; every lookup is scoped to it, so another tenant's case
answers 404 exactly like a missing one.
"""
from flask import Blueprint, g, jsonify, request
from flask_babel import gettext as _

from core.audit import CaseEvent
from core.auth.service import user_for_token
from core.cases.access import complainant_view, visible_cases
from core.cases.intake import register_case
from core.cases.models import Case
from core.deadlines import deadlines_of
from core.errors import ComplaintError
from core.workflow import perform
from core.extensions import db
from core.tenancy import scoped
from core.validation import translate_messages

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def error(status, code, message, fields=None):
    response = jsonify({"error": {"code": code, "message": str(message),
                                  "fields": translate_messages(fields or {})}})
    response.status_code = status
    return response


@bp.before_request
def authenticate_token():
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    found = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        response = error(401, "unauthorized", _("A valid bearer token is required."))
        response.headers["WWW-Authenticate"] = 'Bearer realm="complaints"'
        return response
    g.tenant, g.api_user = found


@bp.errorhandler(ComplaintError)
def complaint_error(err):
    db.session.rollback()
    return error(err.status, err.code, err.message, err.fields)


@bp.errorhandler(404)
def not_found(_err):
    return error(404, "not_found", _("Not found."))


@bp.errorhandler(405)
def method_not_allowed(_err):
    return error(405, "method_not_allowed", _("Method not allowed."))


def case_document(case, user, events=None) -> dict:
    doc = {
        "id": case.id, "reference": case.reference, "status": case.status,
        "version": case.version, "channel": case.channel, "category": case.category,
        "severity": case.severity,
        "complainant": complainant_view(user, case), "confidential": case.confidential,
        "subject": {"department_id": case.subject_department_id,
                    "person_id": case.subject_user_id, "name": case.subject_name},
        "title": case.title, "description": case.description, "demand": case.demand,
        "received_at": case.received_at.astimezone(g.tenant.tz).isoformat(),
        "fields": case.fields, "major": case.major, "major_reasons": case.major_reasons,
        "routing": case.routing,
        "deadlines": [d.as_dict(g.tenant.tz) for d in deadlines_of(g.tenant, case)],
        "flags": case.flags, "repeat_count": case.repeat_count,
    }
    if events is not None:
        doc["events"] = [{"seq": e.seq, "type": e.type, "actor_id": e.actor_id,
                          "at": e.created_at.astimezone(g.tenant.tz).isoformat()}
                         for e in events]
    return doc


@bp.post("/cases")
def create_case():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return error(400, "bad_request", _("The body must be a JSON object."))
    case, access_code = register_case(g.tenant, g.api_user, payload)
    db.session.commit()
    doc = case_document(case, g.api_user)
    doc["access_code"] = access_code
    return jsonify(doc), 201


@bp.get("/cases/<int:case_id>")
def get_case(case_id):
    case = db.session.execute(visible_cases(g.tenant, g.api_user)
                              .where(Case.id == case_id)).scalar_one_or_none()
    if case is None:
        return error(404, "not_found", _("Not found."))
    events = db.session.scalars(scoped(CaseEvent, g.tenant).where(CaseEvent.case_id == case.id)
                                .order_by(CaseEvent.seq)).all()
    return jsonify(case_document(case, g.api_user, events))


@bp.post("/cases/<int:case_id>/actions")
def case_action(case_id):
    """Perform an action: ``{"action": "accept", "version": 3, …its parameters}``."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return error(400, "bad_request", _("The body must be a JSON object."))
    params = dict(payload)
    name, version = params.pop("action", None), params.pop("version", None)
    fields = {}
    if not isinstance(name, str):
        fields["action"] = ["Missing data for required field."]
    if not isinstance(version, int) or isinstance(version, bool):
        fields["version"] = ["Not a valid integer."]
    if fields:
        return error(422, "invalid", _("Give the action and the case version you saw."), fields)
    case, event = perform(g.tenant, g.api_user, case_id, name, params, version=version)
    db.session.commit()
    return jsonify(case_document(case, g.api_user) | {"event": {"seq": event.seq, "type": event.type}})
