"""The dealership's reports (Art. 5 二(二)): the feedback-form summary (every Tuesday and on
the 2nd of the month), rewards and penalties for finance (the 4th), and the pending-matters
ledger (未了事宜台帐)."""

from core.cases.models import OPEN_STATUSES, Case
from core.extensions import db
from core.reports import Column, Report
from core.tenancy import scoped

MAX_ROWS = 5000


def pending_cases(tenant, visible=None):
    """Open cases on the pending-matters ledger. The flag lives in the JSON ``flags``, so
    open cases (bounded by MAX_ROWS) are read and filtered here; a flag table would let SQL
    do it (noted for the hardening issue)."""
    query = scoped(Case, tenant).where(Case.status.in_(OPEN_STATUSES))
    if visible is not None:
        query = query.where(visible)
    open_cases = db.session.scalars(query
                                    .order_by(Case.received_at).limit(MAX_ROWS)).all()
    return [c for c in open_cases if "pending_ledger" in (c.flags or [])]


def _summary(tenant, start, end, visible):
    rows = db.session.scalars(scoped(Case, tenant).where(Case.received_at >= start, Case.received_at < end, visible)
                              .order_by(Case.received_at, Case.id).limit(MAX_ROWS)).all()
    return [{"feedback_form": (c.fields or {}).get("feedback_form"), "reference": c.reference,
             "received": c.received_at.astimezone(tenant.tz).strftime("%Y-%m-%d %H:%M"),
             "plate": (c.fields or {}).get("plate"), "category": c.category, "status": c.status,
             "responsibility": c.responsibility} for c in rows]


def _rewards_penalties(tenant, start, end, visible):
    rows = db.session.scalars(scoped(Case, tenant).where(
        Case.received_at >= start, Case.received_at < end, visible,
        Case.responsibility.in_(["liable", "partly_liable"])).order_by(Case.received_at).limit(MAX_ROWS)).all()
    return [{"reference": c.reference, "feedback_form": (c.fields or {}).get("feedback_form"),
             "responsibility": c.responsibility, "findings": c.findings,
             "staff_action": (c.reply or {}).get("staff_action"),
             "compensation": (c.compensation or {}).get("kind"),
             "amount": (c.compensation or {}).get("amount")} for c in rows]


def _ledger(tenant, start, end, visible):
    return [{"reference": c.reference, "feedback_form": (c.fields or {}).get("feedback_form"),
             "received": c.received_at.astimezone(tenant.tz).strftime("%Y-%m-%d"), "category": c.category,
             "plate": (c.fields or {}).get("plate"), "title": c.title}
            for c in pending_cases(tenant, visible) if start <= c.received_at < end]


SUMMARY = Report(
    "dealer_feedback_summary", "客户信息反馈处理单汇总", "Feedback-form summary",
    (Column("feedback_form", "反馈单号", "Feedback form"), Column("reference", "编号", "Reference"),
     Column("received", "受理时间", "Received"), Column("plate", "车牌号", "Plate"),
     Column("category", "类别", "Category", "category"), Column("status", "处理情况", "Status", "code"),
     Column("responsibility", "责任认定", "Responsibility", "code")),
    _summary, "Art. 5 二(二)2")

REWARDS_PENALTIES = Report(
    "dealer_rewards_penalties", "奖罚情况汇总（报财务部）", "Rewards and penalties (for finance)",
    (Column("reference", "编号", "Reference"), Column("feedback_form", "反馈单号", "Feedback form"),
     Column("responsibility", "责任认定", "Responsibility", "code"), Column("findings", "认定情况", "Findings"),
     Column("staff_action", "对责任人处理", "Staff action"), Column("compensation", "补偿", "Compensation", "code"),
     Column("amount", "金额", "Amount")),
    _rewards_penalties, "Art. 5 二(二)3")

LEDGER = Report(
    "dealer_pending_ledger", "未了事宜台帐", "Pending-matters ledger",
    (Column("reference", "编号", "Reference"), Column("feedback_form", "反馈单号", "Feedback form"),
     Column("received", "受理日期", "Received"), Column("category", "类别", "Category", "category"),
     Column("plate", "车牌号", "Plate"), Column("title", "事由", "Matter")),
    _ledger, "Art. 5 二(一)2")
