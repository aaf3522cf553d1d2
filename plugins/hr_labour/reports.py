"""The bureau's reports (DOMAIN.md "hr_labour"): requests by channel and matter, and how
the statutory limits were kept per channel."""
from flask_babel import get_locale, gettext as _
from sqlalchemy import case as when, func, select

from core.cases.models import Case
from core.deadlines import Deadline
from core.extensions import db
from core.reports import Column, Report


def _word(item) -> str:
    """``item``'s label in the reader's language (core.reports.run sets it)."""
    return item.label_zh if str(get_locale()).startswith("zh") else item.label_en


def _by_channel(tenant, start, end, visible):
    from plugins.hr_labour.matters import CHANNELS, MATTERS
    counts = dict(db.session.execute(
        select(Case.category, func.count()).where(
            Case.tenant_id == tenant.id, Case.received_at >= start, Case.received_at < end, visible)
        .group_by(Case.category)).all())
    return [{"channel": _word(CHANNELS[m.channel]), "matter": m.code, "label": _word(m),
             "total": counts.get(m.code, 0)} for m in MATTERS]


def _timeliness(tenant, start, end, visible):
    from plugins.hr_labour.matters import CHANNELS, MATTERS
    channel = {m.code: m.channel for m in MATTERS}
    rows = db.session.execute(
        select(Case.category, Deadline.kind,
               func.count().label("due"),
               func.sum(when((Deadline.met_at.is_not(None) & Deadline.breached_at.is_(None), 1), else_=0)).label("on_time"),
               func.sum(when((Deadline.breached_at.is_not(None), 1), else_=0)).label("late"))
        .join(Case, (Case.tenant_id == Deadline.tenant_id) & (Case.id == Deadline.case_id))
        .where(Deadline.tenant_id == tenant.id, Deadline.due_at >= start, Deadline.due_at < end, visible,
               Deadline.cancelled_at.is_(None))
        .group_by(Case.category, Deadline.kind)).all()
    totals = {}
    for row in rows:
        key = (channel.get(row.category), row.kind)
        due, on_time, late = totals.get(key, (0, 0, 0))
        totals[key] = (due + row.due, on_time + int(row.on_time or 0), late + int(row.late or 0))
    return [{"channel": _word(CHANNELS[code]) if code else str(_("unclassified")), "kind": kind, "due": due,
             "on_time": on_time, "late": late,
             "rate": round(on_time / due * 100, 1) if due else None}
            for (code, kind), (due, on_time, late) in sorted(totals.items(), key=lambda i: (i[0][0] or "", i[0][1]))]


BY_CHANNEL = Report(
    "labour_by_channel", "信访投诉分类统计（按途径和事项）", "Requests by channel and matter",
    (Column("channel", "途径", "Channel"), Column("matter", "事项代码", "Matter code"),
     Column("label", "事项", "Matter"), Column("total", "件数", "Requests")),
    _by_channel, "Art. 11")

TIMELINESS = Report(
    "labour_timeliness", "法定时限执行情况", "Statutory limits kept",
    (Column("channel", "途径", "Channel"), Column("kind", "期限", "Deadline", "code"),
     Column("due", "到期件数", "Due"), Column("on_time", "按时", "On time"),
     Column("late", "超期", "Late"), Column("rate", "及时率(%)", "On time (%)")),
    _timeliness, "Art. 11")
