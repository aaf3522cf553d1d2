"""The hotel plugin's rules (DOMAIN.md "hotel"; Art. 3, 4, 18) on a hotel tenant, and none of
them on a tenant that did not enable it."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.audit import CaseEvent
from core.cases.intake import register_case
from core.errors import Forbidden, InvalidInput, NotAllowedNow
from core.extensions import db
from core.plugins import categories_for, warnings_for
from core.tenancy import create_department, create_tenant, department_by_code
from tests.support import complaint, unique_slug
from tests.workflow_support import refused

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)


@pytest.fixture
def hotel(app, make_user):
    from tests.workflow_support import Office
    tenant = create_tenant(unique_slug("hotel"), "示范国际大酒店", plugins=["hotel"])
    for code in ("DUTY", "FO", "HK"):
        create_department(tenant, code, code)
    db.session.commit()
    return Office(tenant, make_user(tenant, "intake"), make_user(tenant, "handler", department="DUTY"),
                  make_user(tenant, "handler"), make_user(tenant, "supervisor", department="DUTY"),
                  make_user(tenant, "admin"), make_user(tenant, "auditor"), make_user(tenant, "handler"))


def handled(hotel, **overrides):
    case = hotel.register(**overrides)
    hotel.act(hotel.intake, case, "accept", category=overrides.get("category", "facilities"))
    hotel.act(hotel.supervisor, case, "assign", assignee=hotel.handler.email)
    return case


def test_categories_and_their_kinds(hotel):
    assert {"facilities", "product_quality", "emergency", "double_sold_room"} <= {
        c.code for c in categories_for(hotel.tenant)}
    case = hotel.register(category="facilities", fields={"facility": "air_conditioning", "stay_stage": "in_house",
                                                         "room_number": "1208", "booking_reference": "BK123"})
    assert case.fields["facility"] == "air_conditioning"
    with pytest.raises(InvalidInput):
        hotel.register(fields={"stay_stage": "in_the_pool"})


def test_the_duty_manager_owns_complaints(hotel):
    """Art. 18: 大堂副理."""
    case = hotel.register()
    assert case.department_id == department_by_code(hotel.tenant, "DUTY").id


def test_double_sold_room_remedy_checklist_before_the_answer(hotel):
    from tests.test_workflow import COMPLETE_REPLY
    case = handled(hotel, category="double_sold_room")
    hotel.act(hotel.handler, case, "determine", responsibility="liable", findings="前台重复排房")
    hotel.act(hotel.handler, case, "propose", resolution="升级房型并赠送果篮",
              compensation={"kind": "upgrade", "amount": "0"})
    error = refused(hotel, hotel.handler, case, "reply", NotAllowedNow, **COMPLETE_REPLY)
    assert error.fields["checks"] == sorted(["rehouse_guest", "apology_both_guests",
                                             "reassure_original_guest", "extra_service"])
    for check in error.fields["checks"]:
        hotel.act(hotel.handler, case, "record_check", check=check)
    hotel.act(hotel.handler, case, "reply", **COMPLETE_REPLY)
    assert case.status == "replied"


def test_compensation_menu_and_limits(hotel):
    case = handled(hotel)
    hotel.act(hotel.handler, case, "determine", responsibility="liable", findings="f")
    refused(hotel, hotel.handler, case, "propose", InvalidInput, resolution="r",
            compensation={"kind": "spa_voucher", "amount": "10"})
    hotel.act(hotel.handler, case, "propose", resolution="免收迷你吧费用",
              compensation={"kind": "fee_waiver", "amount": "500"})  # above the handler's 300
    refused(hotel, hotel.handler, case, "reply", NotAllowedNow, text="x", cause="x", findings="x",
            staff_action="x", corrective_measures="x", contact="x")


def test_a_malicious_complainant_on_the_guest_history(hotel):
    """Art. 4: 如为恶意行为，记入客史档案（列入黑名单）— with a supervisor's approval; the record,
    its approval and its removal are events; it shows when the guest complains again."""
    case = handled(hotel, complainant={"name": "某客人", "phone": "13800001111"})
    refused(hotel, hotel.supervisor, case, "approve_malicious", NotAllowedNow)  # nothing proposed
    hotel.act(hotel.handler, case, "propose_malicious", reason="多次否认使用迷你吧，监控证实")
    refused(hotel, hotel.handler, case, "approve_malicious", Forbidden)
    hotel.act(hotel.supervisor, case, "approve_malicious", note="同意")
    again = hotel.register(complainant={"name": "某客人", "phone": "13800001111"})
    [warning] = warnings_for(hotel.tenant, again, MONDAY)
    assert warning["code"] == "guest_history_malicious" and case.reference in str(warning["message"])
    assert warnings_for(hotel.tenant, hotel.register(complainant={"name": "别人", "phone": "13900002222"}), MONDAY) == []
    hotel.act(hotel.supervisor, case, "remove_malicious", reason="客人补交费用，经核实为误会")
    assert warnings_for(hotel.tenant, again, MONDAY) == []
    types = db.session.scalars(select(CaseEvent.type).where(CaseEvent.case_id == case.id)
                               .order_by(CaseEvent.seq)).all()
    assert types[-3:] == ["propose_malicious", "approve_malicious", "remove_malicious"]


def test_the_proposer_cannot_approve(hotel):
    case = handled(hotel, complainant={"name": "某客人", "phone": "13800003333"})
    hotel.act(hotel.supervisor, case, "propose_malicious", reason="r")
    refused(hotel, hotel.supervisor, case, "approve_malicious", NotAllowedNow)
    hotel.act(hotel.admin, case, "approve_malicious")


def test_daily_log_and_weekly_summary(hotel):
    from core.reports import reports_for, run
    hotel.register(category="facilities", fields={"room_number": "1208"})
    hotel.register(category="product_quality")
    reports = reports_for(hotel.tenant)
    log = run(hotel.tenant, reports["hotel_daily_log"], date(2026, 3, 2), date(2026, 3, 2))
    assert [r["room"] for r in log] == ["1208", None]
    assert run(hotel.tenant, reports["hotel_daily_log"], date(2026, 3, 3), date(2026, 3, 3)) == []
    weekly = run(hotel.tenant, reports["hotel_weekly_by_department"], date(2026, 3, 2), date(2026, 3, 8))
    assert {(r["department"], r["category"], r["total"]) for r in weekly} == {
        ("DUTY", "facilities", 1), ("DUTY", "product_quality", 1)}


def test_a_tenant_without_the_plugin_sees_none_of_it(office):
    case = office.register()
    refused(office, office.supervisor, case, "propose_malicious", InvalidInput, reason="r")
    assert "double_sold_room" not in {c.code for c in categories_for(office.tenant)}
    with pytest.raises(InvalidInput):
        register_case(office.tenant, office.intake, complaint(fields={"room_number": "1208"}))
