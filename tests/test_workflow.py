"""Every action: the path it allows and each refusal, which must leave no trace."""
from datetime import timedelta

import pytest

from core.errors import Conflict, Forbidden, InvalidInput, NotAllowedNow, NotFound
from core.extensions import db
from tests.workflow_support import MONDAY, deadline, events_of, outbox_of, refused

COMPLETE_REPLY = {"text": "经核实，系柜员操作失误，已为您更正。", "cause": "柜员输错金额",
                  "findings": "监控与流水显示多转2000元", "staff_action": "对柜员通报批评",
                  "corrective_measures": "转账金额双人复核", "contact": "综合部 0571-88888888"}


def handled(office, **overrides):
    """A case accepted and assigned to the handler."""
    case = office.register(**overrides)
    office.act(office.intake, case, "accept", category="work_error")
    return office.act(office.supervisor, case, "assign", department="OPS", assignee=office.handler.email)


def proposed(office, amount="100.00"):
    case = handled(office)
    office.act(office.handler, case, "determine", responsibility="liable", findings="柜员输错")
    return office.act(office.handler, case, "propose", resolution="退还多转款项",
                      compensation={"kind": "fee_refund", "amount": amount})


def test_the_whole_path_to_closed(office):
    case = office.register(title="转账金额输错", complainant={"name": "陈平", "email": "cp@example.com"})
    assert (case.status, case.version, case.owner_id) == ("received", 1, office.intake.id)
    office.act(office.intake, case, "accept", category="work_error")
    assert case.status == "accepted" and case.category == "work_error"
    office.act(office.supervisor, case, "assign", department="OPS", assignee=office.handler.email)
    assert (case.status, case.assignee_id, case.owner_id) == ("in_progress", office.handler.id, office.handler.id)
    office.act(office.handler, case, "determine", responsibility="liable", findings="柜员输错")
    office.act(office.handler, case, "propose", resolution="退还", compensation={"kind": "fee_refund", "amount": "100"})
    office.act(office.supervisor, case, "approve", note="同意")
    office.act(office.handler, case, "reply", **COMPLETE_REPLY)
    assert case.status == "replied" and case.reply["cause"] == "柜员输错金额"
    office.act(office.intake, case, "follow_up", satisfaction="satisfied", note="回访满意")
    assert case.status == "closed" and case.satisfaction == "satisfied"
    assert events_of(case) == ["register", "accept", "assign", "determine", "propose", "approve",
                               "reply", "follow_up"]
    assert case.version == 8
    templates = [m.template for m in outbox_of(case)]
    assert templates == ["case_received", "case_accepted", "case_assigned", "case_replied", "case_closed"]
    assert {k: deadline(case, k).met_at is not None for k in
            ("acknowledge", "decide", "resolve", "follow_up")} == dict.fromkeys(
        ("acknowledge", "decide", "resolve", "follow_up"), True)


# --- state and role refusals --------------------------------------------------------------

@pytest.mark.parametrize("name, params", [
    ("assign", {"assignee": "x"}), ("determine", {"responsibility": "liable", "findings": "f"}),
    ("propose", {"resolution": "r"}), ("approve", {}), ("reply", COMPLETE_REPLY),
    ("follow_up", {"satisfaction": "satisfied"}), ("reopen", {"reason": "r"}),
    ("provide_info", {"text": "t"}), ("send_back", {"note": "n"}),
])
def test_actions_not_possible_on_a_new_case(office, name, params):
    case = office.register()
    refused(office, office.admin, case, name, NotAllowedNow, **params)


def test_final_states_allow_only_notes(office):
    case = office.register()
    office.act(office.intake, case, "reject", reason="不属于本行受理范围")
    for name, params in [("accept", {"category": "work_error"}), ("withdraw", {"reason": "r", "voluntary": True}),
                         ("escalate", {"reason": "r"}), ("extend", {"due_at": "2026-04-01T00:00:00+08:00", "reason": "r"})]:
        refused(office, office.admin, case, name, NotAllowedNow, **params)
    office.act(office.supervisor, case, "note", text="已电话解释")
    assert events_of(case)[-1] == "note"


