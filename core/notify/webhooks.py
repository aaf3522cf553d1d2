"""Signed webhooks: every case event a tenant subscribes to (``settings["webhooks"]``: a
list of ``{url, secret, events}``, ``events`` naming event types or ``"*"``) becomes an
outbox row, delivered like any message: at least once, with the idempotency key as the
delivery id, signed with HMAC-SHA256 over ``"<timestamp>.<body>"`` with the receiver's
secret."""
import hashlib
import hmac
import json
import time

from core.notify import egress
from core.outbox import OutboxMessage
from core.extensions import db

TIMEOUT = 10

def subscriptions(tenant, event_type):
    return [hook for hook in (tenant.settings or {}).get("webhooks", [])
            if "*" in hook.get("events", []) or event_type in hook.get("events", [])]

def queue(tenant, case, events):
    """Outbox rows for the subscribers of ``events`` (in the action's transaction)."""
    for event in events:
        for hook in subscriptions(tenant, event.type):
            db.session.add(OutboxMessage(
                tenant_id=tenant.id, case_id=case.id, event_id=event.id, template="webhook",
                channel="webhook", recipient=hook["url"], locale=tenant.locale,
                payload={"event": event.type, "seq": event.seq, "case_id": case.id,
                         "reference": case.reference, "status": case.status, "version": case.version,
                         "at": event.created_at.isoformat()},
                idempotency_key=f"{event.id}:webhook:{hook['url']}"))

def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()

def send(row, tenant):
    hook = next((h for h in (tenant.settings or {}).get("webhooks", []) if h["url"] == row.recipient), None)
    if hook is None:
        return  # the subscription was removed since: nothing to deliver to
    body = json.dumps(row.payload | {"delivery": row.idempotency_key}, ensure_ascii=False,
                      sort_keys=True).encode()
    timestamp = str(int(time.time()))
    status = egress.post(row.recipient, body, {
        "Content-Type": "application/json", "X-Complaints-Delivery": row.idempotency_key,
        "X-Complaints-Timestamp": timestamp,
        "X-Complaints-Signature": signature(hook["secret"], timestamp, body)}, TIMEOUT)
    if not 200 <= status < 300:  # a redirect included: the receiver must answer itself
        raise WebhookRefused(f"HTTP {status} from {row.recipient}")

class WebhookRefused(Exception):
    pass
