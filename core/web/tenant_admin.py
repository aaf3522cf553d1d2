"""The tenant admin's pages: users and roles, departments, plugins and their settings,
the tenant's own settings (categories, deadlines, limits… for tenants without a plugin),
calendar days. Rules live in core/tenant_admin.py; these views present and collect."""
from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import admin_log, tenant_admin
from core.auth.models import ROLES, User
from core.auth.password_policy import MIN_LENGTH
from core.auth.service import LoginThrottled, create_user, set_password
from core.converters import as_id
from core.errors import ComplaintError, InvalidInput
from core.extensions import db
from core.plugins import plugin_host
from core.tenancy import Department, create_department, scoped
from core.tenant_calendar import CalendarDay, set_day
from core.tenant_settings import TenantSettings
from core.validation import translate_messages
from core.web.schema_forms import data_from, inputs_for
from core.web.views import _admin_only, bp

USERS_SHOWN = 500

def _overview(errors=None, values=None, form=None, status=200):
    tenant = g.tenant
    users = db.session.scalars(scoped(User, tenant).order_by(User.role, User.name).limit(USERS_SHOWN)).all()
    departments = db.session.scalars(scoped(Department, tenant).order_by(Department.code)).all()
    days = db.session.scalars(scoped(CalendarDay, tenant).order_by(CalendarDay.day.desc()).limit(200)).all()
    host = plugin_host()
    return render_template("web/admin.html", tenant=tenant, users=users, departments=departments,
                           days=days, roles=ROLES, available=host.available(),
                           with_settings={n for n in host.available() if host.settings_schema_for(n)},
                           errors=errors or {}, values=values or {}, failed_form=form,
                           min_length=MIN_LENGTH, log=admin_log.recent(tenant), log_size=admin_log.SHOWN), status

def _refused(err, form):
    db.session.rollback()
    errors = translate_messages(err.fields or {})
    errors = {k: ([v] if isinstance(v, str) else v) for k, v in errors.items()}
    message = str(err.message)
    errors = {k: v for k, v in errors.items() if v != [message]}  # said once, not twice
    errors["form"] = [message]
    return _overview(errors, request.form, form, err.status)

@bp.get("/t/<slug>/admin/")
@login_required
def admin_home():
    _admin_only()
    return _overview()

@bp.post("/t/<slug>/admin/users")
@login_required
def admin_create_user():
    _admin_only()
    form = request.form
    try:
        user = create_user(g.tenant, form.get("email", ""), role=form.get("role", ""),
                           password=form.get("password", ""), name=form.get("name") or None,
                           department=form.get("department") or None)
        admin_log.record(g.tenant, current_user, "user_created", user.email, role=user.role,
                         department=form.get("department") or None)
        db.session.commit()
    except ComplaintError as err:
        return _refused(err, "new_user")
    flash(_("Added %(name)s. Give them their password by a safe way.", name=user.name))
    return redirect(url_for("web.admin_home"))

@bp.post("/t/<slug>/admin/users/<id:user_id>")
@login_required
def admin_update_user(user_id):
    _admin_only()
    form = request.form
    try:
        user = tenant_admin.update_user(g.tenant, user_id, role=form.get("role", ""),
                                        department=form.get("department", ""),
                                        active=form.get("active") == "on")
        admin_log.record(g.tenant, current_user, "user_updated", user.email, role=user.role,
                         department=form.get("department") or None, active=user.active)
        db.session.commit()
    except ComplaintError as err:
        if err.status == 404:
            abort(404)
        return _refused(err, f"user-{user_id}")
    flash(_("Saved %(name)s.", name=user.name))
    return redirect(url_for("web.admin_home"))

@bp.post("/t/<slug>/admin/password")
@login_required
def admin_set_password():
    _admin_only()
    form = request.form
    try:
        user = set_password(g.tenant, as_id(form.get("user_id", "")) or 0, form.get("password", ""),
                            actor=current_user, actor_password=form.get("admin_password", ""),
                            ip=request.remote_addr or "")
        db.session.commit()
    except LoginThrottled:
        db.session.rollback()
        return _refused(InvalidInput(_("Too many failed attempts. Try again in a few minutes.")), "set_password")
    except ComplaintError as err:
        if err.status == 404:
            abort(404)
        return _refused(err, "set_password")
    flash(_("New password set for %(name)s. Give it to them by a safe way.", name=user.name))
    return redirect(url_for("web.admin_home"))

