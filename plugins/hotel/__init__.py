"""Hotel plugin (DOMAIN.md "hotel"; source Art. 3, 4, 18). README.md lists every rule."""
from sqlalchemy import select

from core.toolkit import (Category, PluginAction, Schema, fields, handlers, hookimpl,
                          lazy_gettext as _l, managers, validate)

NAME = "hotel"

# Art. 4: the kinds of complaint, and the double-sold room (双重售房) incident.
CATEGORIES = [
    Category("service_attitude", "服务态度", "Service attitude"),
    Category("service_efficiency", "服务效率", "Service efficiency"),
    Category("facilities", "设施设备", "Facilities and equipment"),
    Category("product_quality", "产品质量", "Product (odour, hygiene, food)"),
    Category("emergency", "突发事件", "Unexpected events (transport, weather)"),
    Category("double_sold_room", "双重售房", "Double-sold room"),
]
FACILITIES = ("air_conditioning", "lighting", "water", "furniture", "lift")
PRODUCT_ISSUES = ("odour", "hygiene", "food")
EMERGENCIES = ("transport", "weather")
STAY_STAGES = ("before_arrival", "check_in", "in_house", "check_out", "after_departure")
# Art. 4 "补偿关照法": discount, waived charges (e.g. minibar), upgrade, gift or fruit basket,
# refund, money.
COMPENSATION_MENU = ["discount", "fee_waiver", "upgrade", "gift", "fruit_basket", "refund", "money"]
DEFAULT_LIMITS = {"intake": 0, "handler": 300, "supervisor": 2000, "admin": None, "auditor": 0}
# Art. 4, the remedy for a double-sold room: rehouse the arriving guest (same floor and type
# where possible, luggage moved, new key), the duty manager apologises to both guests and
# explains, reassures the guest who was disturbed, and offers extra care (wake-up call,
# breakfast...).
DOUBLE_SOLD_CHECKLIST = ["rehouse_guest", "apology_both_guests", "reassure_original_guest", "extra_service"]
MALICIOUS, PROPOSED = "malicious", "malicious_proposed"


class HotelSettings(Schema):
    # Art. 18: the duty manager (大堂副理) owns complaints; the department that holds them.
    duty_department = fields.String(load_default="DUTY", validate=validate.Length(min=1, max=32))
    # Art. 18: the duty manager's daily log goes to the general manager.
    daily_log = fields.Boolean(load_default=True)
    approval_limits = fields.Dict(keys=fields.String(validate=validate.OneOf(list(DEFAULT_LIMITS))),
                                  values=fields.Integer(allow_none=True, validate=validate.Range(min=0)),
                                  load_default=dict)


def settings(tenant):
    return HotelSettings().load((tenant.plugins or {}).get(NAME, {}))


@hookimpl
def settings_schema():
    return HotelSettings


@hookimpl
def register_categories(tenant):
    return CATEGORIES


@hookimpl
def case_fields(tenant):
    return {
        "room_number": fields.String(validate=validate.Length(max=20), metadata={
            "public": True, "label_zh": "房间号", "label_en": "Room number"}),
        "stay_from": fields.Date(metadata={"public": True, "label_zh": "入住日期", "label_en": "Arrival date"}),
        "stay_to": fields.Date(metadata={"public": True, "label_zh": "离店日期", "label_en": "Departure date"}),
        "booking_reference": fields.String(validate=validate.Length(max=40), metadata={"identifying": True, 
            "public": True, "label_zh": "预订号", "label_en": "Booking reference"}),
        "guest_history": fields.String(validate=validate.Length(max=40), metadata={"identifying": True, 
            "label_zh": "客史档案号", "label_en": "Guest history number"}),
        "stay_stage": fields.String(validate=validate.OneOf(STAY_STAGES), metadata={
            "label_zh": "发生环节", "label_en": "Stage of the stay"}),
        "facility": fields.String(validate=validate.OneOf(FACILITIES), metadata={
            "label_zh": "设施", "label_en": "Facility"}),
        "product_issue": fields.String(validate=validate.OneOf(PRODUCT_ISSUES), metadata={
            "label_zh": "产品问题", "label_en": "Product issue"}),
        "emergency_kind": fields.String(validate=validate.OneOf(EMERGENCIES), metadata={
            "label_zh": "突发事件类型", "label_en": "Kind of event"}),
    }


