"""The public portal: how to complain, the complaint form, the status page."""
import io
import re

import pytest
from sqlalchemy import select

from core.audit import CaseEvent
from core.cases.models import Case
from core.extensions import db
from tests.support import csrf_token, login, table_counts

PDF = b"%PDF-1.4\n% test evidence\n"


def portal_csrf(client, tenant, page="complain"):
    return csrf_token(client, f"/p/{tenant.slug}/{page}")


def submit(client, tenant, **form):
    data = {"csrf_token": portal_csrf(client, tenant), "name": "王建国", "phone": "13812345678",
            "description": "柜员办理业务时态度冷淡。", "demand": "道歉"}
    data.update(form)
    return client.post(f"/p/{tenant.slug}/complain", data=data, content_type="multipart/form-data")


def registered(page):
    reference = re.search(r'id="reference">([^<]+)<', page).group(1)
    code = re.search(r'id="access-code">([^<]+)<', page).group(1)
    return reference, code


def open_status(client, tenant, reference, code):
    token = portal_csrf(client, tenant, "status")
    return client.post(f"/p/{tenant.slug}/status",
                       data={"csrf_token": token, "reference": reference, "access_code": code})


def test_how_to_complain_shows_times_from_the_policy(client, make_tenant):
    tenant = make_tenant(plugins=["bank"], locale="en")
    page = client.get(f"/p/{tenant.slug}/").get_data(as_text=True)
    assert "7 working days" in page  # core default reply limit
    assert "3 working days" in page and "10 working days" in page  # bank: general, complex
    tenant.settings = {"deadlines": [{"kind": "resolve", "amount": 5, "unit": "working_days"}]}
    db.session.commit()
    assert "5 working days" in client.get(f"/p/{tenant.slug}/").get_data(as_text=True)


def test_complaint_form_registers_a_web_case_and_shows_the_code_once(client, make_tenant):
    tenant = make_tenant(plugins=["bank"], locale="en")
    response = submit(client, tenant, field_branch="城东支行", field_amount="2000")
    assert response.status_code == 200
    reference, code = registered(response.get_data(as_text=True))
    case = db.session.execute(select(Case).where(Case.tenant_id == tenant.id,
                                                 Case.reference == reference)).scalar_one()
    assert case.channel == "web" and case.owner_id is None and case.fields == {
        "branch": "城东支行", "amount": "2000.00"}
    assert code not in case.access_code_hash
    assert open_status(client, tenant, reference, code).status_code == 302


def test_invalid_complaint_keeps_what_was_typed_and_writes_nothing(client, make_tenant):
    tenant = make_tenant(locale="en")
    before = table_counts()
    response = submit(client, tenant, description="", phone="", demand="我的诉求")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Missing data for required field." in page or "Describe what happened" in page
    assert "我的诉求" in page  # kept
    assert table_counts() == before


def test_honeypot_and_missing_csrf_register_nothing(client, make_tenant):
    tenant = make_tenant()
    before = table_counts()
    bot = submit(client, tenant, website="http://spam.example")
    assert bot.status_code == 200 and 'id="reference"' not in bot.get_data(as_text=True)
    forged = client.post(f"/p/{tenant.slug}/complain", data={"description": "x", "name": "n",
                                                             "phone": "13800000000"})
    assert forged.status_code == 400  # CSRF token missing
    assert table_counts() == before


def test_evidence_is_checked_stored_and_served_to_staff_only(client, make_tenant, make_user):
    tenant = make_tenant(locale="en")
    response = submit(client, tenant, attachments=[(io.BytesIO(PDF), "../../收据.pdf")])
    reference, _code = registered(response.get_data(as_text=True))
    case = db.session.execute(select(Case).where(Case.tenant_id == tenant.id,
                                                 Case.reference == reference)).scalar_one()
    from core.attachments import attachments_of, path_of
    [stored] = attachments_of(tenant, case)
    assert stored.filename == "收据.pdf" and stored.content_type == "application/pdf"
    assert path_of(stored).read_bytes() == PDF and "static" not in str(path_of(stored))
    url = f"/t/{tenant.slug}/cases/{case.id}/attachments/{stored.id}"
    assert client.get(url).status_code == 302  # to the login page
    staff = make_user(tenant, "handler")
    login(client, tenant, staff.email)
    download = client.get(url)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("upload, says", [
    ((b"MZ\x90\x00 not really a pdf", "invoice.pdf"), "is not a PDF"),
    ((b"%PDF-" + b"0" * (5 * 1024 * 1024), "big.pdf"), "larger than 5 MB"),
])
def test_bad_evidence_is_refused_and_nothing_is_written(client, make_tenant, upload, says):
    tenant = make_tenant(locale="en")
    before = table_counts()
    data, name = upload
    response = submit(client, tenant, attachments=[(io.BytesIO(data), name)])
    assert response.status_code == 422 and says in response.get_data(as_text=True)
    assert table_counts() == before


def test_status_lookup_gives_one_answer_for_every_miss_and_throttles(client, app, make_tenant):
    tenant = make_tenant(locale="en")
    reference, code = registered(submit(client, tenant).get_data(as_text=True))
    wrong_code = open_status(client, tenant, reference, "AAAAAAAAAAAA")
    unknown = open_status(client, tenant, reference[:-1] + "9", code)
    message = "No complaint matches this reference and access code."
    assert wrong_code.status_code == unknown.status_code == 401
    assert message in wrong_code.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        open_status(client, tenant, reference, "AAAAAAAAAAAA")
    locked = open_status(client, tenant, reference, code)  # the right code, but locked now
    assert locked.status_code == 401 and "Too many failed attempts" in locked.get_data(as_text=True)


