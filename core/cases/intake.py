"""Registering a complaint (the ``register`` action): the intake record of Art. 8, 15, 17.

The record holds the complainant and contact (or anonymous, Art. 12 §14), the time
received, the unit or person complained about, what happened and what the complainant
wants (诉求), the channel, and the fields the tenant's plugins add.
"""
import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import deadlines
from core.audit import append_event
from core.cases.models import CHANNELS, SEVERITIES, Case, CaseSequence
from core.db import upsert_increment
from core.tenant_calendar import calendar_for
from core.errors import Forbidden, InvalidInput
from core.extensions import db
from core.outbox import notify_complainant, notify_users
from core.plugins import case_fields_schema, categories_for, hooks_for
from core.tenancy import department_by_code, scoped
from core.types import utcnow
from core.validation import refuse_nul

REGISTER_ROLES = ("admin", "supervisor", "handler", "intake")
ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
# 24 letters of a 32-letter alphabet: 120 bits, beyond guessing (at least 112 asked);
# shown in groups of four for reading aloud and typing.
ACCESS_CODE_LENGTH = 24
# A letter may be dated a little ahead of the server's clock; more than this is a typo.
CLOCK_SKEW = timedelta(minutes=5)
# Older dates are typing slips (and predate modern time-zone offsets).
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)


class ComplainantSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    phone = fields.String(validate=validate.Regexp(r"^\+?[0-9][0-9 -]{4,30}$",
                                                   error=_l("Not a valid phone number.")))
    email = fields.Email()


class SubjectSchema(Schema):
    department = fields.String(validate=validate.Length(min=1, max=32))
    person = fields.String(validate=validate.Length(min=1, max=254))  # staff id or e-mail
    name = fields.String(validate=validate.Length(min=1, max=200))  # someone not a user


class RegisterSchema(Schema):
    channel = fields.String(required=True, validate=validate.OneOf(
        CHANNELS, error=_l("Unknown channel.")))
    anonymous = fields.Boolean(load_default=False)
    confidential = fields.Boolean(load_default=False)
    complainant = fields.Nested(ComplainantSchema)
    subject = fields.Nested(SubjectSchema)
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(required=True, validate=validate.Length(
        min=1, max=20000, error=_l("Describe what happened (at most 20,000 characters).")))
    demand = fields.String(validate=validate.Length(max=5000))
    received_at = fields.AwareDateTime()
    category = fields.String(validate=validate.Length(min=1, max=64))
    severity = fields.String(validate=validate.OneOf(SEVERITIES, error=_l("Unknown severity.")))
    plugin_fields = fields.Dict(data_key="fields", load_default=dict)
    # The reference of an earlier complaint by the same complainant on the same matter.
    repeat_of = fields.String(validate=validate.Length(min=1, max=40))

    @validates_schema
    def complainant_unless_anonymous(self, data, **kwargs):
        if data.get("anonymous"):
            return
        person = data.get("complainant") or {}
        if not person.get("name"):
            raise ValidationError(_l("The complainant's name is required unless the complaint "
                                     "is anonymous."), "complainant")
        if not (person.get("phone") or person.get("email")):
            raise ValidationError(_l("Give the complainant's phone or e-mail so they can be "
                                     "answered."), "complainant")


def hash_access_code(tenant_id, reference, code) -> str:
    return hashlib.sha256(f"{tenant_id}:{reference}:{code}".encode()).hexdigest()


def next_reference(tenant, year) -> str:
    """The next ``<PREFIX>-<YYYY>-<000001>`` of ``tenant``: no gap, no duplicate.

    The UPDATE locks the counter row until commit, so concurrent registrations queue; a
    registration that rolls back takes its number back with it.
    """
    value = upsert_increment(CaseSequence, {"tenant_id": tenant.id, "year": year}, "last_value")
    return f"{tenant.reference_prefix}-{year}-{value:06d}"


def _resolve_subject(tenant, subject, errors):
    department = person = None
    if subject.get("department"):
        department = department_by_code(tenant, subject["department"])
        if department is None:
            errors.setdefault("subject", {})["department"] = [_l("Unknown department.")]
    if subject.get("person"):
        from core.workflow.actions import find_user
        person = find_user(tenant, subject["person"])
        if person is None:
            errors.setdefault("subject", {})["person"] = [_l("No such staff member.")]
    return department, person


