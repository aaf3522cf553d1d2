"""The benchmark loader leaves a database the app works on: loaded cases list and read,
a new registration continues the references and the event sequence, the sweep runs."""
from datetime import datetime, timezone

from sqlalchemy import func, select

from bench.loader import load
from core.audit import AuditHead, CaseEvent
from core.auth.service import user_by_email
from core.cases.intake import register_case
from core.cases.models import Case
from core.deadlines import Deadline
from core.extensions import db
from core.sweep import sweep
from core.tenancy import tenant_by_slug
from tests.support import complaint


def test_loaded_tenants_work_like_any_other(app):
    made = load(app, 60, 2, seed=7)
    tenant = tenant_by_slug("bench0")
    assert db.session.scalar(select(func.count()).select_from(Case).where(Case.tenant_id == tenant.id)) == 30
    deadlines = db.session.scalar(select(func.count()).select_from(Deadline).where(Deadline.tenant_id == tenant.id))
    assert deadlines >= 30 * 2
    last = db.session.get(AuditHead, tenant.id).last_seq
    assert last == db.session.scalar(select(func.max(CaseEvent.seq)).where(CaseEvent.tenant_id == tenant.id))
    december = datetime(2026, 12, 1, 2, tzinfo=timezone.utc)  # the loaded year
    case, _code = register_case(tenant, user_by_email(tenant, made["bench0"]["intake"]),
                                complaint(received_at=december.isoformat()), now=december)
    db.session.commit()
    assert case.reference == f"{tenant.reference_prefix}-2026-000031"
    assert db.session.scalar(select(CaseEvent.seq).where(CaseEvent.case_id == case.id)) == last + 1
    sweep()  # finds the loaded running deadlines without error
    db.session.commit()