def test_auditor_is_read_only(office):
    case = office.register()
    refused(office, office.auditor, case, "note", Forbidden, text="x")
    refused(office, office.auditor, case, "accept", Forbidden, category="work_error")


def test_first_responder_owns_until_assigned(office):
    """首问负责制 (Art. 12 §3): the registrant may act; another handler may not."""
    case = office.register()
    refused(office, office.handler2, case, "accept", Forbidden, category="work_error")
    office.act(office.intake, case, "accept", category="work_error")
    # The first responder hands it over explicitly...
    office.act(office.intake, case, "assign", assignee=office.handler.email)
    assert case.owner_id == office.handler.id
    # ...and then no longer owns it.
    refused(office, office.intake, case, "assign", Forbidden, assignee=office.handler2.email)


def test_the_person_complained_about_is_never_assigned_and_never_sees_it(office):
    case = office.register(subject={"person": office.teller.email})
    office.act(office.intake, case, "accept", category="service_attitude")
    error = refused(office, office.supervisor, case, "assign", Forbidden, assignee=office.teller.email)
    assert "assignee" in error.fields
    refused(office, office.teller, case, "note", NotFound, text="我想看看")


def test_unknown_action_and_bad_params(office):
    case = office.register()
    refused(office, office.intake, case, "teleport", InvalidInput)
    refused(office, office.intake, case, "accept", InvalidInput)  # no category
    refused(office, office.intake, case, "accept", InvalidInput, category="not_a_category")
    refused(office, office.intake, case, "accept", InvalidInput, category="work_error", extra="x")
    refused(office, office.intake, case, "reject", InvalidInput, reason="   ")


def test_stale_version_is_a_conflict(office):
    case = office.register()
    office.act(office.intake, case, "note", text="first")
    error = refused(office, office.intake, case, "note", Conflict, version=1, text="second")
    assert "version" in error.fields


def test_other_tenants_case_is_not_found(office, make_tenant, make_user):
    other = make_tenant()
    stranger = make_user(other, "admin")
    case = office.register()
    from core.workflow import perform
    with pytest.raises(NotFound):
        perform(other, stranger, case.id, "note", {"text": "x"})


# --- intake review --------------------------------------------------------------------------

def test_request_and_provide_info_pause_the_clock(office):
    case = office.register()
    due = deadline(case, "decide").due_at
    office.act(office.intake, case, "request_info", now=MONDAY + timedelta(hours=1), missing="请提供转账凭证")
    assert case.status == "pending_info" and deadline(case, "decide").paused_at is not None
    assert [m.template for m in outbox_of(case)][-1] == "info_requested"
    office.act(office.intake, case, "provide_info", now=MONDAY + timedelta(days=2, hours=1), text="凭证已上传")
    assert case.status == "received"
    assert deadline(case, "decide").due_at == due + timedelta(days=2)  # the paused time
    assert deadline(case, "decide").paused_at is None


def test_reject_needs_a_reason_told_to_the_complainant(office):
    case = office.register()
    refused(office, office.intake, case, "reject", InvalidInput)
    office.act(office.intake, case, "reject", reason="已超过投诉时效")
    message = outbox_of(case, "case_rejected")[0]
    assert message.payload["reason"] == "已超过投诉时效" and message.recipient == "13812345678"
    assert deadline(case, "decide").met_at is not None


def test_accept_starts_the_resolve_deadline(office):
    case = office.register()
    office.act(office.intake, case, "accept", category="work_error")
    assert deadline(case, "resolve") is not None and deadline(case, "resolve").met_at is None


# --- approval and tiered authority -------------------------------------------------------

def test_propose_needs_a_determination(office):
    case = handled(office)
    refused(office, office.handler, case, "propose", NotAllowedNow, resolution="退款")


def test_proposal_above_the_handlers_limit_waits_for_a_covering_approver(office):
    case = proposed(office, amount="3000.00")  # bank: handler limit 200, supervisor 5,000
    assert {m.user_id for m in outbox_of(case, "approval_needed")} == {office.supervisor.id}
    refused(office, office.handler, case, "reply", NotAllowedNow, **COMPLETE_REPLY)
    office.act(office.supervisor, case, "approve")
    office.act(office.handler, case, "reply", **COMPLETE_REPLY)
    assert case.status == "replied"