def test_status_page_shows_what_is_addressed_to_the_complainant_only(client, make_tenant, make_user):
    from core.workflow import perform
    tenant = make_tenant(plugins=["bank"], locale="en")
    supervisor, handler = make_user(tenant, "supervisor", name="主管老李"), make_user(tenant, "handler", name="经办小王")
    reference, code = registered(submit(client, tenant).get_data(as_text=True))
    case = db.session.execute(select(Case).where(Case.tenant_id == tenant.id,
                                                 Case.reference == reference)).scalar_one()
    steps = [(supervisor, "note", {"text": "内部备注：客户曾多次投诉"}),
             (supervisor, "accept", {"category": "service_attitude"}),
             (supervisor, "assign", {"assignee": handler.email}),
             (handler, "determine", {"responsibility": "liable", "findings": "监控显示柜员态度不佳"})]
    for user, name, params in steps:
        db.session.refresh(case)
        perform(tenant, user, case.id, name, params, version=case.version)
        db.session.commit()
    open_status(client, tenant, reference, code)
    page = client.get(f"/p/{tenant.slug}/status/view").get_data(as_text=True)
    assert "in_progress" in page or "处理中" in page
    assert "经办小王" in page  # the handler's display name
    assert "内部备注" not in page and "监控显示" not in page and "主管老李" not in page


def test_complainant_supplies_missing_information_from_the_status_page(client, make_tenant, make_user):
    from core.workflow import perform
    tenant = make_tenant(locale="en")
    reference, code = registered(submit(client, tenant).get_data(as_text=True))
    case = db.session.execute(select(Case).where(Case.tenant_id == tenant.id,
                                                 Case.reference == reference)).scalar_one()
    perform(tenant, make_user(tenant, "supervisor"), case.id, "request_info",
            {"missing": "请上传转账凭证"}, version=case.version)
    db.session.commit()
    open_status(client, tenant, reference, code)
    page = client.get(f"/p/{tenant.slug}/status/view").get_data(as_text=True)
    assert "请上传转账凭证" in page and "We are waiting for information from you." in page
    token = csrf_token(client, f"/p/{tenant.slug}/status/view")
    sent = client.post(f"/p/{tenant.slug}/status/view", content_type="multipart/form-data", data={
        "csrf_token": token, "text": "凭证见附件", "attachments": [(io.BytesIO(PDF), "凭证.pdf")]})
    assert sent.status_code == 200 and "your information was added" in sent.get_data(as_text=True)
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "received"
    last = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                              .order_by(CaseEvent.seq.desc())).first()
    assert last.type == "provide_info" and last.actor_id is None and last.data["by"] == "complainant"
    assert len(last.data["attachments"]) == 1
    # Once it runs again, more information is an ordinary addition.
    token = csrf_token(client, f"/p/{tenant.slug}/status/view")
    client.post(f"/p/{tenant.slug}/status/view", data={"csrf_token": token, "text": "补充说明"})
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "received"
    empty = client.post(f"/p/{tenant.slug}/status/view", data={"csrf_token": token, "text": " "})
    assert empty.status_code == 422


def test_an_opened_case_shows_nothing_on_another_tenants_portal(client, make_tenant):
    a, b = make_tenant(), make_tenant()
    reference, code = registered(submit(client, a).get_data(as_text=True))
    assert open_status(client, a, reference, code).status_code == 302
    assert client.get(f"/p/{b.slug}/status/view").status_code == 302  # back to the lookup
    assert open_status(client, b, reference, code).status_code == 401


def test_what_the_public_sends_is_escaped_for_staff(client, make_tenant, make_user):
    tenant = make_tenant()
    reference, _code = registered(submit(client, tenant, description="<script>alert(1)</script>").get_data(as_text=True))
    case = db.session.execute(select(Case).where(Case.tenant_id == tenant.id,
                                                 Case.reference == reference)).scalar_one()
    staff = make_user(tenant, "handler")
    login(client, tenant, staff.email)
    page = client.get(f"/t/{tenant.slug}/cases/{case.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_portal_posts_are_rate_limited_per_address(client, app, make_tenant):
    app.config["PORTAL_RATE_LIMIT"] = "2/minute"
    tenant = make_tenant()
    assert submit(client, tenant).status_code == 200
    assert submit(client, tenant).status_code == 200
    assert submit(client, tenant).status_code == 429


def test_unknown_portal_is_404(client):
    assert client.get("/p/no-such-org/").status_code == 404


def test_others_wrong_guesses_do_not_lock_the_complainant_out(client, app, make_tenant):
    tenant = make_tenant(locale="en")
    reference, code = registered(submit(client, tenant).get_data(as_text=True))
    token = portal_csrf(client, tenant, "status")
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 1):
        client.post(f"/p/{tenant.slug}/status", environ_base={"REMOTE_ADDR": "10.9.9.9"},
                    data={"csrf_token": token, "reference": reference, "access_code": "AAAAAAAAAAAA"})
    assert open_status(client, tenant, reference, code).status_code == 302


def test_a_name_without_contact_is_a_clear_error_not_a_crash(client, make_tenant):
    tenant = make_tenant(locale="en")
    response = submit(client, tenant, phone="")
    assert response.status_code == 422 and "phone or e-mail" in response.get_data(as_text=True)
