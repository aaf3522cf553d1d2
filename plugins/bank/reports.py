"""The bank's own reports (Art. 12 §24): the 客户投诉情况登记表 for a period (half-month or
quarter) and the statistics by the §14 categories."""
from sqlalchemy import case as when, func, select

from core.cases.models import Case
from core.extensions import db
from core.reports import Column, Report
from core.tenancy import Department

MAX_ROWS = 10000  # a half-month or quarter of one bank is far below this


def _register(tenant, start, end, visible):
    from plugins.bank import GROUP
    rows = db.session.execute(
        select(Case.reference, Case.received_at, Case.channel, Case.category, Case.title,
               Case.status, Case.satisfaction, Case.major, Case.fields, Department.name)
        .outerjoin(Department, (Department.tenant_id == Case.tenant_id) & (Department.id == Case.department_id))
        .where(Case.tenant_id == tenant.id, Case.received_at >= start, Case.received_at < end, visible)
        .order_by(Case.received_at, Case.id).limit(MAX_ROWS)).all()
    return [{"reference": r.reference, "received": r.received_at.astimezone(tenant.tz).strftime("%Y-%m-%d %H:%M"),
             "channel": r.channel, "category": r.category, "class": GROUP.get(r.category),
             "branch": (r.fields or {}).get("branch"), "title": r.title, "department": r.name,
             "status": r.status, "satisfaction": r.satisfaction, "major": r.major}
            for r in rows]


def _by_category(tenant, start, end, visible):
    from plugins.bank import CATEGORIES
    counts = {row.category: row for row in db.session.execute(
        select(Case.category, func.count().label("total"),
               func.sum(when((Case.major.is_(True), 1), else_=0)).label("major"),
               func.sum(when((Case.status == "closed", 1), else_=0)).label("closed"))
        .where(Case.tenant_id == tenant.id, Case.received_at >= start, Case.received_at < end, visible)
        .group_by(Case.category)).all()}
    rows = []
    for category in CATEGORIES:
        row = counts.get(category.code)
        rows.append({"category": category.code, "label_zh": category.label_zh, "label_en": category.label_en,
                     "class": category.group,
                     "total": row.total if row else 0, "major": int(row.major or 0) if row else 0,
                     "closed": int(row.closed or 0) if row else 0})
    unclassified = counts.get(None)
    rows.append({"category": None, "label_zh": "未分类", "label_en": "Unclassified", "class": None,
                 "total": unclassified.total if unclassified else 0,
                 "major": int(unclassified.major or 0) if unclassified else 0,
                 "closed": int(unclassified.closed or 0) if unclassified else 0})
    return rows


REGISTER = Report(
    "bank_complaint_register", "客户投诉情况登记表", "Customer complaint register",
    (Column("reference", "编号", "Reference"), Column("received", "受理时间", "Received"),
     Column("channel", "渠道", "Channel", "code"), Column("category", "类别", "Category", "category"),
     Column("class", "类型", "Class", "code"), Column("branch", "网点", "Branch"),
     Column("title", "投诉事由", "Complaint"), Column("department", "处理部门", "Department"),
     Column("status", "处理情况", "Status", "code"), Column("satisfaction", "客户满意度", "Satisfaction", "code"),
     Column("major", "重大投诉", "Major")),
    _register, "Art. 12 §24")

BY_CATEGORY = Report(
    "bank_by_category", "客户投诉统计表（按类别）", "Complaints by category",
    (Column("category", "类别代码", "Category code"), Column("label", "类别", "Category"),
     Column("class", "类型", "Class", "code"), Column("total", "件数", "Complaints"),
     Column("major", "重大", "Major"), Column("closed", "已办结", "Closed")),
    _by_category, "Art. 12 §14, §24")
