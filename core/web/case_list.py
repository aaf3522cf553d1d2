"""The case list: filters, search, sorting by due time and pages (core.cases.listing)."""
from flask import g, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required
from marshmallow import ValidationError
from sqlalchemy import select

from core.auth.models import User
from core.cases.listing import ListArgs, SORTS, page_of
from core.cases.models import CHANNELS, STATUSES
from core.extensions import db
from core.plugins import categories_for
from core.tenancy import Department
from core.types import utcnow
from core.validation import translate_messages
from core.web.views import _staff_only, bp

FILTER_CHOICES_LIMIT = 200


@bp.get("/t/<slug>/cases")
@login_required
def cases():
    _staff_only()
    tenant = g.tenant
    given = {k: v for k, v in request.args.items() if v.strip()}
    errors = {}
    try:
        args = ListArgs().load(given)
    except ValidationError as err:
        errors = translate_messages(err.messages)
        args = ListArgs().load({k: v for k, v in given.items() if k not in err.messages and k in ListArgs().fields})
    rows, has_next = page_of(tenant, current_user, args, utcnow())
    locale = str(get_locale() or tenant.locale)
    departments = db.session.execute(select(Department.code, Department.name).where(
        Department.tenant_id == tenant.id).order_by(Department.code).limit(FILTER_CHOICES_LIMIT)).all()
    handlers = db.session.execute(select(User.id, User.name).where(
        User.tenant_id == tenant.id, User.role.in_(("handler", "supervisor", "admin")))
        .order_by(User.name).limit(FILTER_CHOICES_LIMIT)).all()
    return render_template(
        "web/cases.html", tenant=tenant, rows=rows, has_next=has_next, args=args, given=given,
        errors=errors, statuses=STATUSES, channels=CHANNELS, sorts=SORTS, departments=departments,
        handlers=handlers, categories=[(c.code, c.label(locale)) for c in categories_for(tenant)],
        category_labels={c.code: c.label(locale) for c in categories_for(tenant)}, now=utcnow(),
    ), (400 if errors else 200)
