"""The ``complaints`` command. Every command validates its input and, on error, prints a
one-line reason on stderr, exits non-zero and leaves the database as it was."""
import getpass
import os
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_babel import lazy_gettext as _l

from core.admin_log import changed, record
from core.errors import ComplaintError
from core.extensions import db


def _create_app():
    from core import create_app
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False)
def main():
    """Complaint-handling platform."""


def cli_locale() -> str:
    """The operator's language, from the usual locale variables (zh_* → Chinese)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "en"


def fail(message, detail=""):
    from flask_babel import force_locale
    db.session.rollback()
    with force_locale(cli_locale()):
        text = str(message)
    raise click.ClickException(f"{text} ({detail})" if detail else text)


def run_or_fail(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ComplaintError as err:
        nested = {k: v for k, v in (err.fields or {}).items() if isinstance(v, dict)}
        fail(err.message, "; ".join(f"{k}: {v}" for k, v in nested.items()))


def _tenant(slug):
    from core.tenancy import tenant_by_slug
    tenant = tenant_by_slug(slug)
    if tenant is None:
        fail(_l("No tenant with slug %(slug)s.", slug=slug))
    return tenant


@main.command("init")
@with_appcontext
def init_command():
    """Create or upgrade the database schema (Alembic migrations)."""
    from core.migrations import upgrade_database
    upgrade_database()
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


@main.command("grant-runtime-role")
@click.argument("role")
@with_appcontext
def grant_runtime_role_command(role):
    """PostgreSQL: give ROLE what the application needs and no more (events are
    read and added, never changed). Run as the owner after every upgrade."""
    from core.db_roles import grant_runtime_role
    run_or_fail(grant_runtime_role, role)
    db.session.commit()
    click.echo(f"{role} may run the application; it cannot change or delete events.")


@main.command("demo")
@with_appcontext
def demo_command():
    """Upgrade the schema and load the demo tenants (once); print the logins."""
    from core import demo
    from core.migrations import upgrade_database
    upgrade_database()
    created = demo.load()
    db.session.commit()
    click.echo(demo.describe(created))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, type=click.IntRange(1, 65535), show_default=True)
@click.option("--no-periodic", is_flag=True,
              help="With JOBS=inline, do not run the minute sweep in this process")
@with_appcontext
def serve_command(host, port, no_periodic):
    """Serve the web UI and API with Werkzeug's development server (use gunicorn in
    production: ``gunicorn 'core:create_app()'``). On the embedded default (JOBS=inline)
    the deadline sweep runs every minute in this process; with RQ, run
    ``complaints scheduler`` and ``complaints worker`` instead."""
    from werkzeug.serving import run_simple
    app = current_app._get_current_object()
    if app.config["JOBS"] == "inline" and not no_periodic:
        from core.periodic import start_timer
        start_timer(app)
    run_simple(host, port, app, threaded=True)


@main.command("sweep")
@with_appcontext
def sweep_command():
    """Remind of deadlines coming due and escalate breached ones (idempotent); hand over
    again the notifications nobody delivered in time. The scheduler runs this every minute."""
    from core.periodic import every_minute
    click.echo(every_minute())


@main.command("dispatch")
@click.option("--all", "everything", is_flag=True,
              help="Every pending notification, not only those overdue for delivery")
@with_appcontext
def dispatch_command(everything):
    """Hand pending notifications to delivery again (after Redis or a worker was down)."""
    from core.notify.dispatch import redispatch_pending
    click.echo(f"{redispatch_pending(everything=everything)} pending notifications handed over")


@main.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty")
@click.option("--fork", is_flag=True, help="Fork a work-horse per job (RQ's default Worker)")
@with_appcontext
def worker_command(burst, fork):
    """Run an RQ worker for the notifications and periodic queues (needs REDIS_URL). It
    also moves retries whose back-off has passed back onto their queue.

    By default jobs run in the worker process itself (RQ's SimpleWorker) and reuse its
    database connections: a fork and a new connection per job cost more than delivering
    the message (docs/benchmarks.md). A worker that dies loses nothing either way: the
    outbox row stays pending and is handed over again."""
    from redis import Redis
    from rq import SimpleWorker, Worker
    from core.notify import jobs
    from core.notify.dispatch import PERIODIC_QUEUE, QUEUE
    if not current_app.config.get("REDIS_URL"):
        fail(_l("REDIS_URL is not set: the worker needs Redis (JOBS=inline needs no worker)."))
    jobs._app = current_app._get_current_object()
    db.engine.dispose()  # no pooled connection may cross a fork (the scheduler's, a horse's)
    worker_class = Worker if fork else SimpleWorker
    worker_class([QUEUE, PERIODIC_QUEUE], connection=Redis.from_url(current_app.config["REDIS_URL"])).work(
        burst=burst, with_scheduler=True)


@main.command("scheduler")
@click.option("--interval", default=60, show_default=True, type=click.IntRange(1, 3600),
              help="Seconds between two runs of the periodic work")
@with_appcontext
def scheduler_command(interval):
    """Enqueue the periodic work (deadline sweep, re-dispatch of undelivered notifications)
    every INTERVAL seconds with RQ's cron scheduler; ``complaints worker`` runs it. One
    scheduler is enough; a second one only repeats idempotent work."""
    from redis import Redis
    from rq.cron import CronScheduler
    from core.notify import jobs
    from core.notify.dispatch import PERIODIC_QUEUE
    if not current_app.config.get("REDIS_URL"):
        fail(_l("REDIS_URL is not set: the scheduler needs Redis (JOBS=inline runs the sweep in `serve`)."))
    scheduler = CronScheduler(connection=Redis.from_url(current_app.config["REDIS_URL"]))
    scheduler.register(jobs.periodic_job, queue_name=PERIODIC_QUEUE, interval=interval,
                       job_timeout=max(interval * 5, 300), result_ttl=3600)
    scheduler.start()


@main.group("tenant")
def tenant_group():
    """Manage tenants."""


@tenant_group.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--plugins", default="", help="Comma-separated, e.g. bank,hotel")
@click.option("--timezone", default="Asia/Shanghai", show_default=True)
@click.option("--calendar", default="CN", show_default=True,
              help="CN (official Chinese holidays) or a country code known to `holidays`")
@click.option("--locale", default="zh_CN", show_default=True, type=str)
@click.option("--prefix", default=None, help="Reference prefix, e.g. BANK")
@with_appcontext
def tenant_create(slug, name, plugins, timezone, calendar, locale, prefix):
    """Create a tenant."""
    from core.tenancy import create_tenant
    names = [p.strip() for p in plugins.split(",") if p.strip()]
    tenant = run_or_fail(create_tenant, slug, name, plugins=names, timezone=timezone,
                         calendar=calendar, locale=locale, reference_prefix=prefix)
    record(tenant, None, "tenant_created", tenant.slug, plugins=tenant.enabled_plugins)
    db.session.commit()
    click.echo(f"Created tenant {tenant.slug} ({tenant.name}); plugins: "
               f"{', '.join(tenant.enabled_plugins) or 'none'}; references {tenant.reference_prefix}-YYYY-NNNNNN")


@tenant_group.command("settings")
@click.argument("slug")
@click.option("--file", "path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="A JSON file with the tenant's settings (see core/tenant_settings.py)")
@with_appcontext
def tenant_settings(slug, path):
    """Replace a tenant's own settings (categories, routing, deadlines, limits…)."""
    import json
    from core.tenant_settings import validate_settings
    tenant = _tenant(slug)
    try:
        raw = json.loads(open(path, encoding="utf-8").read())
    except ValueError as err:
        fail(_l("%(path)s is not valid JSON: %(error)s", path=path, error=err))
    before = dict(tenant.settings or {})
    tenant.settings = run_or_fail(validate_settings, raw)
    record(tenant, None, "settings_saved", "tenant", changed=changed(before, tenant.settings))
    db.session.commit()
    click.echo(f"Settings of {tenant.slug} updated: {len(tenant.settings['categories'])} categories, "
               f"{len(tenant.settings['deadlines'])} deadline rules")


@main.group("user")
def user_group():
    """Manage users."""


def _read_password():
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat: ") != first:
            fail(_l("The passwords do not match."))
        return first
    return sys.stdin.readline().rstrip("\n")


@user_group.command("create")
@click.option("--tenant", "slug", required=True)
@click.argument("email")
@click.option("--role", required=True, help="admin, supervisor, handler, intake or auditor")
@click.option("--name", default=None)
@click.option("--department", default=None, help="Department code")
@with_appcontext
def user_create(slug, email, role, name, department):
    """Create a staff user; the password is read from a prompt, or stdin when piped."""
    from core.auth.service import create_user
    tenant = _tenant(slug)
    password = _read_password()
    user = run_or_fail(create_user, tenant, email, role=role, password=password, name=name,
                       department=department)
    record(tenant, None, "user_created", user.email, role=user.role, department=department)
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} in {tenant.slug}")


