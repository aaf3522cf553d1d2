"""Registering complaints: the intake record, plugin fields, references, access codes."""
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from core.audit import CaseEvent
from core.cases.intake import hash_access_code, register_case
from core.cases.models import Case
from core.errors import Forbidden, InvalidInput
from core.extensions import db
from tests.support import complaint, make_app, table_counts


def test_register_records_the_intake_and_one_event(app, make_tenant, make_user):
    tenant = make_tenant(plugins=["bank"])
    clerk = make_user(tenant, "intake")
    received = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    case, code = register_case(tenant, clerk, complaint(
        channel="letter", received_at=received.isoformat(), category="service_attitude",
        subject={"department": "OPS", "name": "柜员小李"}, fields={"branch": "城东支行"}))
    db.session.commit()
    assert case.status == "received"
    assert case.received_at == received
    assert case.owner_id == clerk.id  # first-responder ownership, Art. 12 §3
    assert case.subject_department_id is not None and case.subject_name == "柜员小李"
    assert case.fields == {"branch": "城东支行"}
    assert case.complainant_name == "王建国"
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
    assert [(e.type, e.actor_id) for e in events] == [("register", clerk.id)]
    assert events[0].data["complainant"]["phone"] == "13812345678"
    # The access code is kept only as a hash.
    assert code not in case.access_code_hash
    assert case.access_code_hash == hash_access_code(tenant.id, case.reference, code.replace("-", ""))
    # 24 letters of 32 (120 bits), in groups of four for reading aloud.
    assert len(code.replace("-", "")) == 24 and [len(g) for g in code.split("-")] == [4] * 6


def test_references_count_per_tenant_and_year(app, make_tenant, make_user):
    a, b = make_tenant(reference_prefix="AAA"), make_tenant(reference_prefix="BBB")
    ua, ub = make_user(a, "intake"), make_user(b, "intake")
    now = datetime(2026, 12, 31, 16, 30, tzinfo=timezone.utc)  # already 2027 in Shanghai
    refs = [register_case(a, ua, complaint(received_at=now.isoformat()), now=now)[0].reference
            for _ in range(3)]
    refs.append(register_case(b, ub, complaint(received_at=now.isoformat()), now=now)[0].reference)
    assert refs == ["AAA-2027-000001", "AAA-2027-000002", "AAA-2027-000003", "BBB-2027-000001"]


def test_anonymous_complaints_need_no_complainant(app, make_tenant, make_user):
    tenant = make_tenant()
    case, _ = register_case(tenant, make_user(tenant, "intake"), {
        "channel": "comment_box", "anonymous": True, "description": "意见箱匿名留言",
        "complainant": {"name": "ignored", "phone": "13800000000"}})
    assert case.anonymous and case.complainant_name is None and case.complainant_phone is None


@pytest.mark.parametrize("payload, field", [
    (complaint(channel="pigeon"), "channel"),
    (complaint(description=""), "description"),
    (complaint(description="   "), "description"),
    (complaint(complainant={"phone": "13800000000"}), "complainant"),
    (complaint(complainant={"name": "王"}), "complainant"),
    (complaint(complainant={"name": "王", "phone": "call me"}), "complainant"),
    (complaint(received_at="2026-01-01T10:00:00"), "received_at"),  # no offset
    (complaint(received_at="2999-01-01T10:00:00+08:00"), "received_at"),
    (complaint(received_at="1211-01-25T02:24:06Z"), "received_at"),
    (complaint(category="no_such_category"), "category"),
    (complaint(severity="furious"), "severity"),
    (complaint(subject={"department": "NOPE"}), "subject"),
    (complaint(subject={"person": "nobody@example.com"}), "subject"),
    (complaint(fields={"account_last4": "12345"}), "fields"),
    (complaint(fields={"undeclared": 1}), "fields"),
    (complaint(surprise="x"), "surprise"),
])
def test_invalid_intake_is_refused_and_writes_nothing(app, make_tenant, make_user, payload, field):
    tenant = make_tenant(plugins=["bank"])
    clerk = make_user(tenant, "intake")
    before = table_counts()
    with pytest.raises(InvalidInput) as err:
        register_case(tenant, clerk, payload)
    db.session.rollback()
    assert field in err.value.fields
    assert table_counts() == before


def test_auditor_may_not_register(app, make_tenant, make_user):
    tenant = make_tenant()
    with pytest.raises(Forbidden):
        register_case(tenant, make_user(tenant, "auditor"), complaint())


def test_subject_person_by_email_or_id_within_the_tenant_only(app, make_tenant, make_user):
    a, b = make_tenant(), make_tenant()
    clerk, teller = make_user(a, "intake"), make_user(a, "handler")
    outsider = make_user(b, "handler")
    case, _ = register_case(a, clerk, complaint(subject={"person": teller.email.upper()}))
    assert case.subject_user_id == teller.id
    case, _ = register_case(a, clerk, complaint(subject={"person": str(teller.id)}))
    assert case.subject_user_id == teller.id
    with pytest.raises(InvalidInput):
        register_case(a, clerk, complaint(subject={"person": str(outsider.id)}))


def test_plugin_fields_are_validated_and_stored_as_json(app, make_tenant, make_user):
    tenant = make_tenant(plugins=["hotel"])
    case, _ = register_case(tenant, make_user(tenant, "intake"), complaint(
        fields={"room_number": "1208", "stay_from": "2026-11-20"}))
    db.session.commit()
    assert case.fields == {"room_number": "1208", "stay_from": "2026-11-20"}
    with pytest.raises(InvalidInput):
        register_case(tenant, None, complaint(fields={"stay_from": "yesterday"}))


def test_bank_amount_over_threshold_is_major(app, make_tenant, make_user):
    """Art. 12 §22: amounts over 50,000 yuan are major complaints."""
    tenant = make_tenant(plugins=["bank"])
    clerk = make_user(tenant, "intake")
    big, _ = register_case(tenant, clerk, complaint(fields={"amount": "80000"}))
    small, _ = register_case(tenant, clerk, complaint(fields={"amount": "500"}))
    assert big.major and big.major_reasons == ["amount_over_threshold"]
    assert not small.major


@pytest.mark.postgres
def test_parallel_registrations_get_every_number_once(app, database_url, tmp_path, make_tenant,
                                                      make_user):
    tenant = make_tenant(reference_prefix="PAR")
    clerk = make_user(tenant, "intake")
    tenant_id, clerk_id = tenant.id, clerk.id
    errors, threads_count, per_thread = [], 8, 6
    barrier = threading.Barrier(threads_count, timeout=60)

    # Apps are built here, one after another: CPython 3.11's compiler is not safe to run
    # from several threads at once (werkzeug compiles each route), which once broke a thread.
    apps = iter([make_app(database_url, tmp_path) for _ in range(threads_count)])

    def worker(worker_app):
        with worker_app.app_context():
            from core.auth.models import User
            from core.tenancy import Tenant
            try:
                t, u = db.session.get(Tenant, tenant_id), db.session.get(User, clerk_id)
                barrier.wait()
                for _ in range(per_thread):
                    register_case(t, u, complaint())
                    db.session.commit()
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                db.session.remove()
                db.engine.dispose()

    threads = [threading.Thread(target=worker, args=(next(apps),)) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in db.session.scalars(
        select(Case.reference).where(Case.tenant_id == tenant_id)))
    assert numbers == list(range(1, threads_count * per_thread + 1))
    from core.audit import verify_chain
    assert verify_chain(tenant_id).ok
