"""After a commit, hand the new outbox rows to delivery: in-process for ``JOBS=inline``
(the embedded default), or as RQ jobs for ``JOBS=rq``. Rows are collected when flushed and
dispatched only after the commit, so a rolled-back action sends nothing. If Redis is down
at that moment the rows simply stay pending; ``complaints dispatch`` (and every sweep)
hands pending rows over again."""
import logging

from flask import current_app, has_app_context
from sqlalchemy import event, select

from core.extensions import db
from core.outbox import OutboxMessage

log = logging.getLogger("complaints.notify")
QUEUE = "notifications"
PENDING_KEY = "complaints.outbox.new"
REDISPATCH_BATCH = 500


def _collect(session, _context):
    new = [(obj.tenant_id, obj.id) for obj in session.new if isinstance(obj, OutboxMessage)]
    if new:
        session.info.setdefault(PENDING_KEY, []).extend(new)


def _forget(session):
    session.info.pop(PENDING_KEY, None)


def _after_commit(session):
    rows = session.info.pop(PENDING_KEY, None)
    if rows and has_app_context():
        # Delivery uses the session again: run it once this commit has fully finished.
        current_app.extensions.setdefault("complaints.outbox.ready", []).extend(rows)


def flush_ready():
    """Dispatch what the last commits produced (called by the interfaces after commit)."""
    ready = current_app.extensions.pop("complaints.outbox.ready", [])
    for tenant_id, message_id in ready:
        dispatch_one(tenant_id, message_id)


def dispatch_one(tenant_id, message_id, again=False):
    if current_app.config.get("JOBS") == "rq":
        # A re-dispatch gets a job id of its own: the first job may still sit in a dead
        # worker's registry, where RQ's clean-up would mark a job of the same id failed.
        job_id = None if again else f"outbox-{tenant_id}-{message_id}"
        try:
            queue().enqueue("core.notify.jobs.deliver_job", tenant_id, message_id,
                            job_id=job_id, retry=_retry())
        except Exception as exc:  # Redis down: the row stays pending for a later dispatch
            log.warning("could not enqueue outbox %s: %s", message_id, exc)
        return
    from core.notify.delivery import DeliveryError, deliver
    try:
        deliver(tenant_id, message_id)
    except DeliveryError as exc:
        log.warning("delivery of outbox %s failed: %s", message_id, exc)


def redispatch_pending(limit=REDISPATCH_BATCH) -> int:
    """Hand every pending row over again (Redis was down, a worker died, inline failed)."""
    rows = db.session.execute(select(OutboxMessage.tenant_id, OutboxMessage.id).where(
        OutboxMessage.status == "pending").order_by(OutboxMessage.id).limit(limit)).all()
    db.session.rollback()
    for tenant_id, message_id in rows:
        dispatch_one(tenant_id, message_id, again=True)
    return len(rows)


def queue():
    from redis import Redis
    from rq import Queue
    return Queue(QUEUE, connection=Redis.from_url(current_app.config["REDIS_URL"]))


def _retry():
    from rq import Retry
    return Retry(max=4, interval=[10, 60, 300, 1800])


def init_app(app):
    if not getattr(db, "_complaints_outbox_listeners", False):
        event.listen(db.session, "after_flush", _collect)
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_rollback", _forget)
        db._complaints_outbox_listeners = True
