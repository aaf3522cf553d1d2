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


def test_the_person_complained_about_reaches_it_by_no_path(app, client, make_tenant, make_user):
    """Art. 1 §9, Art. 5: a supervisor complained about, who reads reports and gets the
    department's messages, finds the case on no page, search, attachment, report, export
    or API answer, and no message about it is queued for them, while their colleague's
    are."""
    from datetime import timedelta
    from io import BytesIO
    from openpyxl import load_workbook
    from core.attachments import store
    from core.outbox import OutboxMessage
    from core.reports import reports_for
    from core.sweep import sweep_tenant
    from tests.workflow_support import MONDAY, Office
    tenant = make_tenant(plugins=["bank"])
    subject, colleague = make_user(tenant, "supervisor", department="OPS"), make_user(tenant, "supervisor", department="OPS")
    office = Office(tenant, make_user(tenant, "intake"), make_user(tenant, "handler", department="OPS"),
                    make_user(tenant, "handler"), colleague, make_user(tenant, "admin"),
                    make_user(tenant, "auditor"), make_user(tenant, "handler"))
    marker, phone = "主管办事拖拉-SUBJ", "13977776666"
    case = office.register(title=marker, description=marker, subject={"person": subject.email},
                           complainant={"name": "举报人甲", "phone": phone, "email": "whistle@example.com"})
    attachment = store(tenant, case, [("evidence.pdf", b"%PDF-1.4 x", "application/pdf")], "staff")[0]
    db.session.commit()
    office.act(office.intake, case, "accept", category="work_error")
    office.act(office.admin, case, "escalate", reason="涉及主管")
    office.act(office.admin, case, "assign", department="OPS", assignee=office.handler.email)
    office.act(office.handler, case, "determine", responsibility="liable", findings="主管拖延")
    office.act(office.handler, case, "propose", resolution="致歉并退费",
               compensation={"kind": "fee_refund", "amount": "100000"})  # above the limit: approval asked
    sweep_tenant(tenant, now=MONDAY + timedelta(days=40))  # every deadline breached
    db.session.commit()

    def queued_for(user):
        return db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage).where(
            OutboxMessage.tenant_id == tenant.id, OutboxMessage.case_id == case.id,
            OutboxMessage.recipient == user.email))
    assert queued_for(colleague) >= 1 and queued_for(subject) == 0

    login(client, tenant, subject.email)
    base = f"/t/{tenant.slug}"
    assert client.get(f"{base}/cases/{case.id}").status_code == 404
    assert client.get(f"{base}/cases/{case.id}/attachments/{attachment.id}").status_code == 404
    pages = [client.get(url).data for url in (f"{base}/", f"{base}/cases", f"{base}/cases?q=主管",
                                              f"{base}/cases?overdue=1")]
    for name in reports_for(tenant):
        url = f"{base}/reports/{name}?period=custom&from=2026-03-01&to=2026-04-30"
        for suffix in ("", "&format=csv"):
            response = client.get(url + suffix)
            assert response.status_code == 200, (name, suffix)
            pages.append(response.data)
        sheet = load_workbook(BytesIO(client.get(url + "&format=xlsx").data)).active
        pages.append("\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row).encode())
    token = create_token(tenant, subject)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/cases/{case.id}", headers=headers).status_code == 404
    for url in ("/api/v1/cases", "/api/v1/cases?q=主管",
                "/api/v1/reports/bank_complaint_register?from=2026-03-01&to=2026-04-30&format=csv"):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        pages.append(response.data)
    for page in pages:
        assert marker.encode() not in page and phone.encode() not in page and "举报人甲".encode() not in page
        assert case.reference.encode() not in page
    # ...while the colleague does find it, so the checks above can fail.
    seen = IsolatedClient(app, use_cookies=True)
    login(seen, tenant, colleague.email)
    assert marker in seen.get(f"{base}/cases?q=主管").get_data(as_text=True)
    register = seen.get(f"{base}/reports/bank_complaint_register?period=custom&from=2026-03-01&to=2026-04-30"
                        "&format=csv").get_data(as_text=True)
    assert case.reference in register
