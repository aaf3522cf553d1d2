"""``/api/v1/categories`` and ``/api/v1/reports``: what this tenant has."""
from flask import g
from flask.views import MethodView
from flask_babel import get_locale
from flask_smorest import Blueprint

from core.api import schemas
from core.plugins import categories_for, hooks_for

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
        """The report definitions this tenant has (the reports issue fills them in)."""
        reports = [r for batch in hooks_for(g.tenant).register_reports(tenant=g.tenant) for r in (batch or ())]
        return [{"name": r["name"], "title": str(r.get("title", r["name"]))} for r in reports]