@user_group.command("set-password")
@click.option("--tenant", "slug", required=True)
@click.argument("email")
@with_appcontext
def user_set_password(slug, email):
    """Give a user a new password (read like create's); their open sessions end."""
    from core.auth.service import normalise_email, set_password, user_by_email
    tenant = _tenant(slug)
    user = user_by_email(tenant, run_or_fail(normalise_email, email))
    if user is None:
        fail(_l("No user %(email)s in %(slug)s.", email=email, slug=tenant.slug))
    run_or_fail(set_password, tenant, user.id, _read_password())
    db.session.commit()
    click.echo(f"New password set for {user.email} in {tenant.slug}")


@main.group("token")
def token_group():
    """Manage API tokens."""


@token_group.command("create")
@click.option("--tenant", "slug", required=True)
@click.option("--user", "email", required=True)
@click.option("--name", default="api")
@click.option("--scopes", default="read,write", show_default=True, help="read, write or both")
@with_appcontext
def token_create(slug, email, name, scopes):
    """Create an API token; it is printed once, alone on the last line."""
    from core.auth.service import create_token, user_by_email
    tenant = _tenant(slug)
    user = user_by_email(tenant, (email or "").strip().lower())
    if user is None:
        fail(_l("No user %(email)s in %(slug)s.", email=email, slug=slug))
    token = run_or_fail(create_token, tenant, user, name,
                        [s.strip() for s in scopes.split(",") if s.strip()])
    record(tenant, None, "token_created", user.email, name=name, scopes=scopes)
    db.session.commit()
    click.echo(f"Token for {user.email} in {tenant.slug} (shown once; store it now):")
    click.echo(token)


@main.group("audit")
def audit_group():
    """Check the audit trail."""


@audit_group.command("verify")
@click.option("--tenant", "slug", required=True)
@with_appcontext
def audit_verify(slug):
    """Verify the tenant's event hash chain; exit 1 and name the first broken event."""
    from core.audit import verify_chain
    tenant = _tenant(slug)
    result = verify_chain(tenant.id)
    if not result.ok:
        fail(f"{tenant.slug}: {result}")
    click.echo(f"{tenant.slug}: {result}")


if __name__ == "__main__":
    main()
