"""Bank plugin: a bank's complaint office (DOMAIN.md "bank"; source Art. 1, 7, 8, 10, 12,
13). Every rule cites its article; README.md lists them."""
import re
from decimal import Decimal

from core.toolkit import (Category, Limit, Schema, ValidationError, earlier_case, fields, hookimpl,
                          lazy_gettext as _l, running_deadline, validate)

NAME = "bank"

# Art. 12 §14: the classification by nature; the group is the deadline class of §11.
CATEGORIES = [
    Category("work_error", "工作失误", "Work error", "general"),
    Category("service_attitude", "服务态度", "Service attitude", "general"),
    Category("internal_management", "内部管理", "Internal management", "general"),
    Category("service_product", "服务产品", "Service product", "complex"),
    Category("service_channel", "服务渠道", "Service channel", "complex"),
    Category("rule_violation", "违规操作", "Rule violation", "complex"),
    Category("financial_crime", "金融犯罪", "Financial crime", "inspection"),
]
GROUP = {c.code: c.group for c in CATEGORIES}
GROUP_LABELS = (_l("general"), _l("complex"), _l("inspection"))  # for the catalogue: reports show them

# Art. 7: the hall (厅堂) scenarios a complaint is classified by.
HALL_SCENARIOS = ("queueing", "counterfeit_note", "resource_limits", "policy_limits", "error",
                  "expired_number", "large_withdrawal")

# Remedies (Art. 12 §14: apologise, correct, compensate losses per the rules).
COMPENSATION_MENU = ["fee_refund", "error_correction", "goodwill_gift", "money"]
DEFAULT_LIMITS = {"intake": 0, "handler": 200, "supervisor": 5000, "admin": None, "auditor": 0}

HOUSE, STATUTORY = "house", "cbirc_2020"


def non_negative(value):
    # A function, not validate.Range: OpenAPI has no minimum for a decimal sent as a string.
    if value < 0:
        raise ValidationError(_l("Must not be negative."))


class MaskedAccount(fields.String):
    """An account or card number kept as its last four digits only (Art. 12 §6:
    confidentiality): whatever is stored, shown or exported is ``************1234``."""

    def _deserialize(self, value, attr, data, **kwargs):
        digits = re.sub(r"[\s-]", "", super()._deserialize(value, attr, data, **kwargs))
        if not re.fullmatch(r"\d{8,30}|\*+\d{4}", digits):
            raise ValidationError(_l("An account or card number has 8 to 30 digits."))
        return "*" * 12 + digits[-4:]


class BankSettings(Schema):
    # Art. 12 §22: disputed amounts above this make a complaint major (5万元).
    major_amount = fields.Integer(load_default=50000, validate=validate.Range(min=0))
    # Art. 12 §24: the 客户投诉情况登记表 is filed half-monthly or quarterly.
    register_period = fields.String(load_default="half_month",
                                    validate=validate.OneOf(["half_month", "quarter"]))
    # Art. 12 §11: general 3 working days, complex 7-10 (we hold 10); Art. 13 uses 1 and 5.
    general_days = fields.Integer(load_default=3, validate=validate.Range(min=1, max=30))
    complex_days = fields.Integer(load_default=10, validate=validate.Range(min=1, max=60))
    # The 2020 rules on banking and insurance consumer complaints (银行业保险业消费投诉处理
    # 管理办法, arts. 22-23): decide and tell within 15 days, 30 for complex cases, a further
    # 30 only with senior approval and notice to the complainant.
    profile = fields.String(load_default=HOUSE, validate=validate.OneOf([HOUSE, STATUTORY]))
    statutory_days = fields.Integer(load_default=15, validate=validate.Range(min=1, max=60))
    statutory_complex_days = fields.Integer(load_default=30, validate=validate.Range(min=1, max=90))
    statutory_extension_days = fields.Integer(load_default=30, validate=validate.Range(min=0, max=90))
    approval_limits = fields.Dict(keys=fields.String(validate=validate.OneOf(list(DEFAULT_LIMITS))),
                                  values=fields.Integer(allow_none=True, validate=validate.Range(min=0)),
                                  load_default=dict)
    # Where routed complaints go (Art. 12 §10, §14, §17): department codes.
    inspection_department = fields.String(load_default="INSP")
    office_department = fields.String(load_default="OFFICE")
    legal_department = fields.String(load_default="LEGAL")


def settings(tenant) -> dict:
    return BankSettings().load((tenant.plugins or {}).get(NAME, {}))


@hookimpl
def settings_schema():
    return BankSettings


@hookimpl
def register_categories(tenant):
    return CATEGORIES


@hookimpl
def case_fields(tenant):
    return {
        "branch": fields.String(validate=validate.Length(max=100), metadata={
            "public": True, "label_zh": "网点", "label_en": "Branch"}),
        "account": MaskedAccount(metadata={"label_zh": "账号/卡号", "label_en": "Account or card"}),
        "amount": fields.Decimal(places=2, as_string=True, validate=non_negative, metadata={
            "public": True, "label_zh": "涉及金额（元）", "label_en": "Amount involved (yuan)"}),
        "hall_scenario": fields.String(validate=validate.OneOf(HALL_SCENARIOS), metadata={
            "label_zh": "厅堂场景", "label_en": "Hall scenario"}),
        # Art. 12 §10: hotline complaints travel on a transfer order (转办单); a superior
        # office's supervision order (督办单) when one supervises.
        "transfer_order": fields.String(validate=validate.Length(max=40), metadata={
            "label_zh": "转办单号", "label_en": "Transfer order"}),
        "supervision_order": fields.String(validate=validate.Length(max=40), metadata={
            "label_zh": "督办单号", "label_en": "Supervision order"}),
        # Art. 12 §10: forwarded complaints keep their origin (上级行 / 政府部门).
        "origin": fields.String(validate=validate.Length(max=200), metadata={
            "label_zh": "转来单位", "label_en": "Forwarded by"}),
        "public_figure": fields.Boolean(metadata={"label_zh": "涉及社会知名人士", "label_en": "Public figure"}),
        "hot_topic": fields.Boolean(metadata={"label_zh": "热点敏感话题", "label_en": "Hot topic"}),
        "legal_dispute": fields.Boolean(metadata={"label_zh": "需诉讼解决", "label_en": "Needs a court"}),
    }


