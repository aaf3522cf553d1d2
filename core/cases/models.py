"""The Case and the per-tenant, per-year reference counter."""
from datetime import datetime

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.types import JSONDoc, UTCDateTime, utcnow

# Channels a complaint arrives by (Art. 12 §9, Art. 4, 15, 17).
CHANNELS = ("phone", "walk_in", "letter", "comment_box", "web", "email", "fax", "media",
            "superior", "government")
SEVERITIES = ("constructive", "critical", "accusatory")  # Art. 7, 8
STATUSES = ("received", "pending_info", "accepted", "rejected", "in_progress", "proposed",
            "approved", "replied", "closed", "referred", "withdrawn")
FINAL_STATUSES = ("rejected", "closed", "referred", "withdrawn")
OPEN_STATUSES = tuple(s for s in STATUSES if s not in FINAL_STATUSES)


def _tenant_fk(column, table):
    return ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"])


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("tenant_id", "reference"),
        UniqueConstraint("tenant_id", "idempotency_key"),
        UniqueConstraint("tenant_id", "id"),
        Index(None, "tenant_id", "status", "received_at"),
        Index(None, "tenant_id", "assignee_id", "status"),
        Index(None, "tenant_id", "department_id", "status"),
        Index(None, "tenant_id", "complainant_phone"),
        Index(None, "tenant_id", "next_due_at"),
        Index(None, "tenant_id", "received_at"),
        _tenant_fk("subject_department_id", "departments"),
        _tenant_fk("subject_user_id", "users"),
        _tenant_fk("department_id", "departments"),
        _tenant_fk("assignee_id", "users"),
        _tenant_fk("deputy_id", "users"),
        _tenant_fk("owner_id", "users"),
        _tenant_fk("registered_by_id", "users"),
        _tenant_fk("repeat_of_id", "cases"),
        _tenant_fk("proposed_by_id", "users"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    reference: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="received")
    version: Mapped[int] = mapped_column(default=1)

    channel: Mapped[str] = mapped_column(String(20))
    anonymous: Mapped[bool] = mapped_column(default=False)
    confidential: Mapped[bool] = mapped_column(default=False)
    complainant_name: Mapped[str | None] = mapped_column(String(200))
    complainant_phone: Mapped[str | None] = mapped_column(String(40))
    complainant_email: Mapped[str | None] = mapped_column(String(254))

    # The unit or person complained about (被投诉部门/个人).
    subject_department_id: Mapped[int | None] = mapped_column()
    subject_user_id: Mapped[int | None] = mapped_column()
    subject_name: Mapped[str | None] = mapped_column(String(200))

    category: Mapped[str | None] = mapped_column(String(64))
    severity: Mapped[str | None] = mapped_column(String(20))
    major: Mapped[bool] = mapped_column(default=False)
    major_reasons: Mapped[list] = mapped_column(JSONDoc, default=list)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    demand: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    fields: Mapped[dict] = mapped_column(JSONDoc, default=dict)

    registered_by_id: Mapped[int | None] = mapped_column()
    # First-responder ownership (首问负责制, Art. 12 §3): the registrant until assigned.
    owner_id: Mapped[int | None] = mapped_column()
    assignee_id: Mapped[int | None] = mapped_column()
    # A deputy who acts when the assignee is away (Art. 5 (三): 主要责任人和次要责任人).
    deputy_id: Mapped[int | None] = mapped_column()
    department_id: Mapped[int | None] = mapped_column()
    routing: Mapped[dict] = mapped_column(JSONDoc, default=dict)

    responsibility: Mapped[str | None] = mapped_column(String(20))
    findings: Mapped[str | None] = mapped_column(Text)
    resolution: Mapped[str | None] = mapped_column(Text)
    compensation: Mapped[dict | None] = mapped_column(JSONDoc)
    reply: Mapped[dict | None] = mapped_column(JSONDoc)
    satisfaction: Mapped[str | None] = mapped_column(String(30))
    # Who proposed the current resolution (tiered authority, four eyes on approval).
    proposed_by_id: Mapped[int | None] = mapped_column()
    repeat_of_id: Mapped[int | None] = mapped_column()
    # Repeat complaints (Art. 12 §18): reopenings and later complaints linked to this one.
    repeat_count: Mapped[int] = mapped_column(default=0)
    # Flags for supervisors, e.g. "involuntary_withdrawal" (Art. 12 §19).
    flags: Mapped[list] = mapped_column(JSONDoc, default=list)

    access_code_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The earliest due time of the case's running deadlines (None when none runs, or all
    # are paused), kept by core.deadlines.refresh_next_due after every action: the case
    # list sorts by it, and "overdue" and "due soon" are ranges of it, on one index.
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The client's Idempotency-Key of the registration: a retry finds the case it made.
    idempotency_key: Mapped[str | None] = mapped_column(String(100))

    # Optimistic locking: every UPDATE checks the version it read. The workflow raises the
    # version once per action (not per flush), so clients see +1 per action.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseSequence(db.Model):
    """The last reference number handed out per tenant and year."""

    __tablename__ = "case_sequences"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(default=0)
