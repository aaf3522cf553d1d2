"""Platform administrators: sign in and see the tenants (never their complaints)."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from core.auth.service import LoginThrottled, authenticate
from core.auth.views import LoginForm
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
                login_user(admin)
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
    rows = db.session.scalars(select(Tenant).order_by(Tenant.slug).limit(500)).all()
    return render_template("admin/tenants.html", tenants=rows)


@bp.post("/logout")
def logout():
    logout_user()
    return redirect(url_for("admin.login"))
