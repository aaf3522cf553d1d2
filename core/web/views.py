"""Staff pages of a tenant (a plain home page and case page; the full UI is its own issue)."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from core.attachments import Attachment, attachments_of, path_of
from core.audit import CaseEvent
from core.auth.views import add_slug, load_tenant_from_url
from core.cases.access import complainant_view, fields_view, get_case_or_404, visible_cases
from core.cases.models import Case, STATUSES
from core.deadlines import deadlines_of
from core.extensions import db
from core.notify.dispatch import dispatch_one
from core.outbox import OutboxMessage
from core.workflow import allowed_actions
from core.plugins import categories_for, warnings_for
from core.types import utcnow
from core.tenancy import scoped, tenant_by_slug

bp = Blueprint("web", __name__)
bp.url_value_preprocessor(load_tenant_from_url)
bp.url_defaults(add_slug)
RECENT = 20


@bp.get("/")
def index():
    slug = (request.args.get("org") or "").strip().lower()
    if slug:
        if tenant_by_slug(slug) is not None:
            return redirect(url_for("auth.login", slug=slug))
        return render_template("web/index.html", unknown=slug), 404
    return render_template("web/index.html", unknown=None)


def _staff_only():
    if current_user.is_platform_admin:
        abort(404)


@bp.get("/t/<slug>/")
@login_required
def home():
    _staff_only()
    tenant = g.tenant
    visible = visible_cases(tenant, current_user).subquery()
    counts = dict(db.session.execute(
        select(visible.c.status, func.count()).group_by(visible.c.status)).all())
    recent = db.session.scalars(visible_cases(tenant, current_user)
                                .order_by(Case.received_at.desc()).limit(RECENT)).all()
    return render_template("web/home.html", tenant=tenant, counts=counts, statuses=STATUSES,
                           recent=recent)


@bp.get("/t/<slug>/cases/<id:case_id>")
@login_required
def case(case_id):
    _staff_only()
    tenant = g.tenant
    case = get_case_or_404(tenant, case_id, current_user)
    events = db.session.scalars(scoped(CaseEvent, tenant).where(CaseEvent.case_id == case.id)
                                .order_by(CaseEvent.seq)).all()
    labels = {c.code: c.label(tenant.locale) for c in categories_for(tenant)}
    return render_template("web/case.html", tenant=tenant, case=case, events=events,
                           complainant=complainant_view(current_user, case),
                           fields=fields_view(current_user, case, tenant),
                           category_label=labels.get(case.category, case.category),
                           deadlines=deadlines_of(tenant, case),
                           actions=allowed_actions(tenant, current_user, case),
                           attachments=attachments_of(tenant, case),
                           warnings=warnings_for(tenant, case, utcnow()))


ADMIN_LIST = 100


def _admin_only():
    _staff_only()
    if current_user.role != "admin":
        abort(403)


@bp.get("/t/<slug>/admin/notifications")
@login_required
def failed_notifications():
    """Messages that could not be delivered after every retry, newest first, for the
    tenant's admins to send again."""
    _admin_only()
    rows = db.session.scalars(scoped(OutboxMessage, g.tenant).where(OutboxMessage.status == "failed")
                              .order_by(OutboxMessage.id.desc()).limit(ADMIN_LIST)).all()
    return render_template("web/notifications.html", tenant=g.tenant, rows=rows)


@bp.post("/t/<slug>/admin/notifications/<id:message_id>/retry")
@login_required
def retry_notification(message_id):
    _admin_only()
    row = db.session.execute(scoped(OutboxMessage, g.tenant).where(
        OutboxMessage.id == message_id, OutboxMessage.status == "failed")).scalar_one_or_none()
    if row is None:
        abort(404)
    row.status, row.attempts = "pending", 0
    row.schedule_retry(utcnow())
    db.session.commit()
    dispatch_one(g.tenant.id, row.id, again=True)
    flash(_("The message was sent again."))
    return redirect(url_for("web.failed_notifications"))


@bp.get("/t/<slug>/cases/<id:case_id>/attachments/<id:attachment_id>")
@login_required
def attachment(case_id, attachment_id):
    """A file of a case the user may see; always a download, with the stored type."""
    _staff_only()
    case = get_case_or_404(g.tenant, case_id, current_user)
    row = db.session.execute(scoped(Attachment, g.tenant).where(
        Attachment.case_id == case.id, Attachment.id == attachment_id)).scalar_one_or_none()
    if row is None:
        abort(404)
    response = send_file(path_of(row), mimetype=row.content_type, as_attachment=True,
                         download_name=row.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response