def register_case(tenant, actor, payload: dict, *, now=None):
    """Register a complaint for ``tenant``; return ``(case, access_code)``.

    ``actor`` is the staff user taking it in, or None for the public portal and machine
    intake. The access code is shown once to the complainant and kept only as a hash.
    Raises :class:`InvalidInput` (nothing written) when anything is wrong.
    """
    if actor is not None and actor.role not in REGISTER_ROLES:
        raise Forbidden(_l("Your role may not register complaints."))
    now = now or utcnow()
    refuse_nul(payload)
    try:
        data = RegisterSchema().load(payload or {})
    except ValidationError as err:
        raise InvalidInput(_l("The complaint could not be registered: check the marked fields."),
                           err.messages)
    errors = {}
    try:
        schema = case_fields_schema(tenant)()
        # Dumped back so that dates and decimals are stored as plain JSON.
        plugin_fields = schema.dump(schema.load(data["plugin_fields"]))
    except ValidationError as err:
        errors["fields"] = err.messages
        plugin_fields = {}
    received_at = data.get("received_at") or now
    if received_at > now + CLOCK_SKEW:
        errors["received_at"] = [_l("The time received cannot be in the future.")]
    elif received_at < EARLIEST:
        errors["received_at"] = [_l("The time received must be in 2000 or later.")]
    if data.get("category") and data["category"] not in {c.code for c in categories_for(tenant)}:
        errors["category"] = [_l("Unknown category.")]
    if not data["description"].strip():
        errors["description"] = [_l("Describe what happened (at most 20,000 characters).")]
    department, person = _resolve_subject(tenant, data.get("subject") or {}, errors)
    earlier = None
    if data.get("repeat_of"):
        earlier = db.session.execute(scoped(Case, tenant).where(
            Case.reference == data["repeat_of"].strip())).scalar_one_or_none()
        if earlier is None:
            errors["repeat_of"] = [_l("No complaint has this reference.")]
    if errors:
        raise InvalidInput(_l("The complaint could not be registered: check the marked fields."),
                           errors)

    anonymous = data["anonymous"]
    complainant = {} if anonymous else data.get("complainant") or {}
    description = data["description"].strip()
    title = (data.get("title") or description.splitlines()[0])[:60]
    access_code = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))
    shown_code = "-".join(access_code[i:i + 4] for i in range(0, ACCESS_CODE_LENGTH, 4))
    # Read what can be read before taking the number: that locks the tenant's counter
    # until commit, and registrations queue behind it.
    calendar_for(tenant)
    reference = next_reference(tenant, now.astimezone(tenant.tz).year)
    case = Case(
        tenant_id=tenant.id, reference=reference, status="received", channel=data["channel"],
        anonymous=anonymous, confidential=data["confidential"],
        complainant_name=complainant.get("name"), complainant_phone=complainant.get("phone"),
        complainant_email=complainant.get("email"),
        subject_department_id=department.id if department else None,
        subject_user_id=person.id if person else None,
        subject_name=(data.get("subject") or {}).get("name"),
        category=data.get("category"), severity=data.get("severity"),
        title=title, description=description, demand=data.get("demand"),
        received_at=received_at, registered_at=now, fields=plugin_fields,
        registered_by_id=actor.id if actor else None, owner_id=actor.id if actor else None,
        access_code_hash=hash_access_code(tenant.id, reference, access_code), major_reasons=[], routing={}, flags=[], repeat_count=0, version=1,
        repeat_of_id=earlier.id if earlier else None,
    )
    hooks_for(tenant).prepare_case(tenant=tenant, case=case)
    route = hooks_for(tenant).route_case(tenant=tenant, case=case)
    if route:
        case.routing = dict(route)
        routed = department_by_code(tenant, route["department"]) if route.get("department") else None
        if routed is not None and case.department_id is None:
            case.department_id = routed.id
    reasons = sorted({r for batch in hooks_for(tenant).assess_severity(tenant=tenant, case=case)
                      for r in (batch or ())})
    if reasons:
        case.major, case.major_reasons = True, reasons
    first = {kind: deadlines.due_for(tenant, case, kind, received_at) for kind in ("acknowledge", "decide")}
    case.next_due_at = min(due for _limit, due in first.values())
    db.session.add(case)
    db.session.flush()
    event = append_event(tenant.id, case.id, "register", actor.id if actor else None, {
        "reference": reference, "channel": case.channel, "anonymous": anonymous,
        "confidential": case.confidential, "complainant": complainant,
        "subject": data.get("subject") or {}, "title": title, "description": description,
        "demand": case.demand, "received_at": received_at.isoformat(),
        "category": case.category, "severity": case.severity, "fields": plugin_fields,
        "major_reasons": reasons, "repeat_of": earlier.reference if earlier else None,
        "routing": case.routing,
    }, at=now)
    acknowledge, decide = (deadlines.start(tenant, case, kind, received_at, limit=first[kind][0], due=first[kind][1])
                           for kind in ("acknowledge", "decide"))
    notify_complainant(tenant, case, event, "case_received", {
        "decide_by": decide.due_at.isoformat(),
        "acknowledge_by": acknowledge.due_at.isoformat()})
    if case.major:
        from core.workflow.actions import supervisors_of
        notify_users(tenant, case, event, "case_major", supervisors_of(tenant, case),
                     {"reasons": reasons})
    if earlier is not None:
        _link_repeat(tenant, actor, earlier, case, now)
    from core.notify import webhooks
    webhooks.queue(tenant, case, [event])
    hooks_for(tenant).on_case_event(tenant=tenant, case=case, event=event)
    deadlines.refresh_next_due(tenant, case, new_case=True)
    return case, shown_code


def _link_repeat(tenant, actor, earlier, case, now):
    """Repeat complaints are re-verified, tracked and counted (Art. 12 §18)."""
    earlier.repeat_count = (earlier.repeat_count or 0) + 1
    earlier.version += 1
    append_event(tenant.id, earlier.id, "repeat", actor.id if actor else None,
                 {"reference": case.reference, "repeat_count": earlier.repeat_count}, at=now)
