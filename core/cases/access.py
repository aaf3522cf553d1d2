"""Who may see a case and the complainant's identity (Art. 1 §9, Art. 12 §6, Art. 5).

The person complained about never sees the case: to them it does not exist (404).
"""
from flask import abort
from sqlalchemy import or_

from core.cases.models import Case
from core.extensions import db
from core.tenancy import scoped

IDENTITY_ROLES = ("admin", "supervisor", "handler", "intake")


def visible_cases(tenant, user):
    """``SELECT`` of the cases of ``tenant`` that ``user`` may see."""
    return scoped(Case, tenant).where(
        or_(Case.subject_user_id.is_(None), Case.subject_user_id != user.id))


def get_case_or_404(tenant, case_id, user=None) -> Case:
    query = scoped(Case, tenant).where(Case.id == case_id)
    case = db.session.execute(query).scalar_one_or_none()
    if case is None or (user is not None and case.subject_user_id == user.id):
        abort(404)
    return case


def can_see_identity(user, case) -> bool:
    """Whether ``user`` may see who complained. A confidential complaint shows its
    complainant only to supervisors, admins and the people owning or handling it."""
    if user is None or user.id == case.subject_user_id:
        return False
    if case.confidential:
        return user.role in ("admin", "supervisor") or user.id in (case.owner_id, case.assignee_id)
    return user.role in IDENTITY_ROLES


def mask(value: str | None) -> str | None:
    """``张三`` → ``张*``; ``沪A12345`` → ``沪A****5``; ``13812345678`` → ``138****5678``."""
    if not value:
        return value
    if len(value) >= 11:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    if len(value) >= 5:
        return value[:2] + "*" * (len(value) - 3) + value[-1:]
    return value[0] + "*" * (len(value) - 1)


def fields_view(user, case, tenant) -> dict:
    """The plugin fields, with those marked ``identifying`` (plate, VIN, booking…) masked
    for whoever may not see the complainant's identity."""
    from core.plugins import case_fields_schema
    values = dict(case.fields or {})
    if can_see_identity(user, case):
        return values
    declared = case_fields_schema(tenant)().fields
    for name, value in values.items():
        field = declared.get(name)
        if field is not None and field.metadata.get("identifying") and isinstance(value, str):
            values[name] = mask(value)
    return values


def complainant_view(user, case) -> dict:
    if case.anonymous:
        return {"anonymous": True}
    if can_see_identity(user, case):
        return {"anonymous": False, "name": case.complainant_name,
                "phone": case.complainant_phone, "email": case.complainant_email, "masked": False}
    return {"anonymous": False, "name": mask(case.complainant_name),
            "phone": mask(case.complainant_phone),
            "email": "***" if case.complainant_email else None, "masked": True}


def subject_view(tenant, case) -> list[str]:
    """Who or what the complaint is about, as staff read it: the department, the staff
    member, the name the complainant gave. (The person named never sees the case.)"""
    from core.auth.models import User
    from core.tenancy import Department
    about = []
    if case.subject_department_id:
        about.append(db.session.scalar(scoped(Department, tenant).with_only_columns(Department.name)
                                       .where(Department.id == case.subject_department_id)))
    if case.subject_user_id:
        about.append(db.session.scalar(scoped(User, tenant).with_only_columns(User.name)
                                       .where(User.id == case.subject_user_id)))
    if case.subject_name:
        about.append(case.subject_name)
    return [a for a in about if a]
