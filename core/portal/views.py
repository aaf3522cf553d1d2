"""Public pages under ``/p/<slug>/``: how to complain, the complaint form (channel
``web``), and the status page opened with the reference and the access code. Every form
is CSRF-protected (Flask-WTF's CSRFProtect refuses a POST without its token)."""
from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext as _

from core.attachments import attachments_of, check_files, store
from core.audit import append_event
from core.auth import throttle
from core.cases.intake import register_case
from core.errors import ComplaintError
from core.extensions import db
from core.fence import fence
from core.plugins import case_fields_schema
from core.portal import service
from core.tenancy import Department, scoped, tenant_by_slug
from core.validation import translate_messages
from core.web.field_inputs import plugin_inputs
from core.workflow import Complainant, perform

bp = Blueprint("portal", __name__, url_prefix="/p/<slug>")
HONEYPOT = "website"  # hidden from people; bots fill it in
SESSION_KEY = "portal_case"


@bp.url_value_preprocessor
def load_tenant(endpoint, values):
    tenant = tenant_by_slug(values.pop("slug", "") if values else "")
    if tenant is None:
        abort(404)
    g.tenant = tenant
    fence(tenant.id)


@bp.url_defaults
def add_slug(endpoint, values):
    if "slug" not in values and g.get("tenant") is not None:
        values["slug"] = g.tenant.slug


def form_errors(fields) -> dict:
    """Field messages in the caller's language, each as a list (marshmallow gives a bare
    string for schema-level errors)."""
    translated = translate_messages(fields or {})
    return {key: [value] if isinstance(value, str) else value for key, value in translated.items()}


def public_fields(tenant):
    """The enabled plugins' fields marked ``public`` in their metadata, for the form."""
    schema = case_fields_schema(tenant)()
    return [(name, field) for name, field in schema.fields.items() if field.metadata.get("public")]


@bp.get("/")
def how_to_complain():
    departments = db.session.scalars(scoped(Department, g.tenant).order_by(Department.code)).all()
    return render_template("portal/how.html", tenant=g.tenant, times=service.expected_times(g.tenant),
                           contact=(g.tenant.settings or {}).get("contact", {}), departments=departments)


def _form_payload(form, tenant):
    anonymous = form.get("anonymous") == "on"
    payload = {"channel": "web", "anonymous": anonymous, "description": form.get("description", ""),
               "fields": {}}
    for key in ("title", "demand"):
        if form.get(key, "").strip():
            payload[key] = form[key]
    if not anonymous:
        payload["complainant"] = {k: form[k] for k in ("name", "phone", "email") if form.get(k, "").strip()}
    if form.get("subject", "").strip():
        payload["subject"] = {"name": form["subject"]}
    for name, _field in public_fields(tenant):
        if form.get(f"field_{name}", "").strip():
            payload["fields"][name] = form[f"field_{name}"].strip()
    return payload


@bp.route("/complain", methods=["GET", "POST"])
def complain():
    tenant = g.tenant
    errors, values = {}, request.form
    if request.method == "POST":
        if values.get(HONEYPOT):
            # A bot filled in the hidden field: thank it and keep nothing.
            return render_template("portal/thanks.html", tenant=tenant, reference=None, code=None)
        else:
            try:
                checked = check_files(request.files.getlist("attachments"))
                case, code = register_case(tenant, None, _form_payload(values, tenant))
                if checked:
                    rows = store(tenant, case, checked, "complainant")
                    append_event(tenant.id, case.id, "add_information", None, {
                        "by": "complainant", "text": "",
                        "attachments": [{"id": r.id, "name": r.filename} for r in rows]})
                db.session.commit()
            except ComplaintError as err:
                db.session.rollback()
                errors = form_errors(err.fields) or {"form": [str(err.message)]}
                errors.setdefault("form", [str(err.message)])
            else:
                return render_template("portal/thanks.html", tenant=tenant, reference=case.reference,
                                       code=code)
    return render_template("portal/complain.html", tenant=tenant, errors=errors, values=values,
                           fields=plugin_inputs(tenant, str(get_locale()), public_only=True),
                           honeypot=HONEYPOT), (422 if errors else 200)


@bp.route("/status", methods=["GET", "POST"])
def status_lookup():
    tenant, error = g.tenant, None
    if request.method == "POST":
        reference = request.form.get("reference", "").strip().upper()[:40]
        address = request.remote_addr or ""
        # Per reference *and* address: others' wrong guesses never lock the complainant out.
        key = f"status:{reference}:{address}"
        if throttle.is_locked(tenant.id, key, address):
            error = _("Too many failed attempts. Try again in a few minutes.")
        else:
            case = service.find_case(tenant, reference, request.form.get("access_code"))
            if case is None:
                throttle.record_failure(tenant.id, key, address)
                error = _("No complaint matches this reference and access code.")
            else:
                session[SESSION_KEY] = {"tenant": tenant.id, "case": case.id}
                return redirect(url_for("portal.status"))
    return render_template("portal/lookup.html", tenant=tenant, error=error), (401 if error else 200)


def _opened_case():
    from core.cases.models import Case
    opened = session.get(SESSION_KEY) or {}
    if opened.get("tenant") != g.tenant.id:
        return None
    return db.session.execute(scoped(Case, g.tenant).where(Case.id == opened.get("case"))).scalar_one_or_none()


@bp.route("/status/view", methods=["GET", "POST"])
def status():
    tenant = g.tenant
    case = _opened_case()
    if case is None:
        return redirect(url_for("portal.status_lookup"))
    errors, notice = {}, None
    if request.method == "POST":
        errors, notice = _add_information(tenant, case)
    return render_template(
        "portal/status.html", tenant=tenant, case=case, history=service.public_history(tenant, case),
        handler=service.handler_name(tenant, case), due=service.next_due(tenant, case),
        attachments=[a for a in attachments_of(tenant, case) if a.uploaded_by == "complainant"],
        errors=errors, notice=notice,
    ), (422 if errors else 200)


def _add_information(tenant, case):
    """Information or evidence from the complainant: supplies what was asked for when the
    case waits for it, else is added to the case for the handler."""
    text = request.form.get("text", "")
    try:
        checked = check_files(request.files.getlist("attachments"))
        rows = store(tenant, case, checked, "complainant") if checked else []
        name = "provide_info" if case.status == "pending_info" else "add_information"
        perform(tenant, Complainant(), case.id, name,
                {"text": text, "attachments": [r.id for r in rows]}, version=case.version)
        db.session.commit()
    except ComplaintError as err:
        db.session.rollback()
        return form_errors(err.fields) or {"form": [str(err.message)]}, None
    return {}, _("Thank you: your information was added to the complaint.")


def init_app(app):
    app.register_blueprint(bp)
    limiter = app.extensions["complaints.limiter"]
    limiter.limit(lambda: current_app.config.get("PORTAL_RATE_LIMIT", "20/minute"),
                  key_func=lambda: request.remote_addr or "unknown", methods=["POST"])(bp)
