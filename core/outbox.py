"""The notification outbox: rows written in the same transaction as the action that
causes them; delivery (RQ workers, SMTP, SMS, webhooks) reads them after commit.

The idempotency key names the event, template and recipient, so re-running the code that
wrote a row cannot write it twice, and it travels with the message so a receiver can
drop a duplicate delivery.
"""
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.types import JSONDoc, UTCDateTime, utcnow

# Recipients of each template (DESIGN.md, Notifications).
COMPLAINANT_TEMPLATES = ("case_received", "case_accepted", "case_rejected", "info_requested",
                         "case_extended", "case_replied", "case_referred", "clock_stopped",
                         "case_closed", "case_handled_again")
# Delivery tries again after these pauses (seconds); the RQ job's own retries use them too.
BACKOFF = (10, 60, 300, 1800)
# A pending row whose delivery has not finished this long after it was handed over (Redis
# lost the job, a worker died, inline delivery failed) is handed over again by the periodic
# dispatcher; see core.notify.dispatch.redispatch_pending.
REDISPATCH_AFTER = timedelta(minutes=5)
PENDING = "status = 'pending'"

STAFF_TEMPLATES = ("case_assigned", "case_major", "approval_needed", "deadline_due_soon",
                   "deadline_breached", "withdrawal_flagged", "case_reopened")


class OutboxMessage(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key"),
        Index(None, "tenant_id", "status", "created_at"),
        Index("ix_outbox_pending_due", "tenant_id", "next_attempt_at",
              postgresql_where=db.text(PENDING), sqlite_where=db.text(PENDING)),
        ForeignKeyConstraint(["tenant_id", "case_id"], ["cases.tenant_id", "cases.id"]),
        ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    case_id: Mapped[int | None] = mapped_column()
    event_id: Mapped[int | None] = mapped_column()
    template: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))  # email, sms
    recipient: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column()  # staff recipient; None for the complainant
    locale: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict] = mapped_column(JSONDoc, default=dict)
    idempotency_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # While pending: when the periodic dispatcher hands the row over again if nothing
    # delivered it by then.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=lambda: utcnow() + REDISPATCH_AFTER)

    def schedule_retry(self, now, pause=REDISPATCH_AFTER):
        self.next_attempt_at = now + pause


def _add(tenant, case, event, template, channel, recipient, user_id, locale, payload):
    key = f"{event.id if event else 'none'}:{template}:{channel}:{recipient}"
    # A key naming a just-appended event cannot exist yet; only event-less rows need a look.
    if event is None and db.session.execute(select(OutboxMessage.id).where(
            OutboxMessage.tenant_id == tenant.id, OutboxMessage.idempotency_key == key)).first():
        return None
    message = OutboxMessage(tenant_id=tenant.id, case_id=case.id if case else None,
                            event_id=event.id if event else None, template=template,
                            channel=channel, recipient=recipient, user_id=user_id,
                            locale=locale, payload=payload or {}, idempotency_key=key,
                            created_at=utcnow())
    db.session.add(message)
    return message


def notify_complainant(tenant, case, event, template, payload=None):
    """Queue ``template`` for the complainant, by e-mail or else SMS; nobody to tell when
    the complaint is anonymous or left no contact."""
    if case.anonymous:
        return None
    if case.complainant_email:
        channel, recipient = "email", case.complainant_email
    elif case.complainant_phone:
        channel, recipient = "sms", case.complainant_phone
    else:
        return None
    base = {"reference": case.reference, "title": case.title}
    return _add(tenant, case, event, template, channel, recipient, None, tenant.locale,
                base | (payload or {}))


def notify_users(tenant, case, event, template, users, payload=None):
    """Queue ``template`` by e-mail for each of ``users`` (staff), never the subject."""
    sent = []
    for user in users:
        if user is None or not user.active or (case and user.id == case.subject_user_id):
            continue
        base = {"reference": case.reference, "title": case.title} if case else {}
        message = _add(tenant, case, event, template, "email", user.email, user.id,
                       user.locale or tenant.locale, base | (payload or {}))
        if message is not None:
            sent.append(message)
    return sent
