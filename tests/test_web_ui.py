"""The staff UI over HTTP: board, case list, action forms and intake. (The same flows in
a real browser are in tests/browser/test_staff_browser.py.)"""
import re
from datetime import timedelta

from sqlalchemy import func, select

from core.cases.models import Case
from core.extensions import db
from core.types import utcnow
from tests.support import csrf_token, login, table_counts
from tests.workflow_support import MONDAY, Office, snapshot


def office_of(make_tenant, make_user, **kwargs):
    tenant = make_tenant(plugins=["bank"], **kwargs)
    return Office(tenant, make_user(tenant, "intake"), make_user(tenant, "handler", department="OPS"),
                  make_user(tenant, "handler"), make_user(tenant, "supervisor", department="OPS"),
                  make_user(tenant, "admin"), make_user(tenant, "auditor"), make_user(tenant, "handler"))


def tile(page, name):
    return int(re.search(rf'id="tile-{name}">\s*<strong>(\d+)', page).group(1))


def test_board_counts_link_to_the_list(client, make_tenant, make_user):
    office = office_of(make_tenant, make_user, locale="en")
    overdue = office.register(title="Long ago", now=MONDAY)  # its deadlines passed long ago
    fresh = office.register(title="Just now", now=utcnow())
    office.act(office.intake, fresh, "accept", category="work_error", now=utcnow())
    office.act(office.supervisor, fresh, "assign", department="OPS", assignee=office.handler.email, now=utcnow())
    login(client, office.tenant, office.handler.email)
    page = client.get(f"/t/{office.tenant.slug}/").get_data(as_text=True)
    assert tile(page, "mine") == 1 and tile(page, "overdue") == 1 and tile(page, "my_department") == 1
    assert "tile-awaiting_approval" not in page  # a handler approves nothing
    listed = client.get(f"/t/{office.tenant.slug}/cases?overdue=true&status=open").get_data(as_text=True)
    assert overdue.reference in listed and fresh.reference not in listed
    mine = client.get(f"/t/{office.tenant.slug}/cases?mine=true").get_data(as_text=True)
    assert fresh.reference in mine and overdue.reference not in mine


def test_list_filters_search_sort_and_pages(client, make_tenant, make_user):
    office = office_of(make_tenant, make_user)
    late = office.register(title="柜台排队时间过长", now=MONDAY)
    soon = [office.register(title=f"理财产品说明不清 {i}", now=utcnow() - timedelta(minutes=i)) for i in range(26)]
    login(client, office.tenant, office.intake.email)
    base = f"/t/{office.tenant.slug}/cases"
    found = client.get(base + "?q=排队").get_data(as_text=True)  # Chinese text, no word breaks
    assert late.reference in found and soon[0].reference not in found
    by_due = client.get(base + "?sort=due").get_data(as_text=True)
    assert by_due.index(late.reference) < by_due.index(soon[0].reference)  # overdue first
    first = client.get(base).get_data(as_text=True)
    assert 'rel="next"' in first and soon[0].reference in first and late.reference not in first
    second = client.get(base + "?page=2").get_data(as_text=True)
    assert late.reference in second and 'rel="prev"' in second and 'rel="next"' not in second
    assert client.get(base + "?channel=phone&received_from=2026-03-01&received_to=2026-03-02").status_code == 200
    bad = client.get(base + "?sort=title;drop&page=-1")
    assert bad.status_code == 400 and "sort" in bad.get_data(as_text=True)


def test_action_form_moves_the_case_and_a_refusal_keeps_what_was_typed(client, make_tenant, make_user):
    office = office_of(make_tenant, make_user, locale="en")
    case = office.register(title="Wrong amount")
    login(client, office.tenant, office.intake.email)
    url = f"/t/{office.tenant.slug}/cases/{case.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'id="action-accept"' in page and 'id="action-approve"' not in page
    token = csrf_token(client, url)
    before = snapshot(office.tenant, case.id)
    refused = client.post(url + "/actions/reject", data={"csrf_token": token, "version": "1", "reason": " "})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="refusal"' in body and "Missing data" in body
    assert snapshot(office.tenant, case.id) == before
    stale = client.post(url + "/actions/accept", data={"csrf_token": token, "version": "0",
                                                      "category": "work_error", "severity": ""})
    assert stale.status_code == 409 and "Someone else changed this case first" in stale.get_data(as_text=True)
    assert 'value="work_error" selected' in stale.get_data(as_text=True)  # kept
    assert snapshot(office.tenant, case.id) == before
    done = client.post(url + "/actions/accept", data={"csrf_token": token, "version": "1",
                                                     "category": "work_error", "severity": ""})
    assert done.status_code == 302
    db.session.refresh(case)
    assert case.status == "accepted" and case.category == "work_error"
    unknown = client.post(url + "/actions/delete_everything", data={"csrf_token": token, "version": "2"})
    assert unknown.status_code == 404


