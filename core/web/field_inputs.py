"""The plugins' case fields as form inputs, for the staff intake form, the public
complaint form and the labels on the case page."""
from flask_babel import gettext as _
from marshmallow import fields as ma, validate

from core.plugins import case_fields_schema


def plugin_inputs(tenant, locale, public_only=False):
    """``(name, label, kind, choices)`` for every plugin field of ``tenant`` (only those
    marked ``public`` in their metadata with ``public_only``); ``kind`` is select, date,
    number or text."""
    inputs = []
    for name, field in case_fields_schema(tenant)().fields.items():
        if public_only and not field.metadata.get("public"):
            continue
        label = field.metadata.get("label_zh" if str(locale).startswith("zh") else "label_en") or _(name)
        one_of = next((v for v in field.validators if isinstance(v, validate.OneOf)), None)
        if one_of:
            inputs.append((name, label, "select", [("", "—")] + [(c, _(c)) for c in one_of.choices]))
        elif isinstance(field, ma.Boolean):
            inputs.append((name, label, "select", [("", "—"), ("true", _("Yes")), ("false", _("No"))]))
        elif isinstance(field, ma.Date):
            inputs.append((name, label, "date", []))
        elif isinstance(field, (ma.Integer, ma.Decimal, ma.Float)):
            inputs.append((name, label, "number", []))
        else:
            inputs.append((name, label, "text", []))
    return inputs
