"""Human-resources and social-security bureau plugin (DOMAIN.md "hr_labour"; source Art. 11):
each request goes to one of nine statutory channels by its matter. The routing table is
``matters.py``, a transcription of Art. 11; README.md lists every rule."""
from datetime import date, datetime, time, timedelta

from plugins.hr_labour.matters import CHANNELS, MATTERS, matter as matter_of
from core.toolkit import (Category, Limit, Schema, due_after, fields, hookimpl, lazy_gettext as _l,
                          running_deadline, validate)

NAME = "hr_labour"
EMPLOYER_TYPES = ("enterprise", "public_institution", "government", "individual", "other")
COLLECTIVE = 5  # DOMAIN.md "Major complaints": collective = 5 or more on the same matter


class Body(Schema):
    body = fields.String(validate=validate.Length(max=200))
    address = fields.String(validate=validate.Length(max=300))
    phone = fields.String(validate=validate.Length(max=60))
    department = fields.String(validate=validate.Length(max=32))


class LimitSetting(Schema):
    amount = fields.Integer(required=True, validate=validate.Range(min=1, max=400))
    unit = fields.String(required=True, validate=validate.OneOf(["days", "working_days"]))
    extension = fields.Integer(load_default=0, validate=validate.Range(min=0, max=400))


def _limit(amount, unit, extension=0):
    return {"amount": amount, "unit": unit, "extension": extension}


# The bureau's own units' statutory limits (the issue's defaults, from the national rules
# Art. 11 points to): labour inspection accepts within 5 working days and concludes within
# 60 (30 more with approval) (劳动保障监察条例 第十七条, 实施办法 第十五条); labour arbitration
# decides acceptance within 5 days and awards within 45 (15 more) (劳动争议调解仲裁法 第二十九条、
# 第四十三条). Art. 11 itself: petitions are told in writing within 15 days whether they are
# accepted (信访条例); reports are handled within 30 days, at most 60.
DEFAULT_LIMITS = {
    "inspection": {"decide": _limit(5, "working_days"), "resolve": _limit(60, "working_days", 30)},
    "arbitration": {"decide": _limit(5, "days"), "resolve": _limit(45, "days", 15)},
    "petition": {"decide": _limit(15, "days")},
    "report": {"resolve": _limit(30, "days", 30)},
}


class LabourSettings(Schema):
    # Per channel: {"body", "address", "phone", "department"} overriding Art. 11's example.
    bodies = fields.Dict(keys=fields.String(validate=validate.OneOf(list(CHANNELS))),
                         values=fields.Nested(Body), load_default=dict)
    # Per channel and deadline kind: {"amount", "unit", "extension"}.
    limits = fields.Dict(keys=fields.String(validate=validate.OneOf(list(CHANNELS))),
                         values=fields.Dict(keys=fields.String(validate=validate.OneOf(["decide", "resolve"])),
                                            values=fields.Nested(LimitSetting)),
                         load_default=dict)
    # Warn this many days before a complainant's statutory window closes.
    window_warning_days = fields.Integer(load_default=3, validate=validate.Range(min=0, max=60))


def settings(tenant) -> dict:
    return LabourSettings().load((tenant.plugins or {}).get(NAME, {}))


def channel_of(case):
    try:
        return CHANNELS[matter_of(case.category).channel] if case.category else None
    except KeyError:
        return None


def body_of(tenant, channel) -> dict:
    """The body that handles ``channel``: Art. 11's example, overridden by settings."""
    found = {"body": channel.body_zh, "address": channel.address_zh, "phone": channel.phone,
             "department": channel.department}
    found.update({k: v for k, v in settings(tenant)["bodies"].get(channel.code, {}).items() if v})
    return found


def limits_of(tenant, channel) -> dict:
    return DEFAULT_LIMITS.get(channel.code, {}) | settings(tenant)["limits"].get(channel.code, {})


@hookimpl
def settings_schema():
    return LabourSettings


@hookimpl
def register_categories(tenant):
    """Art. 11: every matter the article lists, grouped by its channel."""
    return [Category(m.code, m.label_zh, m.label_en, m.channel, extra={"basis": m.basis_zh})
            for m in MATTERS]


