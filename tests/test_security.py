"""Attacks tried over HTTP (docs/SECURITY.md lists each threat and its test)."""
import pytest
from tests.support import IsolatedClient

from core.auth.service import create_token
from core.extensions import db
from tests.notify_support import rows
from tests.support import PASSWORD, complaint, csrf_token, login

XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<details open ontoggle=alert(1)>',
       '<svg onload=alert(1)>', '"><a href="javascript:alert(1)">x</a>']


def test_pages_carry_a_policy_that_allows_no_script(client, make_tenant, make_user):
    tenant = make_tenant()
    login(client, tenant, make_user(tenant, "admin").email)
    for url in (f"/t/{tenant.slug}/", f"/t/{tenant.slug}/cases", f"/t/{tenant.slug}/admin/", f"/p/{tenant.slug}/",
                f"/t/{tenant.slug}/login", "/"):
        response = client.get(url)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'none'" in policy and "frame-ancestors 'none'" in policy, url
        assert response.headers["X-Content-Type-Options"] == "nosniff" and response.headers["X-Frame-Options"] == "DENY"
        assert "<script" not in response.get_data(as_text=True) and " style=" not in response.get_data(as_text=True)


@pytest.mark.parametrize("payload", XSS)
def test_typed_markup_is_shown_as_text(client, make_tenant, make_user, make_case, payload):
    tenant = make_tenant(plugins=["bank"])
    user = make_user(tenant, "supervisor")
    case = make_case(tenant, user, title=payload[:60], description=payload, demand=payload,
                     complainant={"name": payload[:50], "phone": "13800000000"},
                     fields={"branch": payload[:100]})
    login(client, tenant, user.email)
    for url in (f"/t/{tenant.slug}/cases/{case.id}", f"/t/{tenant.slug}/cases", f"/t/{tenant.slug}/",
                f"/t/{tenant.slug}/cases?q=%3C"):
        page = client.get(url).get_data(as_text=True)
        assert payload not in page, url  # escaped wherever it is shown


def test_identity_headers_from_outside_are_ignored(client, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant, "admin")
    for header in ("X-Remote-User", "Remote-User", "X-Forwarded-User", "X-User"):
        response = client.get(f"/t/{tenant.slug}/", headers={header: user.email})
        assert response.status_code == 302 and "/login" in response.headers["Location"], header
    assert client.get("/api/v1/cases", headers={"X-Remote-User": user.email}).status_code == 401


def test_sign_in_starts_a_fresh_session_and_sign_out_ends_every_copy(app, client, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant, "handler")
    before = csrf_token(client, f"/t/{tenant.slug}/login")
    client.post(f"/t/{tenant.slug}/login", data={"email": user.email, "password": PASSWORD, "csrf_token": before})
    # The CSRF token of the anonymous session is not good after signing in.
    stale = client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": before})
    assert stale.status_code == 400
    copied = client.get_cookie("session").value
    thief = IsolatedClient(app, use_cookies=True)
    thief.set_cookie("session", copied)
    assert thief.get(f"/t/{tenant.slug}/").status_code == 200  # a copied cookie works while signed in...
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": csrf_token(client, f"/t/{tenant.slug}/")})
    assert thief.get(f"/t/{tenant.slug}/").status_code == 302  # ...and not after the owner signs out
    login(client, tenant, user.email)
    assert client.get(f"/t/{tenant.slug}/").status_code == 200


def test_a_disabled_user_loses_open_sessions(client, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant, "handler")
    login(client, tenant, user.email)
    assert client.get(f"/t/{tenant.slug}/").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get(f"/t/{tenant.slug}/").status_code == 302


def test_state_changing_forms_need_the_csrf_token(client, make_tenant, make_user, make_case):
    tenant = make_tenant()
    admin = make_user(tenant, "admin")
    case = make_case(tenant, admin)
    login(client, tenant, admin.email)
    for url, data in ((f"/t/{tenant.slug}/cases/{case.id}/actions/note", {"version": "1", "text": "x"}),
                      (f"/t/{tenant.slug}/admin/departments", {"code": "X", "name": "x"}),
                      (f"/t/{tenant.slug}/admin/users", {"email": "a@b.c", "role": "admin", "password": "x" * 20}),
                      (f"/t/{tenant.slug}/cases/new", {"channel": "phone", "description": "x", "intent": "register"}),
                      (f"/t/{tenant.slug}/logout", {})):
        assert client.post(url, data=data).status_code == 400, url
        assert client.post(url, data=data | {"csrf_token": "forged"}).status_code == 400, url
    db.session.refresh(case)
    assert case.version == 1


def test_api_refuses_fields_it_does_not_take(client, make_tenant, make_user):
    tenant = make_tenant()
    token = create_token(tenant, make_user(tenant, "admin"))
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    sneaky = complaint(status="closed", id=1, version=9, tenant_id=999, access_code_hash="x", major=True)
    response = client.post("/api/v1/cases", json=sneaky, headers=headers)
    assert response.status_code == 422
    assert {"status", "id", "version", "tenant_id", "access_code_hash", "major"} <= set(response.get_json()["error"]["fields"])


def test_no_header_injection_through_a_title(app, client, smtp, make_tenant, make_user):
    app.config.update(MAIL="smtp", SMTP_URL=smtp.url, JOBS="inline")
    tenant = make_tenant(locale="en")
    token = create_token(tenant, make_user(tenant, "intake"))
    db.session.commit()
    created = client.post("/api/v1/cases", headers={"Authorization": f"Bearer {token}"}, json=complaint(
        title="Refund\r\nBcc: victim@evil.example\r\n\r\nclick here", description="x",
        complainant={"name": "A", "email": "a@example.com"}))
    assert created.status_code == 201
    [(to, message)] = [(to, m) for to, m in smtp.messages if created.get_json()["reference"] in m["Subject"]]
    assert to == ["a@example.com"] and message["Bcc"] is None
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert rows(tenant, "case_received")[0].status == "sent"


def test_an_oversized_upload_is_refused_before_anything_is_stored(app, client, make_tenant):
    from tests.support import table_counts
    tenant = make_tenant()
    url = f"/p/{tenant.slug}/complain"
    token = csrf_token(client, url)
    before = table_counts()
    storage = __import__("pathlib").Path(app.config["INSTANCE_PATH"]) / "attachments"
    files_before = sorted(storage.rglob("*")) if storage.exists() else []
    response = client.post(url, data={"csrf_token": token, "description": "x", "name": "A", "phone": "13800000000",
                                      "attachments": (__import__("io").BytesIO(b"%PDF-1.4" + b"0" * (27 * 1024 * 1024)),
                                                      "big.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert table_counts() == before
    assert (sorted(storage.rglob("*")) if storage.exists() else []) == files_before
