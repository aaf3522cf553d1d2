"""Staff pages of a tenant: the board, the case page with its action forms, files, and
the admin's page of undelivered messages. The case list and the intake form live in
``case_list.py`` and ``intake.py`` on the same blueprint."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from core.attachments import Attachment, attachments_of, path_of
from core.audit import CaseEvent
from core.auth.views import add_slug, load_tenant_from_url
from core.cases.access import complainant_view, fields_view, get_case_or_404, subject_view, visible_cases
from core.cases.listing import board
from core.cases.models import Case
from core.deadlines import deadlines_of
from core.errors import ComplaintError, Conflict
from core.extensions import db
from core.notify.dispatch import dispatch_one
from core.outbox import OutboxMessage
from core.validation import translate_messages
from core.web.action_forms import fields_for, params_from, version_of
from core.workflow import actions_for, allowed_actions, perform
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
    """The board: the user's work at a glance, each tile a filter of the case list."""
    _staff_only()
    tenant = g.tenant
    recent = db.session.scalars(visible_cases(tenant, current_user)
                                .order_by(Case.received_at.desc(), Case.id.desc()).limit(RECENT)).all()
    return render_template("web/home.html", tenant=tenant, tiles=board(tenant, current_user, utcnow()),
                           recent=recent, now=utcnow())


def _case_page(case, forms=None, refused=None, status=200):
    from core.web.field_inputs import plugin_inputs
    tenant = g.tenant
    events = db.session.scalars(scoped(CaseEvent, tenant).where(CaseEvent.case_id == case.id)
                                .order_by(CaseEvent.seq)).all()
    locale = str(get_locale() or tenant.locale)
    labels = {c.code: c.label(locale) for c in categories_for(tenant)}
    names = allowed_actions(tenant, current_user, case)
    forms = forms or {}
    action_forms = [(name, forms.get(name) or fields_for(tenant, case, name)) for name in names]
    return render_template("web/case.html", tenant=tenant, case=case, events=events,
                           complainant=complainant_view(current_user, case),
                           fields=fields_view(current_user, case, tenant),
                           field_labels={name: label for name, label, _kind, _c in plugin_inputs(tenant, locale)},
                           category_label=labels.get(case.category, case.category),
                           deadlines=deadlines_of(tenant, case), action_forms=action_forms,
                           refused=refused, attachments=attachments_of(tenant, case),
                           about=subject_view(tenant, case),
                           warnings=warnings_for(tenant, case, utcnow()), now=utcnow()), status


@bp.get("/t/<slug>/cases/<id:case_id>")
@login_required
def case(case_id):
    _staff_only()
    return _case_page(get_case_or_404(g.tenant, case_id, current_user))


@bp.post("/t/<slug>/cases/<id:case_id>/actions/<name>")
@login_required
def act(case_id, name):
    """Take one action from its form. A refusal shows its reason on the same page with
    what was typed kept; nothing of the case changes."""
    _staff_only()
    tenant = g.tenant
    case = get_case_or_404(tenant, case_id, current_user)
    if name not in actions_for(tenant):
        abort(404)
    try:
        params = params_from(tenant, name, request.form)
        version = version_of(request.form)
        if version is None:  # every form carries the version it was drawn from
            raise Conflict(_("Someone else changed this case first; reload it and try again."))
        perform(tenant, current_user, case.id, name, params, version=version)
        db.session.commit()
    except ComplaintError as err:
        db.session.rollback()
        case = get_case_or_404(tenant, case_id, current_user)
        errors = translate_messages(err.fields or {})
        return _case_page(case, {name: fields_for(tenant, case, name, request.form, errors)},
                          refused={"action": name, "message": str(err.message)}, status=err.status)
    flash(_("Done: %(action)s.", action=_(name)))
    return redirect(url_for("web.case", case_id=case_id))


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


from core.web import case_list, intake, reports, tenant_admin  # noqa: E402,F401  (their routes join this blueprint)