@hookimpl
def case_fields(tenant):
    return {
        "employer": fields.String(validate=validate.Length(max=200), metadata={
            "public": True, "label_zh": "用人单位", "label_en": "Employer"}),
        "employer_type": fields.String(validate=validate.OneOf(EMPLOYER_TYPES), metadata={
            "label_zh": "单位类型", "label_en": "Employer type"}),
        "workers_affected": fields.Integer(validate=validate.Range(min=1, max=100000), metadata={
            "public": True, "label_zh": "涉及人数", "label_en": "Workers affected"}),
        # The day the complainant's own window starts (e.g. the conclusion was received).
        "window_start": fields.Date(validate=validate.Range(min=date(2000, 1, 1), max=date(2100, 1, 1)), metadata={
            "public": True, "label_zh": "收到决定（结论）之日", "label_en": "Decision received on"}),
    }


@hookimpl
def route_case(tenant, case):
    """Art. 11: the matter decides the channel. The bureau's own units get the case as a
    department; another body's matters carry that body's name, address, phone and the
    legal basis for the referral."""
    channel = channel_of(case)
    if channel is None:
        return None
    found = body_of(tenant, channel)
    basis = matter_of(case.category).basis_zh
    if channel.own_unit and found.get("department"):
        return {"department": found["department"], "channel": channel.code, "reason": case.category,
                "basis": basis}
    return {"channel": channel.code, "body": found["body"], "address": found["address"],
            "phone": found["phone"], "basis": basis, "reason": case.category}


@hookimpl
def assess_severity(tenant, case):
    if (case.fields or {}).get("workers_affected", 0) >= COLLECTIVE:
        return ["collective"]
    return []


@hookimpl
def deadline_policy(tenant, case, kind):
    channel = channel_of(case)
    if channel is None:
        return None
    limit = limits_of(tenant, channel).get(kind)
    return Limit(limit["amount"], limit["unit"]) if limit else None


@hookimpl
def validate_action(tenant, case, action, params, actor):
    """Extensions within the statutory extra time (inspection 30 working days, arbitration
    15 days, reports to 60 days in all)."""
    channel = channel_of(case)
    if action != "extend" or channel is None:
        return []
    kind = params.get("kind", "resolve")
    limit = limits_of(tenant, channel).get(kind)
    current = running_deadline(tenant, case, kind)
    if not limit or current is None:
        return []
    furthest = due_after(tenant, current.original_due_at, limit["extension"], limit["unit"]) \
        if limit["extension"] else current.original_due_at
    if params["due_at"] > furthest:
        return [_l("The law allows at most %(n)d more %(unit)s here.", n=limit["extension"], unit=_l(limit["unit"]))]
    return []


def window_end(window, start: date, tz) -> datetime:
    amount, unit, _from = window
    if unit == "years":
        try:
            end = start.replace(year=start.year + amount)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + amount, day=28)
    else:
        end = start + timedelta(days=amount)
    return datetime.combine(end, time(23, 59, 59), tzinfo=tz)


@hookimpl
def case_warnings(tenant, case, now):
    """The complainant's own statutory windows (Art. 11: re-assessment within 15 days of the
    conclusion, civil servants' review 30 days, appointed staff's arbitration 60 days,
    social-insurance review at most 2 years): closing soon or closed."""
    if not case.category or not (case.fields or {}).get("window_start"):
        return []
    try:
        window = matter_of(case.category).window
    except KeyError:
        return []
    if not window:
        return []
    start = (case.fields["window_start"] if isinstance(case.fields["window_start"], date)
             else date.fromisoformat(case.fields["window_start"]))
    end = window_end(window, start, tenant.tz)
    days_left = (end.date() - now.astimezone(tenant.tz).date()).days
    if now > end:
        return [{"code": "statutory_window_closed", "message": _l(
            "The complainant's statutory window closed on %(day)s.", day=end.date().isoformat())}]
    if days_left <= settings(tenant)["window_warning_days"]:
        return [{"code": "statutory_window_closing", "message": _l(
            "The complainant's statutory window closes on %(day)s (%(n)d days left).",
            day=end.date().isoformat(), n=days_left)}]
    return []


@hookimpl
def register_reports(tenant):
    from plugins.hr_labour.reports import BY_CHANNEL, TIMELINESS
    return [BY_CHANNEL, TIMELINESS]


LABELS = (_l("collective"), _l("days"), _l("working_days"), _l("enterprise"), _l("public_institution"),
          _l("government"), _l("individual"), _l("other"))
# Settings fields, named on the tenant admin's settings form.
SETTING_LABELS = (_l("bodies"), _l("limits"), _l("window_warning_days"))
