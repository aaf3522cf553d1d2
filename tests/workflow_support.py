"""Helpers for lifecycle tests: an office with staff of every role, and a way to show
that a refused action left no trace."""
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, inspect, select

from core.audit import AuditHead, CaseEvent
from core.cases.intake import register_case
from core.cases.models import Case
from core.deadlines import Deadline
from core.extensions import db
from core.outbox import OutboxMessage
from core.workflow import perform
from tests.support import complaint

# Monday 2 March 2026, 10:00 in Shanghai: an ordinary working day.
MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


@dataclass
class Office:
    tenant: object
    intake: object
    handler: object
    handler2: object
    supervisor: object
    admin: object
    auditor: object
    teller: object  # a handler who will be complained about

    def register(self, now=MONDAY, actor=None, **overrides):
        overrides.setdefault("received_at", now.isoformat())
        case, _ = register_case(self.tenant, actor or self.intake, complaint(**overrides), now=now)
        db.session.commit()
        return case

    def act(self, user, case, name, now=MONDAY, **params):
        db.session.refresh(case)
        case, event = perform(self.tenant, user, case.id, name, params, version=case.version, now=now)
        db.session.commit()
        return case


@pytest.fixture
def office(app, make_tenant, make_user):
    tenant = make_tenant(plugins=["bank"], departments=("GEN", "OPS"))
    return Office(tenant, make_user(tenant, "intake"), make_user(tenant, "handler", department="OPS"),
                  make_user(tenant, "handler"), make_user(tenant, "supervisor", department="OPS"),
                  make_user(tenant, "admin"), make_user(tenant, "auditor"),
                  make_user(tenant, "handler", department="OPS"))


def snapshot(tenant, case_id):
    """Everything an action may touch: the case row, its deadlines, the tenant's events,
    chain head and outbox."""
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    columns = {attr.key: getattr(case, attr.key) for attr in inspect(Case).mapper.column_attrs}
    deadline_rows = [tuple(getattr(d, a.key) for a in inspect(Deadline).mapper.column_attrs)
                     for d in db.session.scalars(select(Deadline).where(
                         Deadline.tenant_id == tenant.id, Deadline.case_id == case_id)
                         .order_by(Deadline.id))]
    head = db.session.get(AuditHead, tenant.id)
    return {
        "case": columns, "deadlines": deadline_rows,
        "events": db.session.scalar(select(func.count()).select_from(CaseEvent)
                                    .where(CaseEvent.tenant_id == tenant.id)),
        "head": (head.last_seq, head.last_hash),
        "outbox": db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                    .where(OutboxMessage.tenant_id == tenant.id)),
    }


def refused(office, user, case, name, error, now=MONDAY, version=None, **params):
    """Assert that the action raises ``error`` and changes nothing; return the error."""
    before = snapshot(office.tenant, case.id)
    with pytest.raises(error) as caught:
        perform(office.tenant, user, case.id, name, params,
                version=before["case"]["version"] if version is None else version, now=now)
    assert snapshot(office.tenant, case.id) == before
    return caught.value


def events_of(case):
    return [e.type for e in db.session.scalars(select(CaseEvent).where(
        CaseEvent.tenant_id == case.tenant_id, CaseEvent.case_id == case.id).order_by(CaseEvent.seq))]


def outbox_of(case, template=None):
    query = select(OutboxMessage).where(OutboxMessage.tenant_id == case.tenant_id,
                                        OutboxMessage.case_id == case.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return db.session.scalars(query.order_by(OutboxMessage.id)).all()


def deadline(case, kind):
    return db.session.scalars(select(Deadline).where(
        Deadline.tenant_id == case.tenant_id, Deadline.case_id == case.id, Deadline.kind == kind)
        .order_by(Deadline.id.desc())).first()
