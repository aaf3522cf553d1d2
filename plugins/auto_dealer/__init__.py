"""Car-dealership (4S store) plugin (DOMAIN.md "auto_dealer"; source Art. 5, the after-sales
complaint procedure). README.md lists every rule."""
from datetime import datetime, time, timedelta

from core.toolkit import (Category, Limit, PluginAction, Schema, ValidationError, fields, handlers,
                          hookimpl, lazy_gettext as _l, managers_of, meet_deadlines, notify_staff,
                          start_deadline, validate, validates_schema)

NAME = "auto_dealer"
# Art. 5 二(一)2: clear-liability complaints — quality, service attitude, workshop conduct
# (文明生产), delay (工期延误); unclear ones — quality not yet determinable, parts delay,
# customer absent, customer without time — go to the pending-matters ledger (未了事宜台帐).
CATEGORIES = [
    Category("repair_quality", "维修质量", "Repair quality", "clear"),
    Category("service_attitude", "服务态度", "Service attitude", "clear"),
    Category("workshop_conduct", "文明生产", "Workshop conduct", "clear"),
    Category("repair_delay", "工期延误", "Repair delay", "clear"),
    Category("charges", "收费", "Charges", "clear"),
    Category("vehicle_quality", "车辆质量（责任待定）", "Vehicle quality (liability unclear)", "unclear"),
    Category("parts_delay", "配件延时", "Parts delay", "unclear"),
    Category("customer_absent", "客户不在场或没有时间", "Customer absent or without time", "unclear"),
]
GROUP = {c.code: c.group for c in CATEGORIES}
# Art. 5 一(四)3-4: free re-repair for the dealer's faults; discounts or waived labour fees
# when not at fault.
COMPENSATION_MENU = ["free_rerepair", "labour_fee_waiver", "discount"]
PENDING = "pending_ledger"


class DealerSettings(Schema):
    # Art. 5: the hour limits count the dealership's opening hours.
    opens = fields.Time(load_default=time(8, 30))
    closes = fields.Time(load_default=time(18, 0))
    open_days = fields.List(fields.Integer(validate=validate.Range(min=0, max=6)),
                            load_default=lambda: [0, 1, 2, 3, 4, 5, 6])  # Monday = 0
    report_hours = fields.Integer(load_default=1, validate=validate.Range(min=1, max=24))
    determine_hours = fields.Integer(load_default=24, validate=validate.Range(min=1, max=240))
    unreachable_hours = fields.Integer(load_default=48, validate=validate.Range(min=1, max=240))
    review_hours = fields.Integer(load_default=4, validate=validate.Range(min=1, max=48))
    final_hours = fields.Integer(load_default=8, validate=validate.Range(min=1, max=48))
    return_visit_hours = fields.Integer(load_default=24, validate=validate.Range(min=1, max=240))
    ledger_reminder_day = fields.Integer(load_default=4, validate=validate.Range(min=1, max=28))
    customer_department = fields.String(load_default="CRM", validate=validate.Length(min=1, max=32))

    @validates_schema
    def opening_hours_make_sense(self, data, **kwargs):
        if not data.get("open_days"):
            raise ValidationError(_l("Name at least one opening day."), "open_days")
        if data["opens"] >= data["closes"]:
            raise ValidationError(_l("Opening must come before closing."), "closes")


def settings(tenant):
    return DealerSettings().load((tenant.plugins or {}).get(NAME, {}))





def add_opening_hours(start: datetime, hours: int, conf, tz) -> datetime:
    """``start`` plus ``hours`` counted only while the dealership is open."""
    remaining = timedelta(hours=hours)
    moment = start.astimezone(tz)
    for _ in range(3660):
        day = moment.date()
        opens = datetime.combine(day, conf["opens"], tzinfo=tz)
        closes = datetime.combine(day, conf["closes"], tzinfo=tz)
        if day.weekday() in conf["open_days"] and moment < closes:
            moment = max(moment, opens)
            if moment + remaining <= closes:
                return moment + remaining
            remaining -= closes - moment
        moment = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    raise ValueError("the dealership is never open")


def _start_hours(tenant, case, kind, starts_at, hours):
    due = add_opening_hours(starts_at, hours, settings(tenant), tenant.tz)
    return start_deadline(tenant, case, kind, starts_at, due=due, limit=Limit(hours, "opening_hours"))


@hookimpl
def settings_schema():
    return DealerSettings


@hookimpl
def register_categories(tenant):
    return CATEGORIES


