"""The labour bureau's rules (DOMAIN.md "hr_labour"; Art. 11), on a bureau tenant, and none
of them on a tenant that did not enable the plugin."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.cases.intake import register_case
from core.errors import InvalidInput, NotAllowedNow
from core.extensions import db
from core.plugins import categories_for, warnings_for
from core.tenancy import department_by_code
from core.workflow import perform
from plugins.hr_labour.matters import CHANNELS, MATTERS
from tests.support import complaint
from tests.workflow_support import deadline, outbox_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
DEPARTMENTS = ("PET", "ARB", "INSP", "LAW")


def end_of(day):
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=SHANGHAI)


@pytest.fixture
def bureau(make_tenant, make_user):
    def factory(**settings):
        tenant = make_tenant(plugins={"hr_labour": settings}, departments=DEPARTMENTS)
        return tenant, make_user(tenant, "intake"), make_user(tenant, "supervisor")
    return factory


def register(tenant, clerk, now=MONDAY, **overrides):
    overrides.setdefault("received_at", now.isoformat())
    case, _ = register_case(tenant, clerk, complaint(**overrides), now=now)
    db.session.commit()
    return case


def accept(tenant, user, case, now=MONDAY):
    perform(tenant, user, case.id, "accept", {"category": case.category}, version=case.version, now=now)
    db.session.commit()


def test_every_matter_of_art_11_is_a_category_grouped_by_channel(app, bureau):
    tenant, _, _ = bureau()
    categories = {c.code: c.group for c in categories_for(tenant)}
    assert len(categories) == len(MATTERS) and set(categories.values()) == set(CHANNELS)
    assert categories["wages_minimum_wage"] == "inspection"
    assert categories["work_capacity_reassessment"] == "reassessment"


@pytest.mark.parametrize("matter, department, channel", [
    ("wages_minimum_wage", "INSP", "inspection"), ("remuneration_compensation", "ARB", "arbitration"),
    ("official_conduct_petition", "PET", "petition"), ("administrative_act", "LAW", "administrative_review"),
])
def test_the_bureaus_own_units_get_their_matters(app, bureau, matter, department, channel):
    tenant, clerk, _ = bureau()
    case = register(tenant, clerk, category=matter)
    assert case.department_id == department_by_code(tenant, department).id
    assert case.routing["channel"] == channel


def test_another_bodys_matter_is_referred_with_its_address_and_legal_basis(app, bureau):
    tenant, clerk, supervisor = bureau()
    case = register(tenant, clerk, category="work_capacity_reassessment",
                    complainant={"name": "彭辉", "email": "ph@example.com"})
    assert case.department_id is None
    assert case.routing["body"].startswith("省劳动能力鉴定委员会") and "69690170" in case.routing["phone"]
    assert case.routing["basis"]
    accept(tenant, supervisor, case)
    perform(tenant, supervisor, case.id, "refer", {}, version=case.version, now=MONDAY)
    db.session.commit()
    assert case.status == "referred"
    notice = outbox_of(case, "case_referred")[0]
    assert notice.payload["body"] == case.routing["body"] and notice.payload["basis"] == case.routing["basis"]


def test_bodies_come_from_settings(app, bureau):
    tenant, clerk, _ = bureau(bodies={"reassessment": {"phone": "0371-12345678"}})
    case = register(tenant, clerk, category="work_capacity_reassessment")
    assert case.routing["phone"] == "0371-12345678"


@pytest.mark.parametrize("matter, kind, due", [
    ("wages_minimum_wage", "decide", end_of(date(2026, 3, 9))),        # 5 working days
    # 60 working days: Qingming (4-6 April) and Labour Day (1-5 May) are off, Saturday 9 May works.
    ("wages_minimum_wage", "resolve", end_of(date(2026, 5, 28))),
    ("remuneration_compensation", "decide", end_of(date(2026, 3, 7))),  # 5 days
    ("remuneration_compensation", "resolve", end_of(date(2026, 4, 16))),  # 45 days
    ("official_conduct_petition", "decide", end_of(date(2026, 3, 17))),  # 15 days (Art. 11)
    ("labour_contract_law_violation", "resolve", end_of(date(2026, 4, 1))),  # 30 days (Art. 11)
])
def test_statutory_limits_by_channel(app, bureau, matter, kind, due):
    tenant, clerk, supervisor = bureau()
    case = register(tenant, clerk, category=matter)
    if kind == "resolve":
        accept(tenant, supervisor, case)
    assert deadline(case, kind).due_at == due


def test_limits_are_settings(app, bureau):
    tenant, clerk, _ = bureau(limits={"petition": {"decide": {"amount": 10, "unit": "days"}}})
    case = register(tenant, clerk, category="official_conduct_petition")
    assert deadline(case, "decide").due_at == end_of(date(2026, 3, 12))


def test_report_extends_to_sixty_days_at_most(app, bureau):
    tenant, clerk, supervisor = bureau()
    case = register(tenant, clerk, category="labour_contract_law_violation")
    accept(tenant, supervisor, case)
    original = deadline(case, "resolve").original_due_at
    with pytest.raises(NotAllowedNow):
        perform(tenant, supervisor, case.id, "extend", {"due_at": (original + timedelta(days=31)).isoformat(),
                                                        "reason": "案情复杂"}, version=case.version, now=MONDAY)
    perform(tenant, supervisor, case.id, "extend", {"due_at": (original + timedelta(days=30)).isoformat(),
                                                    "reason": "案情复杂"}, version=case.version, now=MONDAY)


def test_statutory_window_warnings(app, bureau):
    """Re-assessment must be applied for within 15 days of the conclusion (Art. 11)."""
    tenant, clerk, _ = bureau()
    received = date(2026, 2, 15)  # window closes 2 March
    closing = register(tenant, clerk, category="work_capacity_reassessment",
                       fields={"window_start": received.isoformat()})
    assert [w["code"] for w in warnings_for(tenant, closing, MONDAY - timedelta(days=1))] == [
        "statutory_window_closing"]
    assert [w["code"] for w in warnings_for(tenant, closing, MONDAY + timedelta(days=1))] == [
        "statutory_window_closed"]
    assert warnings_for(tenant, closing, MONDAY - timedelta(days=10)) == []
    no_window = register(tenant, clerk, category="wages_minimum_wage", fields={"window_start": "2026-02-15"})
    assert warnings_for(tenant, no_window, MONDAY + timedelta(days=30)) == []


def test_warnings_show_at_intake_through_the_api(app, client, bureau):
    from core.auth.service import create_token
    tenant, clerk, _ = bureau()
    token = create_token(tenant, clerk)
    db.session.commit()
    old = (date.today() - timedelta(days=40)).isoformat()
    created = client.post("/api/v1/cases", headers={"Authorization": f"Bearer {token}"}, json=complaint(
        category="work_capacity_reassessment", fields={"window_start": old}))
    assert [w["code"] for w in created.get_json()["warnings"]] == ["statutory_window_closed"]


def test_five_or_more_workers_make_it_collective(app, bureau):
    tenant, clerk, _ = bureau()
    assert register(tenant, clerk, fields={"workers_affected": 12}).major_reasons == ["collective"]
    assert not register(tenant, clerk, fields={"workers_affected": 4}).major


def test_reports_by_channel_and_timeliness(app, bureau):
    from core.reports import reports_for, run
    from core.sweep import sweep_tenant
    tenant, clerk, supervisor = bureau()
    register(tenant, clerk, category="wages_minimum_wage")
    late = register(tenant, clerk, category="official_conduct_petition")
    on_time = register(tenant, clerk, category="official_conduct_petition")
    accept(tenant, supervisor, on_time, now=MONDAY + timedelta(days=1))
    sweep_tenant(tenant, now=MONDAY + timedelta(days=20))
    reports = reports_for(tenant)
    by_matter = {r["matter"]: r["total"] for r in run(tenant, reports["labour_by_channel"],
                                                       date(2026, 3, 1), date(2026, 3, 31))}
    assert by_matter["wages_minimum_wage"] == 1 and by_matter["official_conduct_petition"] == 2
    rows = run(tenant, reports["labour_timeliness"], date(2026, 3, 1), date(2026, 3, 31))
    petition = next(r for r in rows if r["channel"] == "信访" and r["kind"] == "decide")
    assert (petition["due"], petition["on_time"], petition["late"]) == (2, 1, 1)
    english = run(tenant, reports["labour_timeliness"], date(2026, 3, 1), date(2026, 3, 31), locale="en")
    assert any(r["channel"] == "Petition" for r in english) and not any(r["channel"] == "信访" for r in english)
    from tests.workflow_support import deadline as deadline_of
    assert deadline_of(late, "decide").breached_at is not None
    assert deadline_of(on_time, "decide").breached_at is None


def test_a_category_changed_at_acceptance_routes_again(app, bureau):
    tenant, clerk, supervisor = bureau()
    case = register(tenant, clerk, category="wages_minimum_wage")
    perform(tenant, supervisor, case.id, "accept", {"category": "work_capacity_reassessment"},
            version=case.version, now=MONDAY)
    db.session.commit()
    assert case.routing["channel"] == "reassessment" and case.routing["body"].startswith("省劳动能力鉴定委员会")


def test_far_future_window_dates_are_refused(app, bureau):
    tenant, clerk, _ = bureau()
    with pytest.raises(InvalidInput):
        register(tenant, clerk, category="work_capacity_reassessment", fields={"window_start": "9999-12-25"})


def test_a_tenant_without_the_plugin_sees_none_of_it(app, make_tenant, make_user):
    bank = make_tenant(plugins=["bank"], departments=DEPARTMENTS)
    clerk = make_user(bank, "intake")
    assert "wages_minimum_wage" not in {c.code for c in categories_for(bank)}
    with pytest.raises(InvalidInput):
        register(bank, clerk, fields={"employer": "某公司"})
    case = register(bank, clerk)
    assert case.routing == {} and warnings_for(bank, case, MONDAY) == []
