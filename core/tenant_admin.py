"""What a tenant's admins change about their organisation: users and roles, plugins and
their settings, the tenant's own settings, calendar days. Each function validates, writes
nothing when it refuses, and leaves the commit to the caller. Cases and their history are
not touched: a deadline already running keeps the due time it was given."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from core.auth.models import ROLES, User
from core.errors import Conflict, InvalidInput, NotFound
from core.extensions import db
from core.plugins import plugin_host
from core.tenancy import department_by_code, scoped
from core.tenant_calendar import CalendarDay, forget_calendars
from core.tenant_settings import validate_settings


def _other_active_admins(tenant, user) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.tenant_id == tenant.id, User.role == "admin", User.active.is_(True), User.id != user.id))


def update_user(tenant, user_id, *, role, department, active) -> User:
    """Change a user's role, department (a code, or "" for none) and whether they may sign
    in. A tenant always keeps one active admin, so nobody locks the office out."""
    user = db.session.execute(scoped(User, tenant).where(User.id == user_id)).scalar_one_or_none()
    if user is None:
        raise NotFound(_l("No such user."))
    if role not in ROLES:
        raise InvalidInput(_l("Check the marked fields."), {"role": [_l("Unknown role.")]})
    dept = None
    if department:
        dept = department_by_code(tenant, department)
        if dept is None:
            raise InvalidInput(_l("Check the marked fields."), {"department": [_l("Unknown department.")]})
    if user.role == "admin" and (role != "admin" or not active) and not _other_active_admins(tenant, user):
        raise Conflict(_l("%(name)s is the last active admin: make someone else admin first.",
                          name=user.name))
    user.role, user.department_id, user.active = role, dept.id if dept else None, bool(active)
    db.session.flush()
    return user


def set_plugins(tenant, names) -> dict:
    """Enable exactly ``names``; a plugin kept keeps its settings, a new one starts from
    its defaults."""
    current = tenant.plugins or {}
    wanted = {name: current.get(name, {}) for name in names}
    tenant.plugins = plugin_host().validate_plugin_settings(wanted)
    db.session.flush()
    return tenant.plugins


def set_plugin_settings(tenant, name, settings: dict) -> dict:
    if name not in (tenant.plugins or {}):
        raise NotFound(_l("This plugin is not enabled."))
    loaded = plugin_host().validate_plugin_settings({name: settings})[name]
    tenant.plugins = dict(tenant.plugins) | {name: loaded}
    db.session.flush()
    return loaded


def set_settings(tenant, settings: dict) -> dict:
    tenant.settings = validate_settings(settings)
    db.session.flush()
    return tenant.settings


def remove_day(tenant, day_id) -> date:
    row = db.session.execute(scoped(CalendarDay, tenant).where(CalendarDay.id == day_id)).scalar_one_or_none()
    if row is None:
        raise NotFound(_l("No such calendar day."))
    db.session.delete(row)
    db.session.flush()
    forget_calendars(db.session)
    return row.day
