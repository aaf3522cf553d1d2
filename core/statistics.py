"""The core's statistics (DOMAIN.md "Statistics and reports": Art. 12 §21, §24; Art. 14;
Art. 17 6.5.4; Art. 18), every figure computed by SQL aggregation over the period's rows,
never by loading cases into Python:

- ``summary``: received, handled and the handling rate, timeliness rate (deadlines met
  on time over deadlines that fell due), return-visit (follow-up) rate, satisfaction,
  repeat and major complaints, each beside the previous period;
- ``volume_by_category`` / ``_channel`` / ``_department`` / ``_handler``;
- ``timeliness``: per deadline kind;
- ``hot_spots``: categories and departments complained about, rising against the
  previous period;
- ``overdue``: open cases past a due time, now;
- ``causes``: the causes and corrective measures stated in the period's replies.

Periods are ``[start, end)`` in the tenant's time zone (``core.reports.period``); the
previous period is the same number of calendar months before when the period is whole
months, else the same number of days before. Definitions are in docs/reports.md.
"""
from datetime import datetime

from sqlalchemy import and_, case as when, func, select

from core.auth.models import User
from core.cases.models import FINAL_STATUSES, OPEN_STATUSES, Case
from core.deadlines import Deadline
from core.extensions import db
from core.reports import Column, Report
from core.tenancy import Department
from core.types import utcnow

LIST_LIMIT = 1000  # rows of a list report (overdue, causes); the page says when it stops
HANDLED = FINAL_STATUSES + ("replied",)
GOOD = ("satisfied", "basically_satisfied")


def _words(tenant):
    """``(gettext, category labels)`` in the reader's language."""
    from flask_babel import get_locale, gettext
    from core.plugins import categories_for
    locale = str(get_locale() or tenant.locale)  # run() forces the reader's
    return gettext, {c.code: c.label(locale) for c in categories_for(tenant)}


