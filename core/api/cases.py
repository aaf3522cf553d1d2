"""``/api/v1/cases``: register, list, read, act."""
import re

from flask import g, request
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import INCLUDE, Schema, fields, validate
from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import IntegrityError

from core.api import schemas
from core.audit import CaseEvent
from core.cases.access import complainant_view, fields_view, visible_cases
from core.cases.listing import like_pattern
from core.cases.intake import RegisterSchema, register_case
from core.cases.models import Case
from core.deadlines import Deadline, deadlines_of
from core.errors import ComplaintError, InvalidInput, NotFound
from core.converters import as_id
from core.extensions import db
from core.plugins import warnings_for
from core.types import utcnow
from core.tenancy import Department, scoped
from core.workflow import ACTIONS, perform

blp = Blueprint("api_cases", __name__, url_prefix="/api/v1/cases",
                description="Complaints: register, list, read, and act on them.")
ERRORS = (400, 401, 403, 404, 409, 422, 429)


class ActionRequest(Schema):
    """An action and the case version the caller saw, with the action's parameters
    (see DESIGN.md's lifecycle table) beside them."""

    class Meta:
        unknown = INCLUDE

    action = fields.String(required=True, validate=validate.Length(min=1, max=64), metadata={
        "description": "One of the core's actions (" + ", ".join(sorted(ACTIONS)) +
                       ") or one the tenant's plugins add."})
    version = fields.Integer(required=True, strict=True)


def _document_errors(view):
    for status in ERRORS:
        view = blp.alt_response(status, schema=schemas.ErrorDoc, description="Error")(view)
    return view


def _iso(value, tz):
    return value.astimezone(tz).isoformat() if value else None


def case_document(case, user, events=None) -> dict:
    tz = g.tenant.tz
    department = db.session.get(Department, case.department_id) if case.department_id else None
    subject_department = (db.session.get(Department, case.subject_department_id)
                          if case.subject_department_id else None)
    repeat_of = db.session.get(Case, case.repeat_of_id) if case.repeat_of_id else None
    doc = {
        "id": case.id, "reference": case.reference, "status": case.status, "version": case.version,
        "channel": case.channel, "category": case.category, "severity": case.severity,
        "complainant": complainant_view(user, case), "confidential": case.confidential,
        "subject": {"department": subject_department.code if subject_department else None,
                    "person_id": case.subject_user_id, "name": case.subject_name},
        "title": case.title, "description": case.description, "demand": case.demand,
        "received_at": _iso(case.received_at, tz), "registered_at": _iso(case.registered_at, tz),
        "fields": fields_view(user, case, g.tenant), "major": case.major, "major_reasons": case.major_reasons or [],
        "routing": case.routing or {}, "department": department.code if department else None,
        "assignee_id": case.assignee_id,
        "deadlines": [d.as_dict(tz) for d in deadlines_of(g.tenant, case)],
        "flags": case.flags or [], "repeat_count": case.repeat_count or 0,
        "repeat_of": repeat_of.reference if repeat_of else None,
        "warnings": [{"code": w["code"], "message": str(w["message"])}
                     for w in warnings_for(g.tenant, case, utcnow())],
    }
    if events is not None:
        doc["events"] = [{"seq": e.seq, "type": e.type, "actor_id": e.actor_id, "at": _iso(e.created_at, tz)}
                         for e in events]
    return doc


def _json_body():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ComplaintError(_l("The body must be a JSON object."))
    return body


TOTAL_CAP = 1000
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")


def _registered_with(key):
    return db.session.execute(scoped(Case, g.tenant).where(Case.idempotency_key == key)).scalar_one_or_none()


