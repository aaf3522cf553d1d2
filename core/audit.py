"""The untouchable record: case events form one hash chain per tenant.

Each event stores the hash of the tenant's previous event and its own hash over its
content, its place in the chain (``seq``) and that previous hash. Altering, deleting or
reordering any event breaks the chain at that event, which :func:`verify_chain` names.
On PostgreSQL and SQLite a trigger refuses UPDATE and DELETE on ``case_events`` (see the
initial migration): corrections are new events (Art. 15 §5: 不得涂改、撕毁、造假).
"""
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.types import JSONDoc, UTCDateTime, utcnow

GENESIS = "0" * 64


class AuditHead(db.Model):
    """The end of a tenant's chain: the last sequence number and hash handed out."""

    __tablename__ = "audit_heads"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


class CaseEvent(db.Model):
    __tablename__ = "case_events"
    __table_args__ = (
        UniqueConstraint("tenant_id", "seq"),
        Index(None, "tenant_id", "case_id", "seq"),
        ForeignKeyConstraint(["tenant_id", "case_id"], ["cases.tenant_id", "cases.id"]),
        ForeignKeyConstraint(["tenant_id", "actor_id"], ["users.tenant_id", "users.id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    seq: Mapped[int] = mapped_column()
    case_id: Mapped[int] = mapped_column()
    type: Mapped[str] = mapped_column(String(40))
    # None for the system (sweeps) and the public (portal, hotline integrations).
    actor_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    data: Mapped[dict] = mapped_column(JSONDoc, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


def _canonical(tenant_id, seq, case_id, type_, actor_id, created_at, data, prev_hash) -> bytes:
    doc = {"tenant": tenant_id, "seq": seq, "case": case_id, "type": type_, "actor": actor_id,
           "at": created_at.isoformat(timespec="microseconds"), "data": data, "prev": prev_hash}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_hash(event: CaseEvent) -> str:
    return hashlib.sha256(_canonical(event.tenant_id, event.seq, event.case_id, event.type,
                                     event.actor_id, event.created_at, event.data,
                                     event.prev_hash)).hexdigest()


def plain(value):
    """``value`` with every float written as text: JSONB normalises numbers (``1e16`` comes
    back as an integer), which would change the hash after a reload."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def append_event(tenant_id, case_id, type_, actor_id=None, data=None, at=None) -> CaseEvent:
    """Append one event to the tenant's chain in the current transaction."""
    return append_events(tenant_id, [(case_id, type_, actor_id, data)], at=at)[0]


def append_events(tenant_id, entries, at=None) -> list[CaseEvent]:
    """Append ``(case_id, type, actor_id, data)`` entries to the tenant's chain, in order.

    One UPDATE on the tenant's head row reserves all the sequence numbers and takes its
    write lock, so concurrent appends for one tenant queue up instead of forking the
    chain. ``data`` must be plain JSON (strings, integers, booleans, lists, dicts) so it
    hashes the same after a reload.
    """
    if not entries:
        return []
    seq, prev_hash = db.session.execute(
        update(AuditHead).where(AuditHead.tenant_id == tenant_id)
        .values(last_seq=AuditHead.last_seq + len(entries))
        .returning(AuditHead.last_seq, AuditHead.last_hash)
    ).one()
    # In UTC, as it reads back from the database, so the hash verifies after a reload.
    created_at = (at or utcnow()).astimezone(timezone.utc)
    events = []
    for offset, (case_id, type_, actor_id, data) in enumerate(entries):
        event = CaseEvent(tenant_id=tenant_id, seq=seq - len(entries) + 1 + offset,
                          case_id=case_id, type=type_, actor_id=actor_id,
                          created_at=created_at, data=plain(data or {}), prev_hash=prev_hash)
        event.hash = prev_hash = event_hash(event)
        events.append(event)
    db.session.add_all(events)
    db.session.execute(update(AuditHead).where(AuditHead.tenant_id == tenant_id)
                       .values(last_hash=prev_hash))
    db.session.flush()
    return events


@dataclass
class Verification:
    ok: bool
    checked: int
    seq: int | None = None
    event_id: int | None = None
    reason: str = ""

    def __str__(self):
        if self.ok:
            return f"OK: {self.checked} events verified"
        where = f"event seq {self.seq}" + (f" (id {self.event_id})" if self.event_id else "")
        return f"BROKEN at {where}: {self.reason} ({self.checked} events checked before it)"


def verify_chain(tenant_id, batch=2000) -> Verification:
    """Walk the tenant's chain in order and report the first event that does not fit."""
    head = db.session.get(AuditHead, tenant_id)
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    stmt = (select(CaseEvent).where(CaseEvent.tenant_id == tenant_id)
            .order_by(CaseEvent.seq).execution_options(yield_per=batch))
    for event in db.session.scalars(stmt):
        if event.seq != expected_seq:
            return Verification(False, checked, expected_seq, None,
                                f"event missing (next present is seq {event.seq}, id {event.id})")
        if event.prev_hash != prev_hash:
            return Verification(False, checked, event.seq, event.id,
                                "link to the previous event does not match (deleted, inserted or reordered)")
        if event_hash(event) != event.hash:
            return Verification(False, checked, event.seq, event.id, "content altered")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if head is None:
        return Verification(checked == 0, checked, None, None, "" if checked == 0 else "no chain head")
    if head.last_seq != checked:
        return Verification(False, checked, checked + 1, None,
                            f"event missing: the chain ends at seq {checked} but {head.last_seq} were written")
    if head.last_hash != prev_hash:
        return Verification(False, checked, checked, None, "last event does not match the chain head")
    return Verification(True, checked)
