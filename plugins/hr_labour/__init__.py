"""Human-resources and social-security bureau plugin (DOMAIN.md, hr_labour; Art. 11).
The routing table to the nine statutory channels arrives with the plugins issue."""
from core.toolkit import Category, Schema, fields, hookimpl, validate

# Art. 11: the matters a bureau receives, by the channel that handles them.
CATEGORIES = [
    Category("labour_dispute", "劳动争议", "Labour dispute", "arbitration"),
    Category("wage_arrears", "拖欠工资", "Unpaid wages", "inspection"),
    Category("social_insurance", "社会保险", "Social insurance", "inspection"),
    Category("work_injury", "工伤认定", "Work-injury determination", "administrative_review"),
    Category("disability_assessment", "劳动能力鉴定", "Work-capacity assessment", "reassessment"),
    Category("information_request", "信息公开", "Information disclosure", "disclosure"),
    Category("petition", "信访", "Petition", "petition"),
]


@hookimpl
def settings_schema():
    return None


@hookimpl
def register_categories(tenant):
    return CATEGORIES


@hookimpl
def case_fields(tenant):
    return {
        "employer": fields.String(validate=validate.Length(max=200), metadata={
            "public": True, "label_zh": "用人单位", "label_en": "Employer"}),
        "workers_affected": fields.Integer(validate=validate.Range(min=1, max=100000), metadata={
            "public": True, "label_zh": "涉及人数", "label_en": "Workers affected"}),
    }
