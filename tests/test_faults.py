"""Faults survived on PostgreSQL with real threads (docs/RELIABILITY.md): fifty people
acting on one case version at once, fifty registrations at once."""
import threading

import pytest
from sqlalchemy import func, select

from core.audit import CaseEvent, verify_chain
from core.cases.intake import register_case
from core.cases.models import Case
from core.errors import Conflict
from core.extensions import db
from tests.support import complaint, make_app

pytestmark = pytest.mark.postgres
N = 50


@pytest.fixture
def crowd_app(database_url, tmp_path):
    """One app whose pool has a connection for each of the N threads."""
    app = make_app(database_url, tmp_path, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": N + 2, "max_overflow": 0})
    yield app
    with app.app_context():
        db.engine.dispose()


def crowd(app, work):
    """Run ``work(i)`` in N threads, each in an app context (and so a session) of its own,
    all released at once; return what each returned or raised."""
    barrier, outcomes, lock = threading.Barrier(N, timeout=60), [], threading.Lock()

    def run(i):
        with app.app_context():
            try:
                barrier.wait()
                result = work(i)
                db.session.commit()
            except Exception as exc:  # collected for the assertions
                db.session.rollback()
                result = exc
            finally:
                db.session.remove()
        with lock:
            outcomes.append(result)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes


def test_fifty_actions_on_one_version_one_wins(crowd_app, office):
    from core.auth.models import User
    from core.tenancy import Tenant
    from core.workflow import perform
    case = office.register()
    tenant_id, case_id, version = office.tenant.id, case.id, case.version
    staff = [office.intake.id, office.supervisor.id, office.admin.id, office.handler.id, office.handler2.id]

    def act(i):
        tenant, user = db.session.get(Tenant, tenant_id), db.session.get(User, staff[i % len(staff)])
        perform(tenant, user, case_id, "note", {"text": f"note {i}"}, version=version)
        return "ok"
    outcomes = crowd(crowd_app, act)
    assert outcomes.count("ok") == 1, [o for o in outcomes if o != "ok"][:3]
    assert all(isinstance(o, Conflict) for o in outcomes if o != "ok")
    db.session.expire_all()
    assert db.session.get(Case, case_id).version == version + 1
    types = db.session.scalars(select(CaseEvent.type).where(CaseEvent.case_id == case_id)
                               .order_by(CaseEvent.seq)).all()
    assert types == ["register", "note"]
    assert verify_chain(tenant_id).ok  # one chain, no fork


def test_fifty_registrations_at_once(crowd_app, make_tenant, make_user):
    from core.auth.models import User
    from core.tenancy import Tenant
    tenant = make_tenant(reference_prefix="FIFTY")
    clerk = make_user(tenant, "intake")
    tenant_id, clerk_id = tenant.id, clerk.id

    def register(i):
        tenant_, user = db.session.get(Tenant, tenant_id), db.session.get(User, clerk_id)
        case, _code = register_case(tenant_, user, complaint(title=f"投诉 {i}"))
        return case.reference
    outcomes = crowd(crowd_app, register)
    assert all(isinstance(o, str) for o in outcomes), [o for o in outcomes if not isinstance(o, str)][:3]
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in outcomes)
    assert numbers == list(range(1, N + 1))  # consecutive, none twice
    per_case = db.session.execute(select(CaseEvent.case_id, func.count()).where(
        CaseEvent.tenant_id == tenant_id).group_by(CaseEvent.case_id)).all()
    assert len(per_case) == N and {count for _case, count in per_case} == {1}
    assert verify_chain(tenant_id).ok


def test_connection_dropped_mid_registration_keeps_nothing_and_a_retry_registers_once(
        app, client, make_tenant, make_user):
    """The database connection is killed while the registration is half written: the
    answer is 503 and nothing of it remains; the retry with the same Idempotency-Key
    registers it, and a second retry finds it instead of registering it twice."""
    import psycopg
    from sqlalchemy import event
    from core.auth.service import create_token
    from core.deadlines import Deadline
    from tests.support import table_counts
    tenant = make_tenant()
    token = create_token(tenant, make_user(tenant, "intake"))
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "hotline-20261127-0001"}
    before = table_counts()
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def kill_mid_transaction(conn, cursor, statement, params, context, executemany):
        if statement.startswith("INSERT INTO deadlines"):
            pid = conn.connection.driver_connection.info.backend_pid
            with psycopg.connect(url, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", (pid,))
    event.listen(db.engine, "before_cursor_execute", kill_mid_transaction)
    try:
        cut = client.post("/api/v1/cases", headers=headers, json=complaint())
    finally:
        event.remove(db.engine, "before_cursor_execute", kill_mid_transaction)
    assert cut.status_code == 503 and cut.get_json()["error"]["code"] == "unavailable"
    db.session.rollback()
    assert table_counts() == before  # all or nothing: nothing
    first = client.post("/api/v1/cases", headers=headers, json=complaint())
    again = client.post("/api/v1/cases", headers=headers, json=complaint())
    assert first.status_code == 201 and again.status_code == 200
    assert again.get_json()["reference"] == first.get_json()["reference"] and again.get_json()["access_code"] is None
    assert db.session.scalar(select(func.count()).select_from(Case).where(Case.tenant_id == tenant.id)) == 1
    assert db.session.scalar(select(func.count()).select_from(Deadline).where(Deadline.tenant_id == tenant.id)) == 2
    assert verify_chain(tenant.id).ok
