"""Bank plugin: categories and limits of a bank's complaint office (DOMAIN.md, bank;
Art. 1, 7, 8, 10, 12, 13 of the source). The full rules arrive with the plugins issue."""
from core.toolkit import Category, Limit, Schema, ValidationError, fields, hookimpl, lazy_gettext, validate

# Art. 12 §14: the classification by nature; "group" is the deadline class of Art. 12 §11.
CATEGORIES = [
    Category("work_error", "工作失误", "Work error", "general"),
    Category("service_attitude", "服务态度", "Service attitude", "general"),
    Category("internal_management", "内部管理", "Internal management", "general"),
    Category("service_product", "服务产品", "Service product", "complex"),
    Category("service_channel", "服务渠道", "Service channel", "complex"),
    Category("rule_violation", "违规操作", "Rule violation", "complex"),
    Category("financial_crime", "金融犯罪", "Financial crime", "inspection"),
]


class BankSettings(Schema):
    # Art. 12 §22: amounts above this make a complaint major.
    major_amount = fields.Integer(load_default=50000, validate=validate.Range(min=0))
    # Art. 12 §24: the 客户投诉情况登记表 is filed half-monthly or quarterly.
    register_period = fields.String(load_default="half_month",
                                    validate=validate.OneOf(["half_month", "quarter"]))


@hookimpl
def settings_schema():
    return BankSettings


@hookimpl
def register_categories(tenant):
    return CATEGORIES


def non_negative(value):
    # A function, not validate.Range: OpenAPI has no minimum for a decimal sent as a string.
    if value < 0:
        raise ValidationError(lazy_gettext("Must not be negative."))


@hookimpl
def case_fields(tenant):
    return {
        "branch": fields.String(validate=validate.Length(max=100), metadata={
            "public": True, "label_zh": "网点", "label_en": "Branch"}),
        "account_last4": fields.String(validate=validate.Regexp(r"^\d{4}$"), metadata={
            "label_zh": "账号后四位", "label_en": "Account (last four digits)"}),
        "amount": fields.Decimal(places=2, as_string=True, validate=non_negative, metadata={
            "public": True, "label_zh": "涉及金额（元）", "label_en": "Amount involved (yuan)"}),
    }


@hookimpl
def assess_severity(tenant, case):
    """Art. 12 §22: a disputed amount over the tenant's threshold (50,000 yuan) is major."""
    threshold = tenant.plugins.get("bank", {}).get("major_amount", 50000)
    amount = (case.fields or {}).get("amount")
    if amount is not None and float(amount) > threshold:
        return ["amount_over_threshold"]
    return []


# Art. 12 §11: general complaints are answered within 3 working days, complex ones within
# 7-10 (we hold the outer limit, 10; a tenant may set 7 in its settings).
RESOLVE_BY_GROUP = {"general": Limit(3, "working_days"), "complex": Limit(10, "working_days")}


@hookimpl
def deadline_policy(tenant, case, kind):
    if kind != "resolve":
        return None
    group = next((c.group for c in CATEGORIES if c.code == case.category), None)
    return RESOLVE_BY_GROUP.get(group)
