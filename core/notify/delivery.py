"""Delivering one outbox row: render it, send it by its channel, record the result.

At least once, never twice on purpose: a row recorded as sent is skipped; the idempotency
key travels as the e-mail's Message-ID so a receiver can drop the rare duplicate (a worker
killed after sending but before recording). A failure is recorded and re-raised, so the
job queue retries it; after ``MAX_ATTEMPTS`` the row is marked failed for an admin to see.
"""
import logging
import re
import smtplib
from email.message import EmailMessage
from datetime import timedelta
from urllib.parse import unquote, urlparse

from flask import current_app
from sqlalchemy import select

from core.extensions import db
from core.notify.templates import render
from core.outbox import BACKOFF, REDISPATCH_AFTER, OutboxMessage
from core.tenancy import Tenant
from core.types import utcnow

log = logging.getLogger("complaints.notify")
MAX_ATTEMPTS = 5


class DeliveryError(Exception):
    pass


def message_id(row) -> str:
    return "<" + re.sub(r"[^A-Za-z0-9._-]", ".", row.idempotency_key) + f".t{row.tenant_id}@complaints>"


# Header values are checked here, not left to the email package: before CVE-2024-6923 was
# fixed it let an encoded newline through, and a complaint title reaches the Subject.
UNSAFE_HEADER = re.compile(r"[\r\n\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")
ADDRESS = re.compile(r"^[^\s@<>(),;:\"\[\]]+@[^\s@<>(),;:\"\[\]]+$")


def header_text(value: str) -> str:
    """``value`` on one line: any line break or control character becomes a space."""
    return " ".join(UNSAFE_HEADER.sub(" ", value).split())


def send_email(row, subject, body):
    config = current_app.config
    if not ADDRESS.match(row.recipient or ""):
        raise DeliveryError(f"not a single plain address: {row.recipient!r}")
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM", "complaints@localhost")
    message["To"] = row.recipient
    message["Subject"] = header_text(subject)
    message["Message-ID"] = message_id(row)
    message.set_content(body)
    if config.get("MAIL") != "smtp" or not config.get("SMTP_URL"):
        log.info("mail to %s: %s (%s)", row.recipient, subject, message["Message-ID"])
        return
    url = urlparse(config["SMTP_URL"])
    smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    with smtp_class(url.hostname, url.port or (465 if url.scheme == "smtps" else 25), timeout=30) as smtp:
        if url.scheme == "smtp+starttls":
            smtp.starttls()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.send_message(message)


def send_sms(row, subject, body):
    """The SMS gateway interface; the default gateway writes to the log."""
    log.info("sms to %s: %s", row.recipient, body)


CHANNELS = {"email": send_email, "sms": send_sms}


def deliver(tenant_id: int, message_id_: int) -> str:
    """Deliver one outbox row of ``tenant_id``; return its status afterwards."""
    row = db.session.execute(select(OutboxMessage).where(
        OutboxMessage.tenant_id == tenant_id, OutboxMessage.id == message_id_)
        .with_for_update(skip_locked=True)).scalar_one_or_none()
    if row is None or row.status in ("sent", "failed"):
        db.session.rollback()
        return row.status if row is not None else "missing"
    tenant = db.session.get(Tenant, tenant_id)
    try:
        if row.channel == "webhook":
            from core.notify.webhooks import send
            send(row, tenant)
        else:
            subject, body = render(tenant, row.template, row.locale, row.payload)
            CHANNELS[row.channel](row, subject, body)
    except Exception as exc:  # recorded, then raised again so the queue retries
        row.attempts += 1
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
        else:  # the queue retries after the back-off; the dispatcher only if that is lost
            row.schedule_retry(utcnow(), timedelta(seconds=BACKOFF[min(row.attempts, len(BACKOFF)) - 1]) + REDISPATCH_AFTER)
        db.session.commit()
        raise DeliveryError(row.last_error) from exc
    row.status, row.sent_at, row.attempts = "sent", utcnow(), row.attempts + 1
    db.session.commit()
    return row.status
