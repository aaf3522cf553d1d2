"""After a commit, hand the new outbox rows to delivery: in-process for ``JOBS=inline``
(the embedded default), or as RQ jobs for ``JOBS=rq``. Rows are collected when flushed and
dispatched only after the commit, so a rolled-back action sends nothing. If Redis is down
at that moment the rows simply stay pending; ``complaints dispatch`` (and every sweep)
hands pending rows over again."""
import logging

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from core.db import abandon_transaction
from core.extensions import db
from core.outbox import BACKOFF, OutboxMessage
from core.types import utcnow

log = logging.getLogger("complaints.notify")
QUEUE = "notifications"
PERIODIC_QUEUE = "periodic"
PENDING_KEY = "complaints.outbox.new"
READY_KEY = "complaints.outbox.ready"
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
        # Delivery uses the session again: run it once this commit has fully finished. The
        # list lives on the session, so each request (thread) delivers its own rows.
        session.info.setdefault(READY_KEY, []).extend(rows)


def flush_ready():
    """Dispatch what the last commits of this session produced (called by the interfaces
    after commit). The commit is done: if the database goes away now, the rows stay
    pending for the periodic re-dispatch, and the answer stays the action's."""
    ready = db.session.info.pop(READY_KEY, [])
    try:
        for tenant_id, message_id in ready:
            dispatch_one(tenant_id, message_id)
    except OperationalError as exc:
        abandon_transaction()
        log.warning("database unavailable; %d outbox rows stay pending: %s", len(ready), exc)


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


def redispatch_pending(limit=REDISPATCH_BATCH, now=None, everything=False) -> int:
    """Hand over again the pending rows nobody delivered in time: Redis lost the job or was
    down at commit, a worker died, inline delivery failed. Each row handed over gets a new
    ``next_attempt_at``, so the next periodic run leaves it alone while its job is queued;
    ``everything`` takes every pending row at once (``complaints dispatch --all``).
    Walks ``ix_outbox_pending_due`` per tenant: the cost follows the rows found."""
    from core.tenancy import Tenant
    now = now or utcnow()
    handed = []
    for tenant_id in db.session.scalars(select(Tenant.id).order_by(Tenant.id)).all():
        query = select(OutboxMessage).where(OutboxMessage.tenant_id == tenant_id,
                                            OutboxMessage.status == "pending")
        if not everything:
            query = query.where(OutboxMessage.next_attempt_at <= now)
        rows = db.session.scalars(query.order_by(OutboxMessage.next_attempt_at)
                                  .limit(limit - len(handed)).with_for_update(skip_locked=True)).all()
        for row in rows:
            row.schedule_retry(now)
        handed += [(row.tenant_id, row.id) for row in rows]
        db.session.commit()
        if len(handed) >= limit:
            break
    for tenant_id, message_id in handed:
        dispatch_one(tenant_id, message_id, again=True)
    return len(handed)


def redis():
    """One Redis client (and connection pool) per app and URL: a client per enqueue would
    open a connection per request."""
    from redis import Redis
    url = current_app.config["REDIS_URL"]
    clients = current_app.extensions.setdefault("complaints.redis", {})
    if url not in clients:
        clients[url] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    return clients[url]


def queue():
    from rq import Queue
    return Queue(QUEUE, connection=redis())


def _retry():
    from rq import Retry
    return Retry(max=len(BACKOFF), interval=list(BACKOFF))


def init_app(app):
    if not getattr(db, "_complaints_outbox_listeners", False):
        event.listen(db.session, "after_flush", _collect)
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_rollback", _forget)
        db._complaints_outbox_listeners = True
