"""RQ job functions. Jobs take ids, never objects, and reload from the database inside
an app context of the worker's own."""
from core.notify.delivery import deliver

_app = None


def app():
    global _app
    if _app is None:
        from core import create_app
        _app = create_app()
    return _app


def deliver_job(tenant_id, message_id):
    with app().app_context():
        return deliver(tenant_id, message_id)


def periodic_job():
    """Enqueued every minute by ``complaints scheduler``."""
    from core.periodic import every_minute
    with app().app_context():
        return every_minute()