@hookimpl
def case_fields(tenant):
    return {
        "plate": fields.String(validate=validate.Length(max=16), metadata={"identifying": True, 
            "public": True, "label_zh": "车牌号", "label_en": "Plate number"}),
        "vin": fields.String(validate=validate.Regexp(r"^[A-HJ-NPR-Z0-9]{17}$"), metadata={"identifying": True, 
            "public": True, "label_zh": "车架号", "label_en": "VIN"}),
        "work_order": fields.String(validate=validate.Length(max=40), metadata={
            "public": True, "label_zh": "维修工单号", "label_en": "Repair order"}),
        "service_advisor": fields.String(validate=validate.Length(max=60), metadata={
            "label_zh": "服务顾问", "label_en": "Service advisor"}),
        "feedback_form": fields.String(validate=validate.Length(max=40), metadata={
            "label_zh": "客户信息反馈处理单号", "label_en": "Feedback form"}),
        "customer_unreachable": fields.Boolean(metadata={
            "label_zh": "24小时内未联系上客户", "label_en": "Customer not reached within 24 h"}),
    }


@hookimpl
def prepare_case(tenant, case):
    """Art. 5 二(一)2: every complaint gets its feedback-form number (客户信息反馈处理单)."""
    if not (case.fields or {}).get("feedback_form"):
        case.fields = dict(case.fields or {}) | {"feedback_form": f"FK-{case.reference}"}


@hookimpl
def route_case(tenant, case):
    """Art. 5 二(一)1: reported to the customer manager (客户经理 / 客户服务中心)."""
    return {"department": settings(tenant)["customer_department"], "reason": "customer_manager"}


@hookimpl
def deadline_policy(tenant, case, kind):
    conf = settings(tenant)
    if kind == "acknowledge":  # Art. 5 二(一)1: to the customer manager within 1 hour
        return Limit(conf["report_hours"], "hours")
    if kind == "follow_up":  # Art. 5 回访流程: return visit within 24 hours of handling
        return Limit(conf["return_visit_hours"], "hours")
    return None


@hookimpl
def on_case_event(tenant, case, event):
    """The clear-liability clock of Art. 5 二(一)2, in opening hours: responsibility within
    24 h of receipt (48 h when the customer could not be reached), management review within
    4 h of it, final handling within 8 h of the review."""
    conf = settings(tenant)
    if event.type == "register":
        notify_staff(tenant, case, event, "case_to_customer_manager", managers_of(tenant, case),
                     {"feedback_form": case.fields.get("feedback_form")})
    elif event.type == "accept" and GROUP.get(case.category) == "clear":
        hours = conf["unreachable_hours"] if case.fields.get("customer_unreachable") else conf["determine_hours"]
        _start_hours(tenant, case, "determine", case.received_at, hours)
    elif event.type == "determine":
        if meet_deadlines(tenant, case, ("determine",), event.created_at):
            _start_hours(tenant, case, "review", event.created_at, conf["review_hours"])
    elif event.type == "approve":
        if meet_deadlines(tenant, case, ("review",), event.created_at):
            _start_hours(tenant, case, "final", event.created_at, conf["final_hours"])
    elif event.type == "reply":
        meet_deadlines(tenant, case, ("review", "final"), event.created_at)


# --- the pending-matters ledger and home visits -------------------------------------------

class Note(Schema):
    note = fields.String(required=True, validate=validate.Length(min=1, max=2000))


def _general_manager(ctx):
    return ctx.actor.role == "admin"


_general_manager.label = _l("the general manager (admin)")


def _to_ledger(ctx, params):
    """Art. 5 二(一)2 (unclear liability): with the general manager's consent the case waits
    on the pending-matters ledger until the customer can come."""
    if GROUP.get(ctx.case.category) != "unclear":
        raise _refuse(_l("Only complaints whose liability cannot yet be determined go to the ledger."))
    ctx.case.flags = sorted(set(ctx.case.flags or []) | {PENDING})
    return dict(params)


def _off_ledger(ctx, params):
    if PENDING not in (ctx.case.flags or []):
        raise _refuse(_l("The case is not on the pending-matters ledger."))
    ctx.case.flags = sorted(set(ctx.case.flags) - {PENDING})
    return dict(params)


def _approve_visit(ctx, params):
    ctx.case.flags = sorted(set(ctx.case.flags or []) | {"home_visit_approved"})
    return dict(params)


