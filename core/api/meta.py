"""``/api/v1/categories`` and ``/api/v1/reports``: what this tenant has."""

from flask import g
from flask.views import MethodView
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from core.api import schemas
from core.errors import Forbidden, NotFound
from core.plugins import categories_for
from core.report_export import download
from core.reports import READER_ROLES, in_words, reports_for, run

blp = Blueprint("api_meta", __name__, url_prefix="/api/v1", description="The tenant's categories and reports.")


@blp.route("/categories")
class Categories(MethodView):
    @blp.alt_response(401, schema=schemas.ErrorDoc, description="Error")
    @blp.alt_response(429, schema=schemas.ErrorDoc, description="Error")
    @blp.response(200, schemas.CategoryDoc(many=True))
    def get(self):
        """The complaint categories of this tenant, labelled in the caller's language."""
        locale = str(get_locale() or g.tenant.locale)
        return [{"code": c.code, "label": c.label(locale), "group": c.group}
                for c in categories_for(g.tenant)]


@blp.route("/reports")
class Reports(MethodView):
    @blp.alt_response(401, schema=schemas.ErrorDoc, description="Error")
    @blp.alt_response(429, schema=schemas.ErrorDoc, description="Error")
    @blp.response(200, schemas.ReportDoc(many=True))
    def get(self):
        """The reports this tenant has (the core's and its plugins')."""
        locale = str(get_locale() or g.tenant.locale)
        return [{"name": r.name, "title": r.title(locale)} for r in reports_for(g.tenant).values()]


@blp.route("/reports/<string:name>")
class ReportResult(MethodView):
    @blp.alt_response(401, schema=schemas.ErrorDoc, description="Error")
    @blp.alt_response(403, schema=schemas.ErrorDoc, description="Error")
    @blp.alt_response(404, schema=schemas.ErrorDoc, description="Error")
    @blp.alt_response(422, schema=schemas.ErrorDoc, description="Error")
    @blp.alt_response(429, schema=schemas.ErrorDoc, description="Error")
    @blp.arguments(schemas.ReportArgs, location="query")
    @blp.response(200, schemas.ReportResultDoc)
    @blp.doc(responses={"200": {"content": {
        "text/csv": {"schema": {"type": "string"}},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}}}}})
    def get(self, args, name):
        """Run a report for the days ``from``..``to`` (tenant time); ``format=csv`` gives
        a spreadsheet-ready CSV (UTF-8 with BOM), ``format=xlsx`` an Excel workbook."""
        report = reports_for(g.tenant).get(name)
        if report is None:
            raise NotFound(_l("Not found."))
        if g.api_user.role not in READER_ROLES:
            raise Forbidden(_l("Reports are for supervisors, admins and auditors."))
        locale = str(get_locale() or g.tenant.locale)
        rows = run(g.tenant, report, args["from_"], args["to"], viewer=g.api_user)
        if args["format"] in ("csv", "xlsx"):  # files are for people: codes in words
            return download(report, in_words(g.tenant, report, rows, locale), locale, g.tenant.name, args["from_"], args["to"], args["format"])
        return {"name": report.name, "title": report.title(locale), "from": args["from_"].isoformat(),
                "to": args["to"].isoformat(),
                "columns": [{"key": c.key, "label": c.label(locale)} for c in report.columns],
                "rows": rows}
