"""A tenant's own settings, validated: what lets an organisation with no fitting plugin
run on configuration alone (DOMAIN.md: the school of Art. 15, the mall of Art. 17, the
amusement park of Art. 19 …), and the overrides every tenant may set.

    {"categories": [{"code", "label_zh", "label_en", "group"}],
     "routing": {category code: department code},
     "deadlines": [{"kind", "amount", "unit", "category"?, "channel"?, "severity"?}],
     "approval_limits": {role: amount or null}, "compensation_menu": [kind, …],
     "reply_requirements": [element, …], "major_categories": [category code, …],
     "max_extension_days": n, "reminder_hours": n,
     "contact": {"phone", "address", "email"}, "webhooks": [{"url", "secret", "events"}],
     "scheduled_reports": [{"report", "every": "day"|"week"|"month", "roles"}]}
"""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.auth.models import ROLES
from core.calendar import UNITS
from core.cases.models import CHANNELS, SEVERITIES
from core.errors import InvalidInput

CODE = validate.Regexp(r"^[a-z][a-z0-9_]{0,63}$", error=_l("Use lower-case letters, digits and _."))
KINDS = ("acknowledge", "decide", "resolve", "follow_up")


class CategorySetting(Schema):
    code = fields.String(required=True, validate=CODE)
    label_zh = fields.String(required=True, validate=validate.Length(min=1, max=100))
    label_en = fields.String(required=True, validate=validate.Length(min=1, max=100))
    group = fields.String(load_default="", validate=validate.Length(max=64))


class DeadlineRule(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    amount = fields.Integer(required=True, validate=validate.Range(min=1, max=1000))
    unit = fields.String(required=True, validate=validate.OneOf(UNITS))
    category = fields.String(validate=CODE)
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    severity = fields.String(validate=validate.OneOf(SEVERITIES))


class Contact(Schema):
    phone = fields.String(validate=validate.Length(max=60))
    address = fields.String(validate=validate.Length(max=300))
    email = fields.Email()


class Webhook(Schema):
    url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False)
    secret = fields.String(required=True, validate=validate.Length(min=16, max=200))
    events = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=lambda: ["*"])

    @validates_schema
    def reachable_safely(self, data, **kwargs):
        """Never this machine or its private network (core/notify/egress.py)."""
        from core.notify.egress import UnsafeTarget, resolve
        try:
            resolve(data.get("url", ""))
        except UnsafeTarget as exc:
            raise ValidationError(_l("This address may not receive webhooks: %(why)s", why=exc.reason), "url")


class ScheduledReport(Schema):
    report = fields.String(required=True, validate=validate.Length(min=1, max=64))
    every = fields.String(required=True, validate=validate.OneOf(("day", "week", "month")))
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), load_default=lambda: ["supervisor", "admin"])


class TenantSettings(Schema):
    categories = fields.List(fields.Nested(CategorySetting), load_default=list)
    routing = fields.Dict(keys=fields.String(validate=CODE), values=fields.String(
        validate=validate.Length(min=1, max=32)), load_default=dict)
    deadlines = fields.List(fields.Nested(DeadlineRule), load_default=list)
    approval_limits = fields.Dict(keys=fields.String(validate=validate.OneOf(ROLES)),
                                  values=fields.Integer(allow_none=True, validate=validate.Range(min=0)),
                                  load_default=dict)
    compensation_menu = fields.List(fields.String(validate=CODE), load_default=list)
    reply_requirements = fields.List(fields.String(validate=CODE), load_default=list)
    major_categories = fields.List(fields.String(validate=CODE), load_default=list)
    max_extension_days = fields.Integer(validate=validate.Range(min=0, max=365))
    reminder_hours = fields.Integer(validate=validate.Range(min=1, max=240))
    contact = fields.Nested(Contact, load_default=dict)
    webhooks = fields.List(fields.Nested(Webhook), load_default=list)
    scheduled_reports = fields.List(fields.Nested(ScheduledReport), load_default=list)

    @validates_schema
    def consistent(self, data, **kwargs):
        codes = [c["code"] for c in data.get("categories", [])]
        if len(codes) != len(set(codes)):
            raise ValidationError(_l("Category codes must be unique."), "categories")


def validate_settings(settings: dict) -> dict:
    try:
        return TenantSettings().load(settings or {})
    except ValidationError as err:
        raise InvalidInput(_l("Invalid tenant settings."), {"settings": err.messages})
