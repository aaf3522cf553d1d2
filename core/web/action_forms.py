"""Web forms for the lifecycle actions, generated from each action's parameter schema
(``core/workflow/schemas.py`` and the plugins' actions), so a form offers exactly what
the engine will check. Choices come from the tenant: its categories, departments, staff,
compensation menu, the plugins' checks and reply requirements. The engine validates;
these forms only present and collect."""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import get_locale, gettext as _
from marshmallow import fields, validate

from core.auth.models import User
from core.extensions import db
from core.plugins import categories_for, hooks_for
from core.tenancy import Department, scoped
from core.workflow import actions_for
from core.workflow.authority import compensation_menu

STAFF_CHOICES = 200
CHECKED_ACTIONS = ("propose", "approve", "reply", "follow_up")


@dataclass
class FormField:
    name: str  # the form's input name ("compensation.amount", "extra.reason")
    label: str
    kind: str  # text, textarea, select, datetime, number
    required: bool = False
    choices: list = field(default_factory=list)  # [(value, label)]
    value: str = ""
    errors: list = field(default_factory=list)


def _choices_of(schema_field):
    validator = next((v for v in _validators(schema_field) if isinstance(v, validate.OneOf)), None)
    return [(c, _(c)) for c in validator.choices] if validator else []


def _validators(schema_field):
    return schema_field.validators if hasattr(schema_field, "validators") else []


def _staff(tenant, case):
    users = db.session.scalars(scoped(User, tenant).where(
        User.active.is_(True), User.role.in_(("handler", "supervisor", "admin")))
        .order_by(User.name).limit(STAFF_CHOICES)).all()
    return [(u.email, f"{u.name} ({_(u.role)})") for u in users if u.id != case.subject_user_id]


def _special_choices(tenant, case, name):
    if name == "category":
        locale = str(get_locale() or tenant.locale)
        return [(c.code, c.label(locale)) for c in categories_for(tenant)]
    if name == "department":
        return [(d.code, d.name) for d in db.session.scalars(
            scoped(Department, tenant).order_by(Department.code)).all()]
    if name in ("assignee", "deputy"):
        return _staff(tenant, case)
    if name == "check":
        hooks = hooks_for(tenant)
        codes = sorted({c for action in CHECKED_ACTIONS
                        for batch in hooks.required_checks(tenant=tenant, case=case, action=action)
                        for c in (batch or ())})
        return [(c, _(c)) for c in codes]
    return None


def _messages(problem) -> list[str]:
    if not problem:
        return []
    if isinstance(problem, dict):
        return [m for value in problem.values() for m in _messages(value)]
    if isinstance(problem, (list, tuple)):
        return [str(m) for m in problem]
    return [str(problem)]


def fields_for(tenant, case, action_name, values=None, errors=None) -> list[FormField]:
    """The inputs of ``action_name`` on ``case``, filled with ``values`` and ``errors``
    (the engine's field messages) after a refusal."""
    values, errors = values or {}, errors or {}
    schema = actions_for(tenant)[action_name].schema()
    out = []

    def add(name, label, kind, required=False, choices=None):
        problem = errors
        for part in name.split("."):
            problem = problem.get(part) if isinstance(problem, dict) else None
        out.append(FormField(name, label, kind, required, choices or [], values.get(name, ""),
                             _messages(problem)))

    for name, schema_field in schema.fields.items():
        if isinstance(schema_field, fields.List):
            continue  # files are added on the case page's upload form
        if isinstance(schema_field, fields.Nested):  # compensation: kind and amount
            menu = compensation_menu(tenant)
            add(f"{name}.kind", _("Compensation kind"), "select" if menu else "text",
                choices=[("", "—")] + [(m, _(m)) for m in menu])
            add(f"{name}.amount", _("Compensation amount"), "number")
            continue
        if isinstance(schema_field, fields.Dict):  # the reply's extra elements
            for requirement in sorted({r for batch in hooks_for(tenant).reply_requirements(
                    tenant=tenant, case=case) for r in (batch or ())}):
                add(f"{name}.{requirement}", _(requirement), "textarea", True)
            continue
        label = _(name)
        choices = _special_choices(tenant, case, name)
        if choices is None:
            choices = _choices_of(schema_field)
        if isinstance(schema_field, fields.Boolean):
            add(name, label, "select", schema_field.required, [("true", _("Yes")), ("false", _("No"))])
        elif choices:
            add(name, label, "select", schema_field.required,
                ([] if schema_field.required else [("", "—")]) + choices)
        elif isinstance(schema_field, fields.DateTime):
            add(name, label, "datetime", schema_field.required)
        elif isinstance(schema_field, (fields.Decimal, fields.Integer, fields.Float)):
            add(name, label, "number", schema_field.required)
        else:
            long = any(isinstance(v, validate.Length) and (v.max or 0) > 300 for v in _validators(schema_field))
            add(name, label, "textarea" if long else "text", schema_field.required)
    return out


def params_from(tenant, action_name, form) -> dict:
    """The action's parameters from the submitted form: nested names rebuilt, empty
    optional inputs left out, local times given the tenant's zone."""
    schema = actions_for(tenant)[action_name].schema()
    params = {}
    for key, raw in form.items():
        if key in ("csrf_token", "version") or not isinstance(raw, str):
            continue
        value = raw.strip()
        if "." in key:
            outer, inner = key.split(".", 1)
            if value:
                params.setdefault(outer, {})[inner] = value
            continue
        schema_field = schema.fields.get(key)
        if schema_field is None:
            params[key] = value  # the engine names the unknown field
            continue
        if value == "" and not schema_field.required:
            continue
        if isinstance(schema_field, fields.DateTime) and value:
            try:
                value = datetime.fromisoformat(value).replace(tzinfo=tenant.tz).isoformat()
            except ValueError:
                pass  # the schema says what is wrong with it
        params[key] = value
    return params


def version_of(form):
    raw = form.get("version", "")
    return int(raw) if raw.isdigit() and raw.isascii() and len(raw) < 10 else None