def previous(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The period before ``[start, end)``: whole months shift by months, else by days."""
    if start.day == 1 and end.day == 1 and start.time() == end.time() == datetime.min.time():
        months = (end.year - start.year) * 12 + end.month - start.month
        year, month = divmod(start.year * 12 + start.month - 1 - months, 12)
        return start.replace(year=year, month=month + 1), start
    return start - (end - start), start


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def _change(current, before):
    if current is None or before is None:
        return None
    return round(current - before, 1)


def _received(tenant, start, end, visible):
    return and_(Case.tenant_id == tenant.id, Case.received_at >= start, Case.received_at < end, visible)


def _case_figures(tenant, start, end, visible) -> dict:
    row = db.session.execute(select(
        func.count().label("received"),
        func.coalesce(func.sum(when((Case.status.in_(HANDLED), 1), else_=0)), 0).label("handled"),
        func.coalesce(func.sum(when((Case.major.is_(True), 1), else_=0)), 0).label("major"),
        # A repeat complaint names the earlier one it repeats (``repeat_of``).
        func.coalesce(func.sum(when((Case.repeat_of_id.is_not(None), 1), else_=0)), 0).label("repeat"),
        func.coalesce(func.sum(when((Case.satisfaction.is_not(None), 1), else_=0)), 0).label("rated"),
        func.coalesce(func.sum(when((Case.satisfaction.in_(GOOD), 1), else_=0)), 0).label("satisfied"),
    ).where(_received(tenant, start, end, visible))).one()
    return dict(row._mapping)


def _deadline_figures(tenant, start, end, visible, kinds=None) -> dict:
    """Per kind: deadlines that fell due in the period (and before now), how many were met
    on time, met late, or are still open past due. Cancelled ones were no longer owed."""
    upto = min(end, utcnow())
    query = (select(Deadline.kind, func.count().label("due"),
                    func.coalesce(func.sum(when((and_(Deadline.met_at.is_not(None), Deadline.met_at <= Deadline.due_at), 1),
                                                else_=0)), 0).label("on_time"),
                    func.coalesce(func.sum(when((and_(Deadline.met_at.is_not(None), Deadline.met_at > Deadline.due_at), 1),
                                                else_=0)), 0).label("late"),
                    func.coalesce(func.sum(when((Deadline.met_at.is_(None), 1), else_=0)), 0).label("open"))
             .join(Case, and_(Case.tenant_id == Deadline.tenant_id, Case.id == Deadline.case_id))
             .where(Deadline.tenant_id == tenant.id, Deadline.due_at >= start, Deadline.due_at < upto,
                    Deadline.cancelled_at.is_(None), visible)
             .group_by(Deadline.kind))
    if kinds:
        query = query.where(Deadline.kind.in_(kinds))
    return {row.kind: dict(row._mapping) for row in db.session.execute(query)}


def _follow_up(tenant, start, end, visible):
    """Return visits owed for replies given in the period, and those made."""
    row = db.session.execute(
        select(func.count().label("owed"),
               func.coalesce(func.sum(when((Deadline.met_at.is_not(None), 1), else_=0)), 0).label("made"))
        .join(Case, and_(Case.tenant_id == Deadline.tenant_id, Case.id == Deadline.case_id))
        .where(Deadline.tenant_id == tenant.id, Deadline.kind == "follow_up", Deadline.starts_at >= start,
               Deadline.starts_at < end, Deadline.cancelled_at.is_(None), visible)).one()
    return row.owed, row.made


def _metrics(tenant, start, end, visible) -> dict:
    cases = _case_figures(tenant, start, end, visible)
    deadlines = _deadline_figures(tenant, start, end, visible)
    due = sum(d["due"] for d in deadlines.values())
    on_time = sum(d["on_time"] for d in deadlines.values())
    owed, made = _follow_up(tenant, start, end, visible)
    return {
        "received": cases["received"], "handled": cases["handled"],
        "handling_rate": _rate(cases["handled"], cases["received"]),
        "deadlines_due": due, "deadlines_on_time": on_time, "timeliness_rate": _rate(on_time, due),
        "follow_ups_owed": owed, "follow_ups_made": made, "follow_up_rate": _rate(made, owed),
        "rated": cases["rated"], "satisfaction_rate": _rate(cases["satisfied"], cases["rated"]),
        "repeat": cases["repeat"], "repeat_rate": _rate(cases["repeat"], cases["received"]),
        "major": cases["major"],
    }


METRICS = (
    ("received", "投诉件数", "Complaints received"), ("handled", "已办结件数", "Handled"),
    ("handling_rate", "办结率（%）", "Handling rate (%)"),
    ("deadlines_due", "到期时限数", "Deadlines due"), ("deadlines_on_time", "按时完成数", "Met on time"),
    ("timeliness_rate", "及时率（%）", "Timeliness rate (%)"),
    ("follow_ups_owed", "应回访件数", "Return visits owed"), ("follow_ups_made", "已回访件数", "Return visits made"),
    ("follow_up_rate", "回访率（%）", "Return-visit rate (%)"),
    ("rated", "评价件数", "Rated"), ("satisfaction_rate", "满意率（%）", "Satisfaction (%)"),
    ("repeat", "重复投诉件数", "Repeat complaints"), ("repeat_rate", "重复投诉率（%）", "Repeat rate (%)"),
    ("major", "重大投诉件数", "Major complaints"),
)


def _summary(tenant, start, end, visible):
    now_, before = _metrics(tenant, start, end, visible), _metrics(tenant, *previous(start, end), visible)
    return [{"metric": key, "label_zh": zh, "label_en": en, "current": now_[key], "previous": before[key],
             "change": _change(now_[key], before[key]), "unit": "%" if key.endswith("_rate") else ""}
            for key, zh, en in METRICS]


def _volume(dimension):
    """Complaints by ``dimension`` in the period, the previous period beside them."""
    def run(tenant, start, end, visible):
        if dimension == "department":
            key, label = Case.department_id, Department.name
            joined = lambda q: q.outerjoin(Department, and_(Department.tenant_id == Case.tenant_id,  # noqa: E731
                                                            Department.id == Case.department_id))
        elif dimension == "handler":
            key, label = Case.assignee_id, User.name
            joined = lambda q: q.outerjoin(User, and_(User.tenant_id == Case.tenant_id,  # noqa: E731
                                                      User.id == Case.assignee_id))
        else:
            key, label = getattr(Case, dimension), getattr(Case, dimension)
            joined = lambda q: q  # noqa: E731

        def counts(lo, hi):
            return {row.key: row for row in db.session.execute(joined(
                select(key.label("key"), label.label("label"), func.count().label("total"),
                       func.coalesce(func.sum(when((Case.status.in_(HANDLED), 1), else_=0)), 0).label("handled"),
                       func.coalesce(func.sum(when((Case.major.is_(True), 1), else_=0)), 0).label("major")))
                .where(_received(tenant, lo, hi, visible)).group_by(key, label))}
        current, before = counts(start, end), counts(*previous(start, end))
        gettext, categories = _words(tenant)

        def name(k, raw):
            if k is None:
                return gettext("unclassified") if dimension == "category" else gettext("not assigned")
            if dimension == "category":
                return categories.get(k, k)
            return gettext(raw) if dimension == "channel" else raw
        rows = []
        for k in sorted(set(current) | set(before), key=lambda k: (-(current[k].total if k in current else 0), str(k))):
            c, b = current.get(k), before.get(k)
            total = c.total if c else 0
            rows.append({"key": k, "label": name(k, (c or b).label), "total": total, "previous": b.total if b else 0,
                         "change": total - (b.total if b else 0), "handled": c.handled if c else 0,
                         "handling_rate": _rate(c.handled, c.total) if c else None, "major": c.major if c else 0})
        return rows
    return run


def _timeliness(tenant, start, end, visible):
    gettext, _categories = _words(tenant)
    rows = []
    for kind, d in sorted(_deadline_figures(tenant, start, end, visible).items()):
        rows.append({"kind": gettext(kind), "due": d["due"], "on_time": d["on_time"], "late": d["late"],
                     "open": d["open"], "rate": _rate(d["on_time"], d["due"])})
    return rows


def _hot_spots(tenant, start, end, visible):
    """Categories and departments complained about whose count rose, largest rise first."""
    gettext, categories = _words(tenant)
    rows = []
    for dimension, column in (("category", Case.category), ("subject_department", Case.subject_department_id)):
        def counts(lo, hi):
            return dict(db.session.execute(select(column, func.count()).where(
                _received(tenant, lo, hi, visible), column.is_not(None)).group_by(column)).all())
        current, before = counts(start, end), counts(*previous(start, end))
        names = {}
        if dimension == "subject_department" and current:
            names = dict(db.session.execute(select(Department.id, Department.name).where(
                Department.tenant_id == tenant.id, Department.id.in_(list(current)))).all())
        for key, total in current.items():
            rise = total - before.get(key, 0)
            if rise > 0:
                rows.append({"dimension": gettext(dimension),
                             "key": names.get(key, key) if dimension != "category" else categories.get(key, key),
                             "total": total,
                             "previous": before.get(key, 0), "rise": rise})
    return sorted(rows, key=lambda r: (-r["rise"], -r["total"], str(r["key"])))[:50]


def _overdue(tenant, start, end, visible):
    """Open cases past a due time now (the period does not apply: this is today's list)."""
    now = utcnow()
    rows = db.session.execute(
        select(Case.reference, Case.title, Case.status, Case.next_due_at, Department.name.label("department"),
               User.name.label("handler"))
        .outerjoin(Department, and_(Department.tenant_id == Case.tenant_id, Department.id == Case.department_id))
        .outerjoin(User, and_(User.tenant_id == Case.tenant_id, User.id == Case.assignee_id))
        .where(Case.tenant_id == tenant.id, Case.status.in_(OPEN_STATUSES), Case.next_due_at <= now, visible)
        .order_by(Case.next_due_at, Case.id).limit(LIST_LIMIT)).all()
    gettext, _categories = _words(tenant)
    return [{"reference": r.reference, "title": r.title, "status": gettext(r.status), "department": r.department,
             "handler": r.handler, "due": r.next_due_at.astimezone(tenant.tz).strftime("%Y-%m-%d %H:%M"),
             "days_overdue": (now - r.next_due_at).days} for r in rows]


def _causes(tenant, start, end, visible):
    """What the period's replies said about cause, staff and corrective measures (Art. 12
    §12). A reply starts the return-visit deadline, so the period's replies are the
    follow-up deadlines started in it; the case keeps its latest reply."""
    rows = db.session.execute(
        select(Case.reference, Case.category, Case.reply)
        .join(Deadline, and_(Deadline.tenant_id == Case.tenant_id, Deadline.case_id == Case.id))
        .where(Deadline.tenant_id == tenant.id, Deadline.kind == "follow_up", Deadline.starts_at >= start,
               Deadline.starts_at < end, visible)
        .order_by(Deadline.starts_at, Deadline.id).limit(LIST_LIMIT)).all()
    _gettext, categories = _words(tenant)
    return [{"reference": r.reference, "category": categories.get(r.category, r.category),
             "cause": (r.reply or {}).get("cause"),
             "staff_action": (r.reply or {}).get("staff_action"),
             "corrective_measures": (r.reply or {}).get("corrective_measures")} for r in rows]


VOLUME_COLUMNS = (Column("label", "名称", "Name"), Column("total", "件数", "Complaints"),
                  Column("previous", "上期", "Previous period"), Column("change", "增减", "Change"),
                  Column("handled", "已办结", "Handled"), Column("handling_rate", "办结率（%）", "Handling rate (%)"),
                  Column("major", "重大", "Major"))

CORE_REPORTS = (
    Report("summary", "投诉处理情况汇总", "Complaint handling summary",
           (Column("label", "指标", "Metric"), Column("current", "本期", "This period"),
            Column("previous", "上期", "Previous period"), Column("change", "增减", "Change")),
           _summary, "Art. 12 §21, §24; Art. 17 6.5.4", chart=("label", "current", {"unit": "%"})),
    Report("volume_by_category", "按类别统计", "Complaints by category", VOLUME_COLUMNS,
           _volume("category"), "Art. 12 §24", chart=("label", "total")),
    Report("volume_by_channel", "按渠道统计", "Complaints by channel", VOLUME_COLUMNS,
           _volume("channel"), "Art. 12 §24", chart=("label", "total")),
    Report("volume_by_department", "按部门统计", "Complaints by department", VOLUME_COLUMNS,
           _volume("department"), "Art. 12 §8, §24", chart=("label", "total")),
    Report("volume_by_handler", "按承办人统计", "Complaints by handler", VOLUME_COLUMNS,
           _volume("handler"), "Art. 12 §8", chart=("label", "total")),
    Report("timeliness", "及时率（按时限类型）", "Timeliness by deadline",
           (Column("kind", "时限", "Deadline"), Column("due", "到期数", "Due"), Column("on_time", "按时", "On time"),
            Column("late", "逾期完成", "Met late"), Column("open", "逾期未完成", "Still open"),
            Column("rate", "及时率（%）", "Rate (%)")),
           _timeliness, "Art. 12 §11, §21", chart=("kind", "rate")),
    Report("hot_spots", "热点问题", "Hot spots",
           (Column("dimension", "维度", "Dimension"), Column("key", "类别或部门", "Category or department"),
            Column("total", "本期", "This period"), Column("previous", "上期", "Previous period"),
            Column("rise", "增加", "Rise")),
           _hot_spots, "Art. 12 §21", chart=("key", "rise")),
    Report("overdue", "超期未办结投诉", "Overdue complaints",
           (Column("reference", "编号", "Reference"), Column("title", "投诉事由", "Complaint"),
            Column("status", "状态", "Status"), Column("department", "处理部门", "Department"),
            Column("handler", "承办人", "Handler"), Column("due", "到期时间", "Due"),
            Column("days_overdue", "超期天数", "Days overdue")),
           _overdue, "Art. 12 §11; Art. 17 6.5.1"),
    Report("causes", "投诉原因与整改措施", "Causes and corrective measures",
           (Column("reference", "编号", "Reference"), Column("category", "类别", "Category"),
            Column("cause", "原因", "Cause"), Column("staff_action", "对相关人员的处理", "Staff action"),
            Column("corrective_measures", "整改措施", "Corrective measures")),
           _causes, "Art. 12 §12, §21"),
)
