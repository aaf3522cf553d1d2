"""Platform administrators: sign in, see, create and suspend tenants (never their
complaints)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from core.admin_log import record
from core.auth.service import LoginThrottled, authenticate
from core.auth.views import LoginForm, end_session, start_session
from core.extensions import db
from core.tenancy import Tenant

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            admin = authenticate(None, form.email.data, form.password.data, request.remote_addr or "")
        except LoginThrottled:
            error = _("Too many failed attempts. Try again in a few minutes.")
        else:
            if admin is None:
                error = _("Wrong e-mail or password.")
            else:
                start_session(admin)
                return redirect(url_for("admin.tenants"))
    elif request.method == "POST":
        error = _("Enter your e-mail and password.")
    return render_template("auth/login.html", form=form, error=error, tenant=None), (
        401 if error else 200)


@bp.get("/")
@login_required
def tenants():
    if not current_user.is_platform_admin:
        abort(404)
    return _tenants_page()


def _tenants_page(errors=None, values=None):
    from core.plugins import plugin_host
    rows = db.session.scalars(select(Tenant).order_by(Tenant.slug).limit(500)).all()
    from core.auth.password_policy import MIN_LENGTH
    return render_template("admin/tenants.html", tenants=rows, errors=errors or {}, values=values or {},
                           available=plugin_host().available(), min_length=MIN_LENGTH)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    if not current_user.is_platform_admin:
        abort(404)
    from core.auth.views import password_page
    return password_page(home=url_for("admin.tenants"), tenant=None)


@bp.post("/logout")
def logout():
    end_session()
    return redirect(url_for("admin.login"))


@bp.post("/tenants")
@login_required
def create_tenant_view():
    """A new organisation with its first admin, who signs in and sets up the rest."""
    if not current_user.is_platform_admin:
        abort(404)
    from core.auth.service import create_user
    from core.errors import ComplaintError
    from core.tenancy import create_tenant
    from core.validation import translate_messages
    form = request.form
    try:
        tenant = create_tenant(form.get("slug", "").strip().lower(), form.get("name", "").strip(),
                               plugins=form.getlist("plugins"), timezone=form.get("timezone", "").strip(),
                               calendar=form.get("calendar", "").strip(), locale=form.get("locale", ""),
                               reference_prefix=form.get("prefix", "").strip() or None)
        admin = create_user(tenant, form.get("admin_email", ""), role="admin",
                            password=form.get("admin_password", ""), name=form.get("admin_name") or None)
        record(tenant, current_user, "tenant_created", tenant.slug, plugins=tenant.enabled_plugins,
               admin=admin.email)
        db.session.commit()
    except ComplaintError as err:
        db.session.rollback()
        errors = translate_messages(err.fields or {})
        return _tenants_page({"form": str(err.message), **{k: str(v) for k, v in errors.items()}}, form), err.status
    flash(_("Created %(name)s; its admin can sign in at %(url)s.", name=tenant.name,
            url=url_for("auth.login", slug=tenant.slug, _external=True)))
    return redirect(url_for("admin.tenants"))


@bp.post("/tenants/<slug>/active")
@login_required
def toggle_tenant(slug):
    """Suspend a tenant (its staff, API and portal stop answering) or bring it back."""
    if not current_user.is_platform_admin:
        abort(404)
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        abort(404)
    tenant.active = not tenant.active
    record(tenant, current_user, "tenant_resumed" if tenant.active else "tenant_suspended", tenant.slug)
    db.session.commit()
    flash(_("%(name)s is active again.", name=tenant.name) if tenant.active
          else _("%(name)s is suspended.", name=tenant.name))
    return redirect(url_for("admin.tenants"))
