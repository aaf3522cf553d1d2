"""What the public portal does, free of request state: the expected times it promises,
the access check of the status page, and what a complainant may read of their case."""
import hmac
from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import select

from core.audit import CaseEvent
from core.auth.models import User
from core.cases.intake import hash_access_code
from core.cases.models import Case
from core.deadlines import KINDS, limit_for, running
from core.extensions import db
from core.plugins import categories_for
from core.tenancy import scoped

# Event types the complainant is told about, and what of each they may read. Internal
# notes, determinations, proposals and approvals never appear (Art. 1 §9, Art. 12 §6).
PUBLIC_EVENTS = {
    "register": (), "request_info": ("missing",), "provide_info": ("text",),
    "add_information": ("text",), "accept": (), "reject": ("reason",),
    "reply": ("text", "contact"), "extend": ("due_at", "reason"),
    "refer": ("body", "channel", "phone", "address", "basis"), "withdraw": (), "follow_up": (),
}


def expected_times(tenant) -> list[dict]:
    """The limits a complainant can expect, computed from the tenant's deadline policy
    (Art. 12 §5: publish the procedure and the expected handling time)."""
    rows = []
    probe = SimpleNamespace(category=None, channel="web", severity=None)
    general = {kind: limit_for(tenant, probe, kind) for kind in KINDS}
    rows.append({"category": None, "limits": general})
    for category in categories_for(tenant):
        probe = SimpleNamespace(category=category.code, channel="web", severity=None)
        resolve = limit_for(tenant, probe, "resolve")
        if resolve != general["resolve"]:
            rows.append({"category": category, "limits": {"resolve": resolve}})
    return rows


def find_case(tenant, reference, access_code):
    """The case whose reference and access code both match, else None (one answer for
    every kind of miss, so guessing learns nothing)."""
    reference = (reference or "").strip().upper()[:40]
    code = (access_code or "").strip().upper().replace(" ", "").replace("-", "")[:64]
    case = db.session.execute(scoped(Case, tenant).where(Case.reference == reference)).scalar_one_or_none()
    given = hash_access_code(tenant.id, reference, code)  # computed for a miss too: same time
    stored = case.access_code_hash if case is not None else "0" * len(given)
    if not hmac.compare_digest(stored, given) or case is None:
        return None
    return case


@dataclass
class PublicEntry:
    at: object
    type: str
    details: dict
    by_complainant: bool


def public_history(tenant, case) -> list[PublicEntry]:
    events = db.session.scalars(scoped(CaseEvent, tenant).where(
        CaseEvent.case_id == case.id, CaseEvent.type.in_(list(PUBLIC_EVENTS)))
        .order_by(CaseEvent.seq)).all()
    return [PublicEntry(e.created_at, e.type,
                        {k: e.data.get(k) for k in PUBLIC_EVENTS[e.type] if e.data.get(k)},
                        e.data.get("by") == "complainant") for e in events]


def handler_name(tenant, case):
    """Only the handler's display name is shown, never other staff."""
    if case.assignee_id is None:
        return None
    return db.session.scalar(select(User.name).where(User.tenant_id == tenant.id,
                                                     User.id == case.assignee_id))


def next_due(tenant, case):
    due = [d for d in running(tenant, case, ("decide", "resolve")) if d.paused_at is None]
    return min((d.due_at for d in due), default=None)
