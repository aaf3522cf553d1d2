"""The record may not be altered (Art. 15 §5): the hash chain catches every kind of
tampering, and the database itself refuses UPDATE and DELETE on events."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from core.audit import CaseEvent, append_event, verify_chain
from core.extensions import db
from tests.support import is_postgres


@pytest.fixture
def chain(app, make_tenant, make_user, make_case):
    """A tenant with five events on three cases, and a second tenant with its own chain."""
    tenant = make_tenant()
    clerk = make_user(tenant, "intake")
    cases = [make_case(tenant, clerk) for _ in range(3)]
    append_event(tenant.id, cases[0].id, "note", clerk.id, {"text": "客户来电补充说明"})
    append_event(tenant.id, cases[1].id, "note", clerk.id, {"text": "已联系网点"})
    db.session.commit()
    other = make_tenant()
    make_case(other, make_user(other, "intake"))
    return tenant, other


def tamper(sql, **params):
    """Change the events table as someone with direct database access would: first
    switch off the append-only triggers, then write."""
    if is_postgres():
        db.session.execute(text("ALTER TABLE case_events DISABLE TRIGGER USER"))
        db.session.execute(text(sql), params)
        db.session.execute(text("ALTER TABLE case_events ENABLE TRIGGER USER"))
    else:
        db.session.execute(text("DROP TRIGGER IF EXISTS case_events_no_update"))
        db.session.execute(text("DROP TRIGGER IF EXISTS case_events_no_delete"))
        db.session.execute(text(sql), params)
    db.session.commit()


@pytest.fixture
def restore_sqlite_triggers(app):
    yield
    if not is_postgres():
        db.session.execute(text("DROP TRIGGER IF EXISTS case_events_no_update"))
        db.session.execute(text("DROP TRIGGER IF EXISTS case_events_no_delete"))
        db.session.execute(text("""CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case_events is append-only: UPDATE refused'); END"""))
        db.session.execute(text("""CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case_events is append-only: DELETE refused'); END"""))
        db.session.commit()


def event_id(tenant, seq):
    return db.session.scalar(text("SELECT id FROM case_events WHERE tenant_id = :t AND seq = :s"),
                             {"t": tenant.id, "s": seq})


def test_numbers_survive_the_round_trip(app, make_tenant, make_user, make_case):
    """JSONB rewrites floats (1e16 becomes an integer): they are kept as text."""
    tenant = make_tenant()
    clerk = make_user(tenant, "intake")
    case = make_case(tenant, clerk)
    append_event(tenant.id, case.id, "note", clerk.id, {"x": 1e16, "y": -0.0, "z": [0.1, 2], "n": None})
    db.session.commit()
    db.session.expire_all()
    assert verify_chain(tenant.id).ok


def test_untouched_chain_verifies(chain):
    tenant, other = chain
    result = verify_chain(tenant.id)
    assert result.ok and result.checked == 5
    assert verify_chain(other.id).ok


def test_altered_content_is_named(chain, restore_sqlite_triggers):
    tenant, other = chain
    victim = event_id(tenant, 4)
    tamper("UPDATE case_events SET data = :d WHERE id = :id", d='{"text": "篡改"}', id=victim)
    result = verify_chain(tenant.id)
    assert not result.ok and result.seq == 4 and result.event_id == victim
    assert "altered" in result.reason
    assert verify_chain(other.id).ok  # the other tenant's chain is its own


def test_deleted_event_is_named(chain, restore_sqlite_triggers):
    tenant, _ = chain
    tamper("DELETE FROM case_events WHERE id = :id", id=event_id(tenant, 2))
    result = verify_chain(tenant.id)
    assert not result.ok and result.seq == 2 and "missing" in result.reason


def test_deleted_last_event_is_caught(chain, restore_sqlite_triggers):
    tenant, _ = chain
    tamper("DELETE FROM case_events WHERE id = :id", id=event_id(tenant, 5))
    result = verify_chain(tenant.id)
    assert not result.ok and result.seq == 5


def test_reordered_events_are_caught(chain, restore_sqlite_triggers):
    tenant, _ = chain
    first, second = event_id(tenant, 2), event_id(tenant, 3)
    tamper("UPDATE case_events SET seq = -1 WHERE id = :id", id=first)
    tamper("UPDATE case_events SET seq = 2 WHERE id = :id", id=second)
    tamper("UPDATE case_events SET seq = 3 WHERE id = :id", id=first)
    result = verify_chain(tenant.id)
    assert not result.ok and result.seq == 2 and result.event_id == second


def test_rewritten_actor_is_caught(chain, restore_sqlite_triggers):
    tenant, _ = chain
    victim = event_id(tenant, 1)
    tamper("UPDATE case_events SET actor_id = NULL WHERE id = :id", id=victim)
    result = verify_chain(tenant.id)
    assert not result.ok and result.event_id == victim


@pytest.mark.parametrize("sql", [
    "UPDATE case_events SET type = 'forged' WHERE id = :id",
    "DELETE FROM case_events WHERE id = :id",
])
def test_database_refuses_update_and_delete(chain, sql):
    tenant, _ = chain
    victim = event_id(tenant, 1)
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(sql), {"id": victim})
        db.session.flush()
    db.session.rollback()
    assert verify_chain(tenant.id).ok


@pytest.mark.postgres
def test_postgres_refuses_truncate(chain):
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("TRUNCATE case_events CASCADE"))
    db.session.rollback()


def test_orm_update_of_an_event_is_refused(chain):
    tenant, _ = chain
    event = db.session.get(CaseEvent, event_id(tenant, 1))
    event.type = "forged"
    with pytest.raises(DatabaseError):
        db.session.commit()
    db.session.rollback()


def _swap_with_next(tenant, seq):
    first, second = event_id(tenant, seq), event_id(tenant, seq + 1)
    tamper("UPDATE case_events SET seq = -1 WHERE id = :id", id=first)
    tamper("UPDATE case_events SET seq = :s WHERE id = :id", s=seq, id=second)
    tamper("UPDATE case_events SET seq = :s WHERE id = :id", s=seq + 1, id=first)


MUTATIONS = {
    "change": lambda tenant, seq: tamper("UPDATE case_events SET data = :d WHERE id = :id",
                                         d='{"text": "篡改"}', id=event_id(tenant, seq)),
    "delete": lambda tenant, seq: tamper("DELETE FROM case_events WHERE id = :id", id=event_id(tenant, seq)),
    "reorder": _swap_with_next,
    "backdate": lambda tenant, seq: tamper("UPDATE case_events SET created_at = :at WHERE id = :id",
                                           at="2020-01-01 00:00:00", id=event_id(tenant, seq)),
}


@pytest.mark.parametrize("mutation, seq", [(m, s) for m in MUTATIONS for s in range(1, 6)
                                           if not (m == "reorder" and s == 5)])
def test_every_mutation_of_every_event_is_named(chain, restore_sqlite_triggers, mutation, seq):
    """A mutation test over the whole sample: each kind of tampering, on each event in
    turn, is caught, and verification names the first event that no longer fits."""
    tenant, other = chain
    MUTATIONS[mutation](tenant, seq)
    db.session.expire_all()
    result = verify_chain(tenant.id)
    assert not result.ok and result.seq == seq, (mutation, seq, result)
    assert verify_chain(other.id).ok
