"""Deadlines: acknowledge, decide (accept or reject), resolve (reply) and follow-up.

Each is computed from a limit (an amount in working days, calendar days or hours) that
comes from the tenant's settings, else the enabled plugins' ``deadline_policy`` hook,
else the core default (DOMAIN.md "Deadlines": Art. 12 §11, 13, 15, 17, 19, 5). Time in
``pending_info`` does not count: a pause moves the due time by the paused time.
Met and breached deadlines are kept for the timeliness rate (及时率).
"""
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from core.calendar import UNITS, WORKING_DAYS, due_at as compute_due
from core.errors import InvalidInput, NotAllowedNow
from core.extensions import db
from core.plugins import hooks_for
from core.tenancy import scoped
from core.tenant_calendar import calendar_for
from core.definitions import Limit
from core.types import JSONDoc, UTCDateTime

KINDS = ("acknowledge", "decide", "resolve", "follow_up")
# No extension reaches past two years: a typo, not a plan.
MAX_EXTENSION_DAYS = 730
# Running and counting: neither met, breached, cancelled nor paused: what the sweep reads.
OPEN_CONDITION = ("met_at IS NULL AND breached_at IS NULL AND cancelled_at IS NULL "
                  "AND paused_at IS NULL")


class Deadline(db.Model):
    __tablename__ = "deadlines"
    __table_args__ = (
        Index(None, "tenant_id", "case_id", "kind"),
        Index(None, "tenant_id", "due_at"),  # timeliness: every deadline due in a period
        Index(None, "tenant_id", "kind", "starts_at"),  # return visits owed for a period's replies
        # The sweep's index: only deadlines still running, in due order, per tenant.
        Index("ix_deadlines_running_due", "tenant_id", "due_at",
              postgresql_where=db.text(OPEN_CONDITION), sqlite_where=db.text(OPEN_CONDITION)),
        ForeignKeyConstraint(["tenant_id", "case_id"], ["cases.tenant_id", "cases.id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    case_id: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column()
    unit: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    original_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pause_reason: Mapped[str | None] = mapped_column(String(200))
    paused_seconds: Mapped[int] = mapped_column(default=0)
    extensions: Mapped[int] = mapped_column(default=0)
    # Years the holiday library has no table for, counted with weekends and the tenant's
    # own days only: shown with the deadline so nobody mistakes it for an exact one.
    years_without_holidays: Mapped[list] = mapped_column(JSONDoc, default=list)

    @property
    def is_running(self) -> bool:
        return self.met_at is None and self.cancelled_at is None

    def as_dict(self, tz=None) -> dict:
        def show(value):
            return value.astimezone(tz).isoformat() if (value and tz) else (
                value.isoformat() if value else None)
        return {"kind": self.kind, "due_at": show(self.due_at), "met_at": show(self.met_at),
                "breached_at": show(self.breached_at), "paused": self.paused_at is not None,
                "pause_reason": self.pause_reason, "limit": {"amount": self.amount, "unit": self.unit},
                "extensions": self.extensions,
                "years_without_holidays": self.years_without_holidays or []}


def _matches(rule, case, kind):
    return rule.get("kind") == kind and all(
        rule.get(key) in (None, getattr(case, key)) for key in ("category", "channel", "severity"))


def limit_for(tenant, case, kind) -> Limit:
    """The limit for ``kind`` on ``case``: the most specific matching tenant rule
    (``settings["deadlines"]``: ``{kind, amount, unit, category?, channel?, severity?}``),
    else the plugins' answer, else the core default."""
    rules = [r for r in (tenant.settings or {}).get("deadlines", []) if _matches(r, case, kind)]
    if rules:
        best = max(rules, key=lambda r: sum(r.get(k) is not None for k in ("category", "channel", "severity")))
        return Limit(int(best["amount"]), best["unit"])
    return hooks_for(tenant).deadline_policy(tenant=tenant, case=case, kind=kind)


def running(tenant, case, kinds=None):
    """Running deadlines of ``case`` (of ``kinds``; all kinds, plugins' too, by default)."""
    query = scoped(Deadline, tenant).where(Deadline.case_id == case.id, Deadline.met_at.is_(None),
                                           Deadline.cancelled_at.is_(None))
    if kinds is not None:
        query = query.where(Deadline.kind.in_(kinds))
    return db.session.scalars(query).all()


def due_for(tenant, case, kind, starts_at: datetime):
    """``(limit, due time)`` of the ``kind`` deadline of ``case`` counted from ``starts_at``."""
    limit = limit_for(tenant, case, kind)
    if limit is None:
        raise ValueError(f"no deadline policy gives {kind!r}")
    if limit.unit not in UNITS:
        raise ValueError(f"unknown deadline unit {limit.unit!r}")
    return limit, compute_due(starts_at, limit.amount, limit.unit, calendar_for(tenant), tenant.tz)


def start(tenant, case, kind, starts_at: datetime, paused_seconds=0, due=None, limit=None) -> Deadline:
    """Start the ``kind`` deadline of ``case`` counted from ``starts_at``; time already
    spent paused (``paused_seconds``) moves it later. A plugin counting in its own way
    (e.g. opening hours) passes the ``due`` time it computed and the ``limit`` it used."""
    limit = limit or limit_for(tenant, case, kind)
    if limit is None:
        raise ValueError(f"no deadline policy gives {kind!r}")
    calendar = calendar_for(tenant)
    if due is None:
        if limit.unit not in UNITS:
            raise ValueError(f"unknown deadline unit {limit.unit!r}")
        due = compute_due(starts_at, limit.amount, limit.unit, calendar, tenant.tz)
    due = due + timedelta(seconds=paused_seconds)
    gaps = calendar.years_without_data(starts_at.astimezone(tenant.tz).date(),
                                       due.astimezone(tenant.tz).date()) if limit.unit == WORKING_DAYS else []
    deadline = Deadline(tenant_id=tenant.id, case_id=case.id, kind=kind, amount=limit.amount,
                        unit=limit.unit, starts_at=starts_at, due_at=due, original_due_at=due,
                        paused_seconds=paused_seconds, extensions=0, years_without_holidays=gaps)
    db.session.add(deadline)
    return deadline


def meet(tenant, case, kinds, now) -> list[Deadline]:
    """Mark the running deadlines of ``kinds`` met at ``now``; a late one is also breached."""
    met = []
    for deadline in running(tenant, case, kinds):
        if deadline.paused_at is not None:
            _resume_one(deadline, now)
        deadline.met_at = now
        if now > deadline.due_at and deadline.breached_at is None:
            deadline.breached_at = deadline.due_at
        met.append(deadline)
    return met


def cancel(tenant, case, now):
    """The case ended without an answer being due any more (rejected, referred, withdrawn)."""
    for deadline in running(tenant, case):
        deadline.cancelled_at = now


def pause(tenant, case, now, reason):
    for deadline in running(tenant, case):
        if deadline.paused_at is None:
            deadline.paused_at, deadline.pause_reason = now, reason


def _resume_one(deadline, now):
    paused = now - deadline.paused_at
    deadline.due_at = deadline.due_at + paused
    deadline.paused_seconds += int(paused.total_seconds())
    deadline.paused_at = deadline.pause_reason = None


def resume(tenant, case, now):
    for deadline in running(tenant, case):
        if deadline.paused_at is not None:
            _resume_one(deadline, now)


def extend(tenant, case, kind, new_due: datetime) -> Deadline:
    """Move the running ``kind`` deadline to ``new_due``, within the tenant's cap
    (``settings["max_extension_days"]``: calendar days past the original due time)."""
    current = [d for d in running(tenant, case, (kind,))]
    if not current:
        raise NotAllowedNow(_l("There is no running %(kind)s deadline to extend.", kind=_l(kind)))
    deadline = current[-1]
    if deadline.paused_at is not None:
        raise NotAllowedNow(_l("The clock is stopped while waiting for information; extend it "
                               "after it runs again."))
    if new_due <= deadline.due_at:
        raise InvalidInput(_l("The new due time must be later than the current one."),
                           {"due_at": [_l("The new due time must be later than the current one.")]})
    if new_due > deadline.original_due_at + timedelta(days=MAX_EXTENSION_DAYS):
        raise InvalidInput(_l("An extension may add at most %(days)d days.", days=MAX_EXTENSION_DAYS),
                           {"due_at": [_l("An extension may add at most %(days)d days.", days=MAX_EXTENSION_DAYS)]})
    cap = (tenant.settings or {}).get("max_extension_days")
    if cap is not None and (new_due - deadline.original_due_at).total_seconds() > int(cap) * 86400:
        raise NotAllowedNow(_l("An extension may add at most %(days)d days.", days=int(cap)),
                            {"due_at": [_l("An extension may add at most %(days)d days.", days=int(cap))]})
    deadline.due_at = new_due
    deadline.extensions += 1
    deadline.reminded_at = None
    return deadline


def refresh_next_due(tenant, case, new_case=False):
    """Set ``case.next_due_at`` from its deadlines (called at the end of every action). A
    case registered in this transaction has all its deadlines in the session: no query."""
    if new_case:
        mine = [d for d in list(db.session.new) + list(db.session.identity_map.values())
                if isinstance(d, Deadline) and d.case_id in (case.id, None) and d.tenant_id == tenant.id
                and d.met_at is None and d.cancelled_at is None and d.paused_at is None]
        case.next_due_at = min((d.due_at for d in mine), default=None)
        return
    db.session.flush()
    case.next_due_at = db.session.scalar(select(func.min(Deadline.due_at)).where(
        Deadline.tenant_id == tenant.id, Deadline.case_id == case.id, Deadline.met_at.is_(None),
        Deadline.cancelled_at.is_(None), Deadline.paused_at.is_(None)))


def deadlines_of(tenant, case) -> list[Deadline]:
    return db.session.scalars(scoped(Deadline, tenant).where(Deadline.case_id == case.id)
                              .order_by(Deadline.id)).all()
