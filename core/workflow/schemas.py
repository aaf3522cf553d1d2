"""The parameters of each action (DESIGN.md, "The case and its lifecycle"). Unknown
fields are refused; ``action`` and ``version`` are taken off by the caller."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

RESPONSIBILITIES = ("liable", "partly_liable", "not_liable", "assist")  # Art. 5, 8; Art. 17
SATISFACTION = ("satisfied", "basically_satisfied", "dissatisfied")  # Art. 17 6.5.2

_text = {"required": True, "validate": validate.Length(min=1, max=10000)}


class Text(fields.String):
    """A required text that may not be blank."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not value.strip():
            raise ValidationError(_l("Missing data for required field."))
        return value.strip()


class RequestInfo(Schema):
    missing = Text(**_text)


class ProvideInfo(Schema):
    text = Text(**_text)
    attachments = fields.List(fields.Integer(), load_default=list)  # ids of stored files


class AddInformation(Schema):
    text = Text(**_text)
    attachments = fields.List(fields.Integer(), load_default=list)


class Accept(Schema):
    category = fields.String(required=True, validate=validate.Length(min=1, max=64))
    severity = fields.String(validate=validate.OneOf(("constructive", "critical", "accusatory")))


class Reject(Schema):
    reason = Text(**_text)


class Assign(Schema):
    department = fields.String(validate=validate.Length(min=1, max=32))
    assignee = fields.String(validate=validate.Length(min=1, max=254))  # id or e-mail
    deputy = fields.String(validate=validate.Length(min=1, max=254))  # id or e-mail

    @validates_schema
    def one_of_them(self, data, **kwargs):
        if not data.get("department") and not data.get("assignee") and not data.get("deputy"):
            raise ValidationError(_l("Name a department, an assignee or both."), "assignee")


class Determine(Schema):
    responsibility = fields.String(required=True, validate=validate.OneOf(RESPONSIBILITIES))
    findings = Text(**_text)


class Compensation(Schema):
    kind = fields.String(required=True, validate=validate.Length(min=1, max=64))
    amount = fields.Decimal(required=True, places=2, as_string=True,
                            validate=validate.Range(min=0, max=10**9))


class Propose(Schema):
    resolution = Text(**_text)
    compensation = fields.Nested(Compensation)


class Approve(Schema):
    note = fields.String(validate=validate.Length(max=5000))


class SendBack(Schema):
    note = Text(**_text)


class Reply(Schema):
    """The elements a reply must state (Art. 12 §12)."""

    text = Text(**_text)
    cause = Text(**_text)
    findings = Text(**_text)
    staff_action = Text(**_text)
    corrective_measures = Text(**_text)
    contact = Text(required=True, validate=validate.Length(min=1, max=200))
    extra = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)


class FollowUp(Schema):
    satisfaction = fields.String(required=True, validate=validate.OneOf(SATISFACTION))
    note = fields.String(validate=validate.Length(max=5000))


class Refer(Schema):
    """Without ``channel``/``body``, the external body the routing suggested is used."""

    channel = fields.String(validate=validate.Length(min=1, max=64))
    body = Text(validate=validate.Length(min=1, max=200))
    address = fields.String(validate=validate.Length(max=300))
    phone = fields.String(validate=validate.Length(max=40))
    note = fields.String(validate=validate.Length(max=5000))


class Withdraw(Schema):
    reason = Text(**_text)
    voluntary = fields.Boolean(required=True)


class Extend(Schema):
    due_at = fields.AwareDateTime(required=True)
    reason = Text(**_text)
    kind = fields.String(load_default="resolve",
                         validate=validate.OneOf(("acknowledge", "decide", "resolve", "follow_up")))


class Escalate(Schema):
    reason = Text(**_text)


class Reopen(Schema):
    reason = Text(**_text)


class RecordCheck(Schema):
    check = fields.String(required=True, validate=validate.Length(min=1, max=64))
    note = fields.String(validate=validate.Length(max=5000))


class StopClock(Schema):
    reason = Text(**_text)


class RestartClock(Schema):
    note = fields.String(validate=validate.Length(max=5000))


class Note(Schema):
    text = Text(**_text)
