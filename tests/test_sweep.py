"""The sweep: reminders before deadlines fall due, escalation once breached; idempotent."""
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.errors import Conflict
from core.extensions import db
from core.sweep import sweep, sweep_tenant
from tests.workflow_support import deadline, events_of, outbox_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)  # acknowledge due Tue 23:59:59, decide Thu


def test_reminder_then_breach_then_nothing(office):
    case = office.register(now=MONDAY)
    tuesday_noon = datetime(2026, 3, 3, 12, tzinfo=SHANGHAI)
    result = sweep_tenant(office.tenant, now=tuesday_noon)
    assert (result.reminded, result.breached) == (1, 0)  # acknowledge due within 24 h
    assert deadline(case, "acknowledge").reminded_at == tuesday_noon
    reminder = outbox_of(case, "deadline_due_soon")
    assert [m.user_id for m in reminder] == [office.intake.id]  # the first responder
    assert sweep_tenant(office.tenant, now=tuesday_noon).reminded == 0  # idempotent

    wednesday = datetime(2026, 3, 4, 9, tzinfo=SHANGHAI)
    result = sweep_tenant(office.tenant, now=wednesday)
    assert (result.breached, result.reminded) == (1, 0)
    assert deadline(case, "acknowledge").breached_at == wednesday
    assert events_of(case) == ["register", "deadline_due_soon", "deadline_breached"]
    # No department yet: the breach goes to every supervisor and admin of the tenant.
    assert {m.user_id for m in outbox_of(case, "deadline_breached")} == {office.supervisor.id,
                                                                        office.admin.id}
    before = (events_of(case), len(outbox_of(case)))
    again = sweep_tenant(office.tenant, now=wednesday)
    assert (again.reminded, again.breached) == (0, 0)
    assert (events_of(case), len(outbox_of(case))) == before


def test_breach_goes_to_the_departments_supervisors(office):
    case = office.register(now=MONDAY)
    office.act(office.intake, case, "accept", category="work_error", now=MONDAY)
    office.act(office.supervisor, case, "assign", department="OPS", now=MONDAY)
    sweep_tenant(office.tenant, now=MONDAY + timedelta(days=30))
    assert {m.user_id for m in outbox_of(case, "deadline_breached")} == {office.supervisor.id}


def test_met_and_paused_deadlines_are_left_alone(office):
    met = office.register(now=MONDAY)
    office.act(office.intake, met, "accept", category="work_error", now=MONDAY)
    paused = office.register(now=MONDAY)
    office.act(office.intake, paused, "request_info", now=MONDAY, missing="凭证")
    sweep_tenant(office.tenant, now=MONDAY + timedelta(days=2, hours=6))  # Wed 16:00
    assert deadline(met, "decide").breached_at is None
    assert deadline(paused, "decide").breached_at is None and deadline(paused, "decide").reminded_at is None
    assert deadline(met, "resolve").breached_at is None


def test_sweep_covers_every_tenant_in_batches(office, make_tenant, make_user):
    from core.cases.intake import register_case
    from tests.support import complaint
    other = make_tenant()
    clerk = make_user(other, "intake")
    for _ in range(3):
        register_case(other, clerk, complaint(received_at=MONDAY.isoformat()), now=MONDAY)
    office.register(now=MONDAY)
    db.session.commit()
    sweep(now=MONDAY + timedelta(days=30), batch=2)
    from core.deadlines import Deadline
    mine = db.session.scalars(select(Deadline).where(
        Deadline.tenant_id.in_([office.tenant.id, other.id]))).all()
    # Four cases with acknowledge and decide each, in two tenants, all breached once.
    assert len(mine) == 8 and all(d.breached_at is not None for d in mine)
    stamps = {d.id: d.breached_at for d in mine}
    sweep(now=MONDAY + timedelta(days=31), batch=2)
    db.session.expire_all()
    assert {d.id: d.breached_at for d in db.session.scalars(select(Deadline).where(
        Deadline.id.in_(stamps)))} == stamps


def test_the_sweep_chain_still_verifies(office):
    from core.audit import verify_chain
    office.register(now=MONDAY)
    sweep_tenant(office.tenant, now=MONDAY + timedelta(days=30))
    assert verify_chain(office.tenant.id).ok


def test_sweep_command(app, office):
    office.register(now=MONDAY)
    runner = app.test_cli_runner()
    from core.cli import main
    with app.app_context():
        result = runner.invoke(main, ["sweep"])
    assert result.exit_code == 0 and "Sweep done" in result.output


@pytest.mark.postgres
def test_two_sweeps_at_once_do_each_deadline_once(office, database_url, tmp_path):
    from tests.support import make_app
    cases = [office.register(now=MONDAY) for _ in range(30)]
    barrier, errors = threading.Barrier(2, timeout=60), []

    apps = [make_app(database_url, tmp_path) for _ in range(2)]  # not in the threads: see test_intake

    def run(app):
        with app.app_context():
            try:
                barrier.wait()
                sweep(now=MONDAY + timedelta(days=30), batch=5)
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                db.session.remove()
                db.engine.dispose()

    threads = [threading.Thread(target=run, args=(app,)) for app in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db.session.expire_all()
    for case in cases:
        assert events_of(case).count("deadline_breached") == 2  # acknowledge and decide, once each


@pytest.mark.postgres
def test_two_concurrent_actions_on_one_version(office, database_url, tmp_path):
    """Real concurrency on PostgreSQL: one succeeds, the other gets a conflict."""
    from core.auth.models import User
    from core.tenancy import Tenant
    from core.workflow import perform
    from tests.support import make_app
    case = office.register(now=MONDAY)
    ids = (office.tenant.id, case.id, case.version)
    users = (office.intake.id, office.supervisor.id)
    barrier, outcomes = threading.Barrier(2, timeout=60), []

    apps = [make_app(database_url, tmp_path) for _ in users]  # not in the threads: see test_intake

    def act(app, user_id, text):
        with app.app_context():
            try:
                tenant, user = db.session.get(Tenant, ids[0]), db.session.get(User, user_id)
                barrier.wait()
                perform(tenant, user, ids[1], "note", {"text": text}, version=ids[2])
                db.session.commit()
                outcomes.append("ok")
            except Conflict:
                outcomes.append("conflict")
            finally:
                db.session.remove()
                db.engine.dispose()

    threads = [threading.Thread(target=act, args=(app, u, f"note {u}")) for app, u in zip(apps, users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    db.session.expire_all()
    assert events_of(case) == ["register", "note"]
    from core.cases.models import Case
    assert db.session.get(Case, case.id).version == ids[2] + 1
