"""The 4S store's rules (DOMAIN.md "auto_dealer"; Art. 5) on a dealership, and none of them
on a tenant that did not enable the plugin."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.errors import Forbidden, InvalidInput, NotAllowedNow
from core.extensions import db
from core.outbox import OutboxMessage
from core.tenancy import create_department, create_tenant, department_by_code
from tests.support import unique_slug
from tests.workflow_support import Office, deadline, outbox_of, refused

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)


@pytest.fixture
def dealer(app, make_user):
    tenant = create_tenant(unique_slug("auto"), "示范4S店", plugins=["auto_dealer"])
    for code in ("CRM", "SVC", "MGMT"):
        create_department(tenant, code, code)
    db.session.commit()
    return Office(tenant, make_user(tenant, "intake"), make_user(tenant, "handler"), make_user(tenant, "handler"),
                  make_user(tenant, "supervisor", department="CRM"), make_user(tenant, "admin"),
                  make_user(tenant, "auditor"), make_user(tenant, "handler"))


def assigned(dealer, category="repair_quality", **overrides):
    case = dealer.register(**overrides)
    dealer.act(dealer.intake, case, "accept", category=category)
    dealer.act(dealer.supervisor, case, "assign", assignee=dealer.handler.email, deputy=dealer.handler2.email)
    return case


def test_feedback_form_and_the_customer_manager_within_an_hour(dealer):
    """Art. 5 二(一)1-2: numbered feedback form; reported to the customer manager within 1 h."""
    case = dealer.register(fields={"plate": "沪A12345"})
    assert case.fields["feedback_form"] == f"FK-{case.reference}"
    assert case.department_id == department_by_code(dealer.tenant, "CRM").id
    assert [m.user_id for m in outbox_of(case, "case_to_customer_manager")] == [dealer.supervisor.id]
    assert deadline(case, "acknowledge").due_at == MONDAY + timedelta(hours=1)


def test_clear_liability_clock_in_opening_hours(dealer):
    """24 opening hours from Monday 10:00 (open 08:30-18:00): Mon 8 h, Tue 9.5 h, Wed 6.5 h."""
    case = assigned(dealer)
    determine = deadline(case, "determine")
    assert determine.due_at == datetime(2026, 3, 4, 15, 0, tzinfo=SHANGHAI)
    determined_at = datetime(2026, 3, 3, 16, 0, tzinfo=SHANGHAI)
    dealer.act(dealer.handler, case, "determine", now=determined_at, responsibility="liable", findings="漏加机油")
    assert deadline(case, "determine").met_at == determined_at
    # Management review within 4 opening hours: Tue 16:00-18:00, then Wed 08:30-10:30.
    assert deadline(case, "review").due_at == datetime(2026, 3, 4, 10, 30, tzinfo=SHANGHAI)
    dealer.act(dealer.handler, case, "propose", now=determined_at, resolution="免费返修",
               compensation={"kind": "free_rerepair", "amount": "800"})
    approved_at = datetime(2026, 3, 4, 9, 0, tzinfo=SHANGHAI)
    dealer.act(dealer.supervisor, case, "approve", now=approved_at)
    assert deadline(case, "review").met_at == approved_at and deadline(case, "review").breached_at is None
    assert deadline(case, "final").due_at == datetime(2026, 3, 4, 17, 0, tzinfo=SHANGHAI)


def test_unreachable_customer_gets_48_hours(dealer):
    case = assigned(dealer, fields={"customer_unreachable": True})
    assert deadline(case, "determine").amount == 48


def test_return_visit_within_24_hours(dealer):
    from tests.test_workflow import COMPLETE_REPLY
    case = assigned(dealer)
    dealer.act(dealer.handler, case, "determine", responsibility="liable", findings="f")
    dealer.act(dealer.handler, case, "propose", resolution="r")
    dealer.act(dealer.handler, case, "reply", **COMPLETE_REPLY)
    assert deadline(case, "follow_up").due_at == MONDAY + timedelta(hours=24)


def test_a_deputy_is_named_with_the_assignee(dealer):
    """Art. 5 (三): 主要责任人和次要责任人."""
    case = dealer.register()
    dealer.act(dealer.intake, case, "accept", category="charges")
    refused(dealer, dealer.supervisor, case, "assign", NotAllowedNow, assignee=dealer.handler.email)
    dealer.act(dealer.supervisor, case, "assign", assignee=dealer.handler.email, deputy=dealer.handler2.email)
    dealer.act(dealer.handler2, case, "determine", responsibility="not_liable", findings="收费符合标准")


def test_unclear_cases_on_the_pending_ledger_with_a_monthly_reminder(dealer):
    from core.reports import reports_for, run
    from core.sweep import sweep_tenant
    clear = assigned(dealer)
    refused(dealer, dealer.admin, clear, "to_pending_ledger", NotAllowedNow, note="n")
    unclear = assigned(dealer, category="parts_delay", fields={"plate": "沪B67890"})
    refused(dealer, dealer.supervisor, unclear, "to_pending_ledger", Forbidden,
            note="配件未到")
    dealer.act(dealer.admin, unclear, "to_pending_ledger", note="配件未到，客户方便时回厂")
    ledger = run(dealer.tenant, reports_for(dealer.tenant)["dealer_pending_ledger"], date(2026, 3, 1), date(2026, 3, 31))
    assert [r["reference"] for r in ledger] == [unclear.reference]
    fourth = datetime(2026, 4, 4, 9, tzinfo=SHANGHAI)
    sweep_tenant(dealer.tenant, now=fourth - timedelta(days=1))
    sweep_tenant(dealer.tenant, now=fourth)
    sweep_tenant(dealer.tenant, now=fourth + timedelta(hours=2))
    reminders = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.tenant_id == dealer.tenant.id, OutboxMessage.template == "pending_ledger_reminder")).all()
    assert [(m.user_id, m.payload["references"]) for m in reminders] == [(dealer.supervisor.id, [unclear.reference])]


def test_major_home_visit_needs_the_general_managers_approval(dealer):
    case = assigned(dealer)
    dealer.act(dealer.handler, case, "escalate", reason="客户扬言曝光")
    refused(dealer, dealer.handler, case, "home_visit", NotAllowedNow, note="上门")
    dealer.act(dealer.admin, case, "approve_home_visit", note="同意")
    dealer.act(dealer.handler, case, "home_visit", note="已上门致歉")


def test_summary_and_rewards_reports(dealer):
    from core.reports import reports_for, run
    case = assigned(dealer, fields={"plate": "沪A12345"})
    dealer.act(dealer.handler, case, "determine", responsibility="liable", findings="漏加机油")
    reports = reports_for(dealer.tenant)
    summary = run(dealer.tenant, reports["dealer_feedback_summary"], date(2026, 3, 1), date(2026, 3, 7))
    assert summary[0]["feedback_form"] == case.fields["feedback_form"] and summary[0]["plate"] == "沪A12345"
    rewards = run(dealer.tenant, reports["dealer_rewards_penalties"], date(2026, 3, 1), date(2026, 3, 31))
    assert [(r["reference"], r["responsibility"]) for r in rewards] == [(case.reference, "liable")]


def test_vin_check_and_menu(dealer):
    with pytest.raises(InvalidInput):
        dealer.register(fields={"vin": "IOQ"})
    from core.workflow.authority import compensation_menu
    assert compensation_menu(dealer.tenant) == ["free_rerepair", "labour_fee_waiver", "discount"]


def test_a_tenant_without_the_plugin_sees_none_of_it(office):
    case = office.register()
    assert "feedback_form" not in case.fields
    refused(office, office.admin, case, "to_pending_ledger", InvalidInput, note="n")
    office.act(office.intake, case, "accept", category="work_error")
    office.act(office.supervisor, case, "assign", assignee=office.handler.email)  # no deputy needed
    assert deadline(case, "determine") is None


@pytest.mark.parametrize("bad", [{"open_days": []}, {"opens": "18:00", "closes": "08:00"}])
def test_opening_hours_must_make_sense(app, bad):
    with pytest.raises(InvalidInput):
        create_tenant(unique_slug("auto"), "4S", plugins={"auto_dealer": bad})


def test_its_messages_have_their_own_texts(dealer):
    from core.notify.templates import render
    subject, body = render(dealer.tenant, "pending_ledger_reminder", "zh_CN",
                           {"month": "2026-04", "references": ["AUTO-2026-000001"]})
    assert subject == "2026-04 未了事宜提醒" and body.endswith("：AUTO-2026-000001")
    subject, _ = render(dealer.tenant, "case_to_customer_manager", "en", {"feedback_form": "FK-1"})
    assert subject == "Feedback form FK-1"