@blp.route("")
class Cases(MethodView):
    @_document_errors
    @blp.arguments(schemas.CaseListArgs, location="query")
    @blp.response(200, schemas.CaseListDoc)
    def get(self, args):
        """List complaints, newest first or soonest due first, with filters and the total
        (counted up to 1,000)."""
        tenant, user = g.tenant, g.api_user
        query = visible_cases(tenant, user)
        if args.get("status"):
            query = query.where(Case.status == args["status"])
        if args.get("category"):
            query = query.where(Case.category == args["category"])
        if args.get("assignee"):
            ident = args["assignee"]
            if ident == "me":
                query = query.where(Case.assignee_id == user.id)
            elif ident.isdigit():
                query = query.where(Case.assignee_id == as_id(ident))
            else:
                from core.auth.models import User
                query = query.where(Case.assignee_id.in_(
                    select(User.id).where(User.tenant_id == tenant.id, User.email == ident.lower())))
        overdue = exists().where(Deadline.tenant_id == Case.tenant_id, Deadline.case_id == Case.id,
                                 Deadline.met_at.is_(None), Deadline.cancelled_at.is_(None),
                                 Deadline.breached_at.is_not(None))
        if args.get("overdue") is not None:
            query = query.where(overdue if args["overdue"] else ~overdue)
        if args.get("q"):
            # Chinese has no spaces between words: a substring match is what users expect.
            pattern = like_pattern(args["q"])
            query = query.where(or_(Case.reference.ilike(pattern, escape="\\"),
                                    Case.title.ilike(pattern, escape="\\"),
                                    Case.description.ilike(pattern, escape="\\")))
        # Counting stops at TOTAL_CAP, so a page costs the same at any size.
        total = db.session.scalar(select(func.count()).select_from(
            query.with_only_columns(Case.id).limit(TOTAL_CAP).subquery()))
        page, per_page = args["page"], args["per_page"]
        order = ((Case.next_due_at.asc().nulls_last(), Case.id) if args["sort"] == "due"
                 else (Case.received_at.desc(), Case.id.desc()))
        # Only the listed columns: hydrating whole cases cost more than the query.
        cases = db.session.execute(query.with_only_columns(
            Case.id, Case.reference, Case.status, Case.version, Case.channel, Case.category, Case.title,
            Case.major, Case.received_at, Case.assignee_id, Case.next_due_at)
            .order_by(*order).limit(per_page).offset((page - 1) * per_page)).all()
        late = set(db.session.scalars(select(Deadline.case_id).where(
            Deadline.tenant_id == tenant.id, Deadline.case_id.in_([c.id for c in cases]),
            Deadline.met_at.is_(None), Deadline.cancelled_at.is_(None),
            Deadline.breached_at.is_not(None)))) if cases else set()
        items = [{"id": c.id, "reference": c.reference, "status": c.status, "version": c.version,
                  "channel": c.channel, "category": c.category, "title": c.title, "major": c.major,
                  "received_at": _iso(c.received_at, tenant.tz), "assignee_id": c.assignee_id,
                  "next_due_at": _iso(c.next_due_at, tenant.tz), "overdue": c.id in late}
                 for c in cases]
        return {"items": items, "total": total, "total_capped": total >= TOTAL_CAP, "page": page,
                "per_page": per_page}

    @_document_errors
    @blp.doc(requestBody={"required": True, "content": {"application/json": {
        "schema": "CaseRegistration"}}})
    @blp.response(201, schemas.CreatedCaseDoc)
    def post(self):
        """Register a complaint. ``received_at`` defaults to now; give it for letters and
        forwarded complaints. The answer carries the complainant's access code, once.

        With an ``Idempotency-Key`` header (up to 100 printable characters), a retry of a
        registration that did commit (its answer was lost) answers 200 with that case,
        without the access code, instead of registering it twice."""
        key = request.headers.get("Idempotency-Key")
        if key is not None and not IDEMPOTENCY_KEY.match(key):
            raise InvalidInput(_l("Check the marked fields."), {"Idempotency-Key": [
                _l("Up to 100 printable characters.")]})
        if key and (earlier := _registered_with(key)) is not None:
            return case_document(earlier, g.api_user) | {"access_code": None}, 200
        case, access_code = register_case(g.tenant, g.api_user, _json_body())
        case.idempotency_key = key
        document = case_document(case, g.api_user) | {"access_code": access_code}
        try:
            db.session.commit()  # the document is built first: no reload of what was just written
        except IntegrityError:
            db.session.rollback()  # the same key committed by a parallel request
            earlier = _registered_with(key) if key else None
            if earlier is None:
                raise
            return case_document(earlier, g.api_user) | {"access_code": None}, 200
        return document


@blp.route("/<id:case_id>")
class CaseItem(MethodView):
    @_document_errors
    @blp.response(200, schemas.CaseDoc)
    def get(self, case_id):
        """One complaint with its deadlines and its history."""
        case = db.session.execute(visible_cases(g.tenant, g.api_user)
                                  .where(Case.id == case_id)).scalar_one_or_none()
        if case is None:
            raise NotFound(_l("Not found."))
        events = db.session.scalars(scoped(CaseEvent, g.tenant).where(CaseEvent.case_id == case.id)
                                    .order_by(CaseEvent.seq)).all()
        return case_document(case, g.api_user, events)


@blp.route("/<id:case_id>/actions")
class CaseActions(MethodView):
    @_document_errors
    @blp.arguments(ActionRequest)
    @blp.response(200, schemas.ActedCaseDoc)
    def post(self, body, case_id):
        """Perform an action: ``{"action": "accept", "version": 3, "category": …}``.
        A stale ``version`` answers 409; the case is then unchanged."""
        params = dict(body)
        name, version = params.pop("action"), params.pop("version")
        case, event = perform(g.tenant, g.api_user, case_id, name, params, version=version)
        db.session.commit()
        return case_document(case, g.api_user) | {"event": {
            "seq": event.seq, "type": event.type, "actor_id": event.actor_id,
            "at": _iso(event.created_at, g.tenant.tz)}}


def register_components(spec):
    spec.components.schema("CaseRegistration", schema=RegisterSchema)
