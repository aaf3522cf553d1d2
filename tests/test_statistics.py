"""The core statistics against a hand-built month whose right answers are worked out
here, in the tenant's time zone (Asia/Shanghai), with the previous month beside them.

March 2026 (no public holiday; acknowledge 1, decide 3, resolve 7, follow-up 2 working days):
  A  Mon 2 Mar, accepted at once, replied Wed 4, return visit Thu 5 (satisfied): all on time
  B  Mon 2 Mar, rejected at once: acknowledge and decide met on time
  C  Mon 2 Mar, left alone: acknowledge (Tue 3) and decide (Thu 5) still open; about the
     second supervisor
  D  Mon 9 Mar, a repeat of A, made major, accepted Thu 12: acknowledge (due Tue 10) met
     late, decide (due Thu 12) on time, resolve (due Mon 23) still open
February 2026 (the Spring Festival starts on the 15th):
  E  Mon 2 Feb, accepted at once: acknowledge and decide on time, resolve (due Wed 11) open
"""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.reports import period_days, reports_for, run
from core.statistics import previous
from tests.workflow_support import Office

SH = ZoneInfo("Asia/Shanghai")
CATEGORIES = [{"code": "food", "label_zh": "餐饮", "label_en": "Food"},
              {"code": "service", "label_zh": "服务", "label_en": "Service"}]
REPLY = {"text": "已处理", "cause": "后厨备餐延误", "findings": "属实", "staff_action": "批评教育",
         "corrective_measures": "高峰期增加人手", "contact": "客服 0571-1"}


def at(month, day, hour=10):
    return datetime(2026, month, day, hour, tzinfo=SH)


@pytest.fixture
def month(app, make_tenant, make_user):
    tenant = make_tenant(locale="en", settings={"categories": CATEGORIES})
    o = Office(tenant, make_user(tenant, "intake"), make_user(tenant, "handler", department="OPS"),
               make_user(tenant, "handler"), make_user(tenant, "supervisor", department="OPS"),
               make_user(tenant, "admin"), make_user(tenant, "auditor"), make_user(tenant, "supervisor"))
    e = o.register(now=at(2, 2), title="E")
    o.act(o.intake, e, "accept", category="food", now=at(2, 2, 11))
    a = o.register(now=at(3, 2), title="A")
    o.act(o.intake, a, "accept", category="food", now=at(3, 2, 11))
    o.act(o.supervisor, a, "assign", department="OPS", assignee=o.handler.email, now=at(3, 2, 12))
    o.act(o.handler, a, "determine", responsibility="liable", findings="属实", now=at(3, 3))
    o.act(o.handler, a, "propose", resolution="致歉", compensation={"kind": "money", "amount": "100"}, now=at(3, 3))
    o.act(o.handler, a, "reply", now=at(3, 4), **REPLY)
    o.act(o.intake, a, "follow_up", satisfaction="satisfied", now=at(3, 5))
    b = o.register(now=at(3, 2), title="B")
    o.act(o.intake, b, "reject", reason="不属于受理范围", now=at(3, 2, 11))
    c = o.register(now=at(3, 2), title="C", subject={"person": o.teller.email})
    d = o.register(now=at(3, 9), title="D", repeat_of=a.reference)
    o.act(o.supervisor, d, "escalate", reason="媒体关注", now=at(3, 9, 11))
    o.act(o.intake, d, "accept", category="food", now=at(3, 12))
    return o, dict(a=a, b=b, c=c, d=d, e=e)


def report(o, name, viewer=None, start=date(2026, 3, 1), end=date(2026, 3, 31)):
    return run(o.tenant, reports_for(o.tenant)[name], start, end, viewer=viewer or o.admin)


def test_summary_of_the_month_beside_the_previous(month):
    o, _cases = month
    rows = {r["metric"]: r for r in report(o, "summary")}
    expected = {  # (this period, previous period)
        "received": (4, 1), "handled": (2, 0), "handling_rate": (50.0, 0.0),
        # due in March: A 4 (all on time), B 2 (on time), C 2 (open), D 3 (1 on time)
        "deadlines_due": (11, 3), "deadlines_on_time": (7, 2), "timeliness_rate": (63.6, 66.7),
        "follow_ups_owed": (1, 0), "follow_ups_made": (1, 0), "follow_up_rate": (100.0, None),
        "rated": (1, 0), "satisfaction_rate": (100.0, None),
        "repeat": (1, 0), "repeat_rate": (25.0, 0.0), "major": (1, 0),
    }
    assert {k: (r["current"], r["previous"]) for k, r in rows.items()} == expected
    assert rows["received"]["change"] == 3 and rows["timeliness_rate"]["change"] == -3.1
    assert rows["follow_up_rate"]["change"] is None
    assert rows["received"]["label"] == "Complaints received"


def test_the_person_complained_about_is_left_out_of_their_figures(month):
    o, _cases = month
    rows = {r["metric"]: r["current"] for r in report(o, "summary", viewer=o.teller)}
    assert rows["received"] == 3 and rows["deadlines_due"] == 9


