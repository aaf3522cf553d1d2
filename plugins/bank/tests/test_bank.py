"""The bank plugin's rules (DOMAIN.md "bank"; Art. 7, 10, 12, 13), each on a bank tenant,
and none of them on a tenant that did not enable the plugin."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.cases.intake import register_case
from core.errors import InvalidInput, NotAllowedNow
from core.extensions import db
from core.plugins import categories_for
from core.tenancy import department_by_code
from tests.support import complaint
from tests.workflow_support import deadline, refused

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
BANK_DEPARTMENTS = ("GEN", "OPS", "INSP", "OFFICE", "LEGAL")


def end_of(day):
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=SHANGHAI)


@pytest.fixture
def bank(make_tenant, make_user):
    def factory(**settings):
        tenant = make_tenant(plugins={"bank": settings}, departments=BANK_DEPARTMENTS)
        return tenant, make_user(tenant, "intake")
    return factory


def register(tenant, clerk, **overrides):
    overrides.setdefault("received_at", MONDAY.isoformat())
    case, _ = register_case(tenant, clerk, complaint(**overrides), now=MONDAY)
    db.session.commit()
    return case


def test_categories_follow_art_12_s14(app, make_tenant):
    groups = {c.code: c.group for c in categories_for(make_tenant(plugins=["bank"]))}
    assert groups["work_error"] == "general" and groups["rule_violation"] == "complex"
    assert groups["financial_crime"] == "inspection"


@pytest.mark.parametrize("category, days, due", [
    ("service_attitude", None, date(2026, 3, 5)),     # general: 3 working days
    ("service_channel", None, date(2026, 3, 16)),     # complex: 10 working days
    ("work_error", {"general_days": 1}, date(2026, 3, 3)),  # Art. 13's bank: 1 day
])
def test_reply_limits_by_class_are_settings(app, bank, make_user, category, days, due):
    tenant, clerk = bank(**(days or {}))
    case = register(tenant, clerk)
    from core.workflow import perform
    perform(tenant, clerk, case.id, "accept", {"category": category}, version=case.version, now=MONDAY)
    db.session.commit()
    assert deadline(case, "resolve").due_at == end_of(due)


def test_statutory_profile_counts_calendar_days(app, bank):
    """银行业保险业消费投诉处理管理办法: 15 days, 30 for complex cases."""
    tenant, clerk = bank(profile="cbirc_2020")
    from core.workflow import perform
    simple, complex_ = register(tenant, clerk), register(tenant, clerk)
    perform(tenant, clerk, simple.id, "accept", {"category": "work_error"}, version=1, now=MONDAY)
    perform(tenant, clerk, complex_.id, "accept", {"category": "rule_violation"}, version=1, now=MONDAY)
    db.session.commit()
    assert deadline(simple, "resolve").due_at == end_of(date(2026, 3, 17))
    assert deadline(complex_, "resolve").due_at == end_of(date(2026, 4, 1))


def test_statutory_extension_needs_an_admin_and_is_capped(app, bank, make_user):
    tenant, clerk = bank(profile="cbirc_2020")
    supervisor, admin = make_user(tenant, "supervisor"), make_user(tenant, "admin")
    from core.workflow import perform
    case = register(tenant, clerk)
    perform(tenant, clerk, case.id, "accept", {"category": "work_error"}, version=1, now=MONDAY)
    db.session.commit()
    original = deadline(case, "resolve").original_due_at
    with pytest.raises(NotAllowedNow, match="只有管理员"):
        perform(tenant, supervisor, case.id, "extend", {"due_at": (original + timedelta(days=10)).isoformat(),
                                                        "reason": "需外部鉴定"}, version=2, now=MONDAY)
    with pytest.raises(NotAllowedNow, match="最多增加 30 天"):
        perform(tenant, admin, case.id, "extend", {"due_at": (original + timedelta(days=31)).isoformat(),
                                                   "reason": "需外部鉴定"}, version=2, now=MONDAY)
    perform(tenant, admin, case.id, "extend", {"due_at": (original + timedelta(days=30)).isoformat(),
                                               "reason": "需外部鉴定"}, version=2, now=MONDAY)


@pytest.mark.parametrize("overrides, department", [
    ({"category": "financial_crime"}, "INSP"),   # Art. 12 §14
    ({"channel": "media"}, "OFFICE"),            # Art. 12 §10
    ({"fields": {"legal_dispute": True}}, "LEGAL"),
])
def test_routing(app, bank, overrides, department):
    tenant, clerk = bank()
    case = register(tenant, clerk, **overrides)
    assert case.department_id == department_by_code(tenant, department).id
    assert case.routing["department"] == department


def test_hotline_complaints_carry_a_transfer_order(app, bank):
    tenant, clerk = bank()
    by_phone = register(tenant, clerk, channel="phone")
    assert by_phone.fields["transfer_order"] == f"ZB-{by_phone.reference}"
    given = register(tenant, clerk, channel="phone", fields={"transfer_order": "95580-0001"})
    assert given.fields["transfer_order"] == "95580-0001"
    assert "transfer_order" not in register(tenant, clerk, channel="walk_in").fields


@pytest.mark.parametrize("overrides, reason", [
    ({"fields": {"amount": "50000.01"}}, "amount_over_threshold"),
    ({"fields": {"public_figure": True}}, "public_figure"),
    ({"fields": {"hot_topic": True}}, "hot_topic"),
    ({"channel": "media"}, "media"),
])
def test_major_complaints(app, bank, overrides, reason):
    tenant, clerk = bank()
    case = register(tenant, clerk, **overrides)
    assert case.major and reason in case.major_reasons
    assert not register(tenant, clerk, fields={"amount": "50000.00"}).major


def test_repeat_after_an_unsatisfying_answer_is_major(app, bank, office):
    tenant, clerk = office.tenant, office.intake
    from tests.test_workflow_helpers import answered
    first = answered(office, satisfaction="dissatisfied")
    repeat = register(tenant, clerk, repeat_of=first.reference)
    assert "repeat_after_dissatisfaction" in repeat.major_reasons
    other = answered(office, satisfaction="basically_satisfied")
    assert not register(tenant, clerk, repeat_of=other.reference).major


def test_recording_recheck_before_proposing_on_a_major_hotline_complaint(app, office):
    """Art. 12 §10: 复听电话录音 for major hotline complaints."""
    case = office.register(channel="phone", fields={"amount": "80000"})
    office.act(office.intake, case, "accept", category="service_product")
    office.act(office.supervisor, case, "assign", assignee=office.handler.email)
    office.act(office.handler, case, "determine", responsibility="liable", findings="属实")
    error = refused(office, office.handler, case, "propose", NotAllowedNow, resolution="赔偿")
    assert error.fields == {"checks": ["recording_recheck"]}
    refused(office, office.handler, case, "record_check", InvalidInput, check="coffee_break")
    office.act(office.handler, case, "record_check", check="recording_recheck", note="已复听，与记录一致")
    office.act(office.handler, case, "propose", resolution="赔偿")
    assert case.status == "proposed"


def test_no_recheck_for_other_complaints(app, office):
    case = office.register(channel="walk_in", fields={"amount": "80000"})
    office.act(office.intake, case, "accept", category="service_product")
    office.act(office.supervisor, case, "assign", assignee=office.handler.email)
    office.act(office.handler, case, "determine", responsibility="liable", findings="属实")
    office.act(office.handler, case, "propose", resolution="赔偿")


def test_account_numbers_are_kept_as_their_last_four_digits(app, bank):
    tenant, clerk = bank()
    case = register(tenant, clerk, fields={"account": "6222 0212 3456 6621"})
    assert case.fields["account"] == "************6621"
    from sqlalchemy import select
    from core.audit import CaseEvent
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)).first()
    assert "6222" not in str(event.data)
    with pytest.raises(InvalidInput):
        register(tenant, clerk, fields={"account": "12ab"})


def test_hall_scenarios_of_art_7(app, bank):
    tenant, clerk = bank()
    assert register(tenant, clerk, fields={"hall_scenario": "large_withdrawal"}).fields["hall_scenario"]
    with pytest.raises(InvalidInput):
        register(tenant, clerk, fields={"hall_scenario": "alien_visit"})


def test_compensation_menu_and_limits(app, office):
    from tests.test_workflow_helpers import handled
    case = handled(office)
    office.act(office.handler, case, "determine", responsibility="liable", findings="f")
    refused(office, office.handler, case, "propose", InvalidInput, resolution="r",
            compensation={"kind": "free_holiday", "amount": "10"})
    office.act(office.handler, case, "propose", resolution="r", compensation={"kind": "fee_refund", "amount": "150"})
    from core.workflow.authority import approval_limits
    assert approval_limits(office.tenant)["handler"] == 200


def test_a_tenant_without_the_bank_plugin_sees_none_of_it(app, make_tenant, make_user):
    hotel = make_tenant(plugins=["hotel"], departments=BANK_DEPARTMENTS)
    clerk = make_user(hotel, "intake")
    assert "financial_crime" not in {c.code for c in categories_for(hotel)}
    case = register(hotel, clerk, channel="media")
    assert case.department_id is None and not case.major and "transfer_order" not in case.fields
    with pytest.raises(InvalidInput):
        register(hotel, clerk, fields={"account": "6222021234566621"})
    from core.workflow.authority import compensation_menu
    assert "fee_refund" not in compensation_menu(hotel)
