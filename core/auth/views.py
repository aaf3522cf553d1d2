"""Login and logout pages for staff (per tenant) and the Flask-Login wiring."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from core.auth.models import PlatformAdmin, User
from core.auth.password_policy import MAX_LENGTH, MIN_LENGTH
from core.auth.service import LoginThrottled, authenticate, change_password
from core.errors import InvalidInput
from core.extensions import db, login_manager
from core.fence import fence
from core.tenancy import tenant_by_slug

bp = Blueprint("auth", __name__, url_prefix="/t/<slug>")


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired()])
    repeat = PasswordField(_l("New password again"), validators=[DataRequired()])


def load_tenant_from_url(endpoint, values):
    """The tenant of a ``/t/<slug>/`` request; 404 for an unknown slug, and for a user
    signed in to another tenant (a tenant never learns another one's URLs exist)."""
    slug = values.pop("slug", None) if values else None
    if slug is None:
        return
    tenant = tenant_by_slug(slug)
    if tenant is None:
        abort(404)
    if current_user.is_authenticated and current_user.tenant_id != tenant.id:
        abort(404)
    g.tenant = tenant
    fence(tenant.id)


def add_slug(endpoint, values):
    from flask import current_app
    if ("slug" not in values and g.get("tenant") is not None
            and current_app.url_map.is_endpoint_expecting(endpoint, "slug")):
        values["slug"] = g.tenant.slug


bp.url_value_preprocessor(load_tenant_from_url)
bp.url_defaults(add_slug)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = authenticate(g.tenant, form.email.data, form.password.data, request.remote_addr or "")
        except LoginThrottled:
            error = _("Too many failed attempts. Try again in a few minutes.")
        else:
            if user is None:
                error = _("Wrong e-mail or password.")
            else:
                start_session(user)
                return redirect(url_for("web.home"))
    elif request.method == "POST":
        error = _("Enter your e-mail and password.")
    return render_template("auth/login.html", form=form, error=error, tenant=g.tenant), (
        401 if error else 200)


def start_session(user):
    """A fresh session at sign-in: whatever the browser carried before (and its CSRF
    token) is dropped, so a session planted beforehand is worth nothing."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)


def end_session():
    """Sign out here and everywhere: cookies issued before, copied or not, stop working."""
    if current_user.is_authenticated:
        current_user.session_version += 1
        db.session.commit()
    logout_user()
    session.clear()


@bp.post("/logout")
def logout():
    end_session()
    flash(_("You have signed out."))
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    return password_page(home=url_for("web.home"), tenant=g.tenant)


def password_page(*, home, tenant):
    """Change one's own password (staff and platform admins alike): the current one, the
    new one twice. A refusal says why, keeps nothing and leaves the old password valid."""
    form = PasswordChangeForm()
    errors = {}
    if form.validate_on_submit():
        if form.new_password.data != form.repeat.data:
            errors["repeat"] = _("The two new passwords differ.")
        else:
            try:
                change_password(current_user, form.current_password.data, form.new_password.data,
                                request.remote_addr or "")
                db.session.commit()
            except LoginThrottled:
                db.session.rollback()
                errors["form"] = _("Too many failed attempts. Try again in a few minutes.")
            except InvalidInput as err:
                db.session.rollback()
                field = "current_password" if "current_password" in (err.fields or {}) else "new_password"
                errors[field] = str(err.message)
            else:
                start_session(current_user._get_current_object())
                flash(_("Your password is changed. Your other sessions are signed out."))
                return redirect(home)
    elif request.method == "POST":
        errors["form"] = _("Fill in all three fields.")
    return render_template("auth/password.html", form=form, errors=errors, tenant=tenant,
                           min_length=MIN_LENGTH, max_length=MAX_LENGTH), 422 if errors else 200


@login_manager.user_loader
def load_user(user_id: str):
    kind, ident, version = ((user_id or "").split(":") + ["", ""])[:3]
    if not ident.isdigit() or not version.isdigit():
        return None
    model = {"u": User, "p": PlatformAdmin}.get(kind)
    user = db.session.get(model, int(ident)) if model else None
    # A deactivated account loses its open sessions at once; so does every session issued
    # before the user last signed out.
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    if g.get("tenant") is not None:
        return redirect(url_for("auth.login", next=request.path))
    return redirect(url_for("admin.login"))


def init_app(app):
    app.register_blueprint(bp)
