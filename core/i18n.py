"""Language selection: the user's choice, else the tenant's language, else the browser's."""
from flask import Blueprint, g, redirect, request, session, url_for
from flask_login import current_user

LOCALES = ("zh_CN", "en")
bp = Blueprint("i18n", __name__)


def select_locale():
    if request:
        chosen = session.get("locale")
        if chosen in LOCALES:
            return chosen
        user = g.get("api_user") or current_user
        user_locale = getattr(user, "locale", None)
        if user_locale in LOCALES:
            return user_locale
        tenant = g.get("tenant")
        if tenant is not None:
            return tenant.locale
        best = request.accept_languages.best_match(["zh-CN", "zh", "en"], "zh-CN")
        return "en" if best.startswith("en") else "zh_CN"
    return "zh_CN"


@bp.post("/language")
def set_language():
    from core.extensions import db

    locale = request.form.get("locale")
    if locale in LOCALES:
        session["locale"] = locale
        if current_user.is_authenticated and not current_user.is_platform_admin:
            current_user.locale = locale
            db.session.commit()
    target = request.form.get("next") or "/"
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("web.index")
    return redirect(target)


def label(code) -> str:
    """The word for a stored code (status, channel, role…) in the current language, as
    plain text. Templates use ``{{ code | label }}``, never ``_(code)``: Jinja marks what
    ``_()`` returns as safe, and a code that is really user input (an unknown value falls
    through untranslated) would then reach the page unescaped."""
    from flask_babel import gettext
    return str(gettext(str(code))) if code is not None else ""


def init_app(app):
    app.register_blueprint(bp)
    app.jinja_env.filters["label"] = label

    @app.context_processor
    def _locale_context():
        from flask_babel import get_locale
        return {"current_locale": str(get_locale()), "locales": LOCALES, "limit_text": limit_text}


def limit_text(limit) -> str:
    """``3 working days``, ``24 hours``… in the current language."""
    from flask_babel import ngettext
    if limit.unit == "working_days":
        return ngettext("%(num)d working day", "%(num)d working days", limit.amount)
    if limit.unit == "hours":
        return ngettext("%(num)d hour", "%(num)d hours", limit.amount)
    return ngettext("%(num)d day", "%(num)d days", limit.amount)