def _home_visit(ctx, params):
    """Art. 5: a major complaint's home visit needs the general manager's approval first."""
    if ctx.case.major and "home_visit_approved" not in (ctx.case.flags or []):
        raise _refuse(_l("A major complaint's home visit needs the general manager's approval first."))
    return dict(params)


def _refuse(message):
    from core.errors import NotAllowedNow
    return NotAllowedNow(message)


ACTIONS = [
    PluginAction("to_pending_ledger", Note, ("open",), _general_manager, _to_ledger),
    PluginAction("off_pending_ledger", Note, ("open",), handlers, _off_ledger),
    PluginAction("approve_home_visit", Note, ("open",), _general_manager, _approve_visit),
    PluginAction("home_visit", Note, ("open",), handlers, _home_visit),
]


@hookimpl
def register_actions(tenant):
    return ACTIONS


@hookimpl
def validate_action(tenant, case, action, params, actor):
    """Art. 5 (三): every step has a main and a deputy responsible person, so that a day off
    delays nothing: assigning a handler names a deputy too."""
    if action == "assign" and params.get("assignee") and not (params.get("deputy") or case.deputy_id):
        return [_l("Name a deputy as well, so that a day off delays nothing.")]
    return []


@hookimpl
def on_sweep(tenant, now):
    """Art. 5: on the 4th of each month the customer manager reminds the customers of last
    month's pending matters; the reminder goes out once a month."""
    conf = settings(tenant)
    local = now.astimezone(tenant.tz)
    if local.day != conf["ledger_reminder_day"]:
        return
    from core.auth.models import User
    from core.extensions import db
    from core.outbox import OutboxMessage
    from core.tenancy import department_by_code, scoped
    month = local.strftime("%Y-%m")
    if db.session.query(OutboxMessage.id).filter(
            OutboxMessage.tenant_id == tenant.id,
            OutboxMessage.idempotency_key.like(f"ledger:{month}:%")).first():
        return  # this month's reminder went out already
    from plugins.auto_dealer.reports import pending_cases
    cases = pending_cases(tenant)
    if not cases:
        return
    department = department_by_code(tenant, conf["customer_department"])
    managers = db.session.scalars(scoped(User, tenant).where(
        User.role.in_(("supervisor", "admin")), User.active.is_(True),
        *([User.department_id == department.id] if department else [])).limit(50)).all()
    for user in managers:
        key = f"ledger:{month}:{user.id}"
        db.session.add(OutboxMessage(tenant_id=tenant.id, template="pending_ledger_reminder", channel="email",
                                     recipient=user.email, user_id=user.id, locale=user.locale or tenant.locale,
                                     payload={"month": month, "references": [c.reference for c in cases]},
                                     idempotency_key=key))


@hookimpl
def compensation_rules(tenant):
    return {"menu": COMPENSATION_MENU,
            "limits": {"intake": 0, "handler": 500, "supervisor": 3000, "admin": None, "auditor": 0}}


@hookimpl
def register_reports(tenant):
    from plugins.auto_dealer.reports import LEDGER, REWARDS_PENALTIES, SUMMARY
    return [SUMMARY, REWARDS_PENALTIES, LEDGER]


LABELS = (_l("determine"), _l("review"), _l("final"), _l("to_pending_ledger"), _l("off_pending_ledger"),
          _l("approve_home_visit"), _l("home_visit"), _l("free_rerepair"), _l("labour_fee_waiver"),
          _l("opening_hours"), _l("pending_ledger"))


@hookimpl
def notification_templates(tenant):
    return {
        "case_to_customer_manager": {
            "zh_CN": ("客户信息反馈处理单 {feedback_form}", "新的客户投诉“{title}”（{reference}），请在1小时内处理。"),
            "en": ("Feedback form {feedback_form}", "New complaint “{title}” ({reference}): take it up within 1 hour."),
        },
        "pending_ledger_reminder": {
            "zh_CN": ("{month} 未了事宜提醒", "请联系以下未了事宜的客户及时回厂处理：{references}"),
            "en": ("Pending matters {month}", "Remind these customers to come back: {references}"),
        },
    }
# Settings fields, named on the tenant admin's settings form.
SETTING_LABELS = (_l("opens"), _l("closes"), _l("open_days"), _l("report_hours"),
                  _l("determine_hours"), _l("unreachable_hours"), _l("review_hours"),
                  _l("final_hours"), _l("return_visit_hours"), _l("ledger_reminder_day"),
                  _l("customer_department"))