@hookimpl
def route_case(tenant, case):
    """Art. 18: complaints go to the duty manager (大堂副理)."""
    return {"department": settings(tenant)["duty_department"], "reason": "duty_manager"}


@hookimpl
def required_checks(tenant, case, action):
    """Art. 4: the double-sold room's remedy steps are recorded before the answer."""
    if action in (None, "reply") and case.category == "double_sold_room":
        return list(DOUBLE_SOLD_CHECKLIST)
    return []


@hookimpl
def compensation_rules(tenant):
    return {"menu": COMPENSATION_MENU, "limits": dict(DEFAULT_LIMITS) | settings(tenant)["approval_limits"]}


# --- guest history: malicious complainants (Art. 4: 恶意行为，记入客史档案（列入黑名单）) ---

class Reason(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class Note(Schema):
    note = fields.String(validate=validate.Length(max=2000))


def _propose(ctx, params):
    flags = set(ctx.case.flags or [])
    if MALICIOUS in flags or PROPOSED in flags:
        raise _refusal(_l("The guest history already holds or awaits this mark."))
    if ctx.case.anonymous or not ctx.case.complainant_phone:
        raise _refusal(_l("Only a guest with a phone number on file can be marked."))
    ctx.case.flags = sorted(flags | {PROPOSED})
    return {"reason": params["reason"], "proposed_by": ctx.actor.id}


def _approve(ctx, params):
    flags = set(ctx.case.flags or [])
    if PROPOSED not in flags:
        raise _refusal(_l("Nothing awaits approval."))
    from core.audit import CaseEvent
    from core.extensions import db
    proposer = db.session.scalar(select(CaseEvent.actor_id).where(
        CaseEvent.tenant_id == ctx.tenant.id, CaseEvent.case_id == ctx.case.id,
        CaseEvent.type == "propose_malicious").order_by(CaseEvent.seq.desc()).limit(1))
    if proposer == ctx.actor.id:
        raise _refusal(_l("Someone other than the proposer must approve."))
    ctx.case.flags = sorted((flags - {PROPOSED}) | {MALICIOUS})
    return {"note": params.get("note")}


def _remove(ctx, params):
    flags = set(ctx.case.flags or [])
    if not flags & {MALICIOUS, PROPOSED}:
        raise _refusal(_l("The guest history holds no such mark."))
    ctx.case.flags = sorted(flags - {MALICIOUS, PROPOSED})
    return {"reason": params["reason"]}


def _refusal(message):
    from core.errors import NotAllowedNow
    return NotAllowedNow(message)


ACTIONS = [
    PluginAction("propose_malicious", Reason, ("*",), handlers, _propose),
    PluginAction("approve_malicious", Note, ("*",), managers, _approve),
    PluginAction("remove_malicious", Reason, ("*",), managers, _remove),
]


@hookimpl
def register_actions(tenant):
    return ACTIONS


@hookimpl
def case_warnings(tenant, case, now):
    """The guest history shows at intake when a guest marked malicious complains again."""
    if case.anonymous or not case.complainant_phone:
        return []
    from core.cases.models import Case
    from core.extensions import db
    earlier = db.session.scalars(select(Case).where(
        Case.tenant_id == tenant.id, Case.complainant_phone == case.complainant_phone,
        Case.id != case.id).order_by(Case.id.desc()).limit(50)).all()
    marked = [c.reference for c in earlier if MALICIOUS in (c.flags or [])]
    if not marked:
        return []
    return [{"code": "guest_history_malicious", "message": _l(
        "Guest history: this guest's complaint %(refs)s was judged malicious.", refs=", ".join(marked))}]


@hookimpl
def register_reports(tenant):
    from plugins.hotel.reports import DAILY_LOG, WEEKLY_BY_DEPARTMENT
    return [DAILY_LOG, WEEKLY_BY_DEPARTMENT]


LABELS = (_l("rehouse_guest"), _l("apology_both_guests"), _l("reassure_original_guest"), _l("extra_service"),
          _l("propose_malicious"), _l("approve_malicious"), _l("remove_malicious"), _l("discount"),
          _l("fee_waiver"), _l("upgrade"), _l("gift"), _l("fruit_basket"), _l("refund"),
          _l("before_arrival"), _l("check_in"), _l("in_house"), _l("check_out"), _l("after_departure"))
# Settings fields, named on the tenant admin's settings form.
SETTING_LABELS = (_l("duty_department"), _l("daily_log"))
