"""A tenant's working calendar: the library's holidays for its country, plus the days its
admins added (working) or removed (off)."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.calendar import WorkCalendar
from core.errors import Conflict
from core.extensions import db
from core.tenancy import scoped


class CalendarDay(db.Model):
    __tablename__ = "calendar_days"
    __table_args__ = (UniqueConstraint("tenant_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    day: Mapped[date] = mapped_column()
    working: Mapped[bool] = mapped_column()
    note: Mapped[str | None] = mapped_column(String(200))


MEMO = "complaints.calendars"


def calendar_for(tenant) -> WorkCalendar:
    """The tenant's calendar, read once per transaction (a registration counts several
    deadlines with it)."""
    memo = db.session.info.setdefault(MEMO, {})
    if tenant.id not in memo:
        days = db.session.scalars(scoped(CalendarDay, tenant)).all()
        memo[tenant.id] = WorkCalendar(tenant.calendar,
                                       extra_working=[d.day for d in days if d.working],
                                       extra_off=[d.day for d in days if not d.working])
    return memo[tenant.id]


def forget_calendars(session, *_args):
    session.info.pop(MEMO, None)


def init_app(app):
    """A calendar read in one transaction is not trusted in the next."""
    from sqlalchemy import event
    if not getattr(db, "_complaints_calendar_listeners", False):
        event.listen(db.session, "after_commit", forget_calendars)
        event.listen(db.session, "after_rollback", forget_calendars)
        db._complaints_calendar_listeners = True


def set_day(tenant, day: date, working: bool, note=None) -> CalendarDay:
    """Add a working day (e.g. a company make-up day) or a day off for ``tenant``."""
    existing = db.session.execute(scoped(CalendarDay, tenant).where(CalendarDay.day == day)).scalar_one_or_none()
    if existing is not None:
        raise Conflict(_l("%(day)s is already set in this calendar.", day=day.isoformat()),
                       {"day": day.isoformat()})
    row = CalendarDay(tenant_id=tenant.id, day=day, working=working, note=note)
    db.session.add(row)
    db.session.flush()
    forget_calendars(db.session)
    return row
