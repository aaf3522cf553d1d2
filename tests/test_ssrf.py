"""Webhook targets can never be this machine or its private network, neither when saved
nor when sent, and a redirect is not followed (docs/SECURITY.md)."""
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from core.errors import InvalidInput
from core.extensions import db
from core.tenancy import create_tenant
from tests.notify_support import rows, token_for
from tests.support import complaint, unique_slug

SECRET = "receiver-secret-0123456789"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://192.168.0.9/hook",
    "http://172.16.5.5/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook", "http://0.0.0.0/hook", "http://100.64.0.1/hook", "http://224.0.0.1/hook",
    "http://2130706433/hook", "http://user:pass@example.com/hook"])
def test_local_and_private_targets_are_refused_when_saved(app, url):
    with pytest.raises(InvalidInput) as refused:
        create_tenant(unique_slug(), "x", settings={"webhooks": [{"url": url, "secret": SECRET}]})
    assert "webhooks" in str(refused.value.fields)


class Receiver(BaseHTTPRequestHandler):
    hits = []

    def do_POST(self):
        Receiver.hits.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/elsewhere")
        else:
            self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.hits = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_checked_again_when_sent(app, client, make_tenant, make_user, receiver):
    """A target saved while the rule was lifted (or a name that now resolves locally) is
    refused at delivery: nothing reaches it."""
    app.config.update(JOBS="inline", MAIL="log", WEBHOOK_ALLOW_PRIVATE=True)
    tenant = make_tenant(settings={"webhooks": [{"url": receiver + "/hook", "secret": SECRET}]})
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    client.post("/api/v1/cases", headers=token_for(tenant, make_user(tenant, "intake")), json=complaint())
    [row] = rows(tenant, "webhook")
    assert Receiver.hits == [] and row.status == "pending" and "local or private" in row.last_error


def test_redirects_are_not_followed(app, client, make_tenant, make_user, receiver):
    app.config.update(JOBS="inline", MAIL="log", WEBHOOK_ALLOW_PRIVATE=True)
    tenant = make_tenant(settings={"webhooks": [{"url": receiver + "/redirect", "secret": SECRET}]})
    client.post("/api/v1/cases", headers=token_for(tenant, make_user(tenant, "intake")), json=complaint())
    [row] = rows(tenant, "webhook")
    assert Receiver.hits == ["/redirect"] and row.status == "pending" and "302" in row.last_error
    db.session.rollback()


def test_the_refusal_says_why_in_the_readers_language(app):
    """The admin reads the reason in their language; the outbox keeps it in English."""
    from flask_babel import force_locale
    from core.validation import translate_messages
    for locale, expected in (("zh_CN", "是本机或内网地址"), ("en", "is a local or private address")):
        with app.test_request_context(), force_locale(locale):
            with pytest.raises(InvalidInput) as refused:
                create_tenant(unique_slug(), "x", settings={"webhooks": [{"url": "http://10.0.0.7/h", "secret": SECRET}]})
            assert expected in str(translate_messages(refused.value.fields)), locale
