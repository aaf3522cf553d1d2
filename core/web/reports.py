"""Report pages: the list of the tenant's reports (the core's and its plugins'), and one
report for a day, week, month, quarter, half-year or chosen days, as a table with a bar
chart drawn on the server (SVG, no script), exported as CSV or XLSX."""
from datetime import datetime, timedelta

from flask import abort, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.report_export import download
from core.reports import PERIODS, READER_ROLES, in_words, period_days, reader_locale, reports_for, run
from core.validation import translate_messages
from core.web.views import _staff_only, bp

MAX_DAYS = 2 * 366
CHART_BARS = 30


class ReportPageArgs(Schema):
    period = fields.String(load_default="month", validate=validate.OneOf(PERIODS))
    on = fields.Date()
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    format = fields.String(load_default="html", validate=validate.OneOf(("html", "csv", "xlsx")))

    @validates_schema
    def custom_needs_days(self, data, **kwargs):
        if data.get("period") != "custom":
            return
        if not data.get("from_") or not data.get("to"):
            raise ValidationError(_l("Give both days."), "from")
        if data["to"] < data["from_"] or (data["to"] - data["from_"]).days > MAX_DAYS:
            raise ValidationError(_l("The last day must not be before the first, and at most %(days)d days "
                                     "after it.", days=MAX_DAYS), "to")


def _reader():
    _staff_only()
    if current_user.role not in READER_ROLES:
        abort(403)


@bp.get("/t/<slug>/reports")
@login_required
def reports():
    _reader()
    locale = reader_locale(g.tenant)
    return render_template("web/reports.html", tenant=g.tenant, locale=locale,
                           reports=sorted(reports_for(g.tenant).values(), key=lambda r: r.title(locale)))


def chart_bars(report, rows):
    """``(label, value, width %)`` for the bars of ``report.chart``; numbers only."""
    if not report.chart:
        return []
    label_key, value_key, where = (tuple(report.chart) + ({},))[:3]
    points = [(str(r.get(label_key) or "—"), r.get(value_key)) for r in rows
              if all(r.get(k) == v for k, v in where.items())]
    points = [(label, value) for label, value in points if isinstance(value, (int, float))
              and not isinstance(value, bool)][:CHART_BARS]
    top = max([abs(v) for _l, v in points] + [0]) or 1
    return [(label, value, round(100.0 * abs(value) / top, 1)) for label, value in points]


@bp.get("/t/<slug>/reports/<report>")
@login_required
def report_page(report):
    _reader()
    tenant = g.tenant
    definition = reports_for(tenant).get(report)
    if definition is None:
        abort(404)
    errors = {}
    try:
        args = ReportPageArgs().load(request.args)
    except ValidationError as err:
        errors, args = translate_messages(err.messages), ReportPageArgs().load({})
    today = datetime.now(tenant.tz).date()
    if args["period"] == "custom" and not errors:
        start, end = args["from_"], args["to"]
    else:
        start, end = period_days(args["period"] if args["period"] != "custom" else "month", args.get("on") or today)
    locale = reader_locale(tenant)
    rows = in_words(tenant, definition, run(tenant, definition, start, end, viewer=current_user, locale=locale),
                    locale)
    if args["format"] in ("csv", "xlsx") and not errors:
        return download(definition, rows, locale, tenant.name, start, end, args["format"])
    before, after = start - timedelta(days=1), end + timedelta(days=1)
    return render_template("web/report.html", tenant=tenant, report=definition, rows=rows, locale=locale,
                           start=start, end=end, period=args["period"], errors=errors, periods=PERIODS,
                           bars=chart_bars(definition, rows), before=before, after=after), (400 if errors else 200)
