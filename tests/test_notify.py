"""Notifications leave through a real SMTP server (aiosmtpd), in-process and from a real
RQ worker process on real Redis; a failed action sends nothing; Redis down loses nothing."""
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from core.extensions import db
from core.outbox import OutboxMessage
from core.types import utcnow
from tests.notify_support import Inbox, free_port, process_env, rows, run_worker, token_for
from tests.support import complaint

def test_inline_delivery_by_smtp_in_the_tenants_language(app, client, smtp, make_tenant, make_user):
    app.config.update(MAIL="smtp", SMTP_URL=smtp.url, JOBS="inline")
    tenant = make_tenant(locale="zh_CN")
    headers = token_for(tenant, make_user(tenant, "intake"))
    created = client.post("/api/v1/cases", headers=headers, json=complaint(
        complainant={"name": "陈平", "email": "cp@example.com"})).get_json()
    [(to, message)] = smtp.messages
    assert to == ["cp@example.com"] and created["reference"] in message["Subject"]
    assert "您的投诉已受理登记" in message["Subject"]
    [row] = rows(tenant, "case_received")
    assert row.status == "sent" and row.sent_at is not None
    assert message["Message-ID"].startswith("<") and str(row.event_id) in message["Message-ID"]
    from core.notify.delivery import deliver
    assert deliver(tenant.id, row.id) == "sent" and len(smtp.messages) == 1  # never twice


def test_english_tenant_gets_english_mail(app, client, smtp, make_tenant, make_user):
    app.config.update(MAIL="smtp", SMTP_URL=smtp.url, JOBS="inline")
    tenant = make_tenant(locale="en")
    headers = token_for(tenant, make_user(tenant, "intake"))
    client.post("/api/v1/cases", headers=headers, json=complaint(complainant={"name": "Ann", "email": "a@example.com"}))
    assert smtp.messages[0][1]["Subject"].startswith("We received your complaint")


def test_a_refused_action_sends_nothing(app, client, smtp, make_tenant, make_user):
    app.config.update(MAIL="smtp", SMTP_URL=smtp.url, JOBS="inline")
    tenant = make_tenant()
    headers = token_for(tenant, make_user(tenant, "intake"))
    created = client.post("/api/v1/cases", headers=headers, json=complaint(
        complainant={"name": "陈平", "email": "cp@example.com"})).get_json()
    smtp.messages.clear()
    refused = client.post(f"/api/v1/cases/{created['id']}/actions", headers=headers,
                          json={"action": "reject", "version": 1})  # no reason
    assert refused.status_code == 422 and smtp.messages == [] and rows(tenant, "case_rejected") == []


def test_smtp_down_is_recorded_and_retried_later(app, client, smtp, make_tenant, make_user):
    app.config.update(MAIL="smtp", SMTP_URL=f"smtp://127.0.0.1:{free_port()}", JOBS="inline")
    tenant = make_tenant()
    headers = token_for(tenant, make_user(tenant, "intake"))
    assert client.post("/api/v1/cases", headers=headers, json=complaint(
        complainant={"name": "陈平", "email": "cp@example.com"})).status_code == 201
    [row] = rows(tenant, "case_received")
    assert row.status == "pending" and row.attempts == 1 and "Error" in row.last_error
    app.config["SMTP_URL"] = smtp.url
    from core.notify.dispatch import redispatch_pending
    redispatch_pending(everything=True)  # every pending row of every tenant, this one among them
    assert rows(tenant, "case_received")[0].status == "sent"
    assert [to for to, _m in smtp.messages if to == ["cp@example.com"]] == [["cp@example.com"]]