@bp.post("/t/<slug>/admin/departments")
@login_required
def admin_create_department():
    _admin_only()
    try:
        name = request.form.get("name", "").strip()
        if not name:
            raise InvalidInput(_("Check the marked fields."), {"name": [_("Give the department a name.")]})
        department = create_department(g.tenant, request.form.get("code", "").strip(), name)
        admin_log.record(g.tenant, current_user, "department_created", department.code, name=name)
        db.session.commit()
    except ComplaintError as err:
        return _refused(err, "new_department")
    flash(_("Department added."))
    return redirect(url_for("web.admin_home"))

@bp.post("/t/<slug>/admin/plugins")
@login_required
def admin_set_plugins():
    _admin_only()
    try:
        before = sorted(g.tenant.plugins or {})
        after = sorted(tenant_admin.set_plugins(g.tenant, request.form.getlist("plugins")))
        admin_log.record(g.tenant, current_user, "plugins_set", ", ".join(after), before=before, after=after)
        db.session.commit()
    except ComplaintError as err:
        return _refused(err, "plugins")
    flash(_("Plugins saved."))
    return redirect(url_for("web.admin_home"))

def _settings_page(title, schema_class, current, action, errors=None, submitted=None, status=200):
    return render_template("web/admin_settings.html", tenant=g.tenant, title=title, action=action,
                           inputs=inputs_for(schema_class, current, errors, submitted),
                           errors=errors or {}), status

def _save_settings(title, schema_class, current, action, save, target):
    if request.method == "GET":
        return _settings_page(title, schema_class, current, action)
    data, errors = data_from(schema_class, request.form)
    if not errors:
        try:
            before = dict(current)
            after = save(data)
            admin_log.record(g.tenant, current_user, "settings_saved", target,
                             changed=admin_log.changed(before, after or {}))
            db.session.commit()
        except ComplaintError as err:
            db.session.rollback()
            errors = translate_messages(err.fields or {}) | {"form": [str(err.message)]}
        else:
            flash(_("Settings saved."))
            return redirect(action)
    return _settings_page(title, schema_class, current, action, errors, request.form, 422)

@bp.route("/t/<slug>/admin/settings", methods=["GET", "POST"])
@login_required
def admin_settings():
    """The tenant's own settings: what a tenant without a plugin runs on."""
    _admin_only()
    return _save_settings(_("Settings of %(name)s", name=g.tenant.name), TenantSettings,
                          g.tenant.settings or {}, url_for("web.admin_settings"),
                          lambda data: tenant_admin.set_settings(g.tenant, data), "tenant")

@bp.route("/t/<slug>/admin/plugins/<plugin>/settings", methods=["GET", "POST"])
@login_required
def admin_plugin_settings(plugin):
    _admin_only()
    schema_class = plugin_host().settings_schema_for(plugin)
    if plugin not in (g.tenant.plugins or {}) or schema_class is None:
        abort(404)

    def save(data):
        try:
            tenant_admin.set_plugin_settings(g.tenant, plugin, data)
        except InvalidInput as err:  # the plugin's messages, by field
            raise InvalidInput(err.message, (err.fields or {}).get(plugin, {})) from err
        return g.tenant.plugins[plugin]
    return _save_settings(_("Settings of the %(plugin)s plugin", plugin=_(plugin)), schema_class,
                          g.tenant.plugins[plugin], url_for("web.admin_plugin_settings", plugin=plugin), save,
                          plugin)

@bp.post("/t/<slug>/admin/calendar")
@login_required
def admin_add_day():
    _admin_only()
    try:
        try:
            day = date.fromisoformat(request.form.get("day", ""))
        except ValueError:
            raise InvalidInput(_("Check the marked fields."), {"day": [_("Give a date.")]}) from None
        working = request.form.get("working") == "true"
        note = request.form.get("note", "").strip()[:200] or None
        set_day(g.tenant, day, working, note)
        admin_log.record(g.tenant, current_user, "calendar_day_set", day.isoformat(), working=working, note=note)
        db.session.commit()
    except ComplaintError as err:
        return _refused(err, "calendar")
    flash(_("%(day)s saved. Deadlines already running keep their due time.", day=day.isoformat()))
    return redirect(url_for("web.admin_home"))

@bp.post("/t/<slug>/admin/calendar/<id:day_id>/delete")
@login_required
def admin_remove_day(day_id):
    _admin_only()
    try:
        day = tenant_admin.remove_day(g.tenant, day_id)
        admin_log.record(g.tenant, current_user, "calendar_day_removed", day.isoformat())
        db.session.commit()
    except ComplaintError:
        abort(404)
    flash(_("%(day)s removed.", day=day.isoformat()))
    return redirect(url_for("web.admin_home"))

