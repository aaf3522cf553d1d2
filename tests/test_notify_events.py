"""Who is told what (DESIGN.md, Notifications): each event of a case's life reaches its
recipients once, through a real SMTP server, in the tenant's language."""
from datetime import timedelta, timezone

import pytest

from core.extensions import db
from core.notify.dispatch import flush_ready
from core.sweep import sweep_tenant
from tests.workflow_support import MONDAY, Office

REPLY = {"text": "经核实，系柜员操作失误，已为您更正。", "cause": "柜员输错金额", "findings": "流水显示多转",
         "staff_action": "通报批评", "corrective_measures": "双人复核", "contact": "综合部 0571-88888888"}

# template: (recipient role, fragment of the subject in zh_CN, in en)
EXPECTED = {
    "case_received": ("complainant", "您的投诉已受理登记", "We received your complaint"),
    "info_requested": ("complainant", "需要补充材料", "information needed"),
    "case_accepted": ("complainant", "已受理", "accepted"),
    "case_major": ("supervisor", "重大投诉", "Major complaint"),
    "case_assigned": ("handler", "新分派的投诉", "assigned to you"),
    "case_extended": ("complainant", "处理期限延长", "more time needed"),
    "approval_needed": ("supervisor", "待审批方案", "awaiting approval"),
    "case_replied": ("complainant", "处理结果", "our answer"),
    "case_handled_again": ("complainant", "将重新处理", "handled again"),
    "case_closed": ("complainant", "已办结", "closed"),
    "case_rejected": ("complainant", "不予受理", "not accepted"),
    "deadline_due_soon": ("intake", "期限临近", "Due soon"),
    "deadline_breached": ("supervisor", "已超期", "Overdue"),
}


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_each_event_reaches_its_recipients_once(app, smtp, make_tenant, make_user, locale):
    app.config.update(MAIL="smtp", SMTP_URL=smtp.url, JOBS="inline")
    tenant = make_tenant(plugins=["bank"], locale=locale)
    office = Office(tenant, make_user(tenant, "intake"), make_user(tenant, "handler", department="OPS"),
                    make_user(tenant, "handler"), make_user(tenant, "supervisor", department="OPS"),
                    make_user(tenant, "admin"), make_user(tenant, "auditor"), make_user(tenant, "handler"))
    step = MONDAY

    def act(user, case, name, **params):
        office.act(user, case, name, now=step, **params)
        flush_ready()

    case = office.register(title="转账金额输错", complainant={"name": "陈平", "email": "cp@example.com"})
    flush_ready()
    act(office.intake, case, "request_info", missing="转账凭证")
    act(office.intake, case, "provide_info", text="凭证已补")
    act(office.intake, case, "accept", category="work_error")
    act(office.supervisor, case, "escalate", reason="涉及金额较大")
    act(office.supervisor, case, "assign", department="OPS", assignee=office.handler.email)
    act(office.handler, case, "extend", kind="resolve", reason="需调取监控",
        due_at=(MONDAY + timedelta(days=30)).isoformat())
    act(office.handler, case, "determine", responsibility="liable", findings="柜员输错")
    act(office.handler, case, "propose", resolution="退还", compensation={"kind": "fee_refund", "amount": "1000"})
    act(office.supervisor, case, "approve", note="同意")
    act(office.supervisor, case, "record_check", check="regulator_report", note="已报告")  # a major case
    act(office.handler, case, "reply", **REPLY)
    act(office.intake, case, "follow_up", satisfaction="dissatisfied", note="不满意")
    act(office.handler, case, "propose", resolution="再致歉", compensation={"kind": "fee_refund", "amount": "100"})
    act(office.handler, case, "reply", **REPLY)  # within the handler's own limit
    act(office.intake, case, "follow_up", satisfaction="satisfied", note="满意")

    rejected = office.register(title="无关诉求", complainant={"name": "王五", "email": "ww@example.com"})
    flush_ready()
    act(office.intake, rejected, "reject", reason="不属于本行业务")

    late = office.register(title="排队太久", complainant={"name": "赵六", "phone": "13800000000"})
    sweep_tenant(tenant, now=MONDAY + timedelta(hours=30))  # acknowledge due soon
    db.session.commit()
    flush_ready()
    sweep_tenant(tenant, now=MONDAY + timedelta(days=3))  # acknowledge breached
    db.session.commit()
    flush_ready()

    addresses = {"complainant": {"cp@example.com", "ww@example.com"}, "intake": {office.intake.email},
                 "handler": {office.handler.email},
                 "supervisor": {office.supervisor.email, office.admin.email}}
    index = 1 if locale == "zh_CN" else 2
    for template, expected in EXPECTED.items():
        found = [(to[0], m) for to, m in smtp.messages if expected[index] in m["Subject"]]
        assert found, f"{template}: nothing sent"
        assert {to for to, _m in found} <= addresses[expected[0]], template
    # Once each: no recipient gets the same message twice.
    ids = [m["Message-ID"] for _to, m in smtp.messages]
    assert len(ids) == len(set(ids))
    replied = [m for to, m in smtp.messages if to == ["cp@example.com"] and EXPECTED["case_replied"][index] in m["Subject"]]
    assert len(replied) == 2 and REPLY["contact"] in replied[0].get_content()
    # Times read in the tenant's zone, not as ISO strings.
    [extended] = [m for _to, m in smtp.messages if EXPECTED["case_extended"][index] in m["Subject"]]
    local = (MONDAY + timedelta(days=30)).astimezone(timezone(timedelta(hours=8)))
    assert local.strftime("%Y-%m-%d %H:%M") in extended.get_content()
    assert late.reference not in {m["Subject"] for to, m in smtp.messages if to == ["cp@example.com"]}
