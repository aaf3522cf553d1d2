"""Registering a complaint from the staff side: every channel, the complainant or
anonymous, who it is about, the plugins' fields and files. "Check" runs the whole
registration, shows the warnings the plugins raise (major, statutory window, repeat
complainant, guest history) and rolls it back; "Register" keeps it."""
from datetime import datetime

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from core.attachments import check_files, store
from core.audit import append_event
from core.cases.intake import register_case
from core.cases.models import CHANNELS
from core.errors import ComplaintError
from core.extensions import db
from core.plugins import case_fields_schema, warnings_for
from core.tenancy import Department, scoped
from core.types import utcnow
from core.validation import translate_messages
from core.web.field_inputs import plugin_inputs
from core.web.views import _staff_only, bp


def payload_from(form, tenant):
    anonymous = form.get("anonymous") == "on"
    payload = {"channel": form.get("channel", ""), "anonymous": anonymous,
               "confidential": form.get("confidential") == "on",
               "description": form.get("description", ""), "fields": {}}
    for key in ("title", "demand", "repeat_of"):
        if form.get(key, "").strip():
            payload[key] = form[key].strip()
    if form.get("received_at", "").strip():
        try:
            payload["received_at"] = datetime.fromisoformat(form["received_at"]).replace(
                tzinfo=tenant.tz).isoformat()
        except ValueError:
            payload["received_at"] = form["received_at"]  # the schema names the mistake
    if not anonymous:
        payload["complainant"] = {k: form[f"complainant_{k}"].strip() for k in ("name", "phone", "email")
                                  if form.get(f"complainant_{k}", "").strip()}
    subject = {k: form[f"subject_{k}"].strip() for k in ("department", "person", "name")
               if form.get(f"subject_{k}", "").strip()}
    if subject:
        payload["subject"] = subject
    for name, field in case_fields_schema(tenant)().fields.items():
        if form.get(f"field_{name}", "").strip():
            payload["fields"][name] = form[f"field_{name}"].strip()
    return payload


@bp.route("/t/<slug>/cases/new", methods=["GET", "POST"])
@login_required
def new_case():
    _staff_only()
    tenant = g.tenant
    errors, warnings, checked = {}, [], False
    values = request.form if request.method == "POST" else {"channel": "phone"}
    if request.method == "POST":
        intent = request.form.get("intent")
        try:
            files = check_files(request.files.getlist("attachments"))
            case, code = register_case(tenant, current_user, payload_from(request.form, tenant))
            if intent != "register":  # "Check": see what the plugins say, keep nothing
                db.session.flush()
                warnings = [dict(w) for w in warnings_for(tenant, case, utcnow())]
                if case.major:
                    warnings.insert(0, {"code": "major", "message": _(
                        "This will be a major complaint: %(reasons)s",
                        reasons=", ".join(_(r) for r in case.major_reasons))})
                if case.repeat_of_id:
                    warnings.append({"code": "repeat", "message": _(
                        "This repeats complaint %(reference)s: the two will be linked and the repeat counted.",
                        reference=request.form.get("repeat_of", "").strip())})
                db.session.rollback()
                checked = True
            else:
                if files:
                    rows = store(tenant, case, files, "staff")
                    append_event(tenant.id, case.id, "add_information", current_user.id, {
                        "text": "", "attachments": [{"id": r.id, "name": r.filename} for r in rows]})
                db.session.commit()
                flash(_("Registered %(reference)s. Give the complainant the access code %(code)s "
                        "to follow the complaint online.", reference=case.reference, code=code))
                return redirect(url_for("web.case", case_id=case.id))
        except ComplaintError as err:
            db.session.rollback()
            errors = translate_messages(err.fields or {})
            errors = {k: ([v] if isinstance(v, str) else v) for k, v in errors.items()}
            errors.setdefault("form", [str(err.message)])
    locale = str(get_locale() or tenant.locale)
    departments = db.session.scalars(scoped(Department, tenant).order_by(Department.code)).all()
    return render_template("web/new_case.html", tenant=tenant, values=values, errors=errors,
                           warnings=warnings, checked=checked, channels=CHANNELS,
                           departments=departments, inputs=plugin_inputs(tenant, locale)), \
        (422 if errors else 200)