def test_timeliness_by_kind(month):
    o, _cases = month
    rows = {r["kind"]: r for r in report(o, "timeliness")}
    assert {k: (r["due"], r["on_time"], r["late"], r["open"], r["rate"]) for k, r in rows.items()} == {
        "acknowledge": (4, 2, 1, 1, 50.0), "decide": (4, 3, 0, 1, 75.0),
        "resolve": (2, 1, 0, 1, 50.0), "follow_up": (1, 1, 0, 0, 100.0)}


def test_volume_by_category_and_department(month):
    o, _cases = month
    by_category = {r["label"]: (r["total"], r["previous"], r["change"], r["handled"], r["major"])
                   for r in report(o, "volume_by_category")}
    assert by_category == {"Food": (2, 1, 1, 1, 1), "unclassified": (2, 0, 2, 1, 0)}
    by_department = {r["label"]: (r["total"], r["previous"]) for r in report(o, "volume_by_department")}
    assert by_department == {"Department OPS": (1, 0), "not assigned": (3, 1)}


def test_hot_spots_overdue_and_causes(month):
    o, cases = month
    assert [(r["key"], r["total"], r["previous"], r["rise"]) for r in report(o, "hot_spots")] == [("Food", 2, 1, 1)]
    overdue = {r["reference"] for r in report(o, "overdue")}
    assert overdue == {cases[k].reference for k in ("c", "d", "e")}
    [cause] = report(o, "causes")
    assert (cause["reference"], cause["cause"], cause["corrective_measures"]) == (
        cases["a"].reference, "后厨备餐延误", "高峰期增加人手")


def test_other_tenants_do_not_count(month, make_tenant, make_user):
    o, _cases = month
    other = make_tenant(settings={"categories": CATEGORIES})
    clerk = make_user(other, "intake")
    from core.cases.intake import register_case
    from tests.support import complaint
    for _ in range(3):
        register_case(other, clerk, complaint(received_at=at(3, 3).isoformat()), now=at(3, 3))
    rows = {r["metric"]: r["current"] for r in report(o, "summary")}
    assert rows["received"] == 4


def test_periods_and_the_period_before():
    assert period_days("week", date(2026, 3, 5)) == (date(2026, 3, 2), date(2026, 3, 8))
    assert period_days("month", date(2026, 2, 14)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_days("quarter", date(2026, 11, 27)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_days("half_year", date(2026, 3, 1)) == (date(2026, 1, 1), date(2026, 6, 30))
    march = (datetime(2026, 3, 1, tzinfo=SH), datetime(2026, 4, 1, tzinfo=SH))
    assert previous(*march) == (datetime(2026, 2, 1, tzinfo=SH), march[0])
    q1 = (datetime(2026, 1, 1, tzinfo=SH), datetime(2026, 4, 1, tzinfo=SH))
    assert previous(*q1) == (datetime(2025, 10, 1, tzinfo=SH), q1[0])
    week = (datetime(2026, 3, 2, tzinfo=SH), datetime(2026, 3, 9, tzinfo=SH))
    assert previous(*week) == (week[0] - timedelta(days=7), week[0])


def test_scheduled_report_goes_out_once_per_period_after_seven(app, month, smtp):
    from core.notify.dispatch import flush_ready
    from core.outbox import OutboxMessage
    from core.scheduled_reports import send_due
    from core.tenant_admin import set_settings
    from core.extensions import db
    from sqlalchemy import select
    o, _cases = month
    app.config.update(MAIL="smtp", SMTP_URL=smtp.url, JOBS="inline")
    set_settings(o.tenant, dict(o.tenant.settings) | {"scheduled_reports": [{"report": "summary", "every": "month"}]})
    db.session.commit()
    assert send_due(at(4, 1, 6)) == 0  # before 07:00 on the 1st of April
    db.session.commit()
    assert send_due(at(4, 1, 8)) >= 2  # the supervisors and the admin
    flush_ready()
    assert send_due(at(4, 1, 9)) == 0 and send_due(at(4, 20, 9)) == 0  # once per period
    flush_ready()
    reports = [(to, m) for to, m in smtp.messages if "2026-03-01 – 2026-03-31" in m["Subject"]]
    mine = [m for to, m in reports if to == [o.supervisor.email]]
    assert len(mine) == 1 and mine[0]["Subject"].startswith("Complaint handling summary")
    body = mine[0].get_content()
    assert "Complaints received | 4 | 1 | 3" in body  # March beside February, as worked out above
    # The second supervisor is the person complained about in C: their copy leaves C out.
    theirs = [m for to, m in reports if to == [o.teller.email]][0].get_content()
    assert "Complaints received | 3 | 1 | 2" in theirs
    rows = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.tenant_id == o.tenant.id, OutboxMessage.template == "scheduled_report")).all()
    assert {r.status for r in rows} == {"sent"}
