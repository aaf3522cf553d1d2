"""The complaint platform's core: the app factory and the subsystems it wires together."""
from flask import Flask

from core import config


def create_app(overrides: dict | None = None, load_entry_points: bool = True) -> Flask:
    """Build the app from the environment; ``overrides`` win (tests use them)."""
    app = Flask(__name__, instance_path=config.instance_path().as_posix(),
                instance_relative_config=False)
    app.config.update(config.from_environment())
    if overrides:
        app.config.update(overrides)

    from core import models  # noqa: F401  (every table on the metadata)
    from core.extensions import babel, csrf, db, login_manager, migrate
    from core import i18n, plugins, sqlite

    from core import converters
    converters.init_app(app)
    db.init_app(app)
    from core.db import abandon_transaction

    @app.teardown_appcontext
    def _end_transaction(_exc):
        """Runs before Flask-SQLAlchemy's own teardown (the last registered runs first): a
        connection that died after the answer was made must neither turn it into a 500
        nor leave its session behind in the registry."""
        abandon_transaction()
    sqlite.init_app(app)
    migrate.init_app(app, db, directory=str(config.migrations_path()))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    plugins.init_app(app, load_entry_points=load_entry_points)

    from core.auth import views as auth_views
    from core.web import views as web_views
    from core.admin import views as admin_views
    from core import api

    login_manager.init_app(app)
    auth_views.init_app(app)
    app.register_blueprint(web_views.bp)
    app.register_blueprint(admin_views.bp)
    api.init_app(app)
    from core.notify import dispatch
    dispatch.init_app(app)
    from core import fence, security, tenant_calendar
    fence.init_app(app)
    tenant_calendar.init_app(app)
    security.init_app(app)

    @app.after_request
    def _deliver_after_commit(response):
        dispatch.flush_ready()
        return response

    from core.portal import views as portal_views
    portal_views.init_app(app)
    for name, blueprint in app.blueprints.items():
        if name.startswith("api"):
            csrf.exempt(blueprint)
    return app
