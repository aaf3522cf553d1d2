"""What a plugin may import: the stable face of the core for extension authors."""
from flask_babel import lazy_gettext
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.hookspecs import hookimpl
from core.definitions import Action as PluginAction, Category, Limit

__all__ = ["Category", "Limit", "PluginAction", "Schema", "ValidationError", "due_after",
           "earlier_case", "fields", "handlers", "hookimpl", "lazy_gettext", "managers", "managers_of",
           "meet_deadlines",
           "notify_staff", "running_deadline", "start_deadline", "validate", "validates_schema"]


def due_after(tenant, start, amount, unit):
    """``start`` plus a limit, counted in the tenant's calendar as deadlines are."""
    from core.calendar import due_at
    from core.tenant_calendar import calendar_for
    return due_at(start, amount, unit, calendar_for(tenant), tenant.tz)


def managers(ctx):
    """Who-predicate for a plugin action: supervisors and admins."""
    from core.workflow.actions import managers as core_managers
    return core_managers(ctx)


def handlers(ctx):
    """Who-predicate for a plugin action: the assignee or deputy, supervisors and admins."""
    from core.workflow.actions import handlers as core_handlers
    return core_handlers(ctx)


managers.label = _l("supervisors and admins")
handlers.label = _l("the case's assignee, supervisors and admins")


def start_deadline(tenant, case, kind, starts_at, due=None, limit=None):
    """Start a deadline (any kind, a plugin's own too) in the current transaction."""
    from core.deadlines import start
    return start(tenant, case, kind, starts_at, due=due, limit=limit)


def meet_deadlines(tenant, case, kinds, at):
    """Mark running deadlines of ``kinds`` met at ``at`` (late ones also breached)."""
    from core.deadlines import meet
    return meet(tenant, case, kinds, at)


def notify_staff(tenant, case, event, template, users, payload=None):
    """Queue a message for staff (outbox, delivered after commit)."""
    from core.outbox import notify_users
    return notify_users(tenant, case, event, template, users, payload)


def managers_of(tenant, case):
    """The supervisors of the case's department (all of the tenant's when it has none)."""
    from core.workflow.actions import supervisors_of
    return supervisors_of(tenant, case)


def running_deadline(tenant, case, kind):
    """The running (not met, not cancelled) deadline of ``kind`` on ``case``, or None."""
    from core.deadlines import running
    found = running(tenant, case, (kind,))
    return found[-1] if found else None


def earlier_case(tenant, case):
    """The earlier complaint ``case`` repeats (``repeat_of``), or None."""
    if not case.repeat_of_id:
        return None
    from core.cases.models import Case
    from core.extensions import db
    from core.tenancy import scoped
    return db.session.execute(scoped(Case, tenant).where(Case.id == case.repeat_of_id)).scalar_one_or_none()