def test_a_proposal_over_its_proposers_limit_always_needs_approval(office):
    """Even someone with enough authority may not skip the approval by replying."""
    case = proposed(office, amount="3000.00")
    refused(office, office.supervisor, case, "reply", NotAllowedNow, **COMPLETE_REPLY)


def test_the_limit_itself_is_within_authority(office):
    case = proposed(office, amount="200.00")  # exactly the bank handler's limit
    assert outbox_of(case, "approval_needed") == []
    office.act(office.handler, case, "reply", **COMPLETE_REPLY)
    over = proposed(office, amount="200.01")
    assert outbox_of(over, "approval_needed")


def test_approval_request_reaches_someone_who_can_approve(office):
    """The department's supervisor cannot approve 20,000: the admin is asked instead."""
    case = proposed(office, amount="20000.00")
    assert {m.user_id for m in outbox_of(case, "approval_needed")} == {office.admin.id}


def test_approver_limit_must_cover_the_amount(office):
    case = proposed(office, amount="20000.00")
    refused(office, office.supervisor, case, "approve", Forbidden)
    office.act(office.admin, case, "approve")  # admin: no limit
    assert case.status == "approved"


def test_proposer_cannot_approve_their_own_proposal(office):
    case = handled(office)
    office.act(office.supervisor, case, "determine", responsibility="liable", findings="f")
    office.act(office.supervisor, case, "propose", resolution="r", compensation={"kind": "goodwill_gift", "amount": "50"})
    refused(office, office.supervisor, case, "approve", Forbidden)


def test_small_proposal_may_be_answered_by_its_proposer(office):
    case = proposed(office, amount="200.00")
    assert outbox_of(case, "approval_needed") == []
    office.act(office.handler, case, "reply", **COMPLETE_REPLY)
    assert case.status == "replied"


def test_send_back_needs_a_note(office):
    case = proposed(office)
    refused(office, office.supervisor, case, "send_back", InvalidInput)
    office.act(office.supervisor, case, "send_back", note="补充责任认定")
    assert case.status == "in_progress"


def test_tenant_settings_override_approval_limits(office):
    office.tenant.settings = {"approval_limits": {"handler": 5000}}
    db.session.commit()
    case = proposed(office, amount="3000.00")
    office.act(office.handler, case, "reply", **COMPLETE_REPLY)
    assert case.status == "replied"


# --- the reply and the follow-up ------------------------------------------------------------

@pytest.mark.parametrize("missing", sorted(COMPLETE_REPLY))
def test_reply_needs_every_element_of_art_12_s12(office, missing):
    case = proposed(office)
    params = {k: v for k, v in COMPLETE_REPLY.items() if k != missing}
    error = refused(office, office.handler, case, "reply", InvalidInput, **params)
    assert missing in error.fields


def test_dissatisfied_follow_up_sends_the_case_back(office):
    case = proposed(office)
    office.act(office.handler, case, "reply", **COMPLETE_REPLY)
    office.act(office.intake, case, "follow_up", satisfaction="dissatisfied", note="对赔偿不满意")
    assert case.status == "in_progress" and case.satisfaction == "dissatisfied"
    assert deadline(case, "resolve").met_at is None  # a new resolve deadline runs


def test_reopen_counts_as_a_repeat(office):
    case = proposed(office)
    office.act(office.handler, case, "reply", **COMPLETE_REPLY)
    office.act(office.intake, case, "follow_up", satisfaction="satisfied")
    refused(office, office.handler, case, "reopen", Forbidden, reason="客户再次来电")
    office.act(office.supervisor, case, "reopen", reason="客户再次来电")
    assert case.status == "in_progress" and case.repeat_count == 1


def test_new_complaint_on_the_same_matter_is_linked_as_repeat(office):
    first = office.register()
    second = office.register(repeat_of=first.reference)
    db.session.refresh(first)
    assert second.repeat_of_id == first.id and first.repeat_count == 1
    assert events_of(first) == ["register", "repeat"]


