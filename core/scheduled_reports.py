"""Reports a tenant chose to send its supervisors on a schedule (``settings
["scheduled_reports"]``: ``[{"report", "every": "day"|"week"|"month", "roles"}]``).

Run by the periodic work each minute: once a period has ended (yesterday, last week from
Monday, last month) and it is past 07:00 in the tenant's zone, each recipient gets the
report by e-mail through the outbox, computed as they may see it (never the cases about
themselves) and in their language. The idempotency key names report, period and
recipient, so a later run, a second scheduler or a retry sends it once."""
import logging
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from core.auth.models import User
from core.extensions import db
from core.outbox import OutboxMessage
from core.reports import in_words, period_days, reports_for, run
from core.tenancy import Tenant, scoped

log = logging.getLogger("complaints.reports")
SEND_AFTER = time(7, 0)
TABLE_ROWS = 50
RECIPIENTS = 200


def last_period(every: str, today: date) -> tuple[date, date]:
    """The latest whole ``every`` period before ``today``."""
    if every == "day":
        return today - timedelta(days=1), today - timedelta(days=1)
    return period_days(every, period_days(every, today)[0] - timedelta(days=1))


def as_text(report, rows, locale) -> str:
    lines = [" | ".join(str(c.label(locale)) for c in report.columns)]
    for row in rows[:TABLE_ROWS]:
        lines.append(" | ".join("—" if row.get(c.key) is None else str(row.get(c.key)) for c in report.columns))
    if len(rows) > TABLE_ROWS:
        lines.append(f"… ({len(rows) - TABLE_ROWS})")
    return "\n".join(lines)


def send_due(now: datetime) -> int:
    """Queue the scheduled reports whose period has ended; return how many messages."""
    queued = 0
    tenants = db.session.scalars(select(Tenant).where(Tenant.active.is_(True)).order_by(Tenant.id)).all()
    for tenant in tenants:
        schedule = (tenant.settings or {}).get("scheduled_reports") or []
        local = now.astimezone(tenant.tz)
        if not schedule or local.time() < SEND_AFTER:
            continue
        for entry in schedule:
            queued += _send(tenant, entry, local.date())
    db.session.commit()
    return queued


def _send(tenant, entry, today) -> int:
    report = reports_for(tenant).get(entry["report"])
    if report is None:
        log.warning("tenant %s schedules unknown report %s", tenant.slug, entry["report"])
        return 0
    start, end = last_period(entry["every"], today)
    prefix = f"report:{report.name}:{start.isoformat()}:"
    users = db.session.scalars(scoped(User, tenant).where(
        User.active.is_(True), User.role.in_(entry.get("roles") or ("supervisor", "admin")))
        .order_by(User.id).limit(RECIPIENTS)).all()
    keys = {f"{prefix}{user.id}": user for user in users}
    sent = set(db.session.scalars(select(OutboxMessage.idempotency_key).where(
        OutboxMessage.tenant_id == tenant.id, OutboxMessage.idempotency_key.in_(list(keys)))))
    for key, user in keys.items():
        if key in sent:
            continue  # this period went out to them already
        locale = user.locale or tenant.locale
        rows = run(tenant, report, start, end, viewer=user, locale=locale)
        db.session.add(OutboxMessage(
            tenant_id=tenant.id, template="scheduled_report", channel="email", recipient=user.email,
            user_id=user.id, locale=locale, idempotency_key=key,
            payload={"report": report.title(locale), "period": f"{start.isoformat()} – {end.isoformat()}",
                     "table": as_text(report, in_words(tenant, report, rows, locale), locale),
                     "name": report.name}))
    return len(keys) - len(sent)
