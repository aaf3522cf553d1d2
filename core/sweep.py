"""The periodic sweep: remind before a deadline falls due, escalate once it is breached.

Overdue cases are reported upward (Art. 17 6.5.1; Art. 12 §11): a breach writes an event
on the case and tells the supervisors of its department. The sweep is idempotent (a
deadline is reminded once and breached once) and its cost follows the number of
deadlines it finds: each query walks ``ix_deadlines_running_due`` (tenant, due time,
only deadlines still running) from the front, never the whole table. Rows are taken with
``FOR UPDATE SKIP LOCKED``, so two sweeps running at once share the work instead of
doing it twice.
"""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from core.audit import append_events
from core.auth.models import User
from core.cases.models import Case
from core.deadlines import Deadline
from core.extensions import db
from core.notify import webhooks
from core.outbox import notify_users
from core.plugins import hooks_for
from core.tenancy import Tenant, scoped
from core.types import utcnow

DEFAULT_REMINDER_HOURS = 24
BATCH = 500


@dataclass
class SweepResult:
    reminded: int = 0
    breached: int = 0

    def __str__(self):
        return f"{self.reminded} reminders, {self.breached} breaches"


def _running(tenant):
    return scoped(Deadline, tenant).where(
        Deadline.met_at.is_(None), Deadline.breached_at.is_(None),
        Deadline.cancelled_at.is_(None), Deadline.paused_at.is_(None))


def _cases(tenant, deadlines):
    ids = {d.case_id for d in deadlines}
    return {c.id: c for c in db.session.scalars(scoped(Case, tenant).where(Case.id.in_(ids)))}


def _supervisors(tenant):
    """``supervisors_of`` memoised by department for one batch."""
    from core.workflow.actions import supervisors_of
    memo = {}

    def lookup(case):
        if case.department_id not in memo:
            memo[case.department_id] = supervisors_of(tenant, case)
        return memo[case.department_id]
    return lookup


def _record(tenant, now, found, event_type, stamp, recipients_of):
    """Stamp each deadline, append one event per deadline, queue its notices."""
    cases = _cases(tenant, found)
    for deadline in found:
        setattr(deadline, stamp, now)
    events = append_events(tenant.id, [
        (d.case_id, event_type, None, {"kind": d.kind, "due_at": d.due_at.isoformat()}) for d in found
    ], at=now)
    for deadline, event in zip(found, events):
        case = cases[deadline.case_id]
        notify_users(tenant, case, event, event_type, recipients_of(case),
                     {"kind": deadline.kind, "due_at": deadline.due_at.isoformat()})
        webhooks.queue(tenant, case, [event])
    return len(found)


def _breach(tenant, now, batch) -> int:
    found = db.session.scalars(_running(tenant).where(Deadline.due_at <= now)
                               .order_by(Deadline.due_at).limit(batch)
                               .with_for_update(skip_locked=True)).all()
    return _record(tenant, now, found, "deadline_breached", "breached_at", _supervisors(tenant))


def _remind(tenant, now, window, batch) -> int:
    found = db.session.scalars(_running(tenant).where(
        Deadline.due_at > now, Deadline.due_at <= now + window, Deadline.reminded_at.is_(None))
        .order_by(Deadline.due_at).limit(batch).with_for_update(skip_locked=True)).all()
    supervisors = _supervisors(tenant)
    cases = _cases(tenant, found).values()
    responsible_ids = ({c.assignee_id or c.owner_id for c in cases} | {c.deputy_id for c in cases}) - {None}
    responsible = {u.id: u for u in db.session.scalars(
        scoped(User, tenant).where(User.id.in_(responsible_ids)))} if responsible_ids else {}

    def recipients(case):
        user = responsible.get(case.assignee_id or case.owner_id)
        deputy = responsible.get(case.deputy_id)
        return [u for u in (user, deputy) if u is not None] or supervisors(case)
    return _record(tenant, now, found, "deadline_due_soon", "reminded_at", recipients)


def sweep_tenant(tenant, now=None, batch=BATCH) -> SweepResult:
    now = now or utcnow()
    window = timedelta(hours=(tenant.settings or {}).get("reminder_hours", DEFAULT_REMINDER_HOURS))
    result = SweepResult()
    while True:
        done = _breach(tenant, now, batch)
        db.session.commit()
        result.breached += done
        if done < batch:
            break
    while True:
        done = _remind(tenant, now, window, batch)
        db.session.commit()
        result.reminded += done
        if done < batch:
            break
    hooks_for(tenant).on_sweep(tenant=tenant, now=now)
    db.session.commit()
    return result


def sweep(now=None, batch=BATCH) -> SweepResult:
    """Sweep every active tenant; commits after each batch so a crash loses little and a
    re-run picks up where it stopped."""
    now = now or utcnow()
    total = SweepResult()
    tenant_ids = db.session.scalars(select(Tenant.id).where(Tenant.active.is_(True))
                                    .order_by(Tenant.id)).all()
    for tenant_id in tenant_ids:
        result = sweep_tenant(db.session.get(Tenant, tenant_id), now, batch)
        total.reminded += result.reminded
        total.breached += result.breached
    return total