def test_rq_worker_process_delivers(app, client, smtp, redis_url, database_url, tmp_path, make_tenant,
                                    make_user):
    app.config.update(JOBS="rq", REDIS_URL=redis_url, MAIL="smtp", SMTP_URL=smtp.url)
    tenant = make_tenant()
    headers = token_for(tenant, make_user(tenant, "intake"))
    created = client.post("/api/v1/cases", headers=headers, json=complaint(
        complainant={"name": "陈平", "email": "cp@example.com"})).get_json()
    assert smtp.messages == [] and rows(tenant, "case_received")[0].status == "pending"
    result = run_worker(database_url, redis_url, smtp.url, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert [m["Subject"] for _to, m in smtp.messages] == [f"您的投诉已受理登记：{created['reference']}"]
    assert rows(tenant, "case_received")[0].status == "sent"


def test_redis_down_at_commit_loses_nothing(app, client, smtp, redis_url, database_url, tmp_path,
                                            make_tenant, make_user):
    app.config.update(JOBS="rq", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", MAIL="smtp",
                      SMTP_URL=smtp.url)
    tenant = make_tenant()
    headers = token_for(tenant, make_user(tenant, "intake"))
    created = client.post("/api/v1/cases", headers=headers, json=complaint(
        complainant={"name": "陈平", "email": "cp@example.com"}))
    assert created.status_code == 201  # the action succeeds without Redis
    assert rows(tenant, "case_received")[0].status == "pending"
    app.config["REDIS_URL"] = redis_url  # Redis is back
    from core.notify.dispatch import redispatch_pending
    assert redispatch_pending(everything=True) >= 1
    assert run_worker(database_url, redis_url, smtp.url, tmp_path).returncode == 0
    assert rows(tenant, "case_received")[0].status == "sent"
    assert [to for to, _m in smtp.messages if to == ["cp@example.com"]] == [["cp@example.com"]]


def test_signed_webhook_survives_a_receiver_that_fails_twice(app, client, make_tenant, make_user):
    """A receiver answering 500 twice and then 200 gets the event once it succeeds, with the
    same delivery id each time and a signature it can check."""
    import hmac
    import hashlib
    import json as jsonlib
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer
    received, answers = [], [500, 500, 200]

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(answers.pop(0) if answers else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = "receiver-secret-0123456789"
    url = f"http://127.0.0.1:{server.server_port}/hook"
    # The receiver is on this machine: allowed for this test only (docs/SECURITY.md, SSRF).
    app.config.update(JOBS="inline", MAIL="log", WEBHOOK_ALLOW_PRIVATE=True)
    tenant = make_tenant(settings={"webhooks": [{"url": url, "secret": secret, "events": ["register", "accept"]}]})
    headers = token_for(tenant, make_user(tenant, "intake"))
    try:
        created = client.post("/api/v1/cases", headers=headers, json=complaint()).get_json()
        from core.notify.dispatch import redispatch_pending
        redispatch_pending()  # the back-off has not passed yet: nothing is sent again
        assert len(received) == 1
        redispatch_pending(now=utcnow() + timedelta(hours=1))  # after the back-off
        assert len(received) == 2
        redispatch_pending(now=utcnow() + timedelta(hours=2))
        [row] = rows(tenant, "webhook")
        assert row.status == "sent" and row.attempts == 3
        assert len(received) == 3
        ids = {h["X-Complaints-Delivery"] for h, _b in received}
        assert ids == {row.idempotency_key}
        headers_, body = received[-1]
        expected = "sha256=" + hmac.new(secret.encode(), headers_["X-Complaints-Timestamp"].encode() + b"." + body,
                                        hashlib.sha256).hexdigest()
        assert headers_["X-Complaints-Signature"] == expected
        assert jsonlib.loads(body)["reference"] == created["reference"] and jsonlib.loads(body)["event"] == "register"
        # A note is not subscribed: no delivery for it.
        client.post(f"/api/v1/cases/{created['id']}/actions", headers=headers,
                    json={"action": "note", "version": 1, "text": "内部备注"})
        assert len(rows(tenant, "webhook")) == 1
    finally:
        server.shutdown()


def test_webhook_settings_are_validated(app):
    from core.errors import InvalidInput
    from core.tenancy import create_tenant
    from tests.support import unique_slug
    with pytest.raises(InvalidInput):
        create_tenant(unique_slug(), "x", settings={"webhooks": [{"url": "ftp://x", "secret": "short"}]})


def test_a_worker_killed_mid_delivery_loses_nothing(app, client, redis_url, database_url, tmp_path,
                                                    make_tenant, make_user):
    """kill -9 while the SMTP server is still taking the message; after a restart and a
    re-dispatch the message is delivered, and any duplicate carries the same Message-ID."""
    import asyncio
    import signal

    class SlowInbox(Inbox):
        async def handle_DATA(self, server, session, envelope):
            await asyncio.sleep(8)
            return await super().handle_DATA(server, session, envelope)

    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    smtp_url = f"smtp://127.0.0.1:{controller.port}"
    app.config.update(JOBS="rq", REDIS_URL=redis_url, MAIL="smtp", SMTP_URL=smtp_url)
    try:
        tenant = make_tenant()
        headers = token_for(tenant, make_user(tenant, "intake"))
        client.post("/api/v1/cases", headers=headers, json=complaint(
            complainant={"name": "陈平", "email": "killed@example.com"}))
        env = process_env(database_url, redis_url, tmp_path, MAIL="smtp", SMTP_URL=smtp_url)
        worker = subprocess.Popen([sys.executable, "-m", "core.cli", "worker"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(4)  # the job has started and is waiting on the slow server
        # The worker and the work-horse it forked for the job (RQ gives the horse a process
        # group of its own): both die as in a crash.
        subprocess.run(["pkill", "-KILL", "-f", "core[.]cli worker"], check=False)
        os.killpg(worker.pid, signal.SIGKILL) if worker.poll() is None else None
        worker.wait(10)
        assert rows(tenant, "case_received")[0].status == "pending"
        from core.notify.dispatch import redispatch_pending
        redispatch_pending(everything=True)
        result = run_worker(database_url, redis_url, smtp_url, tmp_path, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]
        assert rows(tenant, "case_received")[0].status == "sent", result.stderr[-3000:]
        mine = [m for to, m in inbox.messages if to == ["killed@example.com"]]
        assert mine and len({m["Message-ID"] for m in mine}) == 1
    finally:
        controller.stop()


def test_admins_see_failed_messages_and_send_them_again(app, client, make_tenant, make_user):
    from tests.support import csrf_token, login
    app.config.update(JOBS="inline", MAIL="log")
    tenant = make_tenant(locale="en")
    admin, handler = make_user(tenant, "admin"), make_user(tenant, "handler")
    failed = OutboxMessage(tenant_id=tenant.id, template="case_received", channel="email",
                           recipient="lost@example.com", locale="en", payload={"reference": "X-1"},
                           idempotency_key="test-retry-1", status="failed", attempts=5,
                           last_error="SMTPServerDisconnected")
    db.session.add(failed)
    db.session.commit()
    login(client, tenant, handler.email)
    assert client.get(f"/t/{tenant.slug}/admin/notifications").status_code == 403
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": csrf_token(client, f"/t/{tenant.slug}/")})
    login(client, tenant, admin.email)
    page = client.get(f"/t/{tenant.slug}/admin/notifications").get_data(as_text=True)
    assert "lost@example.com" in page and "SMTPServerDisconnected" in page
    token = csrf_token(client, f"/t/{tenant.slug}/admin/notifications")
    client.post(f"/t/{tenant.slug}/admin/notifications/{failed.id}/retry", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(OutboxMessage, failed.id).status == "sent"
    assert "Every message was delivered." in client.get(f"/t/{tenant.slug}/admin/notifications").get_data(as_text=True)
