"""Notification test helpers: a real SMTP server (aiosmtpd), a clean Redis database, and
the app's worker run as a process of its own."""
import os
import socket
import subprocess
import sys
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from core.auth.service import create_token
from core.extensions import db
from core.outbox import OutboxMessage

REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{controller.port}"
    yield inbox
    controller.stop()


@pytest.fixture
def redis_url():
    from redis import Redis
    Redis.from_url(REDIS_TEST_URL).flushdb()
    return REDIS_TEST_URL


def token_for(tenant, user):
    token = create_token(tenant, user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def rows(tenant, template):
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.tenant_id == tenant.id, OutboxMessage.template == template)).all()


def process_env(database_url, redis_url, tmp_path, **extra):
    """The environment of an app process (worker, scheduler) on the test's database."""
    return dict(os.environ, DATABASE_URL=database_url.replace("postgresql+psycopg://", "postgresql://"),
                REDIS_URL=redis_url, JOBS="rq", INSTANCE_PATH=str(tmp_path), SECRET_KEY="test-secret",
                **extra)


def run_worker(database_url, redis_url, smtp_url, tmp_path, timeout=60):
    env = process_env(database_url, redis_url, tmp_path, MAIL="smtp", SMTP_URL=smtp_url)
    return subprocess.run([sys.executable, "-m", "core.cli", "worker", "--burst"], env=env,
                          capture_output=True, text=True, timeout=timeout)