def test_extension_form_reads_local_time(client, make_tenant, make_user):
    office = office_of(make_tenant, make_user)
    case = office.register(title="需延期")
    office.act(office.intake, case, "accept", category="work_error")
    office.act(office.supervisor, case, "assign", department="OPS", assignee=office.handler.email)
    login(client, office.tenant, office.handler.email)
    url = f"/t/{office.tenant.slug}/cases/{case.id}"
    db.session.refresh(case)
    response = client.post(url + "/actions/extend", data={
        "csrf_token": csrf_token(client, url), "version": str(case.version), "kind": "resolve",
        "reason": "需调取监控", "due_at": "2026-04-30T17:30"})
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    page = client.get(url).get_data(as_text=True)
    assert "2026-04-30 17:30" in page  # Shanghai time in, Shanghai time shown


def test_intake_check_warns_and_keeps_nothing_then_register(client, make_tenant, make_user):
    office = office_of(make_tenant, make_user, locale="en")
    login(client, office.tenant, office.intake.email)
    url = f"/t/{office.tenant.slug}/cases/new"
    form = {"csrf_token": csrf_token(client, url), "channel": "walk_in", "complainant_name": "Chen Ping",
            "complainant_phone": "13800001111", "title": "Counterfeit note from the ATM",
            "description": "The ATM gave me a counterfeit note", "field_amount": "60000"}
    before = table_counts()
    checked = client.post(url, data=form | {"intent": "check"})
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200 and "Before you register" in page and "major" in page.lower()
    assert 'value="Chen Ping"' in page  # kept for the second click
    assert table_counts() == before  # nothing written
    missing = client.post(url, data=form | {"intent": "register", "description": ""})
    assert missing.status_code == 422 and 'value="Chen Ping"' in missing.get_data(as_text=True)
    assert table_counts() == before
    registered = client.post(url, data=form | {"intent": "register"})
    assert registered.status_code == 302
    case = db.session.scalar(select(Case).where(Case.tenant_id == office.tenant.id))
    assert case.title == "Counterfeit note from the ATM" and case.major and case.fields["amount"] == "60000.00"
    assert case.reference in client.get(registered.headers["Location"]).get_data(as_text=True)


def test_other_tenants_and_the_person_complained_about_see_nothing(client, make_tenant, make_user):
    mine, theirs = office_of(make_tenant, make_user), office_of(make_tenant, make_user)
    foreign = theirs.register(title="别家的投诉")
    about_teller = mine.register(title="柜员态度", subject={"person": mine.teller.email})
    login(client, mine.tenant, mine.supervisor.email)
    url = f"/t/{mine.tenant.slug}/cases/{foreign.id}"
    assert client.get(url).status_code == 404
    token = csrf_token(client, f"/t/{mine.tenant.slug}/cases")
    assert client.post(url + "/actions/accept", data={"csrf_token": token, "version": "1",
                                                      "category": "work_error"}).status_code == 404
    assert foreign.reference not in client.get(f"/t/{mine.tenant.slug}/cases?q=投诉").get_data(as_text=True)
    client.post(f"/t/{mine.tenant.slug}/logout", data={"csrf_token": token})
    login(client, mine.tenant, mine.teller.email)
    token = csrf_token(client, f"/t/{mine.tenant.slug}/cases")
    listed = client.get(f"/t/{mine.tenant.slug}/cases?q=柜员").get_data(as_text=True)
    assert about_teller.reference not in listed
    assert client.post(f"/t/{mine.tenant.slug}/cases/{about_teller.id}/actions/note",
                       data={"csrf_token": token, "version": "1", "text": "x"}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Case).where(
        Case.id == about_teller.id, Case.version == 1)) == 1


def test_a_forged_or_missing_version_is_refused_cleanly(client, make_tenant, make_user):
    """Non-ASCII digits pass str.isdigit() but not int(): once a 500; and without a
    version the action skipped the check that stops a stale form."""
    office = office_of(make_tenant, make_user)
    case = office.register()
    login(client, office.tenant, office.intake.email)
    url = f"/t/{office.tenant.slug}/cases/{case.id}/actions/note"
    response = client.post(url, data={"csrf_token": csrf_token(client, f"/t/{office.tenant.slug}/cases/{case.id}"),
                                      "version": "²", "text": "x"})
    assert response.status_code == 409 and "请刷新后重试" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.version == 1
