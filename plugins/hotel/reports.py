"""The hotel's reports (Art. 18): the duty manager's daily complaint log for the general
manager, and the weekly summary by department."""
from sqlalchemy import func, select

from core.cases.models import Case
from core.extensions import db
from core.reports import Column, Report
from core.tenancy import Department

MAX_ROWS = 5000


def _daily_log(tenant, start, end, visible):
    rows = db.session.execute(
        select(Case.reference, Case.received_at, Case.category, Case.title, Case.status,
               Case.fields, Case.compensation, Department.name)
        .outerjoin(Department, (Department.tenant_id == Case.tenant_id) & (Department.id == Case.department_id))
        .where(Case.tenant_id == tenant.id, Case.received_at >= start, Case.received_at < end, visible)
        .order_by(Case.received_at, Case.id).limit(MAX_ROWS)).all()
    return [{"reference": r.reference, "time": r.received_at.astimezone(tenant.tz).strftime("%Y-%m-%d %H:%M"),
             "room": (r.fields or {}).get("room_number"), "category": r.category, "title": r.title,
             "department": r.name, "status": r.status,
             "compensation": (r.compensation or {}).get("kind")} for r in rows]


def _weekly(tenant, start, end, visible):
    rows = db.session.execute(
        select(Department.name, Case.category, func.count())
        .outerjoin(Department, (Department.tenant_id == Case.tenant_id) & (Department.id == Case.department_id))
        .where(Case.tenant_id == tenant.id, Case.received_at >= start, Case.received_at < end, visible)
        .group_by(Department.name, Case.category).order_by(Department.name, Case.category)).all()
    return [{"department": name, "category": category, "total": total} for name, category, total in rows]


DAILY_LOG = Report(
    "hotel_daily_log", "大堂副理每日投诉记录", "Duty manager's daily complaint log",
    (Column("reference", "编号", "Reference"), Column("time", "时间", "Time"), Column("room", "房号", "Room"),
     Column("category", "类别", "Category", "category"), Column("title", "投诉内容", "Complaint"),
     Column("department", "部门", "Department"), Column("status", "处理情况", "Status", "code"),
     Column("compensation", "补偿方式", "Compensation", "code")),
    _daily_log, "Art. 18")

WEEKLY_BY_DEPARTMENT = Report(
    "hotel_weekly_by_department", "每周投诉汇总（按部门）", "Weekly summary by department",
    (Column("department", "部门", "Department"), Column("category", "类别", "Category", "category"),
     Column("total", "件数", "Complaints")),
    _weekly, "Art. 18")