# --- leaving the path ------------------------------------------------------------------------

def test_refer_to_an_external_body(office):
    case = handled(office)
    office.act(office.handler, case, "refer", channel="labour_arbitration", body="区劳动人事争议仲裁院",
               phone="0571-12333")
    assert case.status == "referred" and case.routing["body"] == "区劳动人事争议仲裁院"
    assert deadline(case, "resolve").cancelled_at is not None


def test_involuntary_withdrawal_is_flagged_for_supervisors(office):
    """Art. 12 §19: check that a withdrawal is voluntary."""
    case = handled(office)
    office.act(office.handler, case, "withdraw", reason="客户称被网点人员施压", voluntary=False)
    assert case.status == "withdrawn" and case.flags == ["involuntary_withdrawal"]
    assert [m.user_id for m in outbox_of(case, "withdrawal_flagged")] == [office.supervisor.id]
    voluntary = handled(office)
    office.act(office.handler, voluntary, "withdraw", reason="问题已自行解决", voluntary=True)
    assert voluntary.flags == [] and outbox_of(voluntary, "withdrawal_flagged") == []
    refused(office, office.handler, voluntary, "withdraw", NotAllowedNow, reason="again", voluntary=True)


def test_escalate_marks_major_and_tells_supervisors(office):
    case = office.register()
    office.act(office.intake, case, "escalate", reason="客户已联系媒体")
    assert case.major and "escalated" in case.major_reasons
    # The case has no department yet: every supervisor and admin hears of it.
    assert {m.user_id for m in outbox_of(case, "case_major")} == {office.supervisor.id, office.admin.id}
    refused(office, office.intake, case, "escalate", InvalidInput)


def test_major_at_registration_tells_supervisors(office):
    case = office.register(fields={"amount": "80000"})
    assert case.major and outbox_of(case, "case_major")


def test_extend_records_new_due_and_tells_the_complainant(office):
    case = handled(office)
    old = deadline(case, "resolve").due_at
    refused(office, office.handler, case, "extend", InvalidInput, due_at=old.isoformat(), reason="需外部鉴定")
    refused(office, office.handler, case, "extend", InvalidInput, due_at=(old + timedelta(days=3)).isoformat())
    new = old + timedelta(days=5)
    office.act(office.handler, case, "extend", due_at=new.isoformat(), reason="需外部鉴定")
    assert deadline(case, "resolve").due_at == new and deadline(case, "resolve").extensions == 1
    assert outbox_of(case, "case_extended")[0].payload["reason"] == "需外部鉴定"


def test_extension_cap_from_tenant_settings(office):
    office.tenant.settings = {"max_extension_days": 10}
    db.session.commit()
    case = handled(office)
    old = deadline(case, "resolve").original_due_at
    refused(office, office.handler, case, "extend", NotAllowedNow,
            due_at=(old + timedelta(days=11)).isoformat(), reason="r")
    office.act(office.handler, case, "extend", due_at=(old + timedelta(days=10)).isoformat(), reason="r")


def test_plugin_guard_refuses_with_its_message(office, host):
    import types
    from core.hookspecs import hookimpl
    module = types.ModuleType("guard")

    @hookimpl
    def validate_action(tenant, case, action, params, actor):
        return ["Legal must see it first"] if action == "accept" else []

    module.validate_action = validate_action
    host.register(module, name="guard")
    office.tenant.plugins = dict(office.tenant.plugins) | {"guard": {}}
    db.session.commit()
    try:
        case = office.register()
        error = refused(office, office.intake, case, "accept", NotAllowedNow, category="work_error")
        assert "Legal must see it first" in str(error.message)
    finally:
        host.unregister("guard")


def test_allowed_actions_lists_what_the_user_may_do_now(office):
    from core.workflow import allowed_actions
    case = office.register()
    assert set(allowed_actions(office.tenant, office.intake, case)) == {
        "request_info", "accept", "reject", "withdraw", "escalate", "note", "extend"} - {"extend"}
    assert allowed_actions(office.tenant, office.auditor, case) == []
