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


def test_major_complaints_are_reported_to_the_regulator_before_the_answer(app, office):
    """Art. 12 §22: 重大投诉…及时向当地同级银监局报告."""
    from tests.test_workflow import COMPLETE_REPLY
    case = office.register(fields={"public_figure": True})
    office.act(office.intake, case, "accept", category="service_attitude")
    office.act(office.supervisor, case, "assign", assignee=office.handler.email)
    office.act(office.handler, case, "determine", responsibility="liable", findings="属实")
    office.act(office.handler, case, "propose", resolution="道歉")
    error = refused(office, office.handler, case, "reply", NotAllowedNow, **COMPLETE_REPLY)
    assert error.fields == {"checks": ["regulator_report"]}
    office.act(office.supervisor, case, "record_check", check="regulator_report", note="已电话报告银监分局")
    office.act(office.handler, case, "reply", **COMPLETE_REPLY)


def test_register_and_category_reports(app, office):
    """Art. 12 §24: 客户投诉情况登记表 and the statistics by category."""
    from core.reports import reports_for, run
    first = office.register(fields={"branch": "城东支行", "amount": "80000"})
    office.act(office.intake, first, "accept", category="rule_violation")
    office.register(fields={"branch": "城西支行"})
    reports = reports_for(office.tenant)
    rows = run(office.tenant, reports["bank_complaint_register"], date(2026, 3, 1), date(2026, 3, 15))
    assert [(r["branch"], r["category"], r["class"], r["major"]) for r in rows] == [
        ("城东支行", "rule_violation", "complex", True), ("城西支行", None, None, False)]
    assert run(office.tenant, reports["bank_complaint_register"], date(2026, 3, 3), date(2026, 3, 15)) == []
    by_category = {r["category"]: r for r in run(office.tenant, reports["bank_by_category"],
                                                  date(2026, 3, 1), date(2026, 3, 31))}
    assert by_category["rule_violation"]["total"] == 1 and by_category["rule_violation"]["major"] == 1
    assert by_category[None]["total"] == 1 and by_category["work_error"]["total"] == 0


def test_reports_through_the_api(app, client, office):
    from core.auth.service import create_token
    office.register(fields={"branch": "城东支行"})
    token = create_token(office.tenant, office.supervisor)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    names = {r["name"] for r in client.get("/api/v1/reports", headers=headers).get_json()}
    assert {"bank_complaint_register", "bank_by_category"} <= names
    result = client.get("/api/v1/reports/bank_complaint_register?from=2026-03-01&to=2026-03-31",
                        headers=headers).get_json()
    assert result["rows"][0]["branch"] == "城东支行" and result["columns"][0]["key"] == "reference"
    csv = client.get("/api/v1/reports/bank_complaint_register?from=2026-03-01&to=2026-03-31&format=csv",
                     headers=headers)
    assert csv.mimetype == "text/csv" and "城东支行" in csv.get_data(as_text=True)
    backwards = client.get("/api/v1/reports/bank_by_category?from=2026-03-31&to=2026-03-01", headers=headers)
    assert backwards.status_code == 422 and "to" in backwards.get_json()["error"]["fields"]
    assert client.get("/api/v1/reports/nope?from=2026-03-01&to=2026-03-31", headers=headers).status_code == 404


def test_report_pages_and_files_show_codes_in_words(app, client, office):
    """A regulator reads 上门 and 已办结, not walk_in and closed; the API's JSON keeps codes."""
    from core.auth.service import create_token
    from tests.support import login
    case = office.register(fields={"branch": "城东支行"})
    office.act(office.intake, case, "accept", category="rule_violation")
    login(client, office.tenant, office.supervisor.email)
    url = (f"/t/{office.tenant.slug}/reports/bank_complaint_register?period=custom"
           f"&from=2026-03-01&to=2026-03-31")
    for suffix in ("", "&format=csv"):
        text = client.get(url + suffix).get_data(as_text=True)
        assert "违规操作" in text and "复杂类" in text and "已受理" in text and "上门" in text, suffix
        assert "rule_violation" not in text and "walk_in" not in text, suffix
    token = create_token(office.tenant, office.supervisor)
    db.session.commit()
    rows = client.get("/api/v1/reports/bank_complaint_register?from=2026-03-01&to=2026-03-31",
                      headers={"Authorization": f"Bearer {token}"}).get_json()["rows"]
    assert (rows[0]["category"], rows[0]["channel"], rows[0]["status"]) == ("rule_violation", "walk_in", "accepted")
