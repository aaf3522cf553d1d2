"""Settings forms generated from marshmallow schemas (the plugins' ``settings_schema`` and
``core.tenant_settings.TenantSettings``): a number, a choice, a yes/no or a line of text
per simple field, the fields of a nested object side by side, and a JSON box for lists
and mappings (categories, deadline rules, limits…). The schema itself validates."""
import json

from flask_babel import gettext as _
from marshmallow import fields, validate

from core.web.action_forms import FormField, _messages


def _kind(field):
    one_of = next((v for v in field.validators if isinstance(v, validate.OneOf)), None)
    if isinstance(field, fields.Boolean):
        return "select", [("true", _("Yes")), ("false", _("No"))]
    if one_of:
        return "select", [(str(c), _(str(c))) for c in one_of.choices]
    if isinstance(field, (fields.Integer, fields.Decimal, fields.Float)):
        return "number", []
    if isinstance(field, (fields.List, fields.Dict)) or (isinstance(field, fields.Nested) and field.many):
        return "json", []
    return "text", []


def _text(value, kind):
    if value is None:
        return ""
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, indent=1)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def inputs_for(schema_class, current: dict, errors=None, submitted=None) -> list[FormField]:
    """The form of ``schema_class`` showing ``current`` (or what was ``submitted``)."""
    errors, out = errors or {}, []
    loaded = schema_class().load({}) if not current else current
    for name, field in schema_class().fields.items():
        if isinstance(field, fields.Nested) and not field.many:
            inner = field.schema
            for sub, sub_field in inner.fields.items():
                kind, choices = _kind(sub_field)
                key = f"{name}.{sub}"
                value = submitted.get(key, "") if submitted is not None else _text((loaded.get(name) or {}).get(sub), kind)
                out.append(FormField(key, f"{_(name)} · {_(sub)}", kind, False, [("", "—")] + choices if choices else [],
                                     value, _messages((errors.get(name) or {}).get(sub) if isinstance(errors.get(name), dict) else None)))
            continue
        kind, choices = _kind(field)
        value = submitted.get(name, "") if submitted is not None else _text(loaded.get(name), kind)
        if choices and not field.required:
            choices = [("", "—")] + choices
        out.append(FormField(name, _(name), "textarea" if kind == "json" else kind, field.required,
                             choices, value, _messages(errors.get(name))))
    return out


def data_from(schema_class, form) -> tuple[dict, dict]:
    """``(data, errors)``: the submitted settings, JSON boxes parsed; a box that is not
    JSON is named in ``errors`` and the schema is not consulted."""
    data, errors = {}, {}
    for name, field in schema_class().fields.items():
        if isinstance(field, fields.Nested) and not field.many:
            inner = {sub: form.get(f"{name}.{sub}", "").strip() for sub in field.schema.fields}
            data[name] = {k: v for k, v in inner.items() if v != ""}
            continue
        raw = form.get(name, "").strip()
        if raw == "":
            continue
        if _kind(field)[0] == "json":
            try:
                data[name] = json.loads(raw)
            except ValueError as exc:
                errors[name] = [_("Not valid JSON: %(problem)s", problem=str(exc))]
            continue
        data[name] = raw
    return data, errors
