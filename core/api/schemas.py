"""The API's documents, as marshmallow schemas: they shape the responses and the OpenAPI
document. Request bodies are validated by the business functions themselves
(``register_case``, ``perform``), so their rules live in one place."""
from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.cases.models import CHANNELS, STATUSES


class ComplainantView(Schema):
    anonymous = fields.Boolean(required=True)
    name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    masked = fields.Boolean()


class SubjectView(Schema):
    department = fields.String(allow_none=True)
    person_id = fields.Integer(allow_none=True)
    name = fields.String(allow_none=True)


class Limit(Schema):
    amount = fields.Integer(required=True)
    unit = fields.String(required=True)


class DeadlineDoc(Schema):
    kind = fields.String(required=True)
    due_at = fields.String(required=True, metadata={"format": "date-time"})
    met_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    breached_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    paused = fields.Boolean(required=True)
    pause_reason = fields.String(allow_none=True)
    limit = fields.Nested(Limit, required=True)
    extensions = fields.Integer(required=True)
    years_without_holidays = fields.List(fields.Integer(), required=True)


class WarningDoc(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)


class EventDoc(Schema):
    seq = fields.Integer(required=True)
    type = fields.String(required=True)
    actor_id = fields.Integer(allow_none=True)
    at = fields.String(required=True, metadata={"format": "date-time"})


class CaseFields(Schema):
    """The enabled plugins' fields; the tenant's own OpenAPI document lists them."""

    class Meta:
        unknown = "include"


class CaseDoc(Schema):
    id = fields.Integer(required=True)
    reference = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    version = fields.Integer(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    category = fields.String(allow_none=True)
    severity = fields.String(allow_none=True)
    complainant = fields.Nested(ComplainantView, required=True)
    confidential = fields.Boolean(required=True)
    subject = fields.Nested(SubjectView, required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    demand = fields.String(allow_none=True)
    received_at = fields.String(required=True, metadata={"format": "date-time"})
    registered_at = fields.String(required=True, metadata={"format": "date-time"})
    fields_ = fields.Nested(CaseFields, data_key="fields", attribute="fields", required=True)
    major = fields.Boolean(required=True)
    major_reasons = fields.List(fields.String(), required=True)
    routing = fields.Dict(required=True)
    department = fields.String(allow_none=True)
    assignee_id = fields.Integer(allow_none=True)
    deadlines = fields.List(fields.Nested(DeadlineDoc), required=True)
    flags = fields.List(fields.String(), required=True)
    repeat_count = fields.Integer(required=True)
    repeat_of = fields.String(allow_none=True)
    warnings = fields.List(fields.Nested(WarningDoc), required=True)
    events = fields.List(fields.Nested(EventDoc))


class CreatedCaseDoc(CaseDoc):
    access_code = fields.String(required=True, allow_none=True, metadata={
        "description": "Shown this once: the complainant opens the status page with it (null when a "
                       "retry with the same Idempotency-Key finds the case already registered)."})


class ActedCaseDoc(CaseDoc):
    event = fields.Nested(EventDoc, required=True)


class CaseSummary(Schema):
    id = fields.Integer(required=True)
    reference = fields.String(required=True)
    status = fields.String(required=True)
    version = fields.Integer(required=True)
    channel = fields.String(required=True)
    category = fields.String(allow_none=True)
    title = fields.String(required=True)
    major = fields.Boolean(required=True)
    received_at = fields.String(required=True, metadata={"format": "date-time"})
    assignee_id = fields.Integer(allow_none=True)
    next_due_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    overdue = fields.Boolean(required=True)


class CaseListDoc(Schema):
    items = fields.List(fields.Nested(CaseSummary), required=True)
    total = fields.Integer(required=True, metadata={
        "description": "Matching cases, counted up to 1,000 (then `total_capped` is true)."})
    total_capped = fields.Boolean(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class CaseListArgs(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    category = fields.String(validate=validate.Length(min=1, max=64))
    overdue = fields.Boolean()
    assignee = fields.String(validate=validate.Length(min=1, max=254),
                             metadata={"description": "A user id, e-mail, or `me`."})
    q = fields.String(validate=validate.Length(min=1, max=100),
                      metadata={"description": "Words in the reference, title or description."})
    sort = fields.String(load_default="received", validate=validate.OneOf(("received", "due")), metadata={
        "description": "`received`: newest first; `due`: soonest due first, cases with no running deadline last."})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class CategoryDoc(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    group = fields.String(required=True)


class ReportDoc(Schema):
    name = fields.String(required=True)
    title = fields.String(required=True)


class ReportArgs(Schema):
    from_ = fields.Date(required=True, data_key="from", validate=validate.Range(
        min=date(2000, 1, 1), max=date(2100, 1, 1)))
    to = fields.Date(required=True, validate=validate.Range(min=date(2000, 1, 1), max=date(2100, 1, 1)))
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "xlsx"]))

    @validates_schema
    def ordered(self, data, **kwargs):
        if data.get("from_") and data.get("to"):
            if data["to"] < data["from_"]:
                raise ValidationError(_l("Must not be before from."), "to")
            if (data["to"] - data["from_"]).days > 366:
                raise ValidationError(_l("At most one year at a time."), "to")


class ReportColumn(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)


class ReportResultDoc(Schema):
    name = fields.String(required=True)
    title = fields.String(required=True)
    from_ = fields.String(data_key="from", attribute="from", required=True)
    to = fields.String(required=True)
    columns = fields.List(fields.Nested(ReportColumn), required=True)
    rows = fields.List(fields.Dict(), required=True)


class ErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", attribute="fields", required=True)


class ErrorDoc(Schema):
    error = fields.Nested(ErrorBody, required=True)