@hookimpl
def prepare_case(tenant, case):
    """Art. 12 §10: a hotline complaint gets its transfer-order number (转办单)."""
    if case.channel == "phone" and not (case.fields or {}).get("transfer_order"):
        case.fields = dict(case.fields or {}) | {"transfer_order": f"ZB-{case.reference}"}


@hookimpl
def route_case(tenant, case):
    conf = settings(tenant)
    if case.category == "financial_crime":  # Art. 12 §14: to the inspection (监察) function
        return {"department": conf["inspection_department"], "reason": "financial_crime"}
    if case.channel == "media":  # Art. 12 §10: the president's office answers the press
        return {"department": conf["office_department"], "reason": "media"}
    if (case.fields or {}).get("legal_dispute"):  # Art. 12 §17: disputes for a court
        return {"department": conf["legal_department"], "reason": "legal_dispute"}
    return None


@hookimpl
def assess_severity(tenant, case):
    """Art. 12 §10, §22: amounts over 50,000 yuan, public figures, hot topics, media;
    §18: a repeat complaint after an answer the complainant was not satisfied with."""
    reasons, data = [], case.fields or {}
    amount = data.get("amount")
    if amount is not None and Decimal(str(amount)) > settings(tenant)["major_amount"]:
        reasons.append("amount_over_threshold")
    if data.get("public_figure"):
        reasons.append("public_figure")
    if data.get("hot_topic"):
        reasons.append("hot_topic")
    if case.channel == "media":
        reasons.append("media")
    earlier = earlier_case(tenant, case)
    if earlier is not None and earlier.satisfaction == "dissatisfied":
        reasons.append("repeat_after_dissatisfaction")
    return reasons


@hookimpl
def required_checks(tenant, case, action):
    """Art. 12 §10: for a major hotline complaint the call recording is re-listened to
    (复听电话录音) before a resolution is proposed. §22: a major complaint is reported to
    the local regulator (银监局) before it is answered."""
    checks = []
    if action in (None, "propose") and case.major and case.channel == "phone":
        checks.append("recording_recheck")
    if action in (None, "reply") and case.major:
        checks.append("regulator_report")
    return checks


@hookimpl
def register_reports(tenant):
    from plugins.bank.reports import BY_CATEGORY, REGISTER
    return [REGISTER, BY_CATEGORY]


@hookimpl
def deadline_policy(tenant, case, kind):
    conf = settings(tenant)
    if kind != "resolve":
        return None
    group = GROUP.get(case.category)
    if conf["profile"] == STATUTORY:
        days = conf["statutory_complex_days"] if group == "complex" else conf["statutory_days"]
        return Limit(days, "days")
    if group == "general":
        return Limit(conf["general_days"], "working_days")
    if group == "complex":
        return Limit(conf["complex_days"], "working_days")
    return None


@hookimpl
def validate_action(tenant, case, action, params, actor):
    """Under the 2020 statutory profile an extension adds at most 30 days and needs a
    senior (admin) approval."""
    conf = settings(tenant)
    if action != "extend" or conf["profile"] != STATUTORY:
        return []
    messages = []
    if actor.role != "admin":
        messages.append(_l("Under the statutory profile only an admin may extend."))
    current = running_deadline(tenant, case, params.get("kind", "resolve"))
    cap = conf["statutory_extension_days"]
    if current is not None and (params["due_at"] - current.original_due_at).total_seconds() > cap * 86400:
        messages.append(_l("Under the statutory profile an extension adds at most %(days)d days.", days=cap))
    return messages


@hookimpl
def compensation_rules(tenant):
    limits = dict(DEFAULT_LIMITS) | settings(tenant)["approval_limits"]
    return {"menu": COMPENSATION_MENU, "limits": limits}


# Codes shown to users (major reasons, checks, hall scenarios), listed for translation.
LABELS = (_l("recording_recheck"), _l("regulator_report"), _l("amount_over_threshold"), _l("public_figure"), _l("hot_topic"),
          _l("media"), _l("repeat_after_dissatisfaction"), _l("queueing"), _l("counterfeit_note"),
          _l("resource_limits"), _l("policy_limits"), _l("error"), _l("expired_number"),
          _l("large_withdrawal"), _l("fee_refund"), _l("error_correction"), _l("goodwill_gift"),
          _l("money"))
# Settings fields, named on the tenant admin's settings form.
SETTING_LABELS = (_l("major_amount"), _l("register_period"), _l("general_days"),
                  _l("complex_days"), _l("profile"), _l("statutory_days"),
                  _l("statutory_complex_days"), _l("statutory_extension_days"),
                  _l("inspection_department"), _l("office_department"), _l("legal_department"),
                  _l("half_month"), _l("quarter"), _l("house"), _l("cbirc_2020"))
