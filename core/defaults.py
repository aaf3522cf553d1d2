"""The core's own hook implementations: the defaults any plugin can override.

A tenant without a fitting plugin configures its categories in ``settings["categories"]``
(a list of ``{code, label_zh, label_en}``).
"""
from core.hookspecs import hookimpl
from core.calendar import WORKING_DAYS
from core.definitions import Category, Limit


@hookimpl(trylast=True)
def register_categories(tenant):
    return [Category(code=c["code"], label_zh=c.get("label_zh", c["code"]),
                     label_en=c.get("label_en", c["code"]), group=c.get("group", ""))
            for c in (tenant.settings or {}).get("categories", [])]


@hookimpl(trylast=True)
def route_case(tenant, case):
    """``settings["routing"]``: category code → department code."""
    department = (tenant.settings or {}).get("routing", {}).get(case.category)
    return {"department": department, "reason": case.category} if department else None


# Core deadline defaults (DOMAIN.md "Deadlines"): acknowledge at once (Art. 13: say the
# complaint was received and how long it will take) — one working day; decide within 3
# (Art. 17 5.2.1, the mall: 3 days); reply within 7 working days (Art. 12 §11: complex
# complaints 7-10, general 3; plugins refine by category); follow-up visit within 2
# working days after the reply (Art. 17 6.5.2).
DEFAULT_LIMITS = {
    "acknowledge": Limit(1, WORKING_DAYS),
    "decide": Limit(3, WORKING_DAYS),
    "resolve": Limit(7, WORKING_DAYS),
    "follow_up": Limit(2, WORKING_DAYS),
}

# Tiered authority (分级授权, Art. 4, 5): what each role may grant on its own, in the
# tenant's currency; None = no limit. Plugins and tenant settings override.
DEFAULT_APPROVAL_LIMITS = {"intake": 0, "handler": 500, "supervisor": 10000, "admin": None,
                           "auditor": 0}


@hookimpl(trylast=True)
def deadline_policy(tenant, case, kind):
    return DEFAULT_LIMITS.get(kind)  # plugins answer for kinds of their own


@hookimpl(trylast=True)
def compensation_rules(tenant):
    return {"menu": list((tenant.settings or {}).get("compensation_menu", [])),
            "limits": dict(DEFAULT_APPROVAL_LIMITS)}


@hookimpl(trylast=True)
def assess_severity(tenant, case):
    """``settings["major_categories"]``: categories that are major by themselves."""
    return ["major_category"] if case.category in (tenant.settings or {}).get("major_categories", []) else []


@hookimpl(trylast=True)
def reply_requirements(tenant, case):
    """``settings["reply_requirements"]``: elements every reply must carry in ``extra``."""
    return list((tenant.settings or {}).get("reply_requirements", []))


@hookimpl(trylast=True)
def register_reports(tenant):
    from core.statistics import CORE_REPORTS
    return list(CORE_REPORTS)
